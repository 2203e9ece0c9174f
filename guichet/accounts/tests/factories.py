"""Staff account factories, one per role, and the current TOTP code of a test account."""

import time

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from guichet.accounts.models import Role, User
from guichet.accounts.scopes import TERRITORIAL_ROLES
from guichet.network.tests.factories import CentreFactory, WindowFactory
from guichet.territory.tests.factories import RegionFactory

TOTP_PERIOD = 30


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A staff member; the roles that must sign in with a second factor get a TOTP authenticator enrolled."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Staff {n}")
    role = Role.AGENT
    password = factory.django.Password("secret-password")
    # What the role needs (the model's constraints), unless given: an agent a window, centre staff a centre,
    # and a supervisor, coordinator or programme officer a region when no province nor national scope is given.
    window = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.AGENT), factory.SubFactory(WindowFactory), None
    )
    centre = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.CENTRE_STAFF), factory.SubFactory(CentreFactory), None
    )
    province = None
    national = False
    region = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in TERRITORIAL_ROLES and o.province is None and not o.national),
        factory.SubFactory(RegionFactory),
        None,
    )

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        """Pass `second_factor=False` for an account that has not enrolled yet, True to enrol any role."""
        wanted = obj.needs_second_factor() if extracted is None else extracted
        if create and wanted and not Authenticator.objects.filter(user=obj, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(obj, generate_totp_secret())


def totp_secret(user: User) -> str:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]


def totp_code(user: User, step: int = 0) -> str:
    """The code the user's authenticator app shows now (`step` periods later or earlier: each code works once)."""
    return format_hotp_value(hotp_value(totp_secret(user), int(time.time()) // TOTP_PERIOD + step))
