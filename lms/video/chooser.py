"""The video chooser of the Wagtail admin (the lecture editor's "Choose a video"), for those who
see the library: a list with status and length, searched by title, filtered by collection."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm, CollectionFilterMixin
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from lms.video.models import Video
from lms.video.permissions import video_permission_policy


class VideoFilterForm(CollectionFilterMixin, BaseFilterForm):
    """Search by words of the title (icontains: Chinese titles have no spaces between words)."""

    q = forms.CharField(label=_("Search term"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Search")}))

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(title__icontains=query)
            self.is_searching, self.search_query = True, query
        return objects


def _length(video):
    if video.duration is None:
        return "—"
    minutes, seconds = divmod(round(video.duration), 60)
    return f"{minutes}:{seconds:02d}"


class LibraryReaders:
    """Only those who see the library list or choose its videos."""

    def dispatch(self, request, *args, **kwargs):
        if not video_permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class VideoListing:
    filter_form_class = VideoFilterForm
    per_page = 20

    def get_object_list(self):
        return Video.objects.only("pk", "title", "status", "duration", "collection_id")

    @property
    def columns(self):
        return [*super().columns,
                Column("status", label=_("Status"), accessor="get_status_display"),
                Column("duration", label=_("Length"), accessor=_length)]


class VideoChooseView(LibraryReaders, VideoListing, chooser_views.ChooseView):
    pass


class VideoChooseResultsView(LibraryReaders, VideoListing, chooser_views.ChooseResultsView):
    pass


class VideoChosenView(LibraryReaders, chooser_views.ChosenView):
    pass


class VideoChosenMultipleView(LibraryReaders, chooser_views.ChosenMultipleView):
    pass


class VideoChooserViewSet(ChooserViewSet):
    model = Video
    icon = "media"
    choose_one_text = _("Choose a video")
    choose_another_text = _("Choose another video")
    edit_item_text = _("Edit this video")
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView
    chosen_view_class = VideoChosenView
    chosen_multiple_view_class = VideoChosenMultipleView


video_chooser_viewset = VideoChooserViewSet("video_chooser", url_prefix="videos/chooser")
VideoChooserBlock = video_chooser_viewset.get_block_class(
    name="VideoChooserBlock", module_path="lms.video.blocks")
