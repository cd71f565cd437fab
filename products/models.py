"""Data of the products app: filled by a later issue."""
