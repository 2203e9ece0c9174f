"""Public holidays: listed by year, added and removed by administrators, every change audited."""

import datetime

from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.network.calendar import add_working_days
from guichet.network.models import Holiday


def test_holidays_are_listed_by_year(admin_client, personas):
    Holiday.objects.create(date=datetime.date(2026, 1, 11), name_fr="Manifeste de l'indépendance")
    Holiday.objects.create(date=datetime.date(2027, 1, 11), name_fr="Manifeste 2027")
    response = admin_client.get(reverse("network:holiday_list"), {"year": "2026"})
    assert [holiday.date.year for holiday in response.context["holidays"]] == [2026]
    assert {2026, 2027} <= set(response.context["years"])
    assert admin_client.get(reverse("network:holiday_list"), {"year": "nonsense"}).status_code == 200


def test_adding_a_holiday_moves_due_dates(admin_client, personas):
    monday = datetime.date(2026, 3, 16)
    assert add_working_days(monday, 4) == datetime.date(2026, 3, 20)
    response = admin_client.post(
        reverse("network:holiday_list"),
        {"holiday-date": "2026-03-20", "holiday-name_fr": "Aïd Al-Fitr", "holiday-name_ar": "عيد الفطر"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    assert add_working_days(monday, 4) == datetime.date(2026, 3, 23)
    holiday = Holiday.objects.get()
    entry = AuditEntry.objects.get(action="create", object_type="network.holiday", object_id=str(holiday.pk))
    assert entry.changes["date"] == [None, "2026-03-20"]


def test_the_same_day_twice_is_refused(admin_client, personas):
    Holiday.objects.create(date=datetime.date(2026, 5, 1), name_fr="Fête du travail")
    response = admin_client.post(
        reverse("network:holiday_list"), {"holiday-date": "2026-05-01", "holiday-name_fr": "Encore"}
    )
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert Holiday.objects.get().name_fr == "Fête du travail"


def test_a_holiday_needs_a_date_and_a_name(admin_client, personas):
    response = admin_client.post(reverse("network:holiday_list"), {"holiday-date": "", "holiday-name_fr": ""})
    assert set(response.context["form"].errors) == {"date", "name_fr"}
    assert not Holiday.objects.exists()


def test_removing_a_holiday_is_audited(admin_client, personas):
    holiday = Holiday.objects.create(date=datetime.date(2026, 11, 6), name_fr="Marche verte", name_ar="المسيرة")
    url = reverse("network:holiday_list") + "?year=2026"
    asked = admin_client.post(url, {"action": "remove", "holiday": holiday.pk})
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.content.decode()
    assert Holiday.objects.exists()
    response = admin_client.post(url, {"action": "remove", "holiday": holiday.pk, "confirm": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2026")
    assert not Holiday.objects.exists()
    entry = AuditEntry.objects.get(action="delete", object_type="network.holiday", object_id=str(holiday.pk))
    assert entry.changes == {
        "date": ["2026-11-06", None],
        "name_fr": ["Marche verte", None],
        "name_ar": ["المسيرة", None],
    }
    assert entry.actor == personas["admin"]


def test_removing_needs_a_post(admin_client, personas):
    holiday = Holiday.objects.create(date=datetime.date(2026, 11, 6), name_fr="Marche verte")
    response = admin_client.get(reverse("network:holiday_list"), {"action": "remove", "holiday": holiday.pk})
    assert response.status_code == 200
    assert Holiday.objects.exists()
