"""Client system forms: they read what the administrator typed; the rules (a territory, a permission, a key of 32
bytes, full callback addresses, an expiry to come) are the service's, and its refusals come back on their field."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.common import forms as choice_fields
from guichet.common.forms import VersionField
from guichet.territory.forms import ProvinceChoiceField
from guichet.territory.models import Region

from .api_clients import RATE_LIMITS
from .models import ApiClient, ApiPermission

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A token is registered for a year unless the administrator chooses otherwise.
DEFAULT_VALIDITY = datetime.timedelta(days=365)


def start_of(day: datetime.date) -> datetime.datetime:
    """The token stops working when the day it expires on begins, in the server's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def default_expiry() -> datetime.date:
    return timezone.localdate() + DEFAULT_VALIDITY


class ExpiryField(forms.DateField):
    widget = DATE_WIDGET

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("token expires on"))
        kwargs.setdefault("help_text", _("The token stops working at the start of this day."))
        super().__init__(**kwargs)


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label=_("name"),
        max_length=120,
        help_text=_("The system's name as people know it; the audit log names its calls after it."),
    )
    contact = forms.CharField(
        label=_("contact"),
        max_length=200,
        help_text=_("Who answers for this system: a name and an e-mail address or phone number."),
    )
    province = ProvinceChoiceField(required=False, help_text=_("For a system that serves one province."))
    region = choice_fields.ModelChoiceField(
        label=_("region"),
        required=False,
        queryset=Region.objects.order_by("code"),
        help_text=_("For a system that serves one region."),
    )
    national = forms.BooleanField(
        label=_("the whole nation"),
        required=False,
        help_text=_("Only for a system that serves the whole nation."),
    )
    permissions = forms.MultipleChoiceField(
        label=_("permissions"),
        choices=ApiPermission.choices,
        error_messages={"required": _("Choose at least one permission among those listed.")},  # the service's words
        widget=forms.CheckboxSelectMultiple,
        help_text=_("It acts in its territory as a staff member with exactly these rights."),
    )
    expires_at = ExpiryField()
    rate_per_minute = forms.IntegerField(
        label=_("calls allowed per minute"),
        help_text=_("Further calls are refused until the minute is over."),
        widget=forms.NumberInput(attrs={"min": RATE_LIMITS[0], "max": RATE_LIMITS[1]}),
    )
    public_key = forms.CharField(
        label=_("Ed25519 public key"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr", "spellcheck": "false"}),
        help_text=_(
            "For the DCI API: the key the system signs its messages with, in base64 (32 bytes). "
            "Pasting a new key replaces the old one at once."
        ),
    )
    callback_urls = forms.CharField(
        label=_("callback addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr", "spellcheck": "false"}),
        help_text=_("One address per line; the system is called back at these addresses only."),
    )

    def clean_expires_at(self) -> datetime.datetime:
        return start_of(self.cleaned_data["expires_at"])

    def clean_callback_urls(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data["callback_urls"].splitlines())
        return [line for line in lines if line]


class ApiClientCreateForm(ApiClientForm):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"expires_at": default_expiry(), "rate_per_minute": 600})
        super().__init__(*args, **kwargs)


class ApiClientEditForm(ApiClientForm):
    version = VersionField()

    @classmethod
    def for_client(cls, client: ApiClient) -> "ApiClientEditForm":
        user = client.user
        return cls(
            initial={
                "name": client.name,
                "contact": client.contact,
                "province": user.province_id,
                "region": user.region_id,
                "national": user.national,
                "permissions": list(client.permissions),
                "expires_at": timezone.localdate(client.expires_at),
                "rate_per_minute": client.rate_per_minute,
                "public_key": client.public_key,
                "callback_urls": "\n".join(client.callback_urls),
                "version": client.version,
            }
        )


class TokenRenewForm(forms.Form):
    """A new token, and until when it works (by default the client's expiry, or a year when that has passed)."""

    expires_at = ExpiryField()

    @classmethod
    def for_client(cls, client: ApiClient) -> "TokenRenewForm":
        expiry = timezone.localdate(client.expires_at)
        return cls(initial={"expires_at": expiry if expiry > timezone.localdate() else default_expiry()})

    def clean_expires_at(self) -> datetime.datetime:
        return start_of(self.cleaned_data["expires_at"])
