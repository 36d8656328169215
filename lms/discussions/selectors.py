"""Reads of lms.discussions: who may read, write and moderate a course's discussions, the threads
of a page or board, and a page of a thread's posts with their replies (a bounded number of
queries whatever the thread's length)."""

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction

from lms.courses.models import Enrolment, course_training_year
from lms.courses.selectors import LEARNING, course_standing, courses_overseen_q, may_see_progress
from lms.discussions.models import (
    Notification,
    Post,
    PostFlag,
    PostVote,
    SeminarMember,
    Thread,
)

__all__ = ["course_standing", "may_moderate", "notifications_for", "post_page", "posts_visible",
           "thread_list"]


def may_moderate(user, course_id):
    """The course's instructors and the staff who see its progress moderate its discussions,
    and see who wrote what, anonymous posts included."""
    return user.is_authenticated and may_see_progress(user, course_id)


def posts_visible(posts, *, moderator):
    """Posts as a viewer may see them: moderators see hidden posts (marked), others not."""
    return posts if moderator else posts.filter(hidden_at__isnull=True)


# What a post shows, and of its author and endorser only their names: fewer columns to read.
_PERSON = ("id", "username", "first_name", "last_name")
POST_COLUMNS = ("id", "thread_id", "parent_id", "depth", "author_id", "anonymous", "body", "html",
                "created_at", "edited_at", "score", "open_flags", "hidden_at", "hidden_reason",
                "endorsed_at", "endorsed_by_id", "side", "round_id", "group_id",
                *(f"author__{name}" for name in _PERSON),
                *(f"endorsed_by__{name}" for name in _PERSON))


def with_people(posts):
    """Posts with their authors and endorsers (names only), in the same query."""
    return posts.select_related("author", "endorsed_by").only(*POST_COLUMNS)


ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "top": ("-score", "-created_at", "-pk"),
}


def thread_list(course, *, page=None, board=False, kind=None, moderator=False,
                refused_paths=()):
    """The threads of a course's page (or of its board, or all of them), pinned first, then
    by last activity (one query). Threads whose opening a moderator hid are left out for
    others, and threads on pages below a view restriction the request does not pass
    (`refused_paths`, from lms.platform.pages) for everyone."""
    threads = Thread.objects.filter(course=course)
    for path in refused_paths:
        threads = threads.exclude(page__path__startswith=path)
    if page is not None:
        threads = threads.filter(page=page)
    elif board:
        threads = threads.filter(page__isnull=True)
    if kind:
        threads = threads.filter(kind=kind)
    if not moderator:
        threads = threads.filter(opening_hidden=False)
    return threads.select_related("author").order_by("-pinned", "-last_posted_at", "-pk")


def seminar_activity(threads, user, *, moderator):
    """{thread id: (replies, last reply's time or None)} of the seminars among `threads` as a
    trainee sees them — the prompts and their own group's posts, not hidden — since a seminar's
    own counters cover every group. Nothing for moderators, who see every group (two queries
    when there are seminars, none otherwise)."""
    seminars = [thread.pk for thread in threads if thread.kind == Thread.Kind.SEMINAR]
    if moderator or not seminars:
        return {}
    groups = list(SeminarMember.objects.filter(thread_id__in=seminars, user=user)
                  .values_list("group_id", flat=True))
    counted = (Post.objects.filter(thread_id__in=seminars, depth__gt=0, hidden_at__isnull=True)
               .filter(Q(group__isnull=True) | Q(group_id__in=groups))
               .values("thread_id").order_by()
               .annotate(n=Count("pk"), last=Max("created_at"))
               .values_list("thread_id", "n", "last"))
    activity = dict.fromkeys(seminars, (0, None))
    activity.update({pk: (n, last) for pk, n, last in counted})
    return activity


# A view restriction on the course's page or the thread's page or above either: a restriction
# whose page's tree path starts theirs.
_VIEW_RESTRICTED = Exists(PageViewRestriction.objects.filter(
    Q(StartsWith(OuterRef("course__path"), F("page__path")))
    | Q(StartsWith(OuterRef("page__path"), F("page__path")))))


def threads_with_restriction_mark():
    """Threads, each with `view_restricted`: whether a Wagtail view restriction sits on the
    course's page or the thread's page or above either. Only then need the restrictions
    themselves be read and asked (lms.platform.pages)."""
    return Thread.objects.annotate(view_restricted=_VIEW_RESTRICTED)


def opening_posts(thread_ids):
    """{thread id: its opening post with its author} (one query)."""
    return {post.thread_id: post for post in
            with_people(Post.objects.filter(thread_id__in=thread_ids, depth=0))}


def group_of(thread_id, user):
    """The id of the user's group in a seminar, or None."""
    if not user.is_authenticated:
        return None
    return (SeminarMember.objects.filter(thread_id=thread_id, user=user)
            .values_list("group_id", flat=True).first())


def post_kept_from(post, user):
    """Whether a post is kept from a reader who does not moderate its course: hidden, in a
    thread whose opening is hidden, or another seminar group's."""
    return (post.hidden or post.thread.opening_hidden
            or (post.group_id is not None and post.group_id != group_of(post.thread_id, user)))


def groups_visible_q(group_id, field="group_id"):
    """A trainee sees the facilitator's prompts (no group) and their own group's posts."""
    condition = Q(**{f"{field}__isnull": True})
    if group_id is not None:
        condition |= Q(**{field: group_id})
    return condition


def post_page(thread, *, moderator, ordering="newest", side=None, scope=None):
    """The thread's replies to its opening (depth 1), ordered, as a queryset to paginate: in a
    debate those of one `side` if given; `scope` a further filter on the posts (a seminar's
    groups, groups_visible_q)."""
    posts = posts_visible(Post.objects.filter(thread=thread, depth=1), moderator=moderator)
    if side:
        posts = posts.filter(side=side)
    if scope is not None:
        posts = posts.filter(scope)
    return with_people(posts).order_by(*ORDERINGS.get(ordering, ORDERINGS["newest"]))


def replies_under(top_posts, *, moderator, max_depth, scope=None):
    """{parent id: [replies, oldest first]} for every post below `top_posts` (replies of depth
    2 up to `max_depth`), a query per level through the parent's index (one for the default
    depth of 3 when nobody answered a reply); the replies of a post the viewer may not see are
    not read."""
    children = {}
    parents = [post.pk for post in top_posts]
    for _depth in range(2, max_depth + 1):
        if not parents:
            break
        level = posts_visible(Post.objects.filter(parent_id__in=parents), moderator=moderator)
        if scope is not None:
            level = level.filter(scope)
        found = list(with_people(level).order_by("created_at", "pk"))
        for post in found:
            children.setdefault(post.parent_id, []).append(post)
        parents = [post.pk for post in found]
    return children


def my_votes(user, post_ids):
    """{post id: +1 or -1} of the user's votes on these posts (one query)."""
    if not user.is_authenticated or not post_ids:
        return {}
    return dict(PostVote.objects.filter(user=user, post_id__in=post_ids)
                .values_list("post_id", "value"))


def notifications_for_all():
    """Every notification still to be shown: a post hidden since is not, but the notice to its
    author that it was hidden is."""
    return (Notification.objects
            .exclude(Q(post__hidden_at__isnull=False) & ~Q(kind=Notification.Kind.HIDDEN))
            .select_related("thread", "post__author"))


def notifications_for(user, *, unread=False):
    """The user's notifications, newest first, with thread, post and the post's author (one
    query)."""
    notes = notifications_for_all().filter(user=user)
    if unread:
        notes = notes.filter(read_at__isnull=True)
    return notes.order_by("-created_at", "-pk")


def unread_count(user):
    return notifications_for(user, unread=True).count()



def participation(course, rule=None):
    """Per trainee of the course's training year (and anyone else who wrote on its
    discussions): threads started, replies, up-votes received, answers endorsed, hidden posts
    left out; with each trainee's enrolment and, under a ParticipationRule, the posts of that
    enrolment that count towards it. {user id: row} (four queries)."""
    year = course_training_year(course)
    rows = {}
    for enrolment in (Enrolment.objects.filter(course=course, year=year, status__in=LEARNING)
                      .select_related("user")):
        rows[enrolment.user_id] = {"user": enrolment.user, "enrolment": enrolment, "threads": 0,
                                   "replies": 0, "endorsed": 0, "upvotes": 0, "counted": 0}
    posts = Post.objects.filter(thread__course=course, hidden_at__isnull=True,
                                author__isnull=False)
    counts = (posts.values("author_id").order_by()
              .annotate(started=Count("pk", filter=Q(depth=0)),
                        replied=Count("pk", filter=Q(depth__gt=0)),
                        endorsements=Count("pk", filter=Q(endorsed_at__isnull=False)))
              .values_list("author_id", "started", "replied", "endorsements"))
    for author_id, started, replied, endorsements in counts:
        row = rows.setdefault(author_id, {"user": None, "enrolment": None, "threads": 0,
                                          "replies": 0, "endorsed": 0, "upvotes": 0,
                                          "counted": None})
        row.update(threads=started, replies=replied, endorsed=endorsements)
    upvotes = (PostVote.objects.filter(post__in=posts, value=1).values("post__author_id")
               .order_by().annotate(n=Count("pk")).values_list("post__author_id", "n"))
    for author_id, count in upvotes:
        rows[author_id]["upvotes"] = count
    if rule is not None:
        by_enrolment = {row["enrolment"].pk: row for row in rows.values() if row["enrolment"]}
        counted = posts.filter(enrolment_id__in=by_enrolment)
        if rule.due_at is not None:
            counted = counted.filter(created_at__lte=rule.due_at)
        for enrolment_id, count in (counted.values("enrolment_id").order_by()
                                    .annotate(n=Count("pk")).values_list("enrolment_id", "n")):
            by_enrolment[enrolment_id]["counted"] = min(count, rule.posts_required)
    return rows


def moderation_queue(user, *, show="flagged"):
    """Posts for the user's moderation, on the courses they oversee: "flagged" (open flags,
    not hidden; most flagged first), "hidden" (latest first) or any, with thread, course,
    author and the open flags with who raised them (two queries)."""
    posts = Post.objects.filter(courses_overseen_q(user, "thread__course_id"))
    if show == "hidden":
        posts = posts.filter(hidden_at__isnull=False).order_by("-hidden_at", "-pk")
    elif show == "flagged":
        posts = posts.filter(open_flags__gt=0, hidden_at__isnull=True).order_by(
            "-open_flags", "created_at", "pk")
    else:  # any post of those courses (one post's screen)
        posts = posts.order_by("-pk")
    open_flags = PostFlag.objects.filter(resolved_at__isnull=True).select_related("user")
    return posts.select_related("thread__course", "author", "hidden_by").prefetch_related(
        Prefetch("flags", queryset=open_flags.order_by("created_at"), to_attr="open_flag_list"))
