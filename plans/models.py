"""Data of the plans app: filled by a later issue."""
