"""Demo data of lms.core: a province's work units, the three categories and the demo accounts
(the training office, the party school's instructors and trainees of each category).

Built through the services and keyed on natural keys (unit code, category slug, username), so
running it again changes nothing.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from lms.core import services
from lms.core.models import RankLevel, TraineeCategory, WorkUnit

# (code, name, kind, parent code)
UNITS = [
    ("JD", "江东省", WorkUnit.Kind.PROVINCE, None),
    ("JD-ORG", "江东省委组织部", WorkUnit.Kind.DEPARTMENT, "JD"),
    ("JD-DX", "江东省委党校", WorkUnit.Kind.DEPARTMENT, "JD"),
    ("JD-JC", "江城市", WorkUnit.Kind.CITY, "JD"),
    ("JD-JC-QS", "青山区", WorkUnit.Kind.COUNTY, "JD-JC"),
    ("JD-JC-HX", "湖西县", WorkUnit.Kind.COUNTY, "JD-JC"),
    ("JD-JC-HX-TQ", "桃桥镇", WorkUnit.Kind.TOWNSHIP, "JD-JC-HX"),
    ("JD-DH", "东湖市", WorkUnit.Kind.CITY, "JD"),
    ("JD-DH-LY", "柳阳县", WorkUnit.Kind.COUNTY, "JD-DH"),
    ("JD-DH-LY-SH", "石河乡", WorkUnit.Kind.TOWNSHIP, "JD-DH-LY"),
]

CATEGORIES = [
    {
        "slug": "department-level",
        "name": "县处级领导干部",
        "description": "County- and division-level leading officials.",
        "annual_required_hours": Decimal("110"),
        "min_elective_hours": Decimal("30"),
        "sort_order": 1,
    },
    {
        "slug": "young-cadres",
        "name": "中青年干部",
        "description": "Young and middle-aged officials on the promotion track.",
        "annual_required_hours": Decimal("90"),
        "min_elective_hours": Decimal("40"),
        "sort_order": 2,
    },
    {
        "slug": "rural-secretaries",
        "name": "村党组织书记",
        "description": "Party-branch secretaries of villages.",
        "annual_required_hours": Decimal("60"),
        "min_elective_hours": Decimal("20"),
        "sort_order": 3,
    },
]

# username, full name, roles, unit code, category slug, position, rank
ACCOUNTS = [
    ("admin", "系统管理员", (), "JD-ORG", None, "", ""),
    ("curator", "王静", ("curator",), "JD-ORG", None, "培训处处长", RankLevel.DIVISION),
    # The party school's teachers: their title and teaching department are their position.
    ("instructor", "陈立新", ("instructor",), "JD-DX", None, "教授（理论教研部）", ""),
    ("instructor2", "林晓燕", ("instructor",), "JD-DX", None, "副教授（法学教研部）", ""),
    ("instructor3", "高志远", ("instructor",), "JD-DX", None, "副教授（公共管理教研部）", ""),
    ("instructor4", "许文博", ("instructor",), "JD-DX", None, "讲师（经济学教研部）", ""),
    ("instructor5", "马丽华", ("instructor",), "JD-DX", None, "教授（领导科学教研部）", ""),
    ("trainee", "李明", ("trainee",), "JD-JC-QS", "young-cadres", "副局长", RankLevel.SECTION),
    ("dept01", "张海涛", ("trainee",), "JD-JC", "department-level", "局长", RankLevel.DIVISION),
    ("dept02", "刘芳", ("trainee",), "JD-DH", "department-level", "副县长", RankLevel.DIVISION),
    ("dept03", "赵建国", ("trainee",), "JD-JC-HX", "department-level", "县委副书记",
     RankLevel.DIVISION),
    ("young01", "孙悦", ("trainee",), "JD-JC-QS", "young-cadres", "科长", RankLevel.SECTION),
    ("young02", "周鹏", ("trainee",), "JD-DH-LY", "young-cadres", "副科长", RankLevel.SECTION),
    ("young03", "吴晓梅", ("trainee",), "JD-ORG", "young-cadres", "主任科员", RankLevel.STAFF),
    ("rural01", "郑大山", ("trainee",), "JD-JC-HX-TQ", "rural-secretaries", "村党支部书记",
     RankLevel.STAFF),
    ("rural02", "冯桂兰", ("trainee",), "JD-DH-LY-SH", "rural-secretaries", "村党支部书记",
     RankLevel.STAFF),
    ("rural03", "何永红", ("trainee",), "JD-JC-HX-TQ", "rural-secretaries", "村党总支书记",
     RankLevel.STAFF),
]

SUPERVISORS = {"curator": "JD", "dept01": "JD-JC"}

HOME_INTRO = (
    "<p>江东省委党校（行政学院）干部网络学院：in-person and online training for the province's "
    "officials.</p>"
)


def load(*, password, stdout):
    units = _load_units()
    categories = _load_categories()
    _load_accounts(password, units, categories)
    _load_home_page()
    stdout.write(
        f"  core: {len(units)} work units, {len(categories)} categories, "
        f"{len(ACCOUNTS)} accounts"
    )


def _load_units():
    units = {unit.code: unit for unit in WorkUnit.objects.all()}
    for code, name, kind, parent_code in UNITS:
        if code not in units:
            units[code] = services.work_unit_create(
                name=name, code=code, kind=kind, parent=units[parent_code] if parent_code else None
            )
    return units


def _load_categories():
    categories = {c.slug: c for c in TraineeCategory.objects.all()}
    for spec in CATEGORIES:
        if spec["slug"] not in categories:
            categories[spec["slug"]] = services.category_create(**spec)
    return categories


def _load_accounts(password, units, categories):
    user_model = get_user_model()
    existing = {u.username: u for u in user_model.objects.filter(
        username__in=[a[0] for a in ACCOUNTS])}
    # Every demo account has the same password: it is hashed once, not once per account (a
    # hash takes the better part of a second, by design).
    hashed = make_password(password) if password and len(existing) < len(ACCOUNTS) else None
    for username, full_name, roles, unit_code, category_slug, position, rank in ACCOUNTS:
        user = existing.get(username)
        if user is None:
            user = services.trainee_create(
                username=username,
                full_name=full_name,
                password=None,
                email=f"{username}@example.org",
                work_unit=units[unit_code],
                category=categories.get(category_slug),
                position=position,
                rank_level=rank,
                roles=roles,
            )
            if hashed:
                user.password = hashed
                user.save(update_fields=["password"])
        if username == "admin" and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
    for username, unit_code in SUPERVISORS.items():
        units[unit_code].supervisors.add(user_model.objects.get(username=username))


def _load_home_page():
    home = services.home_page_ensure()
    if not home.intro:
        home.intro = HOME_INTRO
        home.save_revision().publish()
