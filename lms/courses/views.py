"""Site views of lms.courses: catalogue, course and lecture page contexts, and the trainee's
enrol / withdraw / mark-done actions (plain forms, so they work without JavaScript)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.courses import conf, selectors, services
from lms.courses.forms import CatalogueFilterForm
from lms.courses.models import CoursePage, Enrolment, LecturePage


def _decorate(course):
    """Seats left and whether the trainee may choose or drop it now, for the templates."""
    course.seats_left = selectors.seats_left(course)
    course.can_choose = course.my_kind == "elective" and course.my_status in (
        None, Enrolment.Status.WITHDRAWN, Enrolment.Status.REJECTED)
    course.can_withdraw = course.my_kind != "required" and course.my_status in (
        Enrolment.Status.ENROLLED, Enrolment.Status.PENDING, Enrolment.Status.WAITLISTED)
    return course


def catalogue_context(request, index_page):
    form = CatalogueFilterForm(request.GET or None).with_topic_menu()
    filters, search = form.filters() if request.GET else ({}, None)
    courses = selectors.catalogue(user=request.user, filters=filters, search=search)
    page = Paginator(courses, conf.get("LMS_COURSES_PAGE_SIZE")).get_page(request.GET.get("page"))
    page.object_list = selectors.attach_topics(page.object_list)
    for course in page.object_list:
        _decorate(course)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter_form": form, "courses": page, "query_string": query.urlencode()}
    if request.user.is_authenticated:
        context["plan"] = selectors.plan_for(request.user)
    return context


def course_context(request, course):
    context = {"lectures": selectors.course_lectures(course, request.user)}
    if request.user.is_authenticated:
        context["course_info"] = _decorate(selectors.course_overlay(course, user=request.user))
    return context


def lecture_context(request, lecture):
    context = {"course": lecture.get_parent().specific}
    if request.user.is_authenticated:
        context["done"] = lecture.progress.filter(user=request.user).exists()
    return context


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
    return {
        Enrolment.Status.ENROLLED: _("You are enrolled on “%(course)s”."),
        Enrolment.Status.PENDING: _("“%(course)s” is chosen and awaits the training office’s "
                                    "approval."),
        Enrolment.Status.WAITLISTED: _("“%(course)s” is full: you are on the waiting list and "
                                       "get a seat as soon as one frees."),
        Enrolment.Status.COMPLETED: _("You have completed “%(course)s”."),
    }.get(enrolment.status, _("“%(course)s” updated.")) % {"course": title}


@login_required
@require_POST
def enrol(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    return _run(request, lambda: services.enrolment_request(user=request.user, course=course),
                course.url, _enrolment_message)


@login_required
@require_POST
def withdraw(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    return _run(request, lambda: services.enrolment_withdraw(user=request.user, course=course),
                course.url,
                lambda e: _("You have withdrawn from “%(course)s”.") % {"course": course.title})


@login_required
@require_POST
def mark_done(request, lecture_id):
    lecture = get_object_or_404(LecturePage.objects.live(), pk=lecture_id)
    def message(enrolment):
        if enrolment.status == Enrolment.Status.COMPLETED:
            return _enrolment_message(enrolment)
        return _("“%(lecture)s” is marked as done.") % {"lecture": lecture.title}

    return _run(request, lambda: services.lecture_mark_done(user=request.user, lecture=lecture),
                lecture.url, message)
