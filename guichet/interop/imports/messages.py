"""The reasons of an import report in words, in the reader's language: a problem is stored as a code and its
values, so that the same report reads in French for one steward and in Arabic for another."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REASONS: dict[str, Promise] = {
    # The whole file
    "encoding": _("The file is not in UTF-8 (from line %(line)s): save it again as “CSV UTF-8”."),
    "unreadable_line": _("Line %(line)s cannot be read (a quotation mark is not closed)."),
    "unreadable_workbook": _("The workbook cannot be read: save it again as XLSX, or as CSV UTF-8."),
    "no_header": _("The file is empty: its first line must name the columns."),
    "unknown_column": _("The column “%(column)s” is unknown: see the list of columns on the import page."),
    "column_twice": _("The column “%(column)s” is given twice."),
    "missing_column": _("The column “%(column)s” is missing."),
    "extra_cells": _("Line %(line)s has more cells than the header has columns."),
    "being_imported": _("This file is already being imported (import #%(job)s): follow that one."),
    "abandoned": _("The worker stopped before the end and nothing was written: send the file again."),
    "failed": _(
        "The import stopped on an unexpected error and wrote nothing: start it again, or tell the administrator."
    ),
    "no_rows": _("The file has a header but no row."),
    "already_imported": _("This file was already imported (import #%(job)s): importing it again would create nothing."),
    # A row
    "formula": _("This cell starts like a spreadsheet formula (=, +, -, @): formulas are refused."),
    "invisible_character": _("This contains an invisible or control character: type it again."),
    "too_long": _("At most %(limit)s characters."),
    "missing_given_name": _("Enter the given name in Latin or in Arabic script."),
    "missing_family_name": _("Enter the family name in Latin or in Arabic script."),
    "bad_sex": _("Write F (female) or M (male)."),
    "bad_date": _("This is not a date: write it 2024-03-01 or 01/03/2024."),
    "future_date": _("This date is in the future."),
    "old_date": _("Check the year of birth."),
    "missing_birth": _("Enter the date of birth, or at least the year."),
    "bad_year": _("Enter a year between %(first)s and %(last)s."),
    "bad_cnie": _("Enter the CNIE as on the card: one or two letters, then digits."),
    "bad_idcs": _("The IDCS has exactly 10 digits."),
    "bad_phone": _("This is not a valid phone number."),
    "unknown_commune": _("No commune has the code “%(code)s”."),
    "outside_scope": _("The commune %(code)s is outside your territory."),
    "bad_relationship": _("Write head, spouse, child, parent, sibling, grandchild or other."),
    "household_missing": _("Give the household of this person (the key shared with the head's row)."),
    "missing_consent": _("The person's consent to registration is required."),
    "bad_purpose": _("Write the purposes among registration, sharing and messages."),
    "duplicate_in_file": _("The same identifier is on line %(line)s."),
    "second_head": _("This household already has a head, on line %(line)s."),
    "no_head": _("No row heads this household."),
    "registered_meanwhile": _("A person with this CNIE or IDCS was registered meanwhile: check the file again."),
}


def reason_text(code: str, params: dict[str, Any]) -> str:
    """The reason in the active language; an unknown code (never expected) is shown as it is."""
    message = REASONS.get(code)
    if message is None:
        return code
    try:
        return str(message) % params if params else str(message)
    except (KeyError, TypeError, ValueError):
        return str(message)
