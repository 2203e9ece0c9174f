from unittest import mock

from django.urls import reverse

from guichet.training import services
from guichet.training.models import Course, Enrollment
from guichet.training.tasks import send_access_code


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


def test_the_code_is_sent_once_per_version(staff, cohort, women, settings):
    settings.GUICHET_SMS_BACKEND = "console"
    enrolled = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0])
    with mock.patch("guichet.notify.gateways.ConsoleGateway.send") as send:
        assert send_access_code.call(enrollment_id=enrolled.enrollment.pk, code=enrolled.code, version=1) == "sent"
        assert send_access_code.call(enrollment_id=enrolled.enrollment.pk, code=enrolled.code, version=1) == "skipped"
    assert send.call_count == 1
    assert enrolled.code[:4] in send.call_args[0][0].text
    new_code = services.access_code_reissue(actor=staff["facilitator"], enrollment=enrolled.enrollment)
    with mock.patch("guichet.notify.gateways.ConsoleGateway.send") as send:
        # the replaced code is never sent, even if its task runs late
        assert send_access_code.call(enrollment_id=enrolled.enrollment.pk, code=enrolled.code, version=1) == "skipped"
        assert send_access_code.call(enrollment_id=enrolled.enrollment.pk, code=new_code, version=2) == "sent"
    assert send.call_count == 1


def test_the_facilitator_records_attendance_from_the_cohort_page(client, staff, cohort, women):
    first = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0]).enrollment
    client.force_login(staff["facilitator"])
    response = client.post(
        reverse("training:session_record", args=[cohort.pk]), {"held_on": "2026-02-03", "present": [str(first.pk)]}
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
