"""Administrators' pages: the message templates per trigger, language and channel, and the outbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.forms import query_choice
from guichet.common.net import client_address

from . import selectors, services
from .defaults import TRIGGERS, default_text
from .forms import MessageTemplateForm
from .models import Channel, OutboxMessage
from .rendering import render as render_text
from .sample import SAMPLE_VALUES, trigger_label


@login_required
def template_list(request):
    cells = selectors.message_template_grid(viewer=request.user)
    rows = [(trigger, trigger_label(trigger), [c for c in cells if c.trigger == trigger]) for trigger in TRIGGERS]
    return render(request, "notify/template_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, trigger: str, language: str, channel: str):
    if trigger not in TRIGGERS or language not in selectors.languages() or channel not in Channel.values:
        raise Http404
    template = selectors.message_template_get(viewer=request.user, trigger=trigger, language=language, channel=channel)
    if template is not None:
        initial = {"subject": template.subject, "body": template.body}
    else:
        subject, body = default_text(trigger=trigger, language=language, channel=channel) or ("", "")
        initial = {"subject": subject, "body": body}
    form = MessageTemplateForm(request.POST or None, initial=initial, channel=channel, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_template_save(
                actor=request.user,
                trigger=trigger,
                language=language,
                channel=channel,
                subject=form.cleaned_data.get("subject", ""),
                body=form.cleaned_data["body"],
                ip_address=client_address(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The message text is saved."))
            return redirect("notify:templates")
    body = form["body"].value() or ""
    context = {
        "form": form,
        "trigger": trigger_label(trigger),
        "language": language,
        "channel": Channel(channel).label,
        "preview": render_text(body, SAMPLE_VALUES.get(language, SAMPLE_VALUES["fr"])),
    }
    return render(request, "notify/template_form.html", context)


@login_required
def outbox(request):
    status = query_choice(request.GET, "status", OutboxMessage.Status.choices)
    page = selectors.outbox_page(viewer=request.user, status=status, page_number=request.GET.get("page", 1))
    context = {"page": page, "status": status, "statuses": OutboxMessage.Status.choices}
    return render(request, "notify/outbox.html", context)


@login_required
def index(request):
    if not selectors.can_manage_messages(request.user):
        raise NotAllowed
    return redirect("notify:outbox")
