"""Template tags of the site layout: the main menu from the pages marked "show in menus"."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live children of the site's root page that are marked to show in menus (one query)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return list(site.root_page.get_children().live().in_menu().only("id", "title", "url_path"))
