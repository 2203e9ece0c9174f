import json

from django.urls import reverse

from guichet.notify.models import OutboxMessage
from guichet.notify.services import outbox_deliver
from guichet.training import services
from guichet.training.codes import format_code
from guichet.training.models import Course, Enrollment


def test_a_coordinator_creates_a_course_with_its_rule(client, staff):
    client.force_login(staff["coordinator"])
    data = {
        "title_fr": "Couture",
        "title_ar": "الخياطة",
        "title_en": "Sewing",
        "rule-combine": "all",
        "conditions-TOTAL_FORMS": "2",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-field": "age",
        "conditions-0-op": "gte",
        "conditions-0-number": "18",
    }
    response = client.post(reverse("training:course_create"), data)
    course = Course.objects.get(title_fr="Couture")
    assert response.status_code == 302
    assert course.eligibility_rule == {"combine": "all", "conditions": [{"field": "age", "op": "gte", "value": 18}]}


def test_a_bad_rule_is_named_and_nothing_is_saved(client, staff):
    client.force_login(staff["coordinator"])
    data = {
        "title_fr": "Couture",
        "title_ar": "الخياطة",
        "title_en": "Sewing",
        "rule-combine": "all",
        "conditions-TOTAL_FORMS": "1",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-field": "age",
        "conditions-0-op": "gte",
        "conditions-0-number": "many",
    }
    response = client.post(reverse("training:course_create"), data, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Condition 1" in response.content.decode()
    assert not Course.objects.exists()


def test_enrolling_shows_the_slip_with_her_code_once(client, staff, cohort, women):
    client.force_login(staff["coordinator"])
    url = reverse("training:enrol_person", args=[cohort.pk, women[0].social_id])
    response = client.post(url, {"language": "fr"}, follow=True)
    enrollment = Enrollment.objects.get(person=women[0])
    assert response.redirect_chain[-1][0] == reverse("training:slip", args=[enrollment.pk])
    code = response.context["code"].replace(" ", "")
    assert services.learner_find(code=code) == enrollment
    again = client.get(reverse("training:slip", args=[enrollment.pk]))
    assert again.context["code"] == response.context["code"]  # same session, until the next enrolment


def test_the_code_is_sent_once_per_version(staff, cohort, women, settings, tmp_path):
    settings.GUICHET_SMS_BACKEND = "file"
    settings.GUICHET_SMS_FILE = sms_file = tmp_path / "sms.jsonl"
    enrolled = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0])
    first = OutboxMessage.objects.get(kind=OutboxMessage.Kind.ACCESS_CODE)
    assert outbox_deliver(message_id=first.pk) == "sent"
    assert outbox_deliver(message_id=first.pk) == "skipped"
    [line] = [json.loads(text) for text in sms_file.read_text(encoding="utf-8").splitlines()]
    assert format_code(enrolled.code) in line["text"] and line["to"] == women[0].phone
    assert line["key"] == f"guichet-access-code-{first.pk}"

    # Reissued twice before the worker passes: the replaced code is never sent, even if its task runs late.
    replaced_code = services.access_code_reissue(actor=staff["facilitator"], enrollment=enrolled.enrollment)
    new_code = services.access_code_reissue(actor=staff["facilitator"], enrollment=enrolled.enrollment)
    replaced, latest = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.ACCESS_CODE).order_by("pk")[1:]
    assert replaced.status == OutboxMessage.Status.REPLACED and replaced.body == ""
    assert outbox_deliver(message_id=replaced.pk) == "skipped"
    assert outbox_deliver(message_id=latest.pk) == "sent"
    texts = [json.loads(text)["text"] for text in sms_file.read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 2 and format_code(new_code) in texts[1]
    assert not any(format_code(replaced_code) in text for text in texts)


def test_a_revoked_code_waiting_to_be_sent_is_never_sent(staff, cohort, women):
    enrolled = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0])
    services.access_code_revoke(actor=staff["facilitator"], enrollment=enrolled.enrollment)
    message = OutboxMessage.objects.get(kind=OutboxMessage.Kind.ACCESS_CODE)
    assert message.status == OutboxMessage.Status.REPLACED and message.body == ""
    assert outbox_deliver(message_id=message.pk) == "skipped"


def test_the_facilitator_records_attendance_from_the_cohort_page(client, staff, cohort, women):
    first = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0]).enrollment
    client.force_login(staff["facilitator"])
    response = client.post(
        reverse("training:cohort_detail", args=[cohort.pk]),
        {"action": "attendance", "held_on": "2026-02-03", "present": [str(first.pk)]},
    )
    assert response.status_code == 302
    assert list(cohort.sessions.get().attendees.all()) == [first]


def test_a_woman_absent_from_the_registry_is_registered_on_the_spot_then_enrolled(client, staff, cohort, territory):
    from django.utils import timezone

    from guichet.registry.models import Person

    client.force_login(staff["coordinator"])
    url = reverse("training:enrol_register", args=[cohort.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "given_name_latin": "Hafsa",
            "family_name_latin": "Lahlou",
            "given_name_ar": "حفصة",
            "family_name_ar": "لحلو",
            "sex": "F",
            "birth_date": "1990-05-02",
            "commune": territory["anfa"].pk,
            "relationship": "head",
            "consent_given_on": timezone.localdate().isoformat(),
            "consent_purposes": ["registration"],
        },
    )
    person = Person.objects.get(family_name_latin="Lahlou")
    assert response.url == reverse("training:enrol_person", args=[cohort.pk, person.social_id])
    client.post(response.url, {"language": "ar"})
    assert Enrollment.objects.filter(cohort=cohort, person=person).exists()


def test_a_facilitator_cannot_register_persons(client, staff, cohort):
    client.force_login(staff["facilitator"])
    assert client.get(reverse("training:enrol_register", args=[cohort.pk])).status_code == 403
