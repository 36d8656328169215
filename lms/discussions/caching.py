"""A page of a thread's posts as every reader but a moderator sees it, kept in the cache under
the thread's version: the second trainee to open a page does not read its posts again.

What is kept is the same for all those readers: the number of posts the pages hold, and the
page's posts with the replies below them as presenting.shared_post_tree gives them (no author
on an anonymous post, no Markdown, no votes of anyone's), with what makes a post someone's own
kept aside. What is each reader's own is added per request (presenting.own_post_tree: `mine`,
their Markdown, their name on their own anonymous posts, their votes in one query). Moderators
always read afresh: they see hidden posts, flags and every author.

Invalidation: the key holds Thread.version, which every service that changes what a thread's
posts show raises in the transaction of the change (services.common.thread_touched). A request
reads the version with the thread before it reads any post, so an entry is never older than the
version in its key, in any process, with Redis or each process's local memory; entries of
earlier versions are no longer asked for and expire after LMS_DISCUSSION_PAGE_SECONDS. One
thing the version does not cover: people's names (authors, endorsers). A renamed person shows
under the old name on a page kept before, until its entry expires.
"""

import hashlib
import json

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language

from lms.discussions import conf

# Bump when what an entry holds changes shape (presenting.shared_post_tree, post_data's keys),
# so that entries written by older code are not read.
FORMAT = 1


def _plain(value):
    """A value of the page's shape as JSON can write it, the same for equal values. Only plain
    values and Q objects (by their parts) are taken: anything else (a model instance, whose text
    may not tell two rows apart) is refused rather than risk two shapes sharing a key."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Q):
        _path, args, kwargs = value.deconstruct()
        return {"Q": [_plain(arg) for arg in args], **{key: _plain(item)
                                                        for key, item in kwargs.items()}}
    raise TypeError(f"not a plain value for a cache key: {value!r}")


def _key(thread, part, shape):
    digest = hashlib.sha256(json.dumps(_plain(sorted(shape.items())), separators=(",", ":"))
                            .encode()).hexdigest()[:32]
    # The language too: labels (a debate's round names) are translated when they are made.
    return (f"lms:discussion-posts:{FORMAT}:{thread.pk}:{thread.version}:{get_language()}:"
            f"{part}:{digest}")


def post_count(thread, shape, count):
    """How many posts the pages of `shape` hold for readers who are not moderators: `shape`
    every argument that decides which posts they hold (selectors.post_page's), as plain values
    or Q objects; `count()` counts them (one query) when not kept."""
    return cache.get_or_set(_key(thread, "count", shape), count,
                            conf.get("LMS_DISCUSSION_PAGE_SECONDS"))


def page_rows(thread, shape, page, read):
    """The shared rows of a page of `shape` (as post_count), `page` being the Django Page of
    the pagination (its number and size are in the key): from the cache, or `read()`
    (presenting.shared_post_tree of the page's posts) and kept."""
    key = _key(thread, "page", {**shape, "page": page.number, "size": page.paginator.per_page})
    return cache.get_or_set(key, read, conf.get("LMS_DISCUSSION_PAGE_SECONDS"))
