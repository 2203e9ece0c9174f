"""Administrators register client systems (other systems that call the API), see their calls, change what they may
do, renew and revoke their tokens. A token is shown once, on the page the registration or renewal leads to."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from guichet.audit.story import describe
from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error, query_choice, query_text
from guichet.common.net import client_address
from guichet.common.sealed import seal, unseal

from . import api_clients, selectors_clients
from .forms_clients import ApiClientCreateForm, ApiClientEditForm, TokenRenewForm
from .models import ApiClient, ApiPermission
from .permissions import can_manage_staff

# Where a fresh token waits, sealed, between the POST that made it and the one page that shows it.
TOKEN_SESSION_KEY = "accounts.client_token"


@dataclass(frozen=True)
class ClientRow:
    """A client as its pages show it: its status and scope in words, its permissions by their labels."""

    client: ApiClient
    status: str
    tag: str
    scope: str
    permissions: list[str]
    expires_on: object


STATUS_TAGS = {selectors_clients.ACTIVE: "ok", selectors_clients.REVOKED: "no", selectors_clients.EXPIRED: "late"}


def _row(client: ApiClient) -> ClientRow:
    user, status = client.user, getattr(client, "status", selectors_clients.ACTIVE)
    labels = dict(ApiPermission.choices)
    return ClientRow(
        client=client,
        status=str(dict(selectors_clients.STATUSES)[status]),
        tag=STATUS_TAGS[status],
        scope=str(user.province or user.region or (_("the whole nation") if user.national else "—")),
        permissions=[str(labels.get(value, value)) for value in client.permissions],
        expires_on=timezone.localdate(client.expires_at),
    )


def _admin_only(request) -> None:
    if not can_manage_staff(request.user):
        raise NotAllowed


def _token_shown_next(request, client, token: str):
    """Keep the token sealed for the next page only, and go there (POST, redirect, GET: a reload shows nothing)."""
    request.session[TOKEN_SESSION_KEY] = {str(client.pk): seal(token)}
    return redirect("accounts:client_token", pk=client.pk)


@login_required
@require_GET
def client_list(request):
    _admin_only(request)
    status = query_choice(request.GET, "status", selectors_clients.STATUSES)
    clients = selectors_clients.api_client_list(viewer=request.user, text=query_text(request.GET, "q"), status=status)
    page = Paginator(clients, 50).get_page(request.GET.get("page", 1))
    rows = [_row(client) for client in page.object_list]
    context = {"page": page, "rows": rows, "statuses": selectors_clients.STATUSES, "filters": request.GET}
    return render(request, "accounts/clients/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def client_create(request):
    _admin_only(request)
    form = ApiClientCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, token = api_clients.api_client_create(
                actor=request.user, ip_address=client_address(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The client system %(name)s is registered.") % {"name": client.name})
            return _token_shown_next(request, client, token)
    return render(request, "accounts/clients/form.html", {"form": form, "creating": True})


@login_required
@never_cache
@require_GET
def client_token(request, pk: int):
    """The token, once: it leaves the session as this page is drawn, and the page is never cached."""
    _admin_only(request)
    client = selectors_clients.api_client_get(viewer=request.user, pk=pk)
    waiting = request.session.pop(TOKEN_SESSION_KEY, None) or {}
    token = unseal(waiting.get(str(client.pk)))
    return render(request, "accounts/clients/token.html", {"client": client, "token": token})


@login_required
@require_http_methods(["GET", "POST"])
def client_detail(request, pk: int):
    """The client's rights, scope, expiry and last calls; revoking and renewing its token post here (confirmed)."""
    _admin_only(request)
    client = selectors_clients.api_client_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        return action_dispatch(request, {"revoke": _client_revoke, "renew": _client_renew}, client)
    return _detail_page(request, client)


def _detail_page(request, client, *, renew_form=None, status: int = 200):
    calls = selectors_clients.api_client_calls(viewer=request.user, client=client)
    context = {
        "row": _row(client),
        "calls": describe(calls),
        "renew_form": renew_form or TokenRenewForm.for_client(client),
    }
    return render(request, "accounts/clients/detail.html", context, status=status)


def _client_revoke(request, client):
    if not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Revoke the token of %(name)s?") % {"name": client.name},
            confirm_label=_("Revoke the token"),
            warning=_("Its calls are refused from now on. It can be given a new token later."),
        )
    try:
        api_clients.api_client_revoke(actor=request.user, client=client, ip_address=client_address(request))
    except StaleEdit as error:  # changed by someone else between this page and the confirmation: look again
        messages.error(request, str(error))
    else:
        messages.success(request, _("The token of %(name)s is revoked.") % {"name": client.name})
    return redirect("accounts:client_detail", pk=client.pk)


def _client_renew(request, client):
    form = TokenRenewForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, client, renew_form=form, status=400)
    if not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Give %(name)s a new token?") % {"name": client.name},
            confirm_label=_("Give a new token"),
            details=[(_("Token expires on"), timezone.localdate(form.cleaned_data["expires_at"]))],
            warning=_("The token it uses now stops working at once; the new one is shown once."),
        )
    try:
        token = api_clients.api_client_token_renew(
            actor=request.user,
            client=client,
            expires_at=form.cleaned_data["expires_at"],
            ip_address=client_address(request),
        )
    except ValidationError as error:
        form_add_service_error(form, error)
        return _detail_page(request, client, renew_form=form, status=400)
    except StaleEdit as error:
        form.add_error(None, str(error))
        return _detail_page(request, client, renew_form=form, status=409)
    messages.success(request, _("%(name)s has a new token.") % {"name": client.name})
    return _token_shown_next(request, client, token)


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request, pk: int):
    _admin_only(request)
    client = selectors_clients.api_client_get(viewer=request.user, pk=pk)
    form = ApiClientEditForm(request.POST) if request.method == "POST" else ApiClientEditForm.for_client(client)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            api_clients.api_client_update(
                actor=request.user,
                client=client,
                expected_version=data.pop("version"),
                data=data,
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The client system %(name)s is saved.") % {"name": data["name"].strip()})
            return redirect("accounts:client_detail", pk=client.pk)
    return render(request, "accounts/clients/form.html", {"form": form, "client": client, "creating": False})
