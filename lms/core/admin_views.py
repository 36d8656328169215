"""Wagtail admin screens of lms.core: work units as a tree, categories, trainees and imports."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ViewSetGroup

from lms.core import accounts, services
from lms.core.importing import COLUMN_LABELS, COLUMNS
from lms.core.models import TraineeCategory, TraineeImport, TraineeProfile, WorkUnit
from lms.platform.admin_screens import AdminScreen
from lms.platform.ids import IdModelChoiceField

# --- Work units -------------------------------------------------------------------------------


class WorkUnitForm(WagtailAdminModelForm):
    parent = IdModelChoiceField(
        queryset=WorkUnit.objects.order_by("path"),
        required=False,
        label=gettext_lazy("Parent unit"),
        help_text=gettext_lazy("Leave empty for a top-level unit."),
    )

    class Meta:
        model = WorkUnit
        fields = ["name", "code", "kind", "parent", "supervisors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].label_from_instance = WorkUnit.indented_name
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            self.fields["parent"].queryset = WorkUnit.objects.exclude(
                path__startswith=self.instance.path
            ).order_by("path")

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent and self.instance.pk and parent.path.startswith(self.instance.path):
            raise ValidationError(
                _("A unit cannot be placed under itself or one of its own sub-units.")
            )
        return parent


def _unit_fields(form):
    data = form.cleaned_data
    return {"name": data["name"], "code": data["code"], "kind": data["kind"],
            "parent": data["parent"], "supervisors": data["supervisors"]}


class WorkUnitCreateView(generic.CreateView):
    def save_instance(self):
        return services.work_unit_create(**_unit_fields(self.form))


class WorkUnitEditView(generic.EditView):
    def save_instance(self):
        return services.work_unit_update(unit=self.object, **_unit_fields(self.form))


class WorkUnitDeleteView(generic.DeleteView):
    def form_valid(self, form):
        try:
            services.work_unit_delete(unit=self.object)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.get_success_url())
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class WorkUnitIndexView(generic.IndexView):
    default_ordering = "path"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(member_count=Count("members"))


class WorkUnitViewSet(ModelViewSet):
    model = WorkUnit
    name = "work_units"
    icon = "site"
    menu_label = gettext_lazy("Work units")
    form_fields = ["name", "code", "kind", "parent", "supervisors"]
    list_display = ["indented_name", "code", "kind",
                    Column("member_count", label=gettext_lazy("Members"))]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    index_view_class = WorkUnitIndexView
    add_view_class = WorkUnitCreateView
    edit_view_class = WorkUnitEditView
    delete_view_class = WorkUnitDeleteView
    copy_view_enabled = False
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return WorkUnitForm


# --- Categories -------------------------------------------------------------------------------


class TraineeCategoryViewSet(ModelViewSet):
    model = TraineeCategory
    name = "trainee_categories"
    icon = "group"
    menu_label = gettext_lazy("Trainee categories")
    form_fields = ["name", "slug", "description", "annual_required_hours", "min_elective_hours",
                   "sort_order"]
    list_display = ["name", "slug", "annual_required_hours", "min_elective_hours"]
    search_fields = ["name", "slug"]
    copy_view_enabled = False


# --- Trainees ---------------------------------------------------------------------------------


class TraineeProfileIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "work_unit", "category")


class TraineeProfileEditView(generic.EditView):
    """A profile's unit and category say what its owner must study, not what they may do; still,
    only those who may manage the account change its profile (a curator not a superuser's)."""

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()  # kept: the POST handler reuses it
        if not accounts.may_manage_account(actor=request.user, account=self.object.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TraineeProfileViewSet(ModelViewSet):
    model = TraineeProfile
    name = "trainees"
    icon = "user"
    menu_label = gettext_lazy("Trainees")
    form_fields = ["work_unit", "category", "position", "rank_level", "phone"]
    list_display = ["__str__", "user", "work_unit", "category", "position", "rank_level"]
    list_filter = ["category", "rank_level", "work_unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "position"]
    index_view_class = TraineeProfileIndexView
    edit_view_class = TraineeProfileEditView
    copy_view_enabled = False
    add_to_reference_index = False  # imports save thousands of profiles
    list_per_page = 50


# --- Trainee imports --------------------------------------------------------------------------


class TraineeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Trainee list"),
        help_text=gettext_lazy("A .csv or .xlsx file with one trainee per row and a header row."),
    )
    initial_password = forms.CharField(
        label=gettext_lazy("Initial password for new accounts"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy(
            "Optional. Without it, new accounts cannot sign in until a password is set."
        ),
    )


class _ImportScreen(AdminScreen):
    permission = "lms_core.view_traineeimport"


class TraineeImportCreateView(_ImportScreen, FormView):
    permission = "lms_core.add_traineeimport"
    template_name = "lms_core/admin/trainee_import_form.html"
    form_class = TraineeImportForm
    page_title = gettext_lazy("Import trainees")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = [
            (str(COLUMN_LABELS[key]), ", ".join(COLUMNS[key])) for key in COLUMNS
        ]
        context["imports"] = TraineeImport.objects.select_related("created_by").defer("source")[:20]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            record = services.trainee_import_create(
                uploaded_by=self.request.user,
                file_name=upload.name,
                content=upload.read(),
                initial_password=form.cleaned_data["initial_password"],
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return redirect("lms_core_trainee_import_detail", pk=record.pk)


class TraineeImportDetailView(_ImportScreen, TemplateView):
    template_name = "lms_core/admin/trainee_import_detail.html"
    page_title = gettext_lazy("Trainee import")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        import_page = {"url": reverse("lms_core_trainee_import"), "label": _("Import trainees")}
        return [*self.breadcrumbs_items, import_page, {"url": "", "label": self.get_page_title()}]

    def get_page_subtitle(self):
        return self.record.file_name

    @cached_property
    def record(self):
        return get_object_or_404(
            TraineeImport.objects.defer("source").select_related("created_by"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = self.record
        context["errors"] = [
            {**error, "column_label": COLUMN_LABELS.get(error.get("column"), "")}
            for error in self.record.errors
        ]
        context["new_import_url"] = reverse("lms_core_trainee_import")
        return context


def trainee_import_template(request):
    """A CSV with the accepted header row, for curators to fill in."""
    if not request.user.has_perm("lms_core.add_traineeimport"):
        raise PermissionDenied
    header = ",".join(COLUMNS[key][0] for key in COLUMNS)
    response = HttpResponse("\ufeff" + header + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trainees-template.csv"'
    return response


class OrganisationGroup(ViewSetGroup):
    menu_label = gettext_lazy("Organisation")
    menu_icon = "site"
    menu_order = 300
    items = (WorkUnitViewSet, TraineeCategoryViewSet, TraineeProfileViewSet)
