"""The site's main menu: the live children of the site's root page marked "show in menus".

Every page of the site shows it, and it changes only when pages are published, unpublished,
moved or deleted, or a site is changed: it is kept in the cache (one entry holding each site's
menu) and dropped on each of those events once they commit (receivers in lms.core.signals).
With the local-memory default cache, a change made by another process (the scheduled-publishing
command, say) reaches the web server when the entry expires, after MENU_SECONDS at most; Redis,
shared by every process, drops it everywhere at once.
"""

from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from wagtail.models import Site

CACHE_KEY = "lms:main-menu:1"
MENU_SECONDS = 300


class MenuItem(NamedTuple):
    page_id: int
    title: str
    url: str  # as Wagtail gives it for a request on the item's site


def main_menu(request):
    """The menu items of the request's site (no query once cached)."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    menus = cache.get(CACHE_KEY) or {}
    if site.pk not in menus:
        menus[site.pk] = [
            MenuItem(page.pk, page.title, page.get_url(request=request))
            for page in site.root_page.get_children().live().in_menu()
            .only("id", "title", "url_path")]
        cache.set(CACHE_KEY, menus, MENU_SECONDS)
    return menus[site.pk]


def forget_menus():
    """Drop every site's cached menu once the current transaction commits."""
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
