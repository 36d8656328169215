"""Chinese-aware search text: the one segmenter every app's index and queries go through.

Full-text indexes (SQLite FTS5, PostgreSQL's parser, Elasticsearch's standard analyser) split
text at spaces and punctuation, so a run of Chinese characters is one "word" to them and
"法治" is not found in "法治政府建设". Here each run of Chinese characters is cut into words by
jieba (through rjieba, its maintained Rust port) in search mode, which also yields the shorter
words inside longer ones (依法治国 → 依法 法治 治国 依法治国), and the words are joined by spaces.
Indexed text and queries are cut the same way, and queries ask for every word (operator "and").
Both are NFKC-normalised first (full-width "ＬＡＷ－１，" is "LAW-1,"), and a hyphen parts words.
"""

import re
import unicodedata

import rjieba
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

# CJK Unified Ideographs with extension A, and the compatibility block.
_CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A double quote ends a term in SQLite's full-text syntax (an odd one is an error,
# wagtail/wagtail#13227); a control character (NUL) ends a string in SQLite and PostgreSQL.
_QUERY_BREAKERS = re.compile(r'["\x00-\x1f\x7f]')
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _words(run):
    return [word for word in rjieba.cut_for_search(run) if word.strip()]


def _spelled_out(word, words):
    """Whether shorter words of `words` found inside `word` cover each of its characters."""
    covered = [False] * len(word)
    for part in words:
        if len(part) < len(word):
            for start in range(len(word) - len(part) + 1):
                if word.startswith(part, start):
                    covered[start:start + len(part)] = [True] * len(part)
    return all(covered)


def _query_words(run):
    """A query's words, less the longer ones its shorter ones spell out: the indexed text may be
    cut elsewhere (生态环境保护 → 生态 环境 保护 环境保护), so 生态环境 asks for 生态 and 环境."""
    words = _words(run)
    return [word for word in words if not _spelled_out(word, words)]


def _cut(text, cut_run):
    # A hyphen parts words, as in queries on PostgreSQL, whose parser would otherwise index
    # the "-1" of "LAW-1" or the "-2026" of "2025-2026" as a negative number.
    text = unicodedata.normalize("NFKC", str(text)).replace("-", " ")
    return " ".join(_CHINESE_RUN.sub(lambda match: f" {' '.join(cut_run(match.group()))} ",
                                     text).split())


def search_text(text):
    """Text as an index should see it: every Chinese run cut into space-separated words."""
    return _cut(text, _words) if text else ""


def search_html(html):
    """search_text of rich text: without its tags, a space between its blocks."""
    return search_text(get_text_for_indexing(str(html))) if html else ""


def search_query(query):
    """A query typed by a person, cut the same way, without what full-text query syntaxes choke
    on; words without a letter or digit are dropped (SQLite would then match nothing at all,
    PostgreSQL ignores them)."""
    words = _cut(_QUERY_BREAKERS.sub(" ", unicodedata.normalize("NFKC", query or "")),
                 _query_words).split()
    return " ".join(word for word in words if _LETTER_OR_DIGIT.search(word))


def matching_ids(queryset, query):
    """Ids of the objects of an indexed queryset that contain every word of the query."""
    words = search_query(query)
    if not words:
        return []
    # The caller orders the rows itself: no relevance scores to compute.
    return [obj.pk for obj in queryset.search(words, operator="and", order_by_relevance=False)]


class TitleAndSummaryWords:
    """For a page model with a `summary`: its title and summary cut into words, to add to its
    search_fields as `*TitleAndSummaryWords.search_fields` (title words boosted like the title)."""

    search_fields = [index.SearchField("search_title_words", boost=2),
                     index.SearchField("search_summary_words")]

    def search_title_words(self):
        return search_text(self.title)

    def search_summary_words(self):
        return search_text(self.summary)
