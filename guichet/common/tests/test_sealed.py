"""A sealed secret reads back only with the same SECRET_KEY, and not at all once altered."""

from guichet.common.sealed import seal, unseal


def test_a_sealed_code_reads_back_and_does_not_show(settings):
    token = seal("12345678")
    assert "12345678" not in token
    assert unseal(token) == "12345678"


def test_an_altered_or_foreign_token_reads_as_nothing(settings):
    token = seal("12345678")
    assert unseal(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]) is None
    assert unseal("") is None and unseal(None) is None and unseal("not a token") is None
    settings.SECRET_KEY = "another-key-entirely"
    assert unseal(token) is None
