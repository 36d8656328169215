"""Site views of lms.courses: the trainee's enrol / withdraw / mark-done actions (plain forms, so
they work without JavaScript). The pages themselves are Wagtail pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.courses import selectors, services
from lms.courses.models import (
    Enrolment,
    LecturePage,
    current_training_year,
    plausible_training_year,
)
from lms.platform.pages import viewable


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _run(request, action, fallback, success):
    try:
        result = action()
    except services.EnrolmentRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, success(result))
    return _back(request, fallback)


def _enrolment_message(enrolment):
    title = enrolment.course.title
    message = {
        Enrolment.Status.ENROLLED: _("You are enrolled on “%(course)s”."),
        Enrolment.Status.PENDING: _("“%(course)s” is chosen and awaits the training office’s "
                                    "approval."),
        Enrolment.Status.WAITLISTED: _("“%(course)s” is full: you are on the waiting list and "
                                       "get a seat as soon as one frees."),
        Enrolment.Status.COMPLETED: _("You have completed “%(course)s”."),
    }.get(enrolment.status, _("“%(course)s” updated.")) % {"course": title}
    if enrolment.year != current_training_year():
        message += " " + _("It is in your training plan for %(year)s.") % {"year": enrolment.year}
    return message


def _plan_year(request):
    """The plan a course without dates is chosen into (the catalogue's plan year), else None."""
    return plausible_training_year(request.POST.get("plan_year", ""))


@login_required
@require_POST
def enrol(request, course_id):
    course = get_object_or_404(selectors.viewable_courses(request), pk=course_id)
    return _run(request, lambda: services.enrolment_request(
        user=request.user, course=course, plan_year=_plan_year(request)),
        course.url, _enrolment_message)


@login_required
@require_POST
def withdraw(request, course_id):
    course = get_object_or_404(selectors.viewable_courses(request), pk=course_id)
    return _run(request, lambda: services.enrolment_withdraw(
        user=request.user, course=course, plan_year=_plan_year(request)),
                course.url,
                lambda e: _("You have withdrawn from “%(course)s”.") % {"course": course.title})


@login_required
@require_POST
def mark_done(request, lecture_id):
    """Record a lecture done. Only a trainee with a confirmed place on the course in its training
    year may (the rule the lecture page follows to offer the form, outline.Outline
    .records_progress); the service refuses anyone else with a message and changes nothing. A
    lecture the requester may not view is a 404, as if it did not exist."""
    lecture = get_object_or_404(viewable(LecturePage.objects.defer_streamfields(), request),
                                pk=lecture_id)

    def message(enrolment):
        if enrolment.status == Enrolment.Status.COMPLETED:
            return _enrolment_message(enrolment)
        return _("“%(lecture)s” is marked as done.") % {"lecture": lecture.title}

    return _run(request, lambda: services.lecture_mark_done(user=request.user, lecture=lecture),
                lecture.url, message)
