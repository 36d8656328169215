"""Which Wagtail pages a request may see: live, and past every view restriction above them.

Wagtail checks a page's own restrictions when it serves the page; lists, the API, search and
plans read pages by other ways, so they narrow their querysets here. The decision is Wagtail's
own (`accept_request` of each restriction: signed in, in one of the groups, or password given
in this session), made once per request for all restrictions of the site.
"""

from django.db.models import Q, prefetch_related_objects
from wagtail.models import PageViewRestriction


def _refused_restrictions(request):
    """The view restrictions this request does not pass (two or three queries, whatever the
    number of pages; one when the site has none)."""
    restrictions = list(PageViewRestriction.objects.select_related("page")
                        .prefetch_related("groups"))
    if not restrictions:
        return []
    user = request.user
    if user.is_authenticated and any(
            r.restriction_type == PageViewRestriction.GROUPS for r in restrictions):
        # accept_request compares against user.groups.all(): read them once, not per restriction.
        prefetch_related_objects([user], "groups")
    return [r for r in restrictions if not r.accept_request(request)]


def viewable(pages, request):
    """The live pages of a Page queryset that this request may view."""
    pages = pages.live()
    refused = Q()
    for restriction in _refused_restrictions(request):
        refused |= pages.descendant_of_q(restriction.page, inclusive=True)
    return pages.exclude(refused) if refused else pages


def refused_paths(request):
    """The tree paths of the view restrictions this request does not pass, as a tuple: a page
    whose path starts with one of them is hidden from it (for pages read from a cache rather
    than through `viewable`)."""
    return tuple(restriction.page.path for restriction in _refused_restrictions(request))


def behind_refused_restriction(request, *pages):
    """Whether any of these pages (None ignored) lies below a view restriction this request
    does not pass: for reads that reach a page's content without Wagtail serving the page."""
    paths = refused_paths(request)
    return bool(paths) and any(page.path.startswith(paths) for page in pages if page is not None)
