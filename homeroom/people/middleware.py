"""The family's portal speaks the family's language.

A signed-in guardian sees the pages in the site language of their ``preferred_language``
(:func:`homeroom.people.language.site_language`), unless they chose another one with the
language switch (the language cookie, which always wins). A preferred language the site
is not written in leaves the usual choice: the browser's language, else English.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from homeroom.access import policy
from homeroom.access.choices import Role
from homeroom.people.language import site_language
from homeroom.people.models import Guardian


def _guardian_language(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return None
    # The roles are read once per request and cached on the user: free for the page.
    if Role.GUARDIAN.value not in policy.roles(user):
        return None
    preferred = (
        Guardian.objects.filter(user_id=user.pk)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return site_language(preferred)


class GuardianLanguageMiddleware:
    """After authentication: activate a signed-in guardian's language for the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = _guardian_language(request)
        if lang is not None:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.get_response(request)
