"""lms.platform.search: how text is cut for the index and how a typed query is cut (pure)."""

import pytest

from lms.platform.search import search_html, search_query, search_text


@pytest.mark.parametrize("text, indexed", [
    ("法治政府建设专题", "法治 政府 建设 专题"),
    ("依法治国", "依法 法治 治国 依法治国"),  # search mode: the words inside a long word too
    ("数字政府与数据治理\n第二讲", "数字 政府 与 数据 治理 第二 讲"),
    ("AI赋能政务服务", "AI 赋能 政务 服务"),
    ("法治，政府。", "法治 , 政府 。"),
    ("ＬＡＷ－１ Ｄｉｇｉｔａｌ", "LAW 1 Digital"),  # NFKC: full-width forms are ASCII
    ("2025-2026学年", "2025 2026 学年"),  # not "-2026", a negative number to PostgreSQL
    ("Digital  government basics", "Digital government basics"),
    ("", ""),
    (None, ""),
])
def test_search_text_cuts_chinese_runs_into_words(text, indexed):
    assert search_text(text) == indexed


@pytest.mark.parametrize("html, indexed", [
    ("<p>法治</p><p>政府</p>", "法治 政府"),  # blocks are words apart
    ("<p>Law</p><ul><li>order</li></ul>", "Law order"),
    ("<p>法<b>治</b>政府</p>", "法治 政府"),  # inline tags do not cut a word
    ("<p>R&amp;D &lt;AI&gt;</p>", "R&D <AI>"),
    ("", ""),
    (None, ""),
])
def test_search_html_indexes_rich_text_without_tags(html, indexed):
    assert search_html(html) == indexed


@pytest.mark.parametrize("query, words", [
    ("法治", "法治"),
    ("数字政府", "数字 政府"),
    ("政府 数字", "政府 数字"),
    ("AI政务", "AI 政务"),
    ("Digital government", "Digital government"),
    ("LAW-1", "LAW 1"),
    ("ＬＡＷ－１", "LAW 1"),
    ("ｄｉｇｉｔａｌ", "digital"),
    ("法治，政府", "法治 政府"),
    ("“数字政府”", "数字 政府"),
    # A long word that shorter ones spell out is left to them: the indexed text may be cut
    # elsewhere (生态环境保护督察 → 生态 环境 保护 环境保护 督察, no 生态环境).
    ("生态环境", "生态 环境"),
    ("依法治国", "依法 法治 治国"),
    ("数字化", "数字 数字化"),  # 化 alone is no word, so 数字化 stays
    ('law "', "law"),
    ('"', ""),
    ("＂法治＂", "法治"),  # a full-width quote is a quote after NFKC
    ('"法治" OR "数字"', "法治 OR 数字"),
    ("law* NEAR(x) {title}:law", "law* NEAR(x) {title}:law"),
    ("!!! - * ( ) _ ，。", ""),
    ("-law", "law"),
    ("a\x00b\tc", "a b c"),
    ("   ", ""),
    ("", ""),
    (None, ""),
])
def test_search_query_words(query, words):
    assert search_query(query) == words


COURSE_TITLES = [
    "法治政府建设专题", "数字政府与数据治理", "基层治理典型案例分析", "生态环境保护督察",
    "党风廉政建设和反腐败斗争", "全面推进乡村振兴战略", "中华人民共和国宪法", "大数据安全管理实务",
    "公务员职业道德与行为规范", "政务服务一网通办实践", "优化营商环境条例解读",
]


@pytest.mark.parametrize("title", COURSE_TITLES)
def test_every_indexed_word_typed_alone_finds_its_text(title):
    indexed = set(search_text(title).split())
    for word in indexed:
        assert set(search_query(word).split()) <= indexed, word


@pytest.mark.parametrize("title, query", [
    ("生态环境保护督察", "生态环境"),
    ("党风廉政建设和反腐败斗争", "廉政建设"),
    ("法治政府建设专题", "法治政府"),
    ("基层治理典型案例分析", "典型案例"),
    ("全面推进乡村振兴战略", "乡村振兴"),
    ("大数据安全管理实务", "数据安全"),
])
def test_a_phrase_of_the_title_finds_it(title, query):
    assert set(search_query(query).split()) <= set(search_text(title).split())
