"""Importing and exporting the question bank in the Wagtail admin: the upload form and view that
import a GIFT or Moodle XML file all or nothing (every problem listed with its line), and the
download of a category's questions as GIFT or Moodle XML. The views are routed by the bank's
ViewSets in lms.quizzes.admin_bank ("quiz_bank:import", "quiz_categories:export")."""

import re

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView
from taggit.forms import TagField
from wagtail.admin import messages
from wagtail.admin.widgets import AdminTagWidget

from lms.platform.admin_screens import AdminScreen, PermissionRequiredMixin
from lms.platform.exports import exported
from lms.platform.ids import IdModelChoiceField
from lms.quizzes import conf, gift, moodlexml, services
from lms.quizzes.models import Question, QuestionCategory
from lms.quizzes.services.bank import ImportRefused

GIFT_EXTENSIONS = (".gift", ".txt")
XML_EXTENSIONS = (".xml",)


def decode(content):
    """A text file's text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030 (what
    Chinese Windows editors save)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("gb18030", errors="replace")


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy(
        "A GIFT file (.gift or .txt) or a Moodle XML file (.xml) of questions."))
    file_format = forms.ChoiceField(label=gettext_lazy("Format"), required=False, choices=[
        ("", gettext_lazy("Guess from the file name")), ("gift", "GIFT"),
        ("xml", "Moodle XML")])
    category = IdModelChoiceField(queryset=QuestionCategory.objects.all(), required=False,
                                  label=gettext_lazy("Into the category"),
                                  empty_label=gettext_lazy("(a new category, named below)"))
    new_category = forms.CharField(label=gettext_lazy("or a new category named"), max_length=255,
                                   required=False)
    tags = TagField(label=gettext_lazy("Tags"), required=False, widget=AdminTagWidget,
                    help_text=gettext_lazy("Given to every imported question."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.get("LMS_QUIZ_IMPORT_MAX_BYTES")
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": f"{limit / 2**20:g}"})
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and not data.get("file_format"):
            name = upload.name.lower()
            if name.endswith(GIFT_EXTENSIONS):
                data["file_format"] = "gift"
            elif name.endswith(XML_EXTENSIONS):
                data["file_format"] = "xml"
            else:
                self.add_error("file_format", _("The file name does not say; choose the format."))
        new = (data.get("new_category") or "").strip()
        if data.get("category") and new:
            self.add_error("new_category", _("Choose a category or name a new one, not both."))
        elif not data.get("category") and not new:
            self.add_error("category", _("Choose the category the questions go into, or name a "
                                         "new one."))
        data["category_name"] = data["category"].name if data.get("category") else new
        return data


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class NotText(Exception):
    """An upload that is no text file (an image, a Word document…)."""


def parse_upload(file_format, content):
    """The questions of an uploaded file, or ImportRefused listing every problem."""
    try:
        if file_format == "xml":
            return moodlexml.parse(content)
        text = decode(content)
        if _CONTROL.search(text):
            raise NotText
        return gift.parse(text)
    except (gift.GiftError, moodlexml.MoodleXmlError) as error:
        raise ImportRefused(error.errors) from error


class QuestionImportView(AdminScreen, FormView):
    """Import a file of questions all or nothing: any problem, and every problem is listed
    with its line and question, and nothing is imported."""

    permission = "lms_quizzes.add_question"
    template_name = "lms_quizzes/admin/import.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("quiz_bank:index"), "label": _("Question bank")},
                {"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            items = parse_upload(data["file_format"], data["file"].read())
            if not items:
                raise ImportRefused([])
            made = services.questions_import(items=items, category_name=data["category_name"],
                                             by=self.request.user, tags=data["tags"] or None)
        except NotText:
            form.add_error("file", _("This is not a text file: save the questions as GIFT "
                                     "(plain text) or Moodle XML."))
            return self.form_invalid(form)
        except ImportRefused as refused:
            return self.render_to_response(self.get_context_data(
                form=form, problems=refused.problems, empty=not refused.problems))
        categories = {}
        for question in made:
            categories.setdefault(question.category_id, [question.category, 0])[1] += 1
        for category, count in categories.values():
            messages.success(self.request, ngettext(
                "Imported %(count)d question into “%(category)s”.",
                "Imported %(count)d questions into “%(category)s”.", count)
                % {"count": count, "category": category},
                             buttons=[messages.button(bank_url(category), _("See them"))])
        first = next(iter(categories.values()))[0]
        return redirect(bank_url(first))


class CategoryExportView(PermissionRequiredMixin, View):
    """A category's questions as a GIFT file (questions GIFT cannot carry are named in a
    comment at its top) or, with ?format=xml, as Moodle XML (every type)."""

    permission = "lms_quizzes.view_question"

    def get(self, request, pk):
        category = get_object_or_404(QuestionCategory, pk=pk)
        data = [{**version_data, "category": category.name} for version_data in
                Question.objects.filter(category=category, current_version__isnull=False)
                .order_by("name", "pk").values_list("current_version__data", flat=True)]
        filename = category.name.replace("/", "-").replace("\\", "-")
        if request.GET.get("format") == "xml":
            response = HttpResponse(moodlexml.dump(data), content_type="application/xml")
            filename += ".xml"
        else:
            response = HttpResponse(gift_file(data).encode("utf-8"),
                                    content_type="text/plain; charset=utf-8")
            filename += ".gift"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        exported.send(sender=type(self), request=request,
                      what=_("Questions: %(category)s") % {"category": category.name},
                      file_format=filename.rsplit(".", 1)[-1], rows=len(data))
        return response


def gift_file(data):
    """GIFT text of the questions; those GIFT cannot carry are left out and named at the top."""
    kept, notes = [], []
    for question in data:
        reason = gift.unexportable(question)
        if reason is None:
            kept.append(question)
        else:
            notes.append("// " + _("Not exported: %(name)s (%(reason)s)") % {
                "name": " ".join(question.get("name", "").split()), "reason": reason})
    text = gift.dump(kept) if kept else ""
    return "\n".join([*notes, "", text]) if notes else text


def bank_url(category):
    """The question bank listing the questions of `category`."""
    return f"{reverse('quiz_bank:index')}?category={category.pk}"
