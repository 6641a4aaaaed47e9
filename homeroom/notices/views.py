"""The notices page: what the user's notices say; POST marks one handled."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from homeroom.notices.selectors import notice_for, notices_for, notices_shown
from homeroom.notices.services import notice_mark_read

PAGE_SIZE = 200


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            notice_id = int(request.POST.get("notice", ""))
        except ValueError as exc:
            raise Http404("No such notice") from exc
        notice = notice_for(request.user, notice_id)
        if notice is None:
            raise Http404("No such notice")
        notice_mark_read(notice=notice, user=request.user)
        return redirect("notices:list")
    notices = notices_for(request.user)
    shown = notices_shown(request.user, notices[:PAGE_SIZE], purpose="web: notices")
    context = {"notices": shown, "unread": notices.unread().count()}
    return render(request, "notices/list.html", context)
