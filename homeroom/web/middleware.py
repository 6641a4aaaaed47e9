"""Refuses control characters in every value a web page receives, in one place.

Every query-string and form value (and every name) of a request outside the JSON API is
checked against the one character rule of :mod:`homeroom.lib.text` before any view reads
it. A refused character answers 400 with a page naming the field; nothing is changed.
The JSON API (``/api/``) applies the same rule in its input schema and answers 422.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from homeroom.lib.text import describe, refused_character

API_PREFIX = "/api/"


def _refused_in(values: QueryDict) -> tuple[str, str] | None:
    """The first (field, character) in ``values`` that breaks the rule, or None."""
    for key, items in values.lists():
        for text in (key, *items):
            char = refused_character(text)
            if char is not None:
                return key, char
    return None


class RefuseControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            found = _refused_in(request.GET)
            if found is None and request.method == "POST":
                found = _refused_in(request.POST)
            if found is not None:
                field, char = found
                shown = field if refused_character(field) is None else repr(field)
                context = {"field": shown, "character": describe(char)}
                return render(request, "web/bad_input.html", context, status=400)
        return self.get_response(request)
