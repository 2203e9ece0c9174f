"""Import errors reach French- and Arabic-speaking administrators in their language."""

import pytest
from django.utils import translation

from guichet.territory.services import communes_import

BAD_ROW = [
    {"code": "X-1", "province_code": "MA-ZZZ", "kind": "town", "name_fr": "Ville", "name_ar": "مدينة"},
]


@pytest.mark.parametrize(("language", "word"), [("fr", "Ligne"), ("ar", "السطر"), ("en", "Line")])
def test_import_errors_are_translated(db, language, word):
    with translation.override(language):
        result = communes_import(rows_or_file=BAD_ROW, write=False)
        assert result.errors
        assert all(word in str(error.message) for error in result.errors), [e.message for e in result.errors]
