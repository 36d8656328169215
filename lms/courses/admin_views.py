"""Wagtail admin screens of lms.courses: the requirements grid, enrolments (with export),
approvals, bulk enrolment of a unit or category, and a course's progress."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from lms.core.models import TraineeCategory, WorkUnit
from lms.core.selectors import active_trainees
from lms.courses import selectors, services
from lms.courses.importing import enrolments_import
from lms.courses.models import (
    CoursePage,
    CourseRequirement,
    Enrolment,
    LecturePage,
    course_training_year,
    current_training_year,
    plausible_training_year,
)
from lms.platform.admin_screens import AdminScreen
from lms.platform.exports import LocalSpreadsheetExport
from lms.platform.ids import IdModelChoiceField, IdModelChoiceFilter, parse_id


def _year(request, *, strict=False, default=None):
    """The training year asked for, or `default` (this year) when it is missing or not a
    plausible year (within 50 years of this one). `strict` (for a POST that saves): None when a
    year was given but is not plausible, so nothing is written into a year nobody chose."""
    value = request.GET.get("year") or request.POST.get("year") or ""
    year = plausible_training_year(value)
    if year is not None:
        return year
    return None if strict and value else (default or current_training_year())


def _bad_year(request, url_name, *args):
    messages.error(request, _("Choose a training year within 50 years of this one."))
    return redirect(reverse(url_name, args=args))


class RequirementsGridView(AdminScreen, TemplateView):
    """Category × course for one year, edited as one grid and saved at once."""

    permission = "lms_courses.change_courserequirement"
    template_name = "lms_courses/admin/requirements_grid.html"
    page_title = gettext_lazy("Classified training")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        categories = list(TraineeCategory.objects.all())
        # A course with dates belongs to the year it starts; one without, to any year's grid.
        courses = list(CoursePage.objects.live()
                       .filter(Q(starts_on__isnull=True) | Q(starts_on__year=year))
                       .order_by("code").only("id", "code", "title", "credit_hours", "starts_on"))
        current = {(r.course_id, r.category_id): r.kind
                   for r in CourseRequirement.objects.filter(year=year)}
        context.update({
            "year": year,
            "years": range(year - 1, year + 2),
            "closed": services.year_is_closed(year),
            "categories": categories,
            "kinds": [("", _("Not offered")), *CourseRequirement.Kind.choices],
            "rows": [(course, [(category, current.get((course.pk, category.pk), ""))
                               for category in categories]) for course in courses],
        })
        return context

    def post(self, request, *args, **kwargs):
        year = _year(request, strict=True)
        if year is None:
            return _bad_year(request, "lms_courses_requirements")
        cells = {}
        for key, value in request.POST.items():
            ids = [parse_id(part) for part in key.removeprefix("cell-").split("-")]
            if key.startswith("cell-") and len(ids) == 2 and None not in ids:
                cells[tuple(ids)] = value
        valid_courses = set(CoursePage.objects.filter(pk__in={c for c, _x in cells})
                            .values_list("pk", flat=True))
        valid_categories = set(TraineeCategory.objects.values_list("pk", flat=True))
        cells = {key: value for key, value in cells.items()
                 if key[0] in valid_courses and key[1] in valid_categories}
        try:
            changed = services.requirements_set(year=year, cells=cells)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Requirements for %(year)s saved; plans of %(count)s "
                                        "categories are being updated.")
                             % {"year": year, "count": len(changed)})
        return redirect(f"{reverse('lms_courses_requirements')}?year={year}")


RULES_OVERRIDE_HELP = gettext_lazy(
    "Enrol them even where a trainee's own choice would be refused (not offered to their "
    "category, enrolment closed, a missing prerequisite, a timetable clash). Recorded on each "
    "enrolment; their page shows the course as assigned by the training office.")
REENROL_HELP = gettext_lazy("Put back trainees who withdrew from the course; otherwise they are "
                            "listed and left as they are.")


class StaffEnrolOptions(forms.Form):
    """The two choices the office makes knowingly, shared by bulk enrolment and imports."""

    override_rules = forms.BooleanField(required=False, help_text=RULES_OVERRIDE_HELP,
                                        label=gettext_lazy("Override the enrolment rules"))
    reenrol = forms.BooleanField(required=False, help_text=REENROL_HELP,
                                 label=gettext_lazy("Re-enrol those who withdrew"))


class BulkEnrolForm(StaffEnrolOptions):
    course = IdModelChoiceField(queryset=CoursePage.objects.live().order_by("code"),
                                label=gettext_lazy("Course"))
    work_unit = IdModelChoiceField(queryset=WorkUnit.objects.order_by("path"), required=False,
                                   label=gettext_lazy("Everyone in this unit and below"))
    category = IdModelChoiceField(queryset=TraineeCategory.objects.all(), required=False,
                                  label=gettext_lazy("Everyone in this category"))

    field_order = ["course", "work_unit", "category", "override_rules", "reenrol"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].label_from_instance = WorkUnit.indented_name

    def clean(self):
        data = super().clean()
        if not data.get("work_unit") and not data.get("category"):
            raise forms.ValidationError(_("Choose a work unit, a category, or both."))
        return data

    def trainee_ids(self):
        return list(active_trainees(work_unit=self.cleaned_data.get("work_unit"),
                                    category=self.cleaned_data.get("category"))
                    .values_list("pk", flat=True))


LEFT_OUT_SHOWN = 20


def _left_out_lines(result):
    """What a bulk enrolment left out, one line per reason, naming the first few people."""
    reasons = {
        "not_offered": _("Not offered to their category"),
        "not_published": _("The course is not published"),
        "enrolment_not_open": _("Enrolment has not opened"),
        "enrolment_closed": _("Enrolment has closed"),
        "prerequisites_missing": _("Prerequisites not completed"),
        "timetable_clash": _("Timetable clash"),
        "withdrawn": _("Withdrew earlier (tick “re-enrol” to put them back)"),
    }
    groups = {}
    for user_id, refusal in result.refused.items():
        groups.setdefault(refusal.code, []).append(user_id)
    if result.withdrawn_left:
        groups["withdrawn"] = result.withdrawn_left
    shown = {pk for ids in groups.values() for pk in ids[:LEFT_OUT_SHOWN]}
    names = {user.pk: user.get_full_name() or user.get_username() for user in
             get_user_model().objects.filter(pk__in=shown).only("username", "first_name",
                                                                "last_name")}
    lines = []
    for code, ids in groups.items():
        people = ", ".join(names.get(pk, "?") for pk in ids[:LEFT_OUT_SHOWN])
        if len(ids) > LEFT_OUT_SHOWN:
            people = _("%(names)s and %(count)s more") % {
                "names": people, "count": len(ids) - LEFT_OUT_SHOWN}
        lines.append(_("%(reason)s (%(count)s): %(names)s") % {
            "reason": reasons.get(code, code), "count": len(ids), "names": people})
    return lines


class BulkEnrolView(AdminScreen, FormView):
    permission = "lms_courses.add_enrolment"
    template_name = "lms_courses/admin/bulk_enrol.html"
    form_class = BulkEnrolForm
    page_title = gettext_lazy("Enrol a unit or category")
    header_icon = "group"

    def form_valid(self, form):
        user_ids = form.trainee_ids()
        if not user_ids:
            form.add_error(None, _("Nobody matches; nothing was changed."))
            return self.form_invalid(form)
        course = form.cleaned_data["course"]
        try:
            result = services.staff_enrol(
                user_ids=user_ids, course=course, by=self.request.user,
                override_rules=form.cleaned_data["override_rules"],
                reenrol=form.cleaned_data["reenrol"])
        except services.EnrolmentRefused as refusal:
            form.add_error(None, " ".join(refusal.messages))
            return self.form_invalid(form)
        messages.success(self.request, _(
            "%(course)s (%(year)s): %(enrolled)s enrolled, %(waitlisted)s wait-listed, "
            "%(unchanged)s already on the course.") % {
            "course": course.title, "year": result.year, "enrolled": result.enrolled,
            "waitlisted": result.waitlisted, "unchanged": result.unchanged})
        if result.overridden:
            messages.warning(self.request, _("%(count)s enrolled over the rules, as you asked.")
                             % {"count": result.overridden})
        if result.reenrolled:
            messages.info(self.request, _("Of them, %(count)s had withdrawn and are re-enrolled, "
                                          "as you asked.") % {"count": result.reenrolled})
        for line in _left_out_lines(result):
            messages.warning(self.request, _("Left out: %(reason)s") % {"reason": line})
        return redirect("lms_courses_bulk_enrol")


class EnrolmentImportForm(StaffEnrolOptions):
    file = forms.FileField(label=gettext_lazy("Enrolment list"),
                           help_text=gettext_lazy("A .csv or .xlsx file with the columns "
                                                  "“username” and “course code”."))

    field_order = ["file", "override_rules", "reenrol"]


class EnrolmentImportView(AdminScreen, FormView):
    """Enrol from a spreadsheet: every row is checked first; any error and nothing changes."""

    permission = "lms_courses.add_enrolment"
    template_name = "lms_courses/admin/enrolment_import.html"
    form_class = EnrolmentImportForm
    page_title = gettext_lazy("Import enrolments")
    header_icon = "upload"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        counts, errors = enrolments_import(
            content=upload.read(), file_name=upload.name, by=self.request.user,
            override_rules=form.cleaned_data["override_rules"],
            reenrol=form.cleaned_data["reenrol"])
        if errors:
            return self.render_to_response(self.get_context_data(form=form, errors=errors))
        messages.success(self.request, _(
            "Imported: %(enrolled)s enrolled, %(waitlisted)s wait-listed, %(unchanged)s already "
            "on their course.") % counts)
        if counts["overridden"]:
            messages.warning(self.request, _("%(count)s enrolled over the rules, as you asked.")
                             % {"count": counts["overridden"]})
        return redirect("lms_courses_enrolment_import")


class CourseProgressView(AdminScreen, TemplateView):
    """Who is on a course and how far each has got (a fixed number of queries): for staff who
    see the enrolment lists, and for the course's own instructors. Those who may also record
    completions (attendance of an offline course, say) tick trainees and record them."""

    template_name = "lms_courses/admin/course_progress.html"
    page_title = gettext_lazy("Course progress")
    header_icon = "list-ul"

    def has_permission(self, request):
        return selectors.may_see_progress(request.user, self.kwargs["course_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = get_object_or_404(CoursePage, pk=self.kwargs["course_id"])
        # A dated course's trainees are in the year it starts.
        year = _year(self.request, default=course_training_year(course))
        lectures = LecturePage.objects.live().child_of(course)
        total = lectures.count()
        enrolments = (Enrolment.objects.filter(course=course, year=year)
                      .select_related("user", "user__trainee_profile__work_unit", "completed_by")
                      .annotate(lectures_done=Count(
                          "lecture_progress",
                          filter=Q(lecture_progress__lecture__in=lectures), distinct=True))
                      .order_by("status", "user__username"))
        context.update({"course": course, "year": year, "lecture_count": total,
                        "enrolments": enrolments,
                        "may_record": selectors.may_record_completion(self.request.user,
                                                                      course.pk),
                        "may_withdraw": selectors.may_withdraw_trainees(self.request.user),
                        "counts": [(Enrolment.Status(status).label, n) for status, n in
                                   Enrolment.objects.filter(course=course, year=year)
                                   .values_list("status").annotate(n=Count("pk"))
                                   .order_by("status")]})
        return context

    def post(self, request, *args, **kwargs):
        course = get_object_or_404(CoursePage, pk=self.kwargs["course_id"])
        if not selectors.may_record_completion(request.user, course.pk):
            raise PermissionDenied
        year = _year(request, strict=True)
        if year is None:
            return _bad_year(request, "lms_courses_progress", course.pk)
        back = f"{reverse('lms_courses_progress', args=[course.pk])}?year={year}"
        actions = {"record": self._record, "revert": self._revert, "withdraw": self._withdraw}
        action = actions.get(request.POST.get("action"))
        user_ids = {parse_id(value) for value in request.POST.getlist("trainee")} - {None}
        if action is None:
            messages.error(request, _("Choose whether to record or to take back completions."))
            return redirect(back)
        if action == self._withdraw and not selectors.may_withdraw_trainees(request.user):
            raise PermissionDenied
        if not user_ids:
            messages.error(request, _("Tick the trainees first."))
            return redirect(back)
        try:
            action(request, course, user_ids, year)
        except services.EnrolmentRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        return redirect(back)

    def _record(self, request, course, user_ids, year):
        result = services.completions_record(course=course, user_ids=user_ids,
                                             by=request.user, year=year)
        messages.success(request, _(
            "Recorded as completed: %(completed)s; already completed: %(unchanged)s.") % result)
        if result["skipped"]:
            messages.warning(request, _(
                "Not enrolled, so not recorded: %(names)s.") % {
                "names": ", ".join(result["skipped"])})

    def _revert(self, request, course, user_ids, year):
        reverted = services.completions_revert(course=course, user_ids=user_ids, year=year)
        messages.success(request, _("Recorded completions taken back: %(count)s.")
                         % {"count": reverted})

    def _withdraw(self, request, course, user_ids, year):
        result = services.staff_withdraw(course=course, user_ids=user_ids, by=request.user,
                                         year=year)
        messages.success(request, _("Taken off the course: %(count)s; freed seats went to the "
                                    "waiting list.") % {"count": result["withdrawn"]})
        if result["required"]:
            names = [user.get_full_name() or user.get_username() for user in
                     get_user_model().objects.filter(pk__in=result["required"])
                     .order_by("username")]
            messages.warning(request, _(
                "Required for their category, so left on the course: %(names)s. Change the "
                "requirements or their category instead.") % {"names": ", ".join(names)})


class MyClassesView(AdminScreen, TemplateView):
    """The courses I teach, with how many trainees are on each, each linked to its progress."""

    template_name = "lms_courses/admin/my_classes.html"
    page_title = gettext_lazy("My classes")
    header_icon = "group"

    def has_permission(self, request):
        return bool(selectors.course_ids_taught_by(request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context.update({"year": year, "years": range(year - 1, year + 2),
                        "courses": selectors.classes_of(self.request.user, year)})
        return context


class DecideView(AdminScreen, TemplateView):
    """Pending elective choices, approved or turned down one by one."""

    permission = "lms_courses.change_enrolment"
    template_name = "lms_courses/admin/approvals.html"
    page_title = gettext_lazy("Approvals")
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = (Enrolment.objects.filter(status=Enrolment.Status.PENDING)
                              .select_related("user", "course").order_by("status_changed_at"))
        return context

    def post(self, request, *args, **kwargs):
        enrolment_id, decision = parse_id(request.POST.get("enrolment", "")), request.POST.get(
            "decision")
        enrolment = Enrolment.objects.filter(pk=enrolment_id).first() if enrolment_id else None
        if enrolment is None or decision not in ("approve", "reject"):
            messages.error(request, _("Choose an enrolment and approve or turn it down."))
            return redirect("lms_courses_approvals")
        try:
            services.enrolment_decide(enrolment=enrolment, approve=decision == "approve")
        except services.EnrolmentRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("lms_courses_approvals")


class EnrolmentFilterSet(WagtailFilterSet):
    """The enrolment list's filters. A course id is a page id, found through the page_ptr
    relation, which (unlike a plain id) SQLite cannot look up beyond 64 bits: a forged id is
    "not one of the choices" here rather than a 500."""

    course = IdModelChoiceFilter(queryset=CoursePage.objects.all())

    class Meta:
        model = Enrolment
        fields = ["year", "status", "source", "course"]


class EnrolmentIndexView(LocalSpreadsheetExport, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related(
            "user", "user__trainee_profile__work_unit", "course", "completed_by")


class EnrolmentViewSet(ModelViewSet):
    """Enrolment lists with filters and CSV/XLSX export (Wagtail's listing export)."""

    model = Enrolment
    name = "enrolments"
    icon = "list-ul"
    menu_label = gettext_lazy("Enrolments")
    add_to_admin_menu = False
    index_view_class = EnrolmentIndexView
    list_display = ["user", "course", "year", "status", "source", "status_changed_at"]
    filterset_class = EnrolmentFilterSet
    list_export = ["user.username", "user.first_name", "trainee_unit", "course.code",
                   "course.title", "year",
                   "get_status_display", "get_source_display", "status_changed_at",
                   "completed_at", "credited_hours", "completion_recorder"]
    export_headings = {
        "completion_recorder": gettext_lazy("Completion recorded by"),
        "trainee_unit": gettext_lazy("Work unit"),
        "user.username": gettext_lazy("Username"),
        "user.first_name": gettext_lazy("Full name"),
        "course.code": gettext_lazy("Course code"),
        "course.title": gettext_lazy("Course"),
        "get_status_display": gettext_lazy("Status"),
        "get_source_display": gettext_lazy("Source"),
    }
    # Enrolments are not in the search index: Wagtail searches these with icontains, which
    # finds a Chinese word inside a longer title ("法治" in "法治政府建设").
    search_fields = ["user__username", "user__first_name", "course__code", "course__title"]
    # Wagtail wants form fields declared; none are editable (ReadOnlyPolicy refuses add and
    # edit: enrolments change only through the services).
    form_fields = []
    copy_view_enabled = False
    list_per_page = 50
    # Enrolments are written constantly; Wagtail's reference index would cost queries each time.
    add_to_reference_index = False


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Enrolments change only through the services (seats, waiting list, approvals), so the
    generic admin may list and export them but never add, edit or delete one."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["view"] if "view" in actions else [])
