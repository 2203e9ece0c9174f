"""Bulk imports of persons and households from CSV or XLSX, checked whole before anything is written."""
