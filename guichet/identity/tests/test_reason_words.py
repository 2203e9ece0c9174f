"""Every field and level the matching model can reach is worded for the steward, in French and in Arabic."""

import pytest
from django.utils import translation

from guichet.identity.reasons import field_words, level_words
from guichet.matching.comparisons import COMPARISONS


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_level_of_the_model_is_shown_in_the_readers_language(language):
    with translation.override(language):
        for comparison in COMPARISONS:
            field = comparison["output_column_name"]
            assert field_words(field) != field
            for level in comparison["comparison_levels"]:
                label = level["label_for_charts"]
                assert level_words(label) != label, f"{field}: {label!r} is shown untranslated"
