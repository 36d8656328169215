"""Template tags of the site layout: the main menu from the pages marked "show in menus"."""

from django import template

from lms.core import menus

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site's main menu (menus.MenuItem: page_id, title, url), cached between changes."""
    return menus.main_menu(context.get("request"))
