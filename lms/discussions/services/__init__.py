"""Writes of lms.discussions. Views, the API and tasks call these; each checks its rules and
raises DiscussionRefused (a stable code, a translated message, an HTTP status)."""

from lms.discussions.services.common import DiscussionRefused
from lms.discussions.services.debating import (
    audience_vote,
    round_score,
    side_choose,
    sides_assign,
)
from lms.discussions.services.moderation import (
    answer_accept,
    flags_dismiss,
    post_endorse,
    post_flag,
    post_hide,
    post_restore,
    thread_pin,
    thread_status_set,
)
from lms.discussions.services.notifying import (
    email_frequency,
    email_frequency_set,
    notifications_read,
)
from lms.discussions.services.posting import (
    post_edit,
    post_reply,
    post_vote,
    thread_start,
    thread_subscribe,
)
from lms.discussions.services.seminars import groups_form

__all__ = [
    "DiscussionRefused",
    "answer_accept",
    "audience_vote",
    "email_frequency",
    "email_frequency_set",
    "flags_dismiss",
    "groups_form",
    "notifications_read",
    "post_edit",
    "post_endorse",
    "post_flag",
    "post_hide",
    "post_reply",
    "post_restore",
    "post_vote",
    "round_score",
    "side_choose",
    "sides_assign",
    "thread_pin",
    "thread_start",
    "thread_status_set",
    "thread_subscribe",
]
