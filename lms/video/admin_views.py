"""The video library in the Wagtail admin: list with status and live processing progress,
upload, edit (title, collection), delete, and reprocess."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lms.platform.admin_screens import AdminScreen
from lms.video import captions, conf, services
from lms.video.models import Video
from lms.video.permissions import video_permission_policy
from lms.video.uploads import check_upload


class VideoUploadForm(WagtailAdminModelForm):
    class Meta:
        model = Video
        fields = ["title", "collection", "original"]

    def clean_original(self):
        file = self.cleaned_data["original"]
        check_upload(file)
        return file


class VideoEditForm(WagtailAdminModelForm):
    class Meta:
        model = Video
        fields = ["title", "collection", "max_playback_rate", "lock_seeking"]


class StatusColumn(Column):
    """The status in words, with a progress bar (kept current in the page) while it is being
    processed, and the reason when it failed."""

    cell_template_name = "lms_video/admin/status_cell.html"


def clock(seconds):
    """A length as a clock shows it: 4:05, 1:02:03."""
    hours, rest = divmod(round(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class DurationColumn(Column):
    def get_value(self, instance):
        return clock(instance.duration) if instance.duration is not None else ""


def may(user, action, video):
    return video_permission_policy.user_has_permission_for_instance(user, action, video)


class InstancePermissionMixin:
    """Wagtail's generic edit and delete views check the model-wide permission only, which an
    instructor has for their own videos; here the video itself is checked too (the ownership
    policy), so a forged request on someone else's video is refused."""

    instance_action = ""

    def get_object(self, queryset=None):
        video = super().get_object(queryset)
        if not may(self.request.user, self.instance_action, video):
            raise PermissionDenied
        return video


class VideoEditView(InstancePermissionMixin, generic.EditView):
    instance_action = "change"


class VideoDeleteView(InstancePermissionMixin, generic.DeleteView):
    instance_action = "delete"


class VideoIndexView(generic.IndexView):
    template_name = "lms_video/admin/index.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("uploaded_by", "collection")

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if may(self.request.user, "change", instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if may(self.request.user, "delete", instance) else None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if may(self.request.user, "change", instance) and instance.status in (
                Video.Status.READY, Video.Status.FAILED):
            buttons.append(MenuItem(_("Process again"), url=reverse(
                "lms_video:reprocess", args=[instance.pk]), icon_name="rotate", priority=25))
        if may(self.request.user, "change", instance):
            buttons.append(MenuItem(_("Captions"), url=reverse(
                "lms_video:captions", args=[instance.pk]), icon_name="comment", priority=15))
        return buttons


class VideoCreateView(generic.CreateView):
    """Upload a video. The page's <lms-video-upload> sends the file through the resumable
    upload API (tus: it survives a dropped connection, shows progress, pauses); without
    JavaScript the form posts it whole, as below."""

    template_name = "lms_video/admin/add.html"
    submit_button_label = gettext_lazy("Upload")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "upload_endpoint": reverse("api-video-uploads"),
                "max_bytes": conf.get("LMS_VIDEO_MAX_BYTES")}

    def save_instance(self):
        data = self.form.cleaned_data
        return services.video_create(title=data["title"], file=data["original"],
                                     uploaded_by=self.request.user,
                                     collection=data.get("collection"))

    def get_success_message(self, instance):
        return _("“%(title)s” is uploaded and queued for processing.") % {"title": instance}


class VideoScreen(AdminScreen, TemplateView):
    """A screen about one video of the library, for those who may change it (its uploader, the
    training office): the video is `self.video`, the header leads back to the library."""

    header_icon = "media"

    def has_permission(self, request):
        self.video = get_object_or_404(Video, pk=self.kwargs["pk"])
        return may(request.user, "change", self.video)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("lms_video:index"), "label": _("Videos")},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "video": self.video}


class ReprocessView(VideoScreen):
    """Confirm (GET), then queue a video for processing again (POST); the new ladder replaces
    the old one whole once it is ready."""

    template_name = "lms_video/admin/reprocess.html"

    def get_page_title(self):
        return _("Process “%(title)s” again") % {"title": self.video}

    def post(self, request, pk):
        if self.video.status not in (Video.Status.READY, Video.Status.FAILED):
            messages.info(request, _("“%(title)s” is being processed already; nothing was "
                                     "changed.") % {"title": self.video})
        else:
            services.video_queue(self.video)
            messages.success(request, _("“%(title)s” is queued for processing again.")
                             % {"title": self.video})
        return redirect("lms_video:index")


class CaptionForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    file = forms.FileField(label=gettext_lazy("SRT or WebVTT file"))


class CaptionsView(VideoScreen):
    """A video's captions: one per language, uploaded as SRT or WebVTT (replacing the
    language's earlier file), and removed."""

    template_name = "lms_video/admin/captions.html"

    def get_page_title(self):
        return _("Captions of “%(title)s”") % {"title": self.video}

    def get_context_data(self, form=None, **kwargs):
        return {**super().get_context_data(**kwargs), "captions": self.video.captions.all(),
                "form": form or CaptionForm()}

    def post(self, request, pk):
        if "delete" in request.POST:
            caption = self.video.captions.filter(language=request.POST["delete"]).first()
            if caption is not None:
                captions.caption_delete(caption)
                messages.success(request, _("The %(language)s captions are removed.")
                                 % {"language": caption.get_language_display()})
            return redirect("lms_video:captions", pk=pk)
        form = CaptionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                caption = captions.caption_set(video=self.video,
                                               language=form.cleaned_data["language"],
                                               data=form.cleaned_data["file"].read())
            except ValidationError as refused:
                form.add_error("file", refused)
            else:
                messages.success(request, _("%(count)s captions in %(language)s are saved.")
                                 % {"count": caption.cue_count,
                                    "language": caption.get_language_display()})
                return redirect("lms_video:captions", pk=pk)
        return self.render_to_response(self.get_context_data(form=form))


class VideoViewSet(ModelViewSet):
    model = Video
    name = "lms_video"
    url_prefix = "videos"
    icon = "media"
    menu_label = gettext_lazy("Videos")
    menu_order = 310
    add_to_admin_menu = True
    permission_policy = video_permission_policy
    index_view_class = VideoIndexView
    add_view_class = VideoCreateView
    edit_view_class = VideoEditView
    delete_view_class = VideoDeleteView
    list_display = ["title", StatusColumn("status", label=gettext_lazy("Status")),
                    DurationColumn("duration", label=gettext_lazy("Length")),
                    Column("uploaded_by", accessor="uploaded_by.get_full_name",
                           label=gettext_lazy("Uploaded by")),
                    DateColumn("created_at", label=gettext_lazy("Uploaded on"))]
    list_filter = ["status", "collection"]
    # Not in the search index: Wagtail filters titles with icontains, which finds a Chinese word
    # inside a longer title ("数字政府" in "第一讲 数字政府建设的总体框架").
    search_fields = ["title"]
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 30

    def get_form_class(self, for_update=False):
        return VideoEditForm if for_update else VideoUploadForm

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("<id:pk>/reprocess/", ReprocessView.as_view(), name="reprocess"),
                path("<id:pk>/captions/", CaptionsView.as_view(), name="captions")]


