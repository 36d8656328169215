"""Models of courses: catalogue, course and lecture pages, sessions, requirements, enrolments."""

from datetime import datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lms.core.models import TraineeCategory
from lms.courses.blocks import CourseBody, LectureBody
from lms.courses.page_forms import CoursePageForm, LecturePageForm
from lms.platform.search import TitleAndSummaryWords, search_html, search_text

HOURS = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(Decimal("0"))]}


def current_training_year():
    """The training year of today, in the site's time zone: the plan a trainee sees first."""
    return timezone.localdate().year


def plausible_training_year(value):
    """A year asked for in a URL or a form, as an int, when it is within 50 years of this one;
    else None."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if abs(year - current_training_year()) <= 50 else None


def course_training_year(course, plan_year=None):
    """The training year an enrolment on this course belongs to: the year the course starts,
    or, for a course without dates, the year of the plan it is chosen into (this year unless
    another plan is named)."""
    if course.starts_on is not None:
        return course.starts_on.year
    return plan_year or current_training_year()


def with_training_year(courses, plan_year=None):
    """Courses annotated with `training_year`, the same rule as course_training_year in SQL."""
    return courses.annotate(training_year=Coalesce(
        ExtractYear("starts_on"), Value(plan_year or current_training_year()),
        output_field=models.IntegerField()))


class CourseIndexPage(Page):
    """The catalogue ("course supermarket") that trainees browse and choose electives in."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["lms_courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from lms.courses import conf, selectors  # selectors read the models of this module

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.catalogue_listing(
            request, page_size=conf.get("LMS_COURSES_PAGE_SIZE")))
        return context


class CourseTopic(TaggedItemBase):
    content_object = ParentalKey("lms_courses.CoursePage", related_name="topic_items",
                                 on_delete=models.CASCADE)


class CoursePage(TitleAndSummaryWords, Page):
    """A course: what it teaches, how and when it runs, who may take it and how many."""

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        OFFLINE = "offline", _("In person")
        BLENDED = "blended", _("Blended")

    code = models.SlugField(_("course code"), max_length=40, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    learning_objectives = RichTextField(_("learning objectives"), blank=True)
    # Below the outline, for those who may read the lectures: a final quiz, notes, handouts.
    materials = StreamField(CourseBody(), blank=True, verbose_name=_("course materials"),
                            help_text=_("Shown below the lectures to trainees on the course: a "
                                        "final quiz, notes, handouts."))
    topics = ClusterTaggableManager(through=CourseTopic, blank=True, verbose_name=_("topics"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices,
                              default=Format.ONLINE)
    credit_hours = models.DecimalField(_("credit hours"), default=Decimal("2"), **HOURS)
    instructors = ParentalManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                          related_name="taught_courses",
                                          verbose_name=_("instructors"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True,
        help_text=_("Seats for trainees; leave empty for no limit."),
    )
    requires_approval = models.BooleanField(
        _("requires approval"), default=False,
        help_text=_("Elective choices wait for the training office to approve them."),
    )
    enrolment_opens = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    withdrawal_deadline = models.DateTimeField(
        _("withdrawal deadline"), null=True, blank=True,
        help_text=_("Trainees may withdraw from an elective until then; empty means until it starts."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    prerequisites = ParentalManyToManyField("self", symmetrical=False, blank=True,
                                            related_name="unlocks",
                                            verbose_name=_("prerequisites"))
    cover_image = models.ForeignKey("wagtailimages.Image", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("cover image"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("code"), FieldPanel("format"), FieldPanel("credit_hours")]),
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        FieldPanel("topics"),
        FieldPanel("cover_image"),
        FieldPanel("instructors"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("capacity"), FieldPanel("requires_approval")]),
            FieldRowPanel([FieldPanel("enrolment_opens"), FieldPanel("enrolment_closes")]),
            FieldPanel("withdrawal_deadline"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("prerequisites"),
        ], heading=_("Enrolment")),
        InlinePanel("sessions", heading=_("Class sessions"), label=_("Class session")),
        FieldPanel("materials"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("code"),
        index.SearchField("summary"),
        index.SearchField("learning_objectives"),
        index.FilterField("format"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        # The same text cut into words (lms.platform.search), so a Chinese word is found inside
        # a longer run; title words are boosted like the title (PostgreSQL weighs boosts).
        *TitleAndSummaryWords.search_fields,
        index.SearchField("search_objectives_words"),
        index.SearchField("search_topic_words"),
        index.SearchField("search_code_words"),
    ]
    parent_page_types = ["lms_courses.CourseIndexPage"]
    subpage_types = ["lms_courses.LecturePage"]
    base_form_class = CoursePageForm

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        if self.enrolment_opens and self.enrolment_closes and (
            self.enrolment_closes <= self.enrolment_opens
        ):
            raise ValidationError({"enrolment_closes": _("Enrolment must close after it opens.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A course cannot end before it starts.")})

    def withdrawal_closes_at(self):
        """When trainees can no longer drop this course: its withdrawal deadline, else the start
        of its first day, else never (None)."""
        if self.withdrawal_deadline is not None:
            return self.withdrawal_deadline
        if self.starts_on is not None:
            return timezone.make_aware(datetime.combine(self.starts_on, time.min))
        return None

    def search_objectives_words(self):
        return search_html(self.learning_objectives)

    def search_topic_words(self):
        return search_text(" ".join(topic.name for topic in self.topics.all()))

    def search_code_words(self):
        return search_text(self.code)

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # The index is refreshed from post_save, before the page's cluster children (its topics)
        # are written; index it again so a topic is searchable as soon as it is saved.
        if self.pk and self.live:
            index.insert_or_update_object(self)
        return result

    def get_context(self, request, *args, **kwargs):
        from lms.courses import outline  # the outline reads the models of this module

        context = super().get_context(request, *args, **kwargs)
        context.update(outline.course_page_context(self, request))
        return context


class ClassSession(Orderable):
    """A scheduled in-person meeting of an offline or blended course."""

    course = ParentalKey(CoursePage, related_name="sessions", on_delete=models.CASCADE)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("place")]

    class Meta(Orderable.Meta):
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})

    def __str__(self):
        return f"{self.course.title}: {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class LecturePage(TitleAndSummaryWords, Page):
    """One lecture of a course: its content and the hours it is worth."""

    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(LectureBody(), blank=True, verbose_name=_("body"))
    credit_hours = models.DecimalField(_("credit hours"), default=Decimal("0.5"), **HOURS)
    open_preview = models.BooleanField(
        _("open preview"), default=False,
        help_text=_("Anyone who may see the course reads this lecture, enrolled or not: a taste "
                    "of the course before choosing it. Other lectures are for the trainees "
                    "enrolled on it, its instructors and the training office."))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("credit_hours"),
                      FieldPanel("open_preview"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body"),
                     *TitleAndSummaryWords.search_fields]
    parent_page_types = ["lms_courses.CoursePage"]
    subpage_types = []
    base_form_class = LecturePageForm

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")

    def get_context(self, request, *args, **kwargs):
        from lms.courses import outline  # the outline reads the models of this module

        # Wagtail serves this page itself: whether the body is shown is decided here, once, and
        # the template renders it only for those who may read it.
        context = super().get_context(request, *args, **kwargs)
        context.update(outline.lecture_page_context(self, request))
        return context


class CourseRequirement(models.Model):
    """Whether a course is required or elective for a trainee category in a training year."""

    class Kind(models.TextChoices):
        REQUIRED = "required", _("Required")
        ELECTIVE = "elective", _("Elective")

    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="requirements",
                               verbose_name=_("course"))
    category = models.ForeignKey(TraineeCategory, on_delete=models.CASCADE,
                                 related_name="course_requirements",
                                 verbose_name=_("trainee category"))
    year = models.PositiveSmallIntegerField(_("training year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("course requirement")
        verbose_name_plural = _("course requirements")
        constraints = [models.UniqueConstraint(fields=["course", "category", "year"],
                                               name="one_requirement_per_course_category_year")]
        indexes = [models.Index(fields=["category", "year"])]

    def __str__(self):
        return f"{self.course} · {self.category} · {self.year}: {self.get_kind_display()}"


class Enrolment(models.Model):
    """A trainee's place on a course in a training year, from choice or assignment to completion."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("Wait-listed")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Not approved")

    class Source(models.TextChoices):
        REQUIRED = "required", _("Required for the category")
        ELECTIVE = "elective", _("Chosen elective")
        STAFF = "staff", _("Enrolled by the training office")

    # Statuses that hold a seat, and those that count towards the plan.
    SEAT_STATUSES = (Status.PENDING, Status.ENROLLED, Status.COMPLETED)
    ACTIVE_STATUSES = (Status.PENDING, Status.ENROLLED, Status.WAITLISTED, Status.COMPLETED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="enrolments", verbose_name=_("trainee"))
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments",
                               verbose_name=_("course"))
    year = models.PositiveSmallIntegerField(_("training year"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    credited_hours = models.DecimalField(_("credited hours"), default=Decimal("0"), **HOURS)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("completion recorded by"),
        help_text=_("The instructor or staff member who recorded the completion (attendance of "
                    "an offline course, say); empty when the course's criteria completed it."))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("assigned by"),
        help_text=_("The staff member who enrolled the trainee (bulk enrolment or import)."))
    rules_overridden = models.BooleanField(
        _("assigned over the rules"), default=False,
        help_text=_("The training office enrolled the trainee although a rule of a trainee's own "
                    "choice said no (not offered to the category, enrolment closed, a missing "
                    "prerequisite or a timetable clash)."))

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "course", "year"],
                                               name="one_enrolment_per_user_course_year")]
        indexes = [
            models.Index(fields=["course", "year", "status"]),
            models.Index(fields=["user", "year", "status"]),
        ]

    def __str__(self):
        return f"{self.user} · {self.course} ({self.get_status_display()})"

    def completion_recorder(self):
        """The username of who recorded the completion, or "" (a column of the export)."""
        return self.completed_by.get_username() if self.completed_by_id else ""

    def trainee_unit(self):
        """The trainee's work unit now, or "" (a column of the export)."""
        profile = getattr(self.user, "trainee_profile", None)
        return profile.work_unit.name if profile and profile.work_unit_id else ""

    @property
    def is_assigned(self):
        """Put on the course by the training office rather than chosen or required."""
        return self.source == self.Source.STAFF


class TrainingYear(models.Model):
    """A training year the office has closed: nothing in it changes any more (no enrolment,
    withdrawal, completion or credit). A year without a row, or with `closed_at` empty, is open."""

    year = models.PositiveSmallIntegerField(_("training year"), unique=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("closed by"))

    class Meta:
        verbose_name = _("training year")
        verbose_name_plural = _("training years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    @property
    def is_closed(self):
        return self.closed_at is not None


class LectureProgress(models.Model):
    """A lecture finished within one enrolment (marked done for now; later by watching). It
    belongs to the enrolment, so a retake in a later year starts with no lecture done and the
    earlier year's records stay as history."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE,
                                  related_name="lecture_progress", verbose_name=_("enrolment"))
    lecture = models.ForeignKey(LecturePage, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lecture progress")
        verbose_name_plural = _("lecture progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lecture"],
                                               name="one_progress_per_enrolment_lecture")]

    def __str__(self):
        return f"{self.enrolment} · {self.lecture}"
