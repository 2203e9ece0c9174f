"""Forms of the request pages: each field labelled, checked, with messages that name it."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from guichet.accounts.models import User
from guichet.common import forms as choice_fields
from guichet.common.uploads import check_count
from guichet.network.models import Centre, Service, ServiceDocument

from .models import Status
from .selectors import ReferralCentres, fileable_services, referable_services
from .transitions import TRANSITIONS


class ServiceField(choice_fields.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); each is checked by the service, by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            check_count(data)
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


FILES_HELP = _("PDF, JPEG or PNG; several files may be chosen at once.")


class DocumentsField(choice_fields.ModelMultipleChoiceField[ServiceDocument]):
    """A service's documents, the optional ones marked so."""

    def label_from_instance(self, obj: ServiceDocument) -> str:
        return obj.name if obj.required else _("%(name)s (optional)") % {"name": obj.name}


class DocumentField(choice_fields.ModelChoiceField[ServiceDocument]):
    def label_from_instance(self, obj: ServiceDocument) -> str:
        return obj.name


class ColleagueField(choice_fields.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class ServiceChoiceForm(forms.Form):
    service = ServiceField(
        label=_("service"), queryset=fileable_services(), to_field_name="code", empty_label=_("Choose a service")
    )


class FilingForm(forms.Form):
    """Filing for a person: the language, the documents seen, and what the agent must write when filing all
    the same (the rule not met, another open request for the service, required documents missing).

    `token` is the form's one-time token, drawn when the page is shown: sending the form twice files once.
    """

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    language = forms.ChoiceField(
        label=_("the citizen's language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_("The receipt and the text messages are written in it."),
    )
    documents: DocumentsField = DocumentsField(
        label=_("documents received"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    missing_documents_reason = forms.CharField(
        label=_("required documents missing: which and why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when a required document is not ticked."),
    )
    files = MultipleFileField(label=_("scanned documents"), required=False, help_text=FILES_HELP)  # type: ignore[assignment]  # the form metaclass moves it to base_fields: it never shadows BaseForm.files
    justification = forms.CharField(
        label=_("why file the request although the rule is not met"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Not required here: the service names the open request when it is missing, and a form sent a second time
    # (its token already filed) needs none.
    duplicate_reason = forms.CharField(
        label=_("why file another request for this service"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, service: Service, eligible: bool | None, already_open: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        documents = self.fields["documents"]
        assert isinstance(documents, DocumentsField)  # declared above
        documents.queryset = service.documents.all()
        if eligible is False:
            self.fields["justification"].required = True
        else:
            del self.fields["justification"]
        if not already_open:
            del self.fields["duplicate_reason"]
        if not any(document.required for document in service.documents.all()):
            del self.fields["missing_documents_reason"]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ActionRadios(forms.RadioSelect):
    """The actions as radio buttons, grouped on the page; the group's fieldset carries the field's id, so that
    the error summary can point at it."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class TransitionForm(VersionedForm):
    """The request page's one status form: an action among those the status allows, and one note for it, labelled
    as the chosen action asks (the reason for a rejection, what is missing...)."""

    transition = forms.ChoiceField(
        label=_("action"),
        choices=[(name, rule.label) for name, rule in TRANSITIONS.items()],  # the table refuses what is not allowed
        widget=ActionRadios,
        error_messages={"required": _("Choose an action.")},
    )
    note = forms.CharField(
        label=_("note or reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to ask for information, to reject, to withdraw or to decline: say why."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = TRANSITIONS.get(str(self["transition"].value() or ""))
        if self.rule is not None:
            self.fields["note"].label = self.rule.note_label

    def clean(self):
        cleaned = super().clean()
        if self.rule is not None and self.rule.reason_required and not (cleaned.get("note") or "").strip():
            # Named here, before any confirmation; the transition table refuses it too.
            self.add_error("note", forms.ValidationError(self.fields["note"].error_messages["required"], "required"))
        return cleaned


class AssignForm(VersionedForm):
    assignee: ColleagueField = ColleagueField(
        label=_("assign to"), queryset=None, required=False, empty_label=_("nobody")
    )

    def __init__(self, *args, colleagues, listed: list[User] | None = None, **kwargs):
        """`colleagues` (a queryset) checks a choice; `listed`, the same already read, is shown."""
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, ColleagueField)  # declared above
        assignee.queryset = colleagues
        assignee.shown = listed


class CommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class AttachForm(forms.Form):
    document: DocumentField = DocumentField(
        label=_("which document"), queryset=None, required=False, empty_label=_("another document")
    )
    files = MultipleFileField(label=_("files"), help_text=FILES_HELP)  # type: ignore[assignment]  # the form metaclass moves it to base_fields: it never shadows BaseForm.files

    def __init__(self, *args, service: Service, listed: list[ServiceDocument] | None = None, **kwargs):
        """The service's documents check a choice; `listed`, the same already read, are shown."""
        super().__init__(*args, **kwargs)
        document = self.fields["document"]
        assert isinstance(document, DocumentField)  # declared above
        document.queryset = service.documents.all()
        document.shown = listed


def chosen_service(data) -> Service | None:
    """The service a referral form names, if it is one that may be chosen."""
    try:
        return ReferralForm.base_fields["service"].clean(data.get("service"))
    except forms.ValidationError:
        return None


def centre_label(centre: Centre) -> str:
    return f"{centre.display_name} — {centre.province.name}"


class ReferralForm(VersionedForm):
    """Referring to another centre: the centres listed are those offering the service, nearest first. Once the
    service is known (`service`), only its centres; before, every service's, grouped by service, so that the
    form works without JavaScript. The centre is checked against the service chosen, whatever was sent."""

    service = ServiceField(label=_("service at the other centre"), queryset=referable_services())
    centre = forms.TypedChoiceField(
        label=_("centre"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("This centre does not offer the service chosen.")},
    )
    reason = forms.CharField(label=_("why the person is referred"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, centres: ReferralCentres, service: Service | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.centres = centres
        nearest: list[tuple[object, object]] = [("", _("the nearest centre offering the service"))]
        if service is not None:
            choices = nearest + [(centre.pk, centre_label(centre)) for centre in centres.for_service(service)]
        else:
            groups = [
                (offered.name, [(centre.pk, centre_label(centre)) for centre in centres.for_service(offered)])
                for offered in centres.services
            ]
            choices = nearest + [group for group in groups if group[1]]
        centre = self.fields["centre"]
        assert isinstance(centre, forms.TypedChoiceField)  # declared above
        centre.choices = choices

    def clean(self):
        cleaned = super().clean()
        service, centre_id = cleaned.get("service"), cleaned.get("centre")
        if service is not None and centre_id is not None:
            chosen = [centre for centre in self.centres.for_service(service) if centre.pk == centre_id]
            if chosen:
                cleaned["centre"] = chosen[0]
            else:
                self.add_error("centre", self.fields["centre"].error_messages["invalid_choice"])
        return cleaned


QUEUE_STATUS_CHOICES = [("open", _("open (to handle)")), ("all", _("all")), *Status.choices]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=QUEUE_STATUS_CHOICES, required=False)
    service = ServiceField(label=_("service"), queryset=None, required=False, empty_label=_("all services"))
    assignee = forms.ChoiceField(label=_("assigned to"), required=False)
    overdue = forms.BooleanField(label=_("overdue only"), required=False)

    def __init__(self, *args, services, colleagues, service_choices=None, **kwargs):
        """`service_choices`, (pk, name) of `services` when known (cached): the list is then not read again."""
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        if service_choices is not None:
            self.fields["service"].choices = [("", self.fields["service"].empty_label), *service_choices]
        choices = [("", _("anyone")), ("me", _("me")), ("none", _("nobody"))]
        choices += [(str(user.pk), user.get_full_name() or user.username) for user in colleagues]
        self.fields["assignee"].choices = choices
