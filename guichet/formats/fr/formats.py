"""French as written in Morocco: one date and one date-time format, day first, 24-hour clock."""

# One date format and one date-time format per language, for pages, PDFs, SMS and e-mails alike: the short
# formats are the same on purpose, so a template or library asking for them cannot bring a second one back.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y à H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"  # narrow no-break space: 12 345,50
NUMBER_GROUPING = 3
