"""The address of a collected static file is its hashed copy's, worked out once per process."""

import json

from guichet.common.static_storage import KeptAddressesStorage


def _manifest(root, paths: dict[str, str]) -> None:
    (root / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": paths, "hash": "x"}))


def test_the_hashed_address_is_kept_once_found(tmp_path, monkeypatch):
    _manifest(tmp_path, {"css/brand.css": "css/brand.0123456789ab.css"})
    storage = KeptAddressesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("css/brand.css") == "/static/css/brand.0123456789ab.css"
    looked_up = []
    monkeypatch.setattr(storage, "stored_name", lambda name: looked_up.append(name) or name)
    assert storage.url("css/brand.css") == "/static/css/brand.0123456789ab.css"  # kept: no second look-up
    assert looked_up == []
    assert storage.url("css/other.css", force=True) == "/static/css/other.css"  # collectstatic's own work
    assert looked_up == ["css/other.css"]
