"""Template filters of the review pages: a match probability as the reader's language writes a percentage."""

import math

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def percent(probability: float | None) -> str:
    """0.9973 → "99.7 %" (rounded down, so that only a certainty reads 100 %); "" for no value."""
    if probability is None:
        return ""
    value = math.floor(float(probability) * 1000) / 10
    # Translators: a percentage; French and Arabic put a no-break space before the sign.
    return gettext("%(value)s %%") % {"value": number_format(value, decimal_pos=1)}
