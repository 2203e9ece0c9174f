"""Dates and numbers as each language writes them in Morocco: day first, 24-hour clock (FORMAT_MODULE_PATH)."""
