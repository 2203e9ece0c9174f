"""Administrators manage staff accounts: list, create, change role and scope, deactivate (never delete)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch
from guichet.common.exceptions import NotAllowed, StaleEdit
from guichet.common.forms import query_choice, query_text
from guichet.common.net import client_address

from . import services, services_auth
from .forms import StaffCreateForm, StaffEditForm
from .models import STAFF_ROLES, Role, User
from .permissions import can_manage_staff


def _admin_only(request) -> None:
    if not can_manage_staff(request.user):
        raise NotAllowed


@login_required
def staff_list(request):
    _admin_only(request)
    accounts = (
        User.objects.exclude(role=Role.API_CLIENT)  # client systems have their own page
        .select_related("window", "centre", "province", "region")
        .order_by("username")
    )
    text = query_text(request.GET, "q")
    if text:
        accounts = accounts.filter(
            Q(username__icontains=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
        )
    role = query_choice(request.GET, "role", STAFF_ROLES)
    if role:
        accounts = accounts.filter(role=role)
    page = Paginator(accounts, 50).get_page(request.GET.get("page", 1))
    return render(request, "accounts/staff_list.html", {"page": page, "roles": STAFF_ROLES, "filters": request.GET})


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    _admin_only(request)
    form = StaffCreateForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            user = services.staff_create(
                actor=request.user,
                username=data.pop("username"),
                password=data.pop("password"),
                data=data,
                ip_address=client_address(request),
            )
        except ValidationError as error:
            form.add_error("password" if not hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("The account %(username)s is created.") % {"username": user.username})
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, username: str):
    """The account's form; sending a password link and ending the sessions (confirmed first) post here too."""
    _admin_only(request)
    account = get_object_or_404(User.objects.exclude(role=Role.API_CLIENT), username=username)
    if request.method == "POST":
        handlers = {"": _staff_save, "reset_password": _staff_reset_password, "end_sessions": _staff_end_sessions}
        return action_dispatch(request, handlers, account)
    return _staff_page(request, account)


def _staff_page(request, account, *, form=None, problems=(), status: int = 200):
    form = form or StaffEditForm(instance=account, initial={"account_version": account.account_version})
    context = {"form": form, "account": account, "creating": False, "problems": list(problems)}
    return render(request, "accounts/staff_form.html", context, status=status)


def _staff_save(request, account):
    form = StaffEditForm(request.POST, instance=account)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.staff_update(
                actor=request.user,
                user=account,
                expected_version=data.pop("account_version"),
                data=data,
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        except NotAllowed:
            form.add_error(None, _("You cannot deactivate your own account or take away your own administration."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account %(username)s is saved.") % {"username": account.username})
            return redirect("accounts:staff_list")
    return _staff_page(request, account, form=form)


def _staff_reset_password(request, account):
    """Send the staff member a one-time link to choose a new password (never a password)."""
    try:
        services_auth.staff_password_reset(
            actor=request.user,
            user=account,
            ip_address=client_address(request),
        )
    except ValidationError as error:
        return _staff_page(request, account, problems=error.messages, status=400)
    messages.success(request, _("A link to choose a new password is sent to %(email)s.") % {"email": account.email})
    return redirect("accounts:staff_edit", username=account.username)


def _staff_end_sessions(request, account):
    """Sign the staff member out of every browser (a lost phone, a shared computer left open)."""
    if not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("End every session of %(username)s?") % {"username": account.username},
            confirm_label=_("End all sessions"),
            warning=_("They are signed out of every browser at once and must sign in again."),
        )
    count = services_auth.staff_sessions_end(actor=request.user, user=account, ip_address=client_address(request))
    messages.success(
        request,
        ngettext(
            "%(username)s is signed out everywhere: %(count)d session ended.",
            "%(username)s is signed out everywhere: %(count)d sessions ended.",
            count,
        )
        % {"username": account.username, "count": count},
    )
    return redirect("accounts:staff_edit", username=account.username)
