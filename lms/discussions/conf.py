"""Settings of lms.discussions with their defaults; override any of them in the site's settings."""

from django.conf import settings

DEFAULTS = {
    # How deep replies nest: 1 is a reply to the opening post, 2 a reply to that reply...
    "LMS_DISCUSSION_MAX_DEPTH": 3,
    # A trainee may write at most this many posts (threads included) in this many seconds.
    "LMS_DISCUSSION_RATE_POSTS": 10,
    "LMS_DISCUSSION_RATE_SECONDS": 300,
    # The longest post accepted, in characters of Markdown.
    "LMS_DISCUSSION_MAX_LENGTH": 20000,
    # How long a page of a thread's posts stays in the cache (lms.discussions.caching). A change
    # to the thread is seen at once whatever this is; it bounds the memory of pages no longer
    # read and how long a renamed author shows under the old name.
    "LMS_DISCUSSION_PAGE_SECONDS": 300,
}


def get(name):
    """Return the site's value of an lms.discussions setting, or its documented default."""
    return getattr(settings, name, DEFAULTS[name])
