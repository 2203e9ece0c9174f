"""Administration of the service catalogue: list, page (with the rule in words), create and edit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.exceptions import StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error
from guichet.common.net import client_address

from . import selectors, services_catalogue
from .eligibility import RuleError, describe_rule, validate_rule
from .forms_catalogue import (
    ConditionFormSet,
    DocumentFormSet,
    RuleForm,
    ServiceForm,
    condition_initial,
    documents_from,
    place_choices,
    rule_from,
    rule_problems,
)
from .forms_catalogue import document_initial as documents_initial
from .models import Centre, Service
from .views import PAGE_SIZE, admin_only


@admin_only
def service_list(request):
    page = Paginator(selectors.service_list(viewer=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/service_list.html", {"page": page, "kinds": dict(Centre.Kind.choices)})


@admin_only
def service_detail(request, code: str):
    service = selectors.service_get(viewer=request.user, code=code)
    lead, conditions = describe_rule(service.eligibility_rule)
    context = {
        "service": service,
        "documents": service.documents.all(),
        "rule_lead": lead,
        "rule_conditions": conditions,
        "kinds": [label for value, label in Centre.Kind.choices if value in (service.centre_kinds or [])],
        "centre_count": Centre.objects.filter(services=service, is_active=True).count(),
    }
    return render(request, "network/service_detail.html", context)


class ServiceForms:
    """The service form, its documents, the rule's combination and its conditions, bound together."""

    def __init__(self, request, service: Service | None = None):
        data = request.POST if request.method == "POST" else None
        rule = service.eligibility_rule if service else {}
        self.service = service
        self.form = ServiceForm(
            data,
            instance=service,
            initial={"version": service.version} if service else {"channel_window": True, "is_active": True},
        )
        self.documents = DocumentFormSet(data, prefix="documents", initial=documents_initial(service))
        self.rule = RuleForm(data, prefix="rule", initial={"combine": (rule or {}).get("combine", "all")})
        self.conditions = ConditionFormSet(
            data,
            prefix="conditions",
            initial=condition_initial(rule),
            form_kwargs={"place_choices": place_choices()},
        )
        self.rule_error = ""

    def is_valid(self) -> bool:
        valid = all([self.form.is_valid(), self.documents.is_valid(), self.rule.is_valid(), self.conditions.is_valid()])
        if valid:
            try:
                self.rule_value = validate_rule(rule_from(self.rule, self.conditions))
            except RuleError as error:
                self.rule_error = str(error)
                valid = False
        return valid

    def save(self, request) -> Service | None:
        """Call the service; on a refusal (rule, stale edit, validation) keep its message and return None."""
        data = {**self.form.data_for_service(), "eligibility_rule": self.rule_value}
        documents = documents_from(self.documents)
        try:
            if self.service is None:
                return services_catalogue.service_create(
                    actor=request.user, data=data, documents=documents, ip_address=client_address(request)
                )
            return services_catalogue.service_update(
                actor=request.user,
                service=self.service,
                expected_version=self.form.cleaned_data["version"] or 0,
                data=data,
                documents=documents,
                ip_address=client_address(request),
            )
        except RuleError as error:
            self.rule_error = str(error)
        except StaleEdit as error:
            self.form.add_error(None, str(error))
        except ValidationError as error:
            form_add_service_error(self.form, error)
        return None

    def context(self, **extra) -> dict:
        problems = [{"href": "#documents", "text": error} for error in self.documents.non_form_errors()]
        if any(self.documents.errors):
            problems.append({"href": "#documents", "text": _("Check the documents.")})
        problems += rule_problems(rule_error=self.rule_error, conditions=self.conditions)
        return {
            "form": self.form,
            "documents": self.documents,
            "rule_form": self.rule,
            "conditions": self.conditions,
            "rule_error": self.rule_error,
            "problems": problems,
            "service": self.service,
            **extra,
        }


@admin_only
@require_http_methods(["GET", "POST"])
def service_create(request):
    forms = ServiceForms(request)
    if request.method == "POST" and forms.is_valid():
        service = forms.save(request)
        if service is not None:
            messages.success(request, _("The service “%(name)s” is created.") % {"name": service.name})
            return redirect("network:service_detail", code=service.code)
    return render(request, "network/service_form.html", forms.context(creating=True))


@admin_only
@require_http_methods(["GET", "POST"])
def service_edit(request, code: str):
    service = selectors.service_get(viewer=request.user, code=code)
    forms = ServiceForms(request, service)
    if request.method == "POST" and forms.is_valid() and forms.save(request) is not None:
        messages.success(request, _("The service “%(name)s” is saved.") % {"name": service.name})
        return redirect("network:service_detail", code=service.code)
    return render(request, "network/service_form.html", forms.context(creating=False))
