"""Site views of the trainee's learning space: My learning and the class sessions calendar."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.courses import icalendar, learning
from lms.courses.models import CourseIndexPage, current_training_year, plausible_training_year


@login_required
def my_learning(request):
    this_year = current_training_year()
    year = plausible_training_year(request.GET.get("year", "")) or this_year
    return render(request, "lms_courses/my_learning.html", {
        "learning": learning.my_learning(request.user, request=request, year=year),
        "years": [this_year - 1, this_year, this_year + 1],
        "this_year": this_year,
        "catalogue": CourseIndexPage.objects.live().first(),
    })


@login_required
def sessions_calendar(request):
    """My class sessions as an .ics file for a phone's or Outlook's calendar (the last month's
    and every one to come)."""
    now = timezone.now()
    sessions = learning.calendar_sessions(request, since=now - timedelta(days=30))
    host = request.get_host().split(":")[0] or "cadre-lms"
    events = [icalendar.Event(
        uid=f"session-{session.pk}@{host}", starts=session.starts_at, ends=session.ends_at,
        summary=f"{session.course.code} {session.course.title}", location=session.place,
        description=request.build_absolute_uri(session.course.url or "/"))
        for session in sessions]
    text = icalendar.calendar(events, name=_("My class sessions"),
                              prodid="-//Cadre LMS//Class sessions//EN", stamp=now)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-class-sessions.ics"'
    return response
