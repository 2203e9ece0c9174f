"""`escaped` writes what Django's conditional_escape writes, for every kind of value a page hands it."""

import pytest
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from guichet.common.html_text import escaped


@pytest.mark.parametrize(
    "value",
    [
        "Fatima & <Khadija>",
        'l\'école "Al Amal"',
        "محمد <b>",
        mark_safe("<b>gras</b>"),
        gettext_lazy("overdue"),
        45891,
        None,
        "",
    ],
)
def test_escaped_is_conditional_escape(value):
    with override("fr"):
        assert escaped(value) == str(conditional_escape(value))


def test_a_lazy_translation_is_written_in_the_active_language():
    with override("ar"):
        assert escaped(gettext_lazy("overdue")) == str(conditional_escape(gettext_lazy("overdue")))
        assert escaped(gettext_lazy("overdue")) != "overdue"
