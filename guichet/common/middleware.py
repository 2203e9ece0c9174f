"""Turns a refusal raised anywhere (NotAllowed) into a translated 403 page."""

from django.shortcuts import render

from .exceptions import NotAllowed


class NotAllowedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotAllowed):
            return render(request, "403.html", status=403)
        return None
