"""Reads of lms.core: who sees which units and trainees, and the profile behind me/."""

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import get_language

from lms.core.models import TraineeProfile, WorkUnit
from lms.core.roles import CURATOR, TRAINEE, role_slugs_for


def is_curator(user):
    return user.is_superuser or user.groups.filter(name=CURATOR.group_name).exists()


def units_supervised_by(user):
    """Every unit a user supervises, with all units below them (one query)."""
    roots = list(WorkUnit.objects.filter(supervisors=user).values_list("path", flat=True))
    if not roots:
        return WorkUnit.objects.none()
    return WorkUnit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in roots)))


def subtree_of(unit):
    """A unit and every unit below it."""
    return WorkUnit.objects.filter(path__startswith=unit.path)


def active_trainees(*, work_unit=None, category=None):
    """Active accounts with the Trainee role, optionally in a unit's subtree and/or a category
    (staff have profiles and units too, but are nobody's enrolment)."""
    users = get_user_model().objects.filter(is_active=True, groups__name=TRAINEE.group_name)
    if work_unit is not None:
        users = users.filter(trainee_profile__work_unit__in=subtree_of(work_unit))
    if category is not None:
        users = users.filter(trainee_profile__category=category)
    return users.order_by("pk")


def trainees_visible_to(user):
    """Profiles a user may see: all for curators, their subtree for supervisors, else their own."""
    profiles = TraineeProfile.objects.select_related("user", "work_unit", "category")
    if is_curator(user):
        return profiles
    units = units_supervised_by(user)
    return profiles.filter(Q(user=user) | Q(work_unit__in=units))


def me_context(user):
    """What me/ shows besides the user row: profile, role slugs, supervised units (3 queries)."""
    profile = (
        TraineeProfile.objects.select_related("work_unit", "category").filter(user=user).first()
    )
    return {
        "profile": profile,
        "roles": role_slugs_for(user),
        "supervised_units": list(WorkUnit.objects.filter(supervisors=user).order_by("path")),
    }


def unit_paths(units):
    """Names from the root down to each unit, keyed by unit id, in one query for all of them."""
    units = [unit for unit in units if unit is not None]
    steps = {unit.path[: i * unit.steplen] for unit in units for i in range(1, unit.depth)}
    names = dict(WorkUnit.objects.filter(path__in=steps).values_list("path", "name")) if steps else {}
    return {
        unit.pk: [names[unit.path[: i * unit.steplen]] for i in range(1, unit.depth)
                  if unit.path[: i * unit.steplen] in names] + [unit.name]
        for unit in units
    }


_PARENT_URLS = {}  # (site root paths, parent url_path, language) -> URL, for one site


def child_page_urls(request=None):
    """A function (url_path) -> URL of a page, as `page.get_url(request)` would give it, for the
    many pages of a list read as plain rows: Wagtail's own URL logic runs once per parent page
    (a catalogue's courses share one), and a child's URL is its parent's plus its slug.

    With a single site the URL is relative, no query runs, and a parent's URL is remembered for
    as long as the sites' root paths (which Wagtail caches and refreshes) stay the same; with
    several sites, Wagtail decides from the request's site, as it does for a page object.
    """
    from wagtail.models import Page, Site

    append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
    root_paths = tuple(Site.get_site_root_paths())
    several_sites = len({root.site_id for root in root_paths}) > 1
    parents = {} if several_sites else _PARENT_URLS
    language = get_language()

    def url_of(url_path):
        parent_path, slug = url_path.rstrip("/").rsplit("/", 1)
        key = (root_paths, parent_path, language)
        if key not in parents:
            if len(parents) > 1000:
                parents.clear()
            # get_url only reads url_path: an unsaved page spares a query per parent.
            parents[key] = Page(url_path=f"{parent_path}/").get_url(
                request=request if several_sites else None)
        base = parents[key]
        if base is None:  # the parent is not routable (no site above it)
            return None
        return f"{base.rstrip('/')}/{slug}{'/' if append_slash else ''}"

    return url_of
