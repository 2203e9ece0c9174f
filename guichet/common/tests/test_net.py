"""The client address: behind the configured proxies, the address the nearest proxy saw, never the client's say."""

from guichet.common.net import client_address


def test_behind_a_proxy_the_address_comes_from_the_proxy_not_the_client(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 196.200.1.7")
    assert client_address(request) == "10.0.0.2"
    settings.GUICHET_PROXY_HOPS = 1
    assert client_address(request) == "196.200.1.7"  # what our proxy saw; the left part is the client's say


def test_with_fewer_forwarded_addresses_than_proxies_the_direct_address_is_kept(rf, settings):
    settings.GUICHET_PROXY_HOPS = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="196.200.1.7")
    assert client_address(request) == "10.0.0.2"


def test_no_request_has_no_address():
    assert client_address(None) is None
