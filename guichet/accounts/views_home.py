"""The home address: each staff member lands on their own work (accounts.permissions.home_url_name)."""

from django.shortcuts import redirect

from .permissions import home_url_name


def home(request):
    return redirect(home_url_name(request.user))
