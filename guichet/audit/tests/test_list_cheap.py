"""The audit log counts its entries only up to a cap: past it, the page says "more than …" and asks for dates."""

import pytest
from django.urls import reverse

from guichet.audit import views
from guichet.audit.tests.factories import AuditEntryFactory


@pytest.fixture
def log(personas, people):
    for _ in range(60):
        AuditEntryFactory(actor=personas["agent"], obj=people["casa"])


def test_past_the_cap_the_log_says_more_than_and_asks_for_dates(client, personas, log, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 50)  # one page of 50
    client.force_login(personas["admin"])
    html = client.get(reverse("audit:list"), headers={"Accept-Language": "fr"}).content.decode()
    assert "Plus de 50 entrées : indiquez des dates pour voir les plus anciennes." in html
    assert html.count('<ul class="story">') == 50
    html = client.get(reverse("audit:list"), headers={"Accept-Language": "ar"}).content.decode()
    assert "أكثر من 50 قيد" in html


def test_under_the_cap_the_log_pages_with_its_total(client, personas, log):
    client.force_login(personas["admin"])
    html = client.get(reverse("audit:list"), headers={"Accept-Language": "en"}).content.decode()
    assert "More than" not in html and "Page 1 of 2" in html
