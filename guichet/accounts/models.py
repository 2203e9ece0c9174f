"""Staff accounts: one role each, and the scope (window, centre, province, region, nation) it acts in."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.common.choices import CentreKind
from guichet.territory.models import Province, Region


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    AGENT = "agent", _("window agent")
    CENTRE_STAFF = "centre_staff", _("centre staff")
    STEWARD = "steward", _("data steward")
    SUPERVISOR = "supervisor", _("supervisor")
    COORDINATOR = "coordinator", _("training coordinator")
    FACILITATOR = "facilitator", _("facilitator")
    PROGRAMME_OFFICER = "programme_officer", _("programme officer")
    ASSOCIATION_MANAGER = "association_manager", _("association manager")
    API_CLIENT = "api_client", _("client system")


# The roles a person holds: every role but a client system's, which is an account other systems call the API as.
STAFF_ROLES = [(value, label) for value, label in Role.choices if value != Role.API_CLIENT]


# National scope is never a default: a supervisor, coordinator or officer is given exactly one territory.
TERRITORY_MISSING = _("Choose the province or the region this account covers, or tick national scope.")
TERRITORY_TWICE = _("Choose only one: a province, a region or the national scope.")


class StaffManager(UserManager["User"]):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `manage.py createsuperuser` makes the first administrator: it needs no window or centre.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.AGENT)
    window = models.ForeignKey(
        "network.Window",
        verbose_name=_("window"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agents",
    )
    centre = models.ForeignKey(
        "network.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Supervisors, coordinators and programme officers cover a province, a region, or — only when this is
    # ticked on purpose — the whole nation; an account with none of the three sees nothing.
    national = models.BooleanField(_("national scope"), default=False)
    # Set on every new account and after an administrator's reset: the first login asks for a new password.
    must_change_password = models.BooleanField(_("must choose a new password"), default=False)
    # Bumped by every administrative change, so that two administrators cannot overwrite each other.
    account_version = models.PositiveIntegerField(default=1, editable=False)

    objects: ClassVar[StaffManager] = StaffManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.CheckConstraint(
                name="accounts_user_agent_has_window",
                condition=~models.Q(role="agent") | models.Q(window__isnull=False),
            ),
            models.CheckConstraint(
                name="accounts_user_centre_staff_has_centre",
                condition=~models.Q(role="centre_staff") | models.Q(centre__isnull=False),
            ),
            # A supervisor, coordinator or programme officer covers exactly one of: a province, a region, the nation.
            models.CheckConstraint(
                name="accounts_user_territory_is_one_choice",
                condition=~models.Q(role__in=["supervisor", "coordinator", "programme_officer", "api_client"])
                | models.Q(province__isnull=False, region__isnull=True, national=False)
                | models.Q(province__isnull=True, region__isnull=False, national=False)
                | models.Q(province__isnull=True, region__isnull=True, national=True),
            ),
        ]

    def needs_second_factor(self) -> bool:
        """Administrators, data stewards, supervisors and disability-centre staff must sign in with two factors."""
        if self.role in (Role.ADMIN, Role.STEWARD, Role.SUPERVISOR):
            return True
        return bool(
            self.role == Role.CENTRE_STAFF and self.centre is not None and self.centre.kind == CentreKind.DISABILITY
        )

    def clean(self) -> None:
        super().clean()
        if self.role == Role.AGENT and not self.window_id:
            raise ValidationError({"window": _("A window agent must be attached to a window.")})
        if self.role == Role.CENTRE_STAFF and not self.centre_id:
            raise ValidationError({"centre": _("Centre staff must be attached to a centre.")})
        if self.role in (Role.SUPERVISOR, Role.COORDINATOR, Role.PROGRAMME_OFFICER, Role.API_CLIENT):
            chosen = [bool(self.province_id), bool(self.region_id), bool(self.national)].count(True)
            if chosen == 0:
                raise ValidationError({"province": TERRITORY_MISSING})
            if chosen > 1:
                raise ValidationError({"region": TERRITORY_TWICE})


class ApiPermission(models.TextChoices):
    """What a client system may do through the API; its territory is its account's, as for a supervisor."""

    READ_PERSONS = "read_persons", _("read persons")
    WRITE_PERSONS = "write_persons", _("register and update persons")
    FILE_REQUESTS = "file_requests", _("file requests")
    READ_REQUESTS = "read_requests", _("read requests")
    UPDATE_REQUESTS = "update_requests", _("change the status of requests")
    SUBSCRIBE = "subscribe", _("subscribe to registration events")
    SEE_DISABILITY = "see_disability", _("see disability details")
    IMPORT_PERSONS = "import_persons", _("import persons from files")


class ApiClient(models.Model):
    """A client system (the RSU, a programme's MIS, a partner NGO) and the one token it calls the API with.

    The token is shown once and kept only as a SHA-256 hash beside its public prefix (the prefix finds the row,
    the hash proves the secret). The client acts as its own account (`user`, role API_CLIENT, never signed in
    to the pages), so every selector and service scopes and audits it like a staff member of its territory.
    """

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="api_client")
    name = models.CharField(_("name"), max_length=120, unique=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        help_text=_("Who answers for this system: a name and an e-mail address or phone number."),
    )
    permissions = models.JSONField(_("permissions"), default=list)
    token_prefix = models.CharField(max_length=12, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    expires_at = models.DateTimeField(_("token expires on"))
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True, editable=False)
    public_key = models.TextField(
        _("Ed25519 public key"),
        blank=True,
        help_text=_("For the DCI API: the key the system signs its messages with, in base64 (32 bytes)."),
    )
    callback_urls = models.JSONField(_("callback addresses"), default=list, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("calls allowed per minute"), default=600)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("client system")
        verbose_name_plural = _("client systems")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allows(self, permission: str) -> bool:
        return permission in self.permissions

    def is_usable(self, now=None) -> bool:
        """Not revoked and not expired: its token still opens the API."""
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def accepts_callback(self, url: str) -> bool:
        """Only an address registered for this client, exactly, is ever called back."""
        return url in self.callback_urls
