"""Arabic as written in Morocco: day first, Latin digits, 24-hour clock, the month names of CLDR's ar_MA.

The month names themselves (يناير … ماي … يوليوز، غشت، شتنبر … دجنبر) come from our Arabic catalogue, which
overrides Django's Middle-Eastern ones (مايو، يوليو، أغسطس …) for the "F" format below.
"""

# One date format and one date-time format, as in French (see guichet/formats/fr/formats.py). Django's own
# Arabic formats leave the short date-time to the month-first default: 12/02/2026 read as 12 February.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday

# CLDR ar_MA: 12.345,50
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
