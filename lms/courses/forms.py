"""Forms of lms.courses: the catalogue's filters (shared by the page and the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from lms.core.ids import IdModelChoiceField
from lms.core.models import TraineeCategory
from lms.courses.models import CoursePage, CourseRequirement


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.SlugField(label=_("Topic"), required=False, allow_unicode=True)
    format = forms.ChoiceField(label=_("Format"), required=False,
                               choices=[("", _("Any format")), *CoursePage.Format.choices])
    category = IdModelChoiceField(label=_("Trainee category"), required=False,
                                      queryset=TraineeCategory.objects.all(),
                                      empty_label=_("Any category"))
    kind = forms.ChoiceField(label=_("For me"), required=False,
                             choices=[("", _("Everything offered")),
                                      *CourseRequirement.Kind.choices])
    min_hours = forms.DecimalField(label=_("At least (hours)"), required=False, min_value=0,
                                   max_digits=5, decimal_places=1)
    max_hours = forms.DecimalField(label=_("At most (hours)"), required=False, min_value=0,
                                   max_digits=5, decimal_places=1)
    available = forms.BooleanField(label=_("Seats left only"), required=False)

    def with_topic_menu(self):
        """Show topics as a menu (one query); the API validates the slug without it."""
        self.fields["topic"].widget = forms.Select(choices=[("", _("Any topic"))] + [
            (tag.slug, tag.name) for tag in Tag.objects.filter(
                lms_courses_coursetopic_items__isnull=False).distinct().order_by("name")
        ])
        return self

    def clean(self):
        data = super().clean()
        low, high = data.get("min_hours"), data.get("max_hours")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The minimum hours are more than the maximum."))
        return data

    def filters(self):
        """The cleaned filters for selectors.catalogue (empty when the form is invalid)."""
        if not self.is_valid():
            return {}, None
        data = dict(self.cleaned_data)
        search = data.pop("q") or None
        if data.get("category") is not None:
            data["category"] = data["category"].pk
        return data, search
