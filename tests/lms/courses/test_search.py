"""Catalogue search (`q`) in Chinese, English and both, through the API and the catalogue page."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.courses.models import CoursePage
from lms.platform.search import matching_ids
from tests.lms.courses.factories import catalogue_page, make_course

pytestmark = pytest.mark.django_db

COURSES = "/api/v1/courses/"


def course(code, title, summary, *, objectives="", topics=()):
    """make_course (which indexes on save) with this summary and these learning objectives."""
    page = make_course(code, title=title, topics=topics)
    page.summary = summary
    page.learning_objectives = objectives
    page.save()
    return page


@pytest.fixture
def shelf(db):
    """Six live courses; their saves index them (no index call here)."""
    course("LAW-1", "法治政府建设专题", "依法行政与法治思维",
           objectives="<p>理解法治政府的要求</p><p>掌握<b>行政复议</b>流程</p>", topics=["营商环境"])
    course("DIG-1", "数字政府与数据治理", "政务数据共享与网络安全", topics=["数字化转型"])
    course("CASE-1", "基层治理典型案例分析", "从乡村振兴一线的案例看基层治理", topics=["基层治理"])
    course("ECO-1", "生态环境保护督察（2025-2026）", "督察整改的程序与要点", topics=["生态文明"])
    course("SVC-1", "ＡＩ赋能政务服务", "人工智能在政务服务中的应用")  # full-width, as typed
    course("ENG-1", "Digital government basics", "Open data and online services for citizens",
           topics=["open data"])
    return catalogue_page()


SEARCHES = [
    ("法治", ["LAW-1"]),
    ("数字", ["DIG-1"]),
    ("案例", ["CASE-1"]),
    ("数字政府", ["DIG-1"]),
    ("政府 数字", ["DIG-1"]),  # two words, both must match
    ("法治 数字", []),  # each in one course, none has both
    ("政府", ["DIG-1", "LAW-1"]),
    ("政务", ["DIG-1", "SVC-1"]),  # a title word and a summary word
    ("营商环境", ["LAW-1"]),  # a topic
    ("数字化", ["DIG-1"]),  # only in the topic 数字化转型
    ("网络安全", ["DIG-1"]),  # the summary
    ("乡村振兴", ["CASE-1"]),  # the summary
    ("行政复议", ["LAW-1"]),  # the learning objectives (rich text)
    ("生态环境", ["ECO-1"]),  # indexed as 生态 环境 保护 环境保护 督察
    ("AI政务", ["SVC-1"]),  # full-width in the title
    ("ai 服务", ["SVC-1"]),
    ("LAW-1", ["LAW-1"]),
    ("law-1", ["LAW-1"]),
    ("ＬＡＷ－１", ["LAW-1"]),  # full-width code
    ("LAW-1 法治", ["LAW-1"]),
    ("2025-2026", ["ECO-1"]),
    ("2026", ["ECO-1"]),
    ("digital", ["ENG-1"]),
    ("Digital government", ["ENG-1"]),
    ("ＤＩＧＩＴＡＬ", ["ENG-1"]),  # full-width letters
    ("法治，政府", ["LAW-1"]),  # full-width comma
    ("“数字政府”", ["DIG-1"]),
    ("宇宙", []),
    ("quantum", []),
    ('"', []),
    ("!!!", []),
]


def api_codes(api_client, query):
    response = api_client.get(COURSES, {"q": query})
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


def page_codes(client, shelf, query):
    response = client.get(shelf.url, {"q": query})
    assert response.status_code == 200
    return re.findall(r'data-course="([^"]+)"', response.content.decode())


def test_api_search(api_client, trainee, shelf):
    api_client.force_authenticate(trainee)
    found = {query: api_codes(api_client, query) for query, _codes in SEARCHES}
    assert found == dict(SEARCHES)  # one shelf for the whole table: pages take ~0.3 s each


def test_catalogue_page_search(client, trainee, shelf):
    client.force_login(trainee)
    found = {query: page_codes(client, shelf, query) for query, _codes in SEARCHES}
    assert found == dict(SEARCHES)


QUERY_SYNTAX = [
    '"', '""', 'law "', "'", "\\", "*", "law*", "AND", "OR 法治", "NOT law", "NEAR(law, x)",
    "(", ")", "-law", "law -", "&", "|", "!", ":", "a:b", "^law", "{title}:law", "title:法治",
    "%", "_", "＂", "'法治'", "法治\\", "(法治 OR 数字", "law & !x | y:*", "法" * 100,
]


def test_query_syntax_typed_in_is_never_an_error(api_client, client, trainee, shelf):
    api_client.force_authenticate(trainee)
    client.force_login(trainee)
    for query in QUERY_SYNTAX:
        assert api_client.get(COURSES, {"q": query}).status_code == 200, query
        assert client.get(shelf.url, {"q": query}).status_code == 200, query
        matching_ids(CoursePage.objects.live(), query)


def test_a_topic_added_later_is_found_and_a_removed_one_is_not(api_client, trainee, shelf):
    api_client.force_authenticate(trainee)
    page = CoursePage.objects.get(code="ENG-1")
    page.topics.add("电子政务")
    page.save_revision().publish()  # as the editor publishes it
    assert api_codes(api_client, "电子政务") == ["ENG-1"]
    page = CoursePage.objects.get(code="ENG-1")
    page.topics.remove("电子政务")
    page.save()
    assert api_codes(api_client, "电子政务") == []


def test_update_index_rebuilds_the_segmented_fields(api_client, trainee, shelf):
    """What a deploy runs once for the courses indexed before their words were."""
    call_command("update_index", verbosity=0)
    api_client.force_authenticate(trainee)
    assert api_codes(api_client, "营商环境") == ["LAW-1"]  # a topic
    assert api_codes(api_client, "行政复议") == ["LAW-1"]


def test_a_draft_is_not_found(api_client, trainee, shelf):
    make_course("DRAFT-1", title="法治实务草稿", live=False)
    api_client.force_authenticate(trainee)
    assert api_codes(api_client, "法治") == ["LAW-1"]


def test_search_queries_do_not_grow_with_the_matches(api_client, trainee, shelf):
    api_client.force_authenticate(trainee)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            api_codes(api_client, "政府")
        return len(captured.captured_queries)

    queries()  # Wagtail keeps the site's root paths in the cache from the first request on
    before = queries()
    for n in range(3):
        make_course(f"GOV-{n}", title=f"政府工作第{n}讲")
    assert queries() == before


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="per-field boosts are PostgreSQL's; SQLite ranks the title column only")
def test_title_words_rank_above_summary_words(db):
    course("IN-TITLE", "廉政教育", "专题讲座")
    course("IN-SUMMARY", "专题讲座", "廉政教育")  # a tie would rank the newer page first
    ranked = CoursePage.objects.live().search("廉政", operator="and")
    assert [page.code for page in ranked] == ["IN-TITLE", "IN-SUMMARY"]
