"""Every field and level the matching model can reach is worded for the steward and the agent, in French and Arabic."""

import pytest
from django.utils import translation

from guichet.matching.comparisons import COMPARISONS
from guichet.matching.reasons import REASONS, field_words, reason_text


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_level_of_the_model_is_shown_in_the_readers_language(language):
    with translation.override(language):
        for comparison in COMPARISONS:
            field = comparison["output_column_name"]
            assert field_words(field) != field
            for level in comparison["comparison_levels"]:
                label = level["label_for_charts"]
                if level.get("is_null_level"):
                    continue  # a value missing on either side says nothing and is never shown
                assert label in REASONS[field], f"{field}: {label!r} has no words of its own"
                with translation.override("en"):
                    english = str(REASONS[field][label])
                assert str(reason_text(field, label, 1.0)) != english, f"{field}: {label!r} is shown untranslated"
