"""Little helpers several enrollment views share."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import HttpRequest

from homeroom.access.models import User
from homeroom.enrollment import rules
from homeroom.enrollment.intake import Criteria, Match, intake_search
from homeroom.lib.errors import RuleError


def staff(request: HttpRequest) -> User:
    """The signed-in user of a page behind ``login_required`` or ``intake_required``."""
    return cast(User, request.user)


def show(form: forms.Form, exc: RuleError) -> None:
    """Put a service's refusal on the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def matches(user: User, criteria: Criteria) -> tuple[list[Match], set[int]]:
    """The students ``criteria`` find, and which of them ``user`` may open."""
    found = intake_search(user=user, criteria=criteria)
    return found, rules.visible_ids(user, [m.student.pk for m in found])
