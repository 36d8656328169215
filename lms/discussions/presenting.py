"""What the API shows of threads and posts, as the viewer may see them: an anonymous post's
author only to its author and the course's moderators, hidden posts only to moderators (with
why), flags only to moderators."""

from dataclasses import dataclass
from itertools import chain

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from lms.discussions import conf, selectors
from lms.discussions.models import DebateRound, SeminarGroup, Subscription, Thread
from lms.platform.markup import plain_text

EXCERPT = 140


@dataclass(frozen=True)
class Viewer:
    user: object
    moderator: bool

    @classmethod
    def of(cls, user, course_id):
        return cls(user=user, moderator=selectors.may_moderate(user, course_id))

    @classmethod
    def of_standing(cls, standing):
        """The Viewer of a CourseStanding already read: its `oversees` is may_moderate's rule
        (may_see_progress) for its user and course."""
        return cls(user=standing.user, moderator=standing.oversees)


def person_data(user):
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


def author_shown(post, viewer):
    """The author as this viewer may know them: None for a peer's anonymous post."""
    if post.anonymous and not viewer.moderator and post.author_id != viewer.user.pk:
        return None
    return person_data(post.author)


NO_LABELS = {"rounds": {}, "groups": {}}


def post_labels(thread):
    """The names of a debate's rounds and a seminar's groups, for its posts (one query for a
    debate or a seminar, none otherwise)."""
    if thread.kind == Thread.Kind.DEBATE:
        return {**NO_LABELS, "rounds": {item.pk: item.name for item in
                                        DebateRound.objects.filter(debate__thread=thread)}}
    if thread.kind == Thread.Kind.SEMINAR:
        return {**NO_LABELS, "groups": dict(SeminarGroup.objects.filter(thread=thread)
                                            .values_list("pk", "name"))}
    return NO_LABELS


def _label(pk, names):
    return None if pk is None else {"id": pk, "name": names.get(pk, "")}


def post_data(post, viewer, *, votes, children=None, accepted_id=None, labels=None):
    """A post with, when `children` is given, the replies below it (nested); `labels` names
    the rounds and groups of the thread (post_labels)."""
    labels = labels or NO_LABELS
    mine = viewer.user.is_authenticated and post.author_id == viewer.user.pk
    data = {
        "id": post.pk, "thread": post.thread_id, "parent": post.parent_id, "depth": post.depth,
        "author": author_shown(post, viewer), "anonymous": post.anonymous, "mine": mine,
        "html": post.html, "body": post.body if mine else None,
        "created_at": post.created_at, "edited_at": post.edited_at, "score": post.score,
        "my_vote": votes.get(post.pk, 0),
        "endorsed_by": person_data(post.endorsed_by) if post.endorsed_at else None,
        "accepted": post.pk == accepted_id,
        "can_reply": post.depth < conf.get("LMS_DISCUSSION_MAX_DEPTH") and not post.hidden,
        "side": post.side or None, "round": _label(post.round_id, labels["rounds"]),
        "group": _label(post.group_id, labels["groups"]),
        "url": reverse("api-discussion-post", args=[post.pk]),
    }
    if viewer.moderator:
        data["moderation"] = {"hidden": post.hidden, "hidden_reason": post.hidden_reason,
                              "hidden_at": post.hidden_at, "open_flags": post.open_flags}
    if children is not None:
        data["replies"] = [post_data(child, viewer, votes=votes, children=children,
                                     accepted_id=accepted_id, labels=labels)
                           for child in children.get(post.pk, [])]
    return data


def thread_data(thread, opening, viewer, *, votes, following=None):
    """A thread with its opening post; `following` whether the viewer follows it."""
    return {
        "id": thread.pk, "course": thread.course_id, "page": thread.page_id,
        "kind": thread.kind, "title": thread.title,
        "author": author_shown(opening, viewer) if opening else None,
        "anonymous": bool(opening and opening.anonymous), "created_at": thread.created_at,
        "last_posted_at": thread.last_posted_at, "reply_count": thread.reply_count,
        "pinned": thread.pinned, "status": thread.status,
        "status_reason": thread.status_reason or None,
        "accepted_post": thread.accepted_post_id,
        "following": following,
        "debate": None, "seminar": None,
        "opening": post_data(opening, viewer, votes=votes) if opening else None,
        "url": reverse("api-discussion-thread", args=[thread.pk]),
        "posts_url": reverse("api-discussion-thread-posts", args=[thread.pk]),
    }


def _as_seen(data, thread, activity):
    """A seminar's reply count and last activity as a trainee sees them: their group's and the
    prompts, not the other groups' (selectors.seminar_activity)."""
    if thread.pk in activity:
        data["reply_count"], last = activity[thread.pk]
        data["last_posted_at"] = last or thread.created_at
    return data


def thread_list(threads, viewer):
    """Threads of a list page with their openings and the viewer's votes (two queries; two
    more when a trainee's page holds seminars)."""
    openings = selectors.opening_posts([thread.pk for thread in threads])
    votes = selectors.my_votes(viewer.user, [post.pk for post in openings.values()])
    activity = selectors.seminar_activity(threads, viewer.user, moderator=viewer.moderator)
    return [_as_seen(thread_data(thread, openings.get(thread.pk), viewer, votes=votes), thread,
                     activity)
            for thread in threads]


def thread_detail(thread, viewer):
    openings = selectors.opening_posts([thread.pk])
    opening = openings.get(thread.pk)
    votes = selectors.my_votes(viewer.user, [opening.pk] if opening else [])
    following = (viewer.user.is_authenticated
                 and Subscription.objects.filter(thread=thread, user=viewer.user).exists())
    data = _as_seen(thread_data(thread, opening, viewer, votes=votes, following=following),
                    thread, selectors.seminar_activity([thread], viewer.user,
                                                       moderator=viewer.moderator))
    from lms.discussions import modes

    data.update(modes.mode_data(thread, viewer))
    return data


def post_tree(top_posts, thread, viewer, *, scope=None):
    """A page of a thread's replies, each with the replies below it (two queries: the replies
    below, the viewer's votes; one more naming a debate's rounds or a seminar's groups);
    `scope` as in selectors.post_page."""
    children = selectors.replies_under(top_posts, moderator=viewer.moderator,
                                       max_depth=conf.get("LMS_DISCUSSION_MAX_DEPTH"),
                                       scope=scope)
    ids = [post.pk for post in top_posts] + [post.pk for group in children.values()
                                             for post in group]
    votes = selectors.my_votes(viewer.user, ids)
    labels = post_labels(thread)
    return [post_data(post, viewer, votes=votes, children=children,
                      accepted_id=thread.accepted_post_id, labels=labels)
            for post in top_posts]


def shared_post_tree(top_posts, thread, *, scope=None):
    """post_tree as every reader who is not a moderator sees it, less what is each reader's
    own (own_post_tree adds it), for lms.discussions.caching to keep: (rows, own), `own` being
    {post id: (author id, author, Markdown body)} of every post in the rows. No one's votes;
    the queries of post_tree but the votes'."""
    everyone = Viewer(user=AnonymousUser(), moderator=False)
    children = selectors.replies_under(top_posts, moderator=False,
                                       max_depth=conf.get("LMS_DISCUSSION_MAX_DEPTH"),
                                       scope=scope)
    labels = post_labels(thread)
    rows = [post_data(post, everyone, votes={}, children=children,
                      accepted_id=thread.accepted_post_id, labels=labels)
            for post in top_posts]
    own = {post.pk: (post.author_id, person_data(post.author), post.body)
           for post in chain(top_posts, *children.values())}
    return rows, own


def own_post_tree(rows, own, viewer):
    """Shared rows (shared_post_tree) as this reader, not a moderator, sees them: the same as
    post_tree gives them (tests/lms/discussions/test_caching.py holds the two together). Their
    own posts are `mine`, with their Markdown and their name even when anonymous; `my_vote`
    their votes (one query). New dicts: the rows may be the cache's."""
    user = viewer.user
    votes = selectors.my_votes(user, list(own))

    def as_seen(row):
        author_id, author, body = own[row["id"]]
        seen = {**row, "my_vote": votes.get(row["id"], 0)}
        if user.is_authenticated and author_id == user.pk:
            seen.update(mine=True, author=author, body=body)
        if "replies" in row:
            seen["replies"] = [as_seen(reply) for reply in row["replies"]]
        return seen

    return [as_seen(row) for row in rows]


def _excerpt(html):
    text = plain_text(html)
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1].rstrip() + "…"


def notification_list(notes, user):
    """Notifications as their reader sees them: the post's author as the reader may know them
    (no one for a peer's anonymous post), an excerpt, the thread."""
    moderates = {}
    rows = []
    for note in notes:
        course_id = note.thread.course_id
        if course_id not in moderates:
            moderates[course_id] = selectors.may_moderate(user, course_id)
        viewer = Viewer(user=user, moderator=moderates[course_id])
        rows.append({
            "id": note.pk, "kind": note.kind, "text": note.get_kind_display(),
            "thread": {"id": note.thread_id, "title": note.thread.title,
                       "url": reverse("api-discussion-thread", args=[note.thread_id])},
            "page": note.thread.page_id, "post": note.post_id,
            "author": author_shown(note.post, viewer), "excerpt": _excerpt(note.post.html),
            "created_at": note.created_at, "read": note.read_at is not None,
        })
    return rows



def participation_rows(course, rows, rule):
    """The participation table of a course (for its moderators), trainees first, by name
    (one more query: the names of those who wrote without an enrolment)."""
    missing = [user_id for user_id, row in rows.items() if row["user"] is None]
    if missing:
        for user in get_user_model().objects.filter(pk__in=missing):
            rows[user.pk]["user"] = user
    people = [{"user": person_data(row["user"]), "trainee": row["enrolment"] is not None,
               "threads": row["threads"], "replies": row["replies"], "upvotes": row["upvotes"],
               "endorsed": row["endorsed"],
               "counted": row["counted"] if rule is not None else None}
              for row in rows.values() if row["user"] is not None]
    people.sort(key=lambda item: (not item["trainee"], item["user"]["name"].casefold()))
    return {"course": course.pk,
            "rule": None if rule is None else {"posts_required": rule.posts_required,
                                               "due_at": rule.due_at},
            "people": people}
