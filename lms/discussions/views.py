"""Site views of lms.discussions: my notifications, with "mark all as read"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.discussions import presenting, selectors, services

PAGE_SIZE = 30


@login_required
def my_notifications(request):
    """My notifications from discussions, newest first, each leading to its thread's page."""
    page = Paginator(selectors.notifications_for(request.user).select_related(
        "thread__page", "thread__course"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = presenting.notification_list(page, request.user)
    for row, note in zip(rows, page, strict=True):
        where = note.thread.page or note.thread.course
        row["where"] = f"{where.get_url(request) or '/'}#thread-{note.thread_id}"
    return render(request, "lms_discussions/site/notifications.html", {
        "page": page, "rows": rows, "unread": selectors.unread_count(request.user)})


@login_required
@require_POST
def notifications_mark_read(request):
    count = services.notifications_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("my-notifications")
