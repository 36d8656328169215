"""Shared fixtures: fast hashing, eager tasks, the three roles and a small work-unit tree."""

from pathlib import Path

import pytest

from config.celery import app as celery_app
from tests.lms.core.factories import CategoryFactory, UserFactory, WorkUnitFactory


def pytest_configure(config):
    # The SQLite test database is a file under var/ (config/settings.py says why).
    (Path(__file__).resolve().parents[1] / "var").mkdir(exist_ok=True)


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if request.node.get_closest_marker("services") is None:
        celery_app.conf.task_always_eager = True
        yield
        celery_app.conf.task_always_eager = False
    else:
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty local-memory cache: SQLite hands the same ids out again
    after a rollback, so one test's cached course parts must not meet the next test's course.
    (The services lane's Redis has a prefix per run and PostgreSQL never reuses an id.)"""
    yield
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from rest_framework.settings import api_settings

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    else:
        # Redis outlives the test, and every test client comes from 127.0.0.1: one test's
        # sign-ins must not count against the next one's API throttles (DRF's cache keys).
        caches["default"].delete_many([f"throttle_{scope}_127.0.0.1"
                                       for scope in api_settings.DEFAULT_THROTTLE_RATES])


@pytest.fixture(autouse=True)
def _two_factor_only_when_asked(settings, request):
    """Curators and superusers must set up two-factor sign-in before any admin screen; the
    tests of other features sign them in without it. Tests marked `two_factor` keep the rule."""
    if request.node.get_closest_marker("two_factor") is None:
        settings.LMS_2FA_REQUIRED = []


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def unit_tree(db):
    """province → city → county, plus a second city."""
    province = WorkUnitFactory(name="Jiangdong Province", code="jd", kind="province")
    city = WorkUnitFactory(name="Jiangcheng City", code="jd-jc", kind="city", parent=province)
    county = WorkUnitFactory(name="Qingshan District", code="jd-jc-qs", kind="county", parent=city)
    other_city = WorkUnitFactory(name="Donghu City", code="jd-dh", kind="city", parent=province)
    units = {"province": province, "city": city, "county": county, "other_city": other_city}
    for unit in units.values():
        unit.refresh_from_db()  # sorted inserts shift sibling paths; hand out fresh rows
    return units


@pytest.fixture
def category(db):
    return CategoryFactory(name="Young cadres", slug="young-cadres")


@pytest.fixture
def trainee(db, unit_tree, category):
    return UserFactory(username="trainee", first_name="Li Ming", roles=("trainee",),
                       work_unit=unit_tree["county"], category=category, position="Deputy head")


@pytest.fixture
def curator(db, unit_tree):
    return UserFactory(username="curator", first_name="Wang Jing", roles=("curator",),
                       work_unit=unit_tree["province"])


@pytest.fixture
def instructor(db):
    return UserFactory(username="instructor", first_name="Chen Lixin", roles=("instructor",))


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
