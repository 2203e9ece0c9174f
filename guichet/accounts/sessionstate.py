"""What a staff session remembers about its sign-in: when it began, when it was last used, and whether the
account has a second factor (so that the middleware does not ask the database on every request)."""

from allauth.mfa.models import Authenticator

SIGNED_IN_AT = "guichet.signed_in_at"
SEEN_AT = "guichet.seen_at"
HAS_SECOND_FACTOR = "guichet.has_second_factor"


def is_signed_in(session) -> bool:
    return "_auth_user_id" in session


def times(session) -> tuple[float | None, float]:
    signed_in_at = session.get(SIGNED_IN_AT)
    return signed_in_at, session.get(SEEN_AT, signed_in_at or 0)


def start(session, *, now: float) -> None:
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def seen(session, *, now: float) -> None:
    session[SEEN_AT] = now


def refresh_second_factor(session, user) -> bool:
    enrolled = Authenticator.objects.filter(user_id=user.pk).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
    session[HAS_SECOND_FACTOR] = enrolled
    return enrolled


def has_second_factor(session, user) -> bool:
    """Asked of the database only until the answer is yes (while the account is being enrolled)."""
    if session.get(HAS_SECOND_FACTOR):
        return True
    return refresh_second_factor(session, user)
