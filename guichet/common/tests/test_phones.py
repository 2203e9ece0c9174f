"""Phone numbers as typed (Arabic-Indic digits, spaces, national form) are stored in E.164 and shown back."""

from guichet.common.phones import ascii_digits, format_phone, normalize_phone


def test_a_moroccan_mobile_typed_nationally_or_in_arabic_digits_is_stored_in_e164(settings):
    settings.GUICHET_PHONE_REGION = "MA"
    assert normalize_phone("06 61 23 45 67") == "+212661234567"
    assert normalize_phone("٠٦٦١٢٣٤٥٦٧") == "+212661234567"
    assert normalize_phone("+212 661-234-567") == "+212661234567"


def test_an_impossible_number_or_text_is_refused():
    assert normalize_phone("12") is None
    assert normalize_phone("not a phone") is None
    assert normalize_phone("") is None


def test_a_stored_number_is_shown_nationally_at_home_and_internationally_otherwise(settings):
    settings.GUICHET_PHONE_REGION = "MA"
    assert format_phone("+212661234567") == "06 61 23 45 67"
    assert format_phone("+33612345678") == "+33 6 12 34 56 78"
    assert format_phone("") == ""


def test_arabic_indic_and_persian_digits_read_as_ascii():
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ AB") == "0123456789 0123456789 AB"
