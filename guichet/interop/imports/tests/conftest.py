import pytest


@pytest.fixture(autouse=True)
def _import_store(settings, tmp_path):
    """Files sent for import land in a directory of the test's own."""
    settings.DATA_DIR = tmp_path
