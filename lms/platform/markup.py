"""Text that people write, turned into HTML that is safe to show to everybody else: discussion
posts, trainees' answers, question texts.

Never trust HTML from a user. Markdown is rendered once, when the text is saved, with the raw HTML
in it escaped rather than passed through, and the result is sanitised against a short list of
tags, attributes and URL schemes; HTML that arrives as HTML (imported questions, say) goes through
the same sanitiser. Whatever leaves this module may be marked safe in a template; the text as
written stays the source of truth, so a change here means rendering the stored texts again.

No Django imports: the module is plain Python, usable from models, services, imports and tests.
"""

import html
from types import MappingProxyType

import nh3
from markdown_it import MarkdownIt

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "URL_SCHEMES",
    "clean_html",
    "cleaner",
    "markdown_html",
    "plain_text",
]

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul", "var",
})
# No style, no class, no id, no event handler: only what a text needs to mean what it says.
ALLOWED_ATTRIBUTES = MappingProxyType({
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
})
# Relative URLs stay (images imported with a question); javascript:, vbscript:, data: and the
# like are dropped together with the attribute that holds them.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_LINK_REL = "noopener noreferrer"
# Their content is code, not text: dropping only the tags would show it to the reader.
_CLEAN_CONTENT_TAGS = frozenset({"script", "style"})


def cleaner(*, extra_attributes=None, allowed_classes=None):
    """An nh3.Cleaner with this module's rules, plus `extra_attributes` ({tag: {attribute}},
    added to the tag's allowed ones) and `allowed_classes` ({tag: {class}}: only these values of
    class survive). Meant for HTML the caller writes itself around cleaned text, such as the
    quizzes' blank placeholders; build it once, at import time, and reuse it."""
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    for tag, names in (extra_attributes or {}).items():
        attributes.setdefault(tag, set()).update(names)
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes=attributes,
        allowed_classes={tag: set(names) for tag, names in (allowed_classes or {}).items()},
        clean_content_tags=set(_CLEAN_CONTENT_TAGS),
        url_schemes=set(URL_SCHEMES),
        link_rel=_LINK_REL,
    )


_cleaner = cleaner()
# CommonMark with tables; "html": False escapes the raw HTML of the source instead of keeping it.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def clean_html(text):
    """`text`, HTML from anywhere, reduced to the allowed tags, attributes and URL schemes: the
    content of script and style dropped, comments dropped, links given rel="noopener noreferrer"."""
    return _cleaner.clean(text)


def markdown_html(text):
    """Safe HTML for `text` written in Markdown (CommonMark and tables; any HTML in it is shown
    as text)."""
    return clean_html(_markdown.render(text))


def plain_text(text):
    """The words of an HTML-ish text, tags dropped, entities unescaped and white space collapsed
    (for names, titles and search). The result is text, not HTML: escape it to show it."""
    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())
