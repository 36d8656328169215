"""Chinese-aware search text: the one segmenter every app's index and queries go through.

Full-text indexes (SQLite FTS5, PostgreSQL's parser, Elasticsearch's standard analyser) split
text at spaces and punctuation, so a run of Chinese characters is one "word" to them and
"法治" is not found in "法治政府建设". Here each run of Chinese characters is cut into words by
jieba (through rjieba, its maintained Rust port) in search mode, which also yields the shorter
words inside longer ones (依法治国 → 依法 法治 治国 依法治国), and the words are joined by spaces.
Indexed text and queries are cut the same way, and queries ask for every word (operator "and").
Text without Chinese passes through unchanged.
"""

import re

import rjieba
from django.utils.html import strip_tags

# CJK Unified Ideographs with extension A, and the compatibility block.
_CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _words(run):
    return [word for word in rjieba.cut_for_search(run) if word.strip()]


def search_text(text):
    """Text as an index should see it: every Chinese run cut into space-separated words."""
    if not text:
        return ""
    return _CHINESE_RUN.sub(lambda match: " " + " ".join(_words(match.group())) + " ",
                            str(text)).strip()


def search_html(html):
    """search_text of rich text, without its tags."""
    return search_text(strip_tags(html or ""))


def search_query(query):
    """A query typed by a person, cut the same way, without the characters full-text query
    syntaxes choke on (an odd double quote is an error on SQLite, wagtail/wagtail#13227)."""
    return " ".join(search_text(query.replace('"', " ")).split())


def matching_ids(queryset, query):
    """Ids of the objects of an indexed queryset that contain every word of the query."""
    words = search_query(query)
    if not words:
        return []
    return [obj.pk for obj in queryset.search(words, operator="and")]
