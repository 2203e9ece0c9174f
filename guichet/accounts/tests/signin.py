"""Test steps of a real sign-in through the pages: password, then the second factor when one is enrolled."""

from django.urls import reverse

from .factories import totp_code

PASSWORD = "secret-password"


def post_password(client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def sign_in(client, user, password: str = PASSWORD, step: int = 0, **extra):
    """Log in through the pages; returns the last response (a redirect once signed in)."""
    response = post_password(client, user.username, password, **extra)
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(user, step)}, **extra)
    return response
