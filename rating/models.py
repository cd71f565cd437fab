"""Data of the rating app: filled by a later issue."""
