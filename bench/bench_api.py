"""Requests per second of GET /api/v1/me/ as a ratio of the no-op health/ endpoint, via gunicorn."""

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_api.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

ME_PATH = "/api/v1/me/"
TOKEN_PATH = "/api/v1/auth/token/"
USERNAME = "bench-trainee"
PASSWORD = "bench-password-4f1c"
UNIT_PATH = "Jiangnan Province / Linhai City / Baishui County"


def build_people():
    """A province → city → county tree with a few dozen trainees; returns the measured user.

    The measured user is a plain trainee of a county with a category, a position and a rank,
    like most people who open the app; the other units and trainees only make the tables
    non-trivial.
    """
    from lms.core import services
    from lms.core.models import RankLevel, WorkUnit

    province = services.work_unit_create(name="Jiangnan Province", code="bench-prov",
                                         kind=WorkUnit.Kind.PROVINCE)
    counties = []
    for c, city_name in enumerate(["Linhai City", "Qingshan City", "Yunxi City"]):
        city = services.work_unit_create(name=city_name, code=f"bench-city-{c}",
                                         kind=WorkUnit.Kind.CITY, parent=province)
        for k, county_name in enumerate(["Baishui County", "Dongping County", "Xiling District"]):
            counties.append(services.work_unit_create(
                name=county_name, code=f"bench-county-{c}-{k}", kind=WorkUnit.Kind.COUNTY,
                parent=city,
            ))
    category = services.category_create(name="Section-level cadres", slug="section-cadres",
                                        annual_required_hours=Decimal("90"),
                                        min_elective_hours=Decimal("30"))
    for n in range(36):
        services.trainee_create(
            username=f"bench-colleague-{n}", full_name=f"Colleague {n}", password=PASSWORD,
            work_unit=counties[n % len(counties)], category=category, position="Clerk",
            rank_level=RankLevel.STAFF,
        )
    user = services.trainee_create(
        username=USERNAME, full_name="Wang Bench", password=PASSWORD,
        email="bench-trainee@example.org", work_unit=counties[0], category=category,
        position="Deputy section chief", rank_level=RankLevel.SECTION,
    )
    harness.close_db_connections()
    return user


def check_me(base_url, headers):
    """me/ must answer the measured user's profile, or the figures would measure an error path."""
    me = harness.fetch_json(base_url, ME_PATH, headers)
    profile = me.get("profile") or {}
    unit = profile.get("work_unit") or {}
    problems = []
    if me.get("username") != USERNAME:
        problems.append(f"username {me.get('username')!r}")
    if unit.get("path") != UNIT_PATH:
        problems.append(f"work unit path {unit.get('path')!r}")
    if (profile.get("category") or {}).get("slug") != "section-cadres":
        problems.append(f"category {profile.get('category')!r}")
    if "trainee" not in me.get("roles", []):
        problems.append(f"roles {me.get('roles')!r}")
    if problems:
        raise harness.BenchError(f"{ME_PATH} answered an unexpected profile: "
                                 + "; ".join(problems))


def main(argv=None):
    args = harness.parse_args(__doc__, argv)
    harness.log(f"bench_api: {harness.describe_setup(args)}")
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmpdir:
        env = harness.prepare_database(tmpdir)
        build_people()
        with harness.wsgi_server(env, workers=args.workers, threads=args.threads) as base_url:
            token = harness.fetch_json(base_url, TOKEN_PATH, method="POST",
                                       data={"username": USERNAME, "password": PASSWORD})["token"]
            auth = {"Authorization": f"Token {token}"}
            if harness.fetch_json(base_url, harness.HEALTH_PATH) != {"status": "ok"}:
                raise harness.BenchError(f"{harness.HEALTH_PATH} did not answer status ok")
            check_me(base_url, auth)
            (comparison,) = harness.compare(
                base_url,
                harness.Case("no-op", harness.HEALTH_PATH),
                [harness.Case("me/", ME_PATH, auth)],
                rounds=args.rounds, duration=args.duration, concurrency=args.concurrency,
                warmup=args.warmup,
            )
    harness.report_comparison(comparison)


if __name__ == "__main__":
    harness.run(main)
