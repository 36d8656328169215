"""Chinese that reads as written by a native: the language switcher, the header, one date format
per language, success that looks like success, and Wagtail's own gaps filled by the project."""

import datetime
import glob
import json
import re
from pathlib import Path

import django
import polib
import pytest
import wagtail
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from lms.platform.exports import excel_number_format

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "locale_overrides" / "locale" / "zh_Hans" / "LC_MESSAGES"
LANGUAGE_CODES = ["en", "zh-hans"]


def render_base(language, user=None, path="/", add_messages=()):
    """base.html as the site renders it for `user` at `path` in `language`."""
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    if add_messages:
        request._messages = CookieStorage(request)
        for level, text in add_messages:
            messages.add_message(request, level, text)
    with translation.override(language):
        return render_to_string("base.html", request=request)


def nav_of(html):
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


# --- The language switcher --------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_the_switcher_names_each_language_in_itself(language):
    html = render_base(language)
    options = re.findall(r'<option value="([^"]+)" lang="([^"]+)"( selected)?>([^<]+)</option>', html)
    assert [(value, lang, name) for value, lang, _, name in options] == [
        ("en", "en", "English"), ("zh-hans", "zh-hans", "简体中文")]
    assert [value for value, _, selected, _ in options if selected] == [language]
    assert f'<html lang="{language}">' in html


@pytest.mark.django_db
def test_the_switcher_sets_the_language(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/accounts/login/"},
                           follow=True)
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "登录" in response.content.decode()


# --- The header -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_my_learning_comes_first_in_the_header_in_chinese(trainee):
    nav = nav_of(render_base("zh-hans", user=trainee))
    first_link = re.search(r"<a [^>]*>([^<]*)</a>", nav)
    assert first_link.group(1) == "我的学习"
    assert f'href="{reverse("learning")}"' in first_link.group(0)
    assert "aria-current" not in first_link.group(0)


@pytest.mark.django_db
def test_my_learning_is_marked_current_on_its_page(trainee):
    nav = nav_of(render_base("en", user=trainee, path=reverse("learning")))
    assert f'<a href="{reverse("learning")}" aria-current="page">My learning</a>' in nav


@pytest.mark.django_db
def test_visitors_get_no_my_learning_link():
    nav = nav_of(render_base("zh-hans"))
    assert "我的学习" not in nav and "登录" in nav


@pytest.mark.django_db
def test_the_admin_link_says_admin_console_and_wagtail_says_administrator(curator):
    """One msgid, two meanings: the header link has a context of its own, so Wagtail's access
    level "Admin" on the users list stays 「管理员」."""
    nav = nav_of(render_base("zh-hans", user=curator))
    assert '<a href="/admin/">管理后台</a>' in nav
    with translation.override("zh-hans"):
        assert pgettext("link to the Wagtail admin", "Admin") == "管理后台"
        assert gettext("Admin") == "管理员"


# --- Messages ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_success_looks_like_success_and_errors_like_errors():
    html = render_base("zh-hans", add_messages=[(messages.SUCCESS, "报名成功。"),
                                                (messages.ERROR, "名额已满。")])
    items = re.findall(r'<li class="message message--(\w+)">(.*?)</li>', html, re.S)
    assert [level for level, _ in items] == ["success", "error"]
    success, error = (body for _, body in items)
    # Not told apart by colour alone: an icon of its own and a word for screen readers.
    assert '<span class="message__icon" aria-hidden="true">✓</span>' in success
    assert '<span class="visually-hidden">成功：</span>' in success
    assert '<span class="message__icon" aria-hidden="true">✕</span>' in error
    assert '<span class="visually-hidden">错误：</span>' in error


def test_the_stylesheet_gives_each_message_level_its_own_colours():
    css = (ROOT / "lms/core/static/core/css/site.css").read_text()
    rules = {level: re.search(rf"\.message--{level} \{{([^}}]*)\}}", css).group(1)
             for level in ("success", "error")}
    assert "#2e7d4f" in rules["success"] and "#b71c1c" not in rules["success"]
    assert "#b71c1c" in rules["error"]


# --- Dates ------------------------------------------------------------------------------------

DAY = datetime.date(2026, 12, 2)
MOMENT = datetime.datetime(2026, 12, 2, 8, 30)


@pytest.mark.parametrize(("language", "template", "expected"), [
    ("en", "{{ day|date }}", "2 Dec 2026"),
    ("en", '{{ day|date:"DATE_FORMAT" }}', "2 Dec 2026"),
    ("en", '{{ day|date:"SHORT_DATE_FORMAT" }}', "2 Dec 2026"),
    ("en", '{{ moment|date:"DATETIME_FORMAT" }}', "2 Dec 2026, 08:30"),
    ("en", '{{ moment|date:"SHORT_DATETIME_FORMAT" }}', "2 Dec 2026, 08:30"),
    ("en", "{{ day }}", "2 Dec 2026"),
    ("zh-hans", "{{ day|date }}", "2026年12月2日"),
    ("zh-hans", '{{ day|date:"DATE_FORMAT" }}', "2026年12月2日"),
    ("zh-hans", '{{ day|date:"SHORT_DATE_FORMAT" }}', "2026年12月2日"),
    ("zh-hans", '{{ moment|date:"DATETIME_FORMAT" }}', "2026年12月2日 08:30"),
    ("zh-hans", '{{ moment|date:"SHORT_DATETIME_FORMAT" }}', "2026年12月2日 08:30"),
    ("zh-hans", '{{ day|date:"MONTH_DAY_FORMAT" }}', "12月2日"),
    ("zh-hans", "{{ day }}", "2026年12月2日"),
])
def test_one_date_format_per_language(settings, language, template, expected):
    settings.USE_TZ = False  # a naive moment, printed as given
    with translation.override(language):
        assert Template(template).render(Context({"day": DAY, "moment": MOMENT})) == expected


@pytest.mark.parametrize(("language", "typed"), [
    ("en", "2026-12-02"), ("en", "2 Dec 2026"),
    ("zh-hans", "2026-12-02"), ("zh-hans", "2026/12/02"), ("zh-hans", "2026年12月2日"),
])
def test_dates_typed_the_way_they_are_shown_are_read_back(language, typed):
    from django import forms

    with translation.override(language):
        assert forms.DateField().clean(typed) == DAY


def test_chinese_date_widgets_write_iso_for_the_browser():
    from django import forms

    with translation.override("zh-hans"):
        assert forms.DateInput().format_value(DAY) == "2026-12-02"


@pytest.mark.parametrize(("language", "datetime_format", "date_format"), [
    ("en", "d mmm yyyy, hh:mm", "d mmm yyyy"),
    ("zh-hans", 'yyyy"年"m"月"d"日 "hh:mm', 'yyyy"年"m"月"d"日"'),
])
def test_spreadsheet_cells_show_the_language_format(language, datetime_format, date_format):
    """XLSX cells keep real dates (sortable) and show them as the screens write them."""
    with translation.override(language):
        assert excel_number_format("SHORT_DATETIME_FORMAT") == datetime_format
        assert excel_number_format("SHORT_DATE_FORMAT") == date_format


# --- Wagtail's zh-hans gaps, filled by the project ---------------------------------------------

def sidebar_label(html, name):
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)

    def walk(node):
        if isinstance(node, dict):
            if node.get("name") == name and "label" in node:
                return node["label"]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                if (found := walk(child)) is not None:
                    return found
        return None

    return walk(json.loads(props.group(1)))


@pytest.fixture
def page_curator(curator):
    """The curator, editing pages as on the demo site (the test role has no page rights)."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission, Page

    GroupPagePermission.objects.create(group=curator.groups.get(), page=Page.get_first_root_node(),
                                       permission=Permission.objects.get(codename="change_page"))
    return curator


@pytest.mark.django_db
def test_a_chinese_curator_meets_no_english_on_the_dashboard(client, page_curator):
    client.force_login(page_curator)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert sidebar_label(html, "explorer") == "页面"  # not 「分页」 (pagination)
    assert sidebar_label(html, "aging-pages") == "长期未更新的页面"
    assert 'placeholder="搜索全部页面…"' in html
    assert "Search all pages" not in html
    assert 'aria-label="更换头像"' in html


@pytest.mark.django_db
def test_the_english_admin_is_untouched(client, page_curator):
    client.force_login(page_curator)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert sidebar_label(html, "explorer") == "Pages"
    assert 'placeholder="Search all pages…"' in html


def test_the_overrides_catalogue_comes_first():
    """Listed first in LOCALE_PATHS, it wins over every app's catalogue (Django merges the
    LOCALE_PATHS last, the first one last of all)."""
    assert Path(settings.LOCALE_PATHS[0]) == ROOT / "locale_overrides" / "locale"
    with translation.override("zh-hans"):
        assert gettext("Pages") == "页面"
        assert gettext("%(time_period)s ago") % {"time_period": "5 分钟"} == "5 分钟前"


def upstream_msgids(domain):
    """The msgids of Wagtail's and Django's own catalogues (their English .po files)."""
    found = set()
    for package in (wagtail, django):
        root = Path(package.__file__).parent
        for path in glob.glob(str(root / f"**/locale/en/LC_MESSAGES/{domain}.po"),
                              recursive=True):
            found.update((entry.msgctxt, entry.msgid) for entry in polib.pofile(path))
    return found


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_override_is_a_string_wagtail_still_uses(domain):
    """After a Wagtail (or Django) upgrade, an override whose msgid it changed silently stops
    working."""
    known = upstream_msgids(domain)
    stale = [entry.msgid for entry in polib.pofile(str(OVERRIDES / f"{domain}.po"))
             if (entry.msgctxt, entry.msgid) not in known]
    assert not stale


CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]"
HALF_WIDTH = re.compile(rf"(?<={CJK})\s*[,:;()?!]|[,:;()?!]\s*(?={CJK})")


@pytest.mark.parametrize("po_path", sorted(
    [*OVERRIDES.glob("*.po"), *(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES").glob("*.po")]),
    ids=lambda path: str(path.relative_to(ROOT)))
def test_chinese_text_uses_full_width_punctuation(po_path):
    bad = []
    for entry in polib.pofile(str(po_path)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            plain = re.sub(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|<[^>]+>", "", text)
            if HALF_WIDTH.search(plain):
                bad.append(text)
    assert not bad
