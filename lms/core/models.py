"""Models of people and organisation: work units, trainee categories, profiles, imports, home page."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class WorkUnit(MP_Node):
    """A department, city, county or township; units form a tree, supervisors see their subtree."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County or district")
        TOWNSHIP = "township", _("Township or street")
        DEPARTMENT = "department", _("Department")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        allow_unicode=False,
        help_text=_("Short unique code used in imports and reports, e.g. JD-JC-01."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervised_units",
        verbose_name=_("supervisors"),
        help_text=_("People who see the reports of this unit and every unit below it."),
    )

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")

    def __str__(self):
        return self.name

    def indented_name(self):
        """The name indented by depth, for flat lists that show the tree."""
        return "\u2003" * (self.depth - 1) + self.name

    indented_name.short_description = _("name")


class TraineeCategory(models.Model):
    """A kind of official; it decides the required courses and the elective hours due."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    annual_required_hours = models.DecimalField(
        _("annual required hours"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Training hours each trainee of this category must complete per year."),
    )
    min_elective_hours = models.DecimalField(
        _("minimum elective hours"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Of the annual hours, how many must come from electives the trainee chose."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("trainee category")
        verbose_name_plural = _("trainee categories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_elective_hours__lte=models.F("annual_required_hours")),
                name="category_electives_within_annual_hours",
                violation_error_message=_(
                    "Minimum elective hours cannot exceed the annual required hours."
                ),
            )
        ]

    def __str__(self):
        return self.name


class RankLevel(models.TextChoices):
    """Civil-service leadership and staff levels, highest first."""

    PROVINCIAL = "provincial", _("Provincial/ministerial level")
    BUREAU = "bureau", _("Department/bureau level")
    DIVISION = "division", _("County/division level")
    SECTION = "section", _("Township/section level")
    STAFF = "staff", _("Staff level")


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9\- ]{5,19}$",
    _("Enter a phone number of digits, optionally with a leading + and dashes."),
)


class TraineeProfile(models.Model):
    """What the training office knows of one person: unit, category, position, rank."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="trainee_profile",
        verbose_name=_("user"),
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("work unit"),
    )
    category = models.ForeignKey(
        TraineeCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainees",
        verbose_name=_("trainee category"),
    )
    position = models.CharField(_("position or title"), max_length=120, blank=True)
    rank_level = models.CharField(
        _("rank level"), max_length=20, choices=RankLevel.choices, blank=True
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[phone_validator]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("trainee profile")
        verbose_name_plural = _("trainee profiles")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    @classmethod
    def from_db(cls, db, field_names, values):
        profile = super().from_db(db, field_names, values)
        # Remembered so receivers can tell whether a save changed the category.
        profile.loaded_category_id = profile.__dict__.get("category_id")
        return profile

    @property
    def category_changed(self):
        return getattr(self, "loaded_category_id", None) != self.category_id


class TraineeImport(models.Model):
    """One upload of a trainee list by the training office, applied all-or-nothing by a task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    # Kept in the database, not in media storage: it holds personal data that must never be
    # served as a public file, and every worker can read it wherever it runs.
    source = models.BinaryField(_("file contents"), editable=False)
    initial_password_hash = models.CharField(max_length=256, blank=True, editable=False)
    # Error messages are written in the language the uploader was using.
    language = models.CharField(max_length=10, default="en", editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("trainee import")
        verbose_name_plural = _("trainee imports")

    def __str__(self):
        return self.file_name

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}


class HomePage(Page):
    """The site's home page: a welcome text and the signed-in trainee's card."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
