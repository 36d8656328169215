"""The question bank (categories, tags, questions kept as versions), quizzes with their rules,
and trainees' attempts with every answer graded against the version it showed."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

MARK = {"max_digits": 8, "decimal_places": 2}


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple response")
    TRUEFALSE = "truefalse", _("True / false")
    SHORT = "short", _("Short answer")
    NUMERICAL = "numerical", _("Numerical")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    BLANKS = "blanks", _("Fill in the blanks")
    ESSAY = "essay", _("Essay")
    DESCRIPTION = "description", _("Text only")


class QuestionCategory(models.Model):
    """A folder of the question bank, named by its path ("Tax/VAT"); quizzes draw from it."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return self.name


class QuestionTag(TaggedItemBase):
    content_object = models.ForeignKey("Question", on_delete=models.CASCADE,
                                       related_name="tagged_items")


class Question(models.Model):
    """A question of the bank. What it asks lives in its versions: editing makes a new one, and
    an attempt keeps the version it showed. `qtype` and `name` repeat the current version's for
    listing and filtering."""

    category = models.ForeignKey(QuestionCategory, on_delete=models.PROTECT,
                                 related_name="questions", verbose_name=_("category"))
    tags = TaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    qtype = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    name = models.CharField(_("name"), max_length=255)
    current_version = models.ForeignKey("QuestionVersion", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("current version"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["category__name", "name", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.name


class QuestionVersion(models.Model):
    """One version of a question: `data` is the whole question as lms.quizzes.questions
    normalises it (type, text, format, options or answers with their credit and feedback)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions",
                                 verbose_name=_("question"))
    number = models.PositiveIntegerField(_("version"))
    qtype = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    default_mark = models.DecimalField(_("default mark"), default=Decimal("1"), **MARK)
    data = models.JSONField(_("question"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["question_id", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"],
                                               name="lms_quizzes_one_version_number")]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")

    def __str__(self):
        return f"{self.data.get('name') or self.question_id} v{self.number}"


class Quiz(ClusterableModel):
    """A quiz of a course with the rules the server enforces on every attempt."""

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest grade")
        AVERAGE = "average", _("Average grade")
        FIRST = "first", _("First attempt")
        LAST = "last", _("Last attempt")

    class Overdue(models.TextChoices):
        AUTOSUBMIT = "autosubmit", _("Submitted automatically at the deadline")
        REFUSE = "refuse", _("Not counted unless submitted before the deadline")

    course = models.ForeignKey("lms_courses.CoursePage", on_delete=models.CASCADE,
                               related_name="quizzes", verbose_name=_("course"))
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("Shown before the quiz is started (Markdown)."))
    required_for_completion = models.BooleanField(
        _("required to complete the course"), default=True,
        help_text=_("Trainees complete the course only once they have passed this quiz."))
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_options = models.BooleanField(
        _("shuffle options"), default=True,
        help_text=_("Options of choice and matching questions come in a new order for each "
                    "attempt (questions may still keep theirs)."))
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited."))
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty for no limit."))
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    pass_mark = models.DecimalField(_("pass mark (%)"), max_digits=5, decimal_places=2,
                                    default=Decimal("60"))
    grading_method = models.CharField(_("grading method"), max_length=8,
                                      choices=Grading.choices, default=Grading.HIGHEST)
    overdue_handling = models.CharField(_("when time runs out"), max_length=10,
                                        choices=Overdue.choices, default=Overdue.AUTOSUBMIT)
    # What a trainee sees of an attempt, and when: during it, right after submitting it, and
    # once the quiz has closed (Moodle's review options).
    review_during_score = models.BooleanField(_("score"), default=False)
    review_during_correctness = models.BooleanField(_("right or wrong"), default=False)
    review_during_feedback = models.BooleanField(_("feedback"), default=False)
    review_during_answers = models.BooleanField(_("right answers"), default=False)
    review_after_score = models.BooleanField(_("score"), default=True)
    review_after_correctness = models.BooleanField(_("right or wrong"), default=True)
    review_after_feedback = models.BooleanField(_("feedback"), default=True)
    review_after_answers = models.BooleanField(_("right answers"), default=False)
    review_closed_score = models.BooleanField(_("score"), default=True)
    review_closed_correctness = models.BooleanField(_("right or wrong"), default=True)
    review_closed_feedback = models.BooleanField(_("feedback"), default=True)
    review_closed_answers = models.BooleanField(_("right answers"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title


class QuizSlot(models.Model):
    """A place in a quiz: a fixed question (its current version when an attempt starts), or
    `draw_count` questions drawn at random from a category and/or a tag."""

    sort_order_field = "position"  # the quiz editor's drag-and-drop order writes it

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="slots",
                       verbose_name=_("quiz"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="slots", verbose_name=_("question"))
    draw_category = models.ForeignKey(QuestionCategory, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("draw from category"))
    draw_tag = models.CharField(_("draw questions tagged"), max_length=100, blank=True)
    draw_count = models.PositiveSmallIntegerField(_("questions drawn"), default=1)
    mark = models.DecimalField(_("mark"), null=True, blank=True,
                               help_text=_("Empty: the question's default mark."), **MARK)

    class Meta:
        ordering = ["quiz_id", "position", "pk"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        constraints = [models.CheckConstraint(
            condition=Q(question__isnull=False) | Q(draw_category__isnull=False) | ~Q(draw_tag=""),
            name="lms_quizzes_slot_has_source")]

    def __str__(self):
        return f"{self.quiz} #{self.position}"


class QuizOverride(models.Model):
    """Extra time and extra attempts a trainee is given on one quiz."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="overrides",
                       verbose_name=_("quiz"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("trainee"))
    extra_minutes = models.PositiveIntegerField(_("extra minutes"), default=0)
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quiz", "user"],
                                               name="lms_quizzes_one_override")]
        verbose_name = _("extra time or attempts")
        verbose_name_plural = _("extra time and attempts")

    def __str__(self):
        return f"{self.quiz} · {self.user}"


class Attempt(models.Model):
    """A trainee's attempt at a quiz within an enrolment (or a preview by its instructors and
    staff: no enrolment, never counted). Only lms.quizzes.services moves its status:
    in progress → submitted (an essay waits for grading) or graded; or abandoned (time ran
    out on a quiz that does not count late attempts)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Awaiting grading")
        GRADED = "graded", _("Graded")
        ABANDONED = "abandoned", _("Not submitted in time")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts",
                             verbose_name=_("quiz"))
    enrolment = models.ForeignKey("lms_courses.Enrolment", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="quiz_attempts",
                                  verbose_name=_("enrolment"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="quiz_attempts", verbose_name=_("trainee"))
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    overdue = models.BooleanField(_("closed at the deadline"), default=False)
    seed = models.BigIntegerField(_("draw seed"))
    max_score = models.DecimalField(_("maximum score"), default=Decimal("0"), **MARK)
    score = models.DecimalField(_("score"), null=True, blank=True, **MARK)
    grade = models.DecimalField(_("grade (%)"), max_digits=5, decimal_places=2, null=True,
                                blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering = ["quiz_id", "user_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "enrolment", "number"],
                                    name="lms_quizzes_one_attempt_number"),
            # A double click on "Start" never opens two attempts.
            models.UniqueConstraint(fields=["quiz", "user"],
                                    condition=Q(status="in_progress"),
                                    name="lms_quizzes_one_attempt_in_progress"),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self):
        return f"{self.quiz} · {self.user} #{self.number}"

    @property
    def is_preview(self):
        return self.enrolment_id is None


class AttemptAnswer(models.Model):
    """One question of an attempt as it was drawn: the version shown, its layout (the order of
    options), the trainee's response and its grade. An essay's mark comes from a grader."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers",
                                verbose_name=_("attempt"))
    position = models.PositiveSmallIntegerField(_("position"))
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("question version"))
    layout = models.JSONField(_("layout"), default=dict)
    max_mark = models.DecimalField(_("mark"), **MARK)
    response = models.JSONField(_("response"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True)
    fraction = models.FloatField(_("credit"), null=True, blank=True)
    mark = models.DecimalField(_("mark awarded"), null=True, blank=True, **MARK)
    state = models.CharField(_("state"), max_length=14, blank=True)
    comment = models.TextField(_("grader's comment"), blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("graded by"))
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)

    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"],
                                               name="lms_quizzes_one_answer_per_position")]
        indexes = [models.Index(fields=["state"], condition=Q(state="needs_grading"),
                                name="lms_quizzes_to_grade")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.attempt} · {self.position}"


class QuizResult(models.Model):
    """A trainee's standing on a quiz within an enrolment, by the quiz's grading method over
    their graded attempts; kept by the services that grade, so the course's completion reads
    one row per quiz."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="results",
                             verbose_name=_("quiz"))
    enrolment = models.ForeignKey("lms_courses.Enrolment", on_delete=models.CASCADE,
                                  related_name="quiz_results", verbose_name=_("enrolment"))
    grade = models.DecimalField(_("grade (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    attempts = models.PositiveSmallIntegerField(_("graded attempts"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quiz", "enrolment"],
                                               name="lms_quizzes_one_result")]
        verbose_name = _("quiz result")
        verbose_name_plural = _("quiz results")

    def __str__(self):
        return f"{self.quiz} · {self.enrolment}"


class Regrade(models.Model):
    """A regrade after a question's key was fixed: which attempts changed, from what to what."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="regrades",
                             verbose_name=_("quiz"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("question"))
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("regraded with version"))
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("done by"))
    done_at = models.DateTimeField(_("done"), auto_now_add=True)
    # [{"attempt": id, "user": name, "answers": n, "old_grade": "55.00", "new_grade": "70.00"}]
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        ordering = ["-done_at"]
        verbose_name = _("regrade")
        verbose_name_plural = _("regrades")

    def __str__(self):
        return f"{self.quiz} · {self.question}"
