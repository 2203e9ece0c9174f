"""The learner's pages at /learn/ (access code, no password; light, no JavaScript) and the public /verify/."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common import ratelimit
from guichet.common.forms import clean_value
from guichet.common.net import client_address

from . import media, services
from .certificate import certificate_pdf
from .codes import format_code, parse_access_code, parse_certificate_code
from .forms import CodeForm
from .models import Certificate, Enrollment, Module, Progress

SESSION_KEY = "training_learner"


def _learner(request) -> Enrollment | None:
    """The enrolment whose code opened this session, while the code is still the current one."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    enrollment = (
        Enrollment.objects.select_related("cohort__course", "person")
        .filter(pk=data.get("id"), code_version=data.get("version"), code_hash__isnull=False)
        .filter(status__in=services.TAKING_PLACES)
        .first()
    )
    if enrollment is None:
        request.session.pop(SESSION_KEY, None)
    return enrollment


def _light(request) -> bool:
    """The light version first: always, unless she asked for the full one and did not ask to save data."""
    if request.headers.get("Save-Data", "").lower() == "on":
        return True
    choice = clean_value(forms.TypedChoiceField(choices=[("0", "0"), ("1", "1")], coerce=int), request.GET.get("light"))
    if choice is not None:
        request.session["training_light"] = choice == 1
    return request.session.get("training_light", True)


@never_cache
@require_http_methods(["GET", "POST"])
def learn(request):
    if request.method == "GET" and _learner(request):
        return redirect("training:learn_course")
    form = CodeForm(request.POST or None)
    checks = ratelimit.guessing_checks("LEARN", address=client_address(request) or "unknown")
    wait = ratelimit.longest_wait(checks)
    if wait:
        response = render(
            request, "training/learn_code.html", {"form": CodeForm(), "wait_minutes": -(-wait // 60)}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    if request.method == "POST" and form.is_valid():
        code = parse_access_code(form.cleaned_data["code"])
        enrollment = services.learner_find(code=code) if code else None
        if enrollment is None:
            ratelimit.hit_all(checks)
            form.add_error("code", _("This code does not open any course. Check it on your slip or your text message."))
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = {"id": enrollment.pk, "version": enrollment.code_version}
            response = redirect("training:learn_course")
            # Her course opens in the language chosen at enrolment; the switch at the top still changes it.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                enrollment.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
            return response
    return render(request, "training/learn_code.html", {"form": form})


def _learner_or_code_page(request):
    enrollment = _learner(request)
    if enrollment is None:
        return None, redirect("training:learn")
    return enrollment, None


@never_cache
def learn_course(request):
    enrollment, response = _learner_or_code_page(request)
    if response:
        return response
    modules = list(enrollment.cohort.course.modules.order_by("position"))
    states = {
        module_id: ("done" if done_at else "started")
        for module_id, done_at in Progress.objects.filter(enrollment=enrollment).values_list("module_id", "done_at")
    }
    items = [{"module": module, "state": states.get(module.pk, "")} for module in modules]
    return render(
        request,
        "training/learn_course.html",
        {
            "enrollment": enrollment,
            "course": enrollment.cohort.course,
            "items": items,
            "done": sum(1 for item in items if item["state"] == "done"),
        },
    )


@never_cache
def learn_lesson(request, pk: int):
    enrollment, response = _learner_or_code_page(request)
    if response:
        return response
    module = get_object_or_404(Module, pk=pk, course_id=enrollment.cohort.course_id)
    progress = services.lesson_open(enrollment=enrollment, module=module)
    light = _light(request)
    siblings = list(enrollment.cohort.course.modules.order_by("position").values_list("pk", flat=True))
    index = siblings.index(module.pk)
    return render(
        request,
        "training/learn_lesson.html",
        {
            "enrollment": enrollment,
            "module": module,
            "progress": progress,
            "light": light,
            "variant": "light" if light and module.light_media else "full",
            "has_media": bool(module.media or module.light_media),
            # The text and the transcript in the page's language, else in hers; the page says when there is none.
            "text": module.text_in(get_language() or "", enrollment.language),
            "transcript": module.transcript_in(get_language() or "", enrollment.language),
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        },
    )


@never_cache
@require_POST
def learn_done(request, pk: int):
    enrollment, response = _learner_or_code_page(request)
    if response:
        return response
    module = get_object_or_404(Module, pk=pk, course_id=enrollment.cohort.course_id)
    services.lesson_done(enrollment=enrollment, module=module)
    return redirect("training:learn_course")


def learn_media(request, pk: int, variant: str):
    enrollment = _learner(request)
    if enrollment is None:
        return HttpResponse(status=403)
    module = get_object_or_404(Module, pk=pk, course_id=enrollment.cohort.course_id)
    light = variant == "light"
    stored = module.light_media if light else module.media
    if not stored:
        raise Http404
    # Played in the page (inline); course content, not personal data: a slow phone may keep it for an hour.
    # A learner's reading of a lesson is not a reading of anyone's file: it is not audited.
    return media.STORE.serve(
        stored, stem=f"lesson-{module.pk}{'-light' if light else ''}", record=None, inline=True, private_max_age=3600
    )


@never_cache
def learn_certificate(request):
    enrollment, response = _learner_or_code_page(request)
    if response:
        return response
    if enrollment.status != Enrollment.Status.COMPLETED:
        raise Http404
    _record_certificate_reading(request, enrollment.certificate, person=enrollment.person, what="pdf")
    response = HttpResponse(certificate_pdf(enrollment.certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{enrollment.certificate.code}.pdf"'
    return response


@never_cache
@require_POST
def learn_leave(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("training:learn")


def _record_certificate_reading(request, certificate: Certificate, *, person, what: str) -> None:
    """The learner's own download, or anyone's check of a certificate: a reading with no staff member."""
    audit_record(
        actor=None,
        action=AuditEntry.Action.VIEW,
        obj=certificate,
        person=person,
        changes={"certificate": ["", what]},
        ip_address=client_address(request),
    )


@never_cache
def verify(request, code: str | None = None):
    """Anyone checks a certificate: the course, the first name and the date, or "not valid"."""
    typed = clean_value(forms.CharField(required=False), request.GET.get("code"), default="")[:100]
    if code is None and typed:
        parsed = parse_certificate_code(typed)
        if parsed:
            return redirect("training:verify", code=parsed)
        code = typed
    checks = ratelimit.guessing_checks("VERIFY", address=client_address(request) or "unknown")
    wait = ratelimit.longest_wait(checks) if code else 0
    certificate = None
    if code and not wait:
        parsed = parse_certificate_code(code)
        certificate = (
            Certificate.objects.select_related("enrollment__person", "enrollment__cohort__course")
            .filter(code=parsed, revoked=False)
            .first()
            if parsed
            else None
        )
        if certificate is None:
            ratelimit.hit_all(checks)
    first_name = ""
    if certificate:
        person = certificate.enrollment.person
        _record_certificate_reading(request, certificate, person=person, what="verification")
        arabic = (get_language() or "").startswith("ar")
        first_name = (person.given_name_ar if arabic else person.given_name_latin) or (
            person.given_name_latin or person.given_name_ar
        )
    response = render(
        request,
        "training/verify.html",
        {
            "asked": code is not None and not wait,
            "certificate": certificate,
            "first_name": first_name,
            "code": format_code(certificate.code) if certificate else code,
            "wait_minutes": -(-wait // 60),
        },
        status=429 if wait else 200 if certificate or code is None else 404,
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response
