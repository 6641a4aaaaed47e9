"""The notices page: what the user's notices say; POST marks one handled."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from homeroom.access.models import User
from homeroom.audit.services import disclosure_record_many
from homeroom.notices.models import Notice
from homeroom.notices.selectors import notice_for, notices_for
from homeroom.notices.services import notice_mark_read

PAGE_SIZE = 200


def _disclosed(user: User, notices: Iterable[Notice]) -> list[Notice]:
    """The page of notices; the students they name are written to the disclosure log.

    A notice about a request or an alert names a student in its subject: a page of them
    is a list of students like any other (one row, counted against the read limit).
    """
    shown = list(notices)
    disclosure_record_many(
        student_ids=[n.student_id for n in shown if n.student_id is not None],
        aspects=["identity"],
        purpose="web: notices",
        user=user,
    )
    return shown


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # signed in: login_required
    if request.method == "POST":
        try:
            notice_id = int(request.POST.get("notice", ""))
        except ValueError as exc:
            raise Http404("No such notice") from exc
        notice = notice_for(user, notice_id)
        if notice is None:
            raise Http404("No such notice")
        notice_mark_read(notice=notice, user=user)
        return redirect("notices:list")
    notices = notices_for(user)
    shown = _disclosed(user, notices[:PAGE_SIZE])
    context = {"notices": shown, "unread": notices.unread().count()}
    return render(request, "notices/list.html", context)
