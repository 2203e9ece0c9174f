"""Login limits: per account from one address (strict), per account and per address (looser), all temporary.

Built on the one limiter (guichet/common/ratelimit.py); the limits fail closed. Only failures count, so a
colleague's good password never uses the budget, and every window ends: nobody can lock an account for good.
The second-factor step has its own limit per account, as a 6-digit code is quicker to guess than a password.
"""

from django.conf import settings
from django.utils.translation import ngettext

from guichet.common import ratelimit


def _limits() -> tuple[ratelimit.Limit, ratelimit.Limit, ratelimit.Limit]:
    window = settings.GUICHET_LOGIN_WINDOW_SECONDS
    return (
        ratelimit.Limit("login-account-address", settings.GUICHET_LOGIN_ATTEMPTS, window, fails_closed=True),
        ratelimit.Limit("login-account", settings.GUICHET_LOGIN_ACCOUNT_ATTEMPTS, window, fails_closed=True),
        ratelimit.Limit("login-address", settings.GUICHET_LOGIN_ADDRESS_ATTEMPTS, window, fails_closed=True),
    )


def second_factor_limit() -> ratelimit.Limit:
    return ratelimit.Limit(
        "login-second-factor", settings.GUICHET_LOGIN_ATTEMPTS, settings.GUICHET_LOGIN_WINDOW_SECONDS, True
    )


def _checks(username: str, address: str | None) -> list[tuple[ratelimit.Limit, str]]:
    account = (username or "").strip().lower()
    address = address or "-"
    strict, per_account, per_address = _limits()
    return [(strict, f"{account}\x00{address}"), (per_account, account), (per_address, address)]


def login_wait(*, username: str, address: str | None) -> int:
    """Seconds before this account may try a password again from this address; 0 when it may now."""
    return ratelimit.longest_wait(_checks(username, address))


def login_failed(*, username: str, address: str | None) -> None:
    ratelimit.hit_all(_checks(username, address))


def login_succeeded(*, username: str, address: str | None) -> None:
    """Forget this account's failures from this address only: a good login elsewhere clears nothing."""
    strict, _account, _address = _limits()
    ratelimit.reset(strict, _checks(username, address)[0][1])


def second_factor_wait(*, user_id: int) -> int:
    return ratelimit.wait_seconds(second_factor_limit(), str(user_id))


def second_factor_failed(*, user_id: int) -> None:
    ratelimit.hit(second_factor_limit(), str(user_id))


def wait_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many failed attempts. For your safety, try again in %(minutes)d minute.",
        "Too many failed attempts. For your safety, try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
