"""Data of the reporting app: filled by a later issue."""
