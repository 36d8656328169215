"""API views of lms.discussions: threads of a course's page or board, a thread and its posts,
replying, editing, voting, flagging, following, and the moderators' actions. The services
decide; these views translate."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Page

from lms.courses.models import CoursePage
from lms.discussions import caching, presenting, selectors, services
from lms.discussions.api import serializers as s
from lms.discussions.models import ParticipationRule, Post, Side, Thread
from lms.platform.api.errors import RefusedError
from lms.platform.api.serializers import ApiErrorSerializer
from lms.platform.ids import parse_id
from lms.platform.pages import behind_refused_restriction, refused_paths

ERRORS = {400: ApiErrorSerializer, 403: ApiErrorSerializer, 404: ApiErrorSerializer,
          409: ApiErrorSerializer, 429: ApiErrorSerializer}


def service_call(service, **kwargs):
    try:
        return service(**kwargs)
    except services.DiscussionRefused as refused:
        raise RefusedError(refused) from refused


def _not_found(what):
    return RefusedError(services.DiscussionRefused("not_found", what, 404))


def _read_check(request, course, page=None, *, restricted=True):
    """Readers of a course's discussions: those who may take part, trainees looking back at an
    earlier enrolment of the course's year, its moderators — and only past the view
    restrictions of the course's page and of the thread's page (else a 404, as Wagtail hides
    the page itself). `restricted=False` when it is known that no restriction sits on or above
    either page."""
    if restricted and behind_refused_restriction(request, course, page):
        raise _not_found(_("No such page."))
    standing = selectors.course_standing(course, request.user)
    if not standing.may_read:
        raise PermissionDenied(code="not_enrolled", detail=_(
            "Only trainees on this course, its instructors and the training office read its "
            "discussions."))
    return presenting.Viewer.of_standing(standing)


def request_body(serializer_class, request):
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


# The threads as readable_thread reads them, built once (a queryset is only a description until
# it is asked for rows; each request asks a copy of it): each with whether a view restriction
# sits above it, and of its course and page what _read_check needs (their place in the tree,
# the course's start for its training year), not their other columns — building a whole course
# page object was a third of the thread's query (see bench/README.md).
_READABLE_THREADS = (selectors.threads_with_restriction_mark().select_related("course", "page")
                     .only(*(field.name for field in Thread._meta.concrete_fields),
                           "course__path", "course__starts_on", "page__path"))


def readable_thread(request, pk):
    """The thread if the user may read it, with its Viewer: one query for the thread with
    whether a view restriction sits above it (the restrictions themselves are read only then),
    then the reader's standing (selectors.course_standing and may_moderate: their enrolment,
    permissions and the courses they teach). Each is a plain query: one query carrying all of
    it as subqueries took longer for Django to build than the separate ones take to run
    (bench/README.md)."""
    thread = get_object_or_404(_READABLE_THREADS, pk=pk)
    viewer = _read_check(request, thread.course, thread.page, restricted=thread.view_restricted)
    if thread.opening_hidden and not viewer.moderator:
        raise _not_found(_("No such thread."))
    return thread, viewer


COURSE = OpenApiParameter("course", OpenApiTypes.INT, required=True,
                          description="The course whose threads to list.")
PAGE = OpenApiParameter("page_id", OpenApiTypes.INT,
                        description="Only the threads of this page of the course (a lecture).")
BOARD = OpenApiParameter("board", OpenApiTypes.BOOL,
                         description="Only the threads of the course's own board.")
KIND = OpenApiParameter("kind", OpenApiTypes.STR, enum=Thread.Kind.values)
ORDER = OpenApiParameter("order", OpenApiTypes.STR, enum=list(selectors.ORDERINGS))
SIDE = OpenApiParameter("side", OpenApiTypes.STR, enum=Side.values,
                        description="In a debate: only the speeches of this side.")
GROUP = OpenApiParameter("group", OpenApiTypes.INT, description=(
    "In a seminar, for its moderators: only this group's posts (with the prompts). Trainees "
    "always see the prompts and their own group's posts."))


def _id_param(request, name):
    """An id query parameter: None when absent, a 400 when it is not an id."""
    raw = request.query_params.get(name, "")
    if not raw:
        return None
    value = parse_id(raw)
    if value is None:
        raise ValidationError({name: [_("Give a number.")]}, code="invalid")
    return value


class ThreadListView(generics.GenericAPIView):
    """GET: the threads of a course (`course`), of one of its pages (`page_id`) or of its
    board (`board=true`), pinned first, then by last activity. POST: start one (trainees start
    discussions and questions; instructors also seminars and debates)."""

    queryset = Thread.objects.none()  # scoped per request; for the schema only
    serializer_class = s.ThreadSerializer

    @extend_schema(parameters=[COURSE, PAGE, BOARD, KIND],
                   responses={200: s.ThreadSerializer(many=True), **ERRORS})
    def get(self, request):
        course_id = _id_param(request, "course")
        if course_id is None:
            raise ValidationError({"course": [_("Say which course's threads to list.")]},
                                  code="required")
        course = get_object_or_404(CoursePage, pk=course_id)
        page_id = _id_param(request, "page_id")
        page = get_object_or_404(Page, pk=page_id) if page_id else None
        viewer = _read_check(request, course, page)
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in Thread.Kind.values:
            raise ValidationError({"kind": [_("Unknown kind of thread.")]}, code="invalid")
        threads = selectors.thread_list(
            course, page=page, board=request.query_params.get("board") in ("1", "true"),
            kind=kind, moderator=viewer.moderator, refused_paths=refused_paths(request))
        rows = self.paginate_queryset(threads)
        return self.get_paginated_response(presenting.thread_list(rows, viewer))

    @extend_schema(request=s.ThreadCreateSerializer,
                   responses={201: s.ThreadSerializer, **ERRORS})
    def post(self, request):
        data = request_body(s.ThreadCreateSerializer, request)
        course = CoursePage.objects.filter(pk=data["course"]).first()
        if course is None:
            raise ValidationError({"course": [_("No such course.")]}, code="invalid")
        page = None
        if data.get("page"):
            page = Page.objects.filter(pk=data["page"]).first()
            if page is None:
                raise ValidationError({"page": [_("No such page.")]}, code="invalid")
        viewer = _read_check(request, course, page)
        thread = service_call(services.thread_start, course=course, user=request.user,
                              title=data["title"], body=data["body"], kind=data["kind"], page=page,
                              anonymous=data["anonymous"], debate=data.get("debate"))
        thread.course = course
        return Response(presenting.thread_detail(thread, viewer), status=status.HTTP_201_CREATED)


class ThreadDetailView(APIView):
    """A thread with its opening post, its status (and why it was locked or closed), its
    accepted answer, and whether I follow it."""

    @extend_schema(responses={200: s.ThreadSerializer, **ERRORS})
    def get(self, request, pk):
        thread, viewer = readable_thread(request, pk)
        return Response(presenting.thread_detail(thread, viewer))


class ThreadPostsView(generics.GenericAPIView):
    """GET: the replies to the thread's opening, a page at a time (`order`: newest, oldest or
    top), each with the replies below it. POST: reply to the opening or to a post (`parent`)."""

    queryset = Post.objects.none()  # scoped per request; for the schema only
    serializer_class = s.PostSerializer

    @extend_schema(parameters=[ORDER, SIDE, GROUP],
                   responses={200: s.PostSerializer(many=True), **ERRORS})
    def get(self, request, pk):
        thread, viewer = readable_thread(request, pk)
        side = request.query_params.get("side") or None
        if side is not None and side not in Side.values:
            raise ValidationError({"side": [_("A side is “pro” or “con”.")]}, code="invalid")
        scope = _scope(request, thread, viewer)
        ordering = request.query_params.get("order")
        # Every input that decides which posts the pages hold, as selectors.post_page's
        # arguments. For readers who are not moderators the cache key is made from this same
        # dict (lms.discussions.caching): a filter added here is in the key; one applied
        # anywhere else would not be.
        shape = {"ordering": ordering if ordering in selectors.ORDERINGS else "newest",
                 "side": side, "scope": scope}
        if viewer.moderator:  # hidden posts, flags and every author: always read afresh
            posts = selectors.post_page(thread, moderator=True, **shape)
            top = list(self.paginate_queryset(posts))
            return self.get_paginated_response(presenting.post_tree(top, thread, viewer,
                                                                    scope=scope))

        def posts():  # built only when the cache lacks the count or the page
            return selectors.post_page(thread, moderator=False, **shape)

        # DRF paginates the kept count as it would the queryset: the same page numbers (and
        # "last"), sizes and 404s, and the links.
        self.paginate_queryset(range(caching.post_count(thread, shape, lambda: posts().count())))
        page = self.paginator.page
        start = (page.number - 1) * page.paginator.per_page
        rows, own = caching.page_rows(thread, shape, page, lambda: presenting.shared_post_tree(
            list(posts()[start:start + page.paginator.per_page]), thread, scope=scope))
        return self.get_paginated_response(presenting.own_post_tree(rows, own, viewer))

    @extend_schema(request=s.ReplySerializer, responses={201: s.PostSerializer, **ERRORS})
    def post(self, request, pk):
        # Read access (view restrictions too) before any write.
        _thread, viewer = readable_thread(request, pk)
        data = request_body(s.ReplySerializer, request)
        post = service_call(services.post_reply, thread_id=pk, user=request.user, body=data["body"],
                            parent_id=data.get("parent"), anonymous=data["anonymous"],
                            side=data.get("side") or None)
        return Response(presenting.post_data(post, viewer, votes={},
                                             labels=presenting.post_labels(post.thread)),
                        status=status.HTTP_201_CREATED)


def _scope(request, thread, viewer):
    """The posts of a seminar the viewer reads: a trainee the prompts and their group's; a
    moderator every group's, or one group's (`group`) with the prompts."""
    if thread.kind != Thread.Kind.SEMINAR:
        return None
    if viewer.moderator:
        group = _id_param(request, "group")
        return None if group is None else selectors.groups_visible_q(group)
    return selectors.groups_visible_q(selectors.group_of(thread.pk, request.user))


def _post(request, pk):
    """The post if the user may read it (see _read_check; a hidden post, or one in a thread
    whose opening is hidden, only for moderators), with its Viewer."""
    post = get_object_or_404(Post.objects.select_related(
        "thread__course", "thread__page", "author", "endorsed_by"), pk=pk)
    viewer = _read_check(request, post.thread.course, post.thread.page)
    if not viewer.moderator and selectors.post_kept_from(post, request.user):
        raise _not_found(_("No such post."))
    return post, viewer


def _post_answer(request, post_id, *, votes=None):
    post, viewer = _post(request, post_id)
    votes = votes if votes is not None else selectors.my_votes(request.user, [post.pk])
    return Response(presenting.post_data(post, viewer, votes=votes,
                                         accepted_id=post.thread.accepted_post_id,
                                         labels=presenting.post_labels(post.thread)))


class PostDetailView(APIView):
    """GET: a post. PATCH `{"body"}`: its author rewrites it (the earlier text is kept)."""

    @extend_schema(responses={200: s.PostSerializer, **ERRORS})
    def get(self, request, pk):
        return _post_answer(request, pk)

    @extend_schema(request=s.EditSerializer, responses={200: s.PostSerializer, **ERRORS})
    def patch(self, request, pk):
        _post(request, pk)  # read access, view restrictions included, before any write
        data = request_body(s.EditSerializer, request)
        service_call(services.post_edit, post_id=pk, user=request.user, body=data["body"])
        return _post_answer(request, pk)


class PostVoteView(APIView):
    """My vote on a post: 1, -1, or 0 to take it back. One vote per person and post."""

    @extend_schema(request=s.VoteSerializer, responses={200: s.PostSerializer, **ERRORS})
    def post(self, request, pk):
        _post(request, pk)  # read access, view restrictions included, before any write
        data = request_body(s.VoteSerializer, request)
        service_call(services.post_vote, post_id=pk, user=request.user, value=data["value"])
        return _post_answer(request, pk)


class PostFlagView(APIView):
    """Report a post to the course's moderators, once (a second flag is a 409)."""

    @extend_schema(request=s.FlagSerializer, responses={201: None, **ERRORS})
    def post(self, request, pk):
        _post(request, pk)  # read access, view restrictions included, before any write
        data = request_body(s.FlagSerializer, request)
        service_call(services.post_flag, post_id=pk, user=request.user, reason=data["reason"],
                     note=data["note"])
        return Response({"flagged": True}, status=status.HTTP_201_CREATED)


class PostHideView(APIView):
    """Moderators: hide a post (and the replies below it) from trainees everywhere, with a
    reason; its open flags are resolved. posts/{id}/restore/ shows it again."""

    @extend_schema(request=s.ReasonSerializer, responses={200: s.PostSerializer, **ERRORS})
    def post(self, request, pk):
        _post(request, pk)  # read access, view restrictions included, before any write
        data = request_body(s.ReasonSerializer, request)
        service_call(services.post_hide, post_id=pk, by=request.user, reason=data["reason"])
        return _post_answer(request, pk)


class PostRestoreView(APIView):
    """Moderators: show a hidden post again."""

    @extend_schema(request=None, responses={200: s.PostSerializer, **ERRORS})
    def post(self, request, pk):
        _post(request, pk)  # read access, view restrictions included, before any write
        service_call(services.post_restore, post_id=pk, by=request.user)
        return _post_answer(request, pk)


class PostEndorseView(APIView):
    """Moderators: endorse an answer to a question (`on=false` takes it back)."""

    @extend_schema(request=s.SwitchSerializer, responses={200: s.PostSerializer, **ERRORS})
    def post(self, request, pk):
        _post(request, pk)  # read access, view restrictions included, before any write
        data = request_body(s.SwitchSerializer, request)
        service_call(services.post_endorse, post_id=pk, by=request.user, endorse=data["on"])
        return _post_answer(request, pk)


class PostAcceptView(APIView):
    """The person who asked (or a moderator): accept this answer (`on=false` takes it back)."""

    @extend_schema(request=s.SwitchSerializer, responses={200: s.PostSerializer, **ERRORS})
    def post(self, request, pk):
        _post(request, pk)  # read access, view restrictions included, before any write
        data = request_body(s.SwitchSerializer, request)
        service_call(services.answer_accept, post_id=pk, by=request.user, accept=data["on"])
        return _post_answer(request, pk)


class ThreadStatusView(APIView):
    """Moderators: open, lock (only moderators post) or close (nobody posts) a thread, with a
    reason for locking and closing."""

    @extend_schema(request=s.StatusSerializer, responses={200: s.ThreadSerializer, **ERRORS})
    def post(self, request, pk):
        readable_thread(request, pk)  # read access (view restrictions too) before any write
        data = request_body(s.StatusSerializer, request)
        service_call(services.thread_status_set, thread_id=pk, by=request.user,
                     status=data["status"], reason=data["reason"])
        thread, viewer = readable_thread(request, pk)
        return Response(presenting.thread_detail(thread, viewer))


class ThreadPinView(APIView):
    """Moderators: pin a thread to the top of its list (`on=false` unpins it)."""

    @extend_schema(request=s.SwitchSerializer, responses={200: s.ThreadSerializer, **ERRORS})
    def post(self, request, pk):
        readable_thread(request, pk)  # read access (view restrictions too) before any write
        data = request_body(s.SwitchSerializer, request)
        service_call(services.thread_pin, thread_id=pk, by=request.user, pinned=data["on"])
        thread, viewer = readable_thread(request, pk)
        return Response(presenting.thread_detail(thread, viewer))


class ThreadFollowView(APIView):
    """Follow a thread to hear of its new posts (`on=false` stops)."""

    @extend_schema(request=s.SwitchSerializer, responses={200: s.ThreadSerializer, **ERRORS})
    def post(self, request, pk):
        data = request_body(s.SwitchSerializer, request)
        thread, viewer = readable_thread(request, pk)
        service_call(services.thread_subscribe, thread_id=pk, user=request.user, follow=data["on"])
        return Response(presenting.thread_detail(thread, viewer))


UNREAD = OpenApiParameter("unread", OpenApiTypes.BOOL, description="Only the unread ones.")


class MyNotificationsView(generics.GenericAPIView):
    """My notifications from discussions, newest first: new posts in threads I follow, my
    answers endorsed or accepted, my posts hidden."""

    queryset = Post.objects.none()  # scoped per request; for the schema only
    serializer_class = s.NotificationSerializer

    @extend_schema(parameters=[UNREAD],
                   responses={200: s.NotificationSerializer(many=True), **ERRORS})
    def get(self, request):
        notes = selectors.notifications_for(
            request.user, unread=request.query_params.get("unread") in ("1", "true"))
        page = self.paginate_queryset(notes)
        return self.get_paginated_response(presenting.notification_list(page, request.user))


class MyUnreadView(APIView):
    """How many of my notifications are unread (the bell in the site's header)."""

    @extend_schema(responses={200: s.UnreadSerializer})
    def get(self, request):
        return Response({"unread": selectors.unread_count(request.user)})


class MyNotificationsReadView(APIView):
    """Mark my notifications read: `{"ids": [...]}` or `{"all": true}`."""

    @extend_schema(request=s.ReadSerializer, responses={200: s.UnreadSerializer, **ERRORS})
    def post(self, request):
        data = request_body(s.ReadSerializer, request)
        services.notifications_read(user=request.user,
                                    ids=None if data["all"] else data["ids"])
        return Response({"unread": selectors.unread_count(request.user)})


class ParticipationView(APIView):
    """For the course's instructors and the training office: each trainee's threads, replies,
    up-votes received and endorsed answers, and under the course's required participation the
    posts that count towards it."""

    @extend_schema(responses={200: s.ParticipationSerializer, **ERRORS})
    def get(self, request, pk):
        course = get_object_or_404(CoursePage, pk=pk)
        if not selectors.may_moderate(request.user, course.pk):
            raise PermissionDenied(code="not_moderator", detail=_(
                "Only the course's instructors and the training office see participation."))
        rule = ParticipationRule.objects.filter(course=course).first()
        return Response(presenting.participation_rows(
            course, selectors.participation(course, rule), rule))


class MyDiscussionSettingsView(APIView):
    """GET, PUT `{"email": "immediate" | "daily" | "never"}`: how my discussion notifications
    come by e-mail (the site always shows them)."""

    @extend_schema(responses={200: s.EmailSettingSerializer})
    def get(self, request):
        return Response({"email": services.email_frequency(request.user)})

    @extend_schema(request=s.EmailSettingSerializer,
                   responses={200: s.EmailSettingSerializer, **ERRORS})
    def put(self, request):
        data = request_body(s.EmailSettingSerializer, request)
        services.email_frequency_set(user=request.user, frequency=data["email"])
        return Response({"email": data["email"]})

