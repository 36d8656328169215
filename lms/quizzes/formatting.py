"""The HTML a quiz shows: texts in their four formats rendered and sanitised, and the blank
markers of fill-in-the-blanks questions turned into placeholders (no Django imports)."""

import html
import re

import nh3
from markdown_it import MarkdownIt

FORMATS = ("moodle", "html", "markdown", "plain")
BLANK_MARKER = re.compile(r"\[\[(\d+)\]\]")

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul", "var",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_CLEANER_OPTIONS = {
    "tags": _TAGS,
    # Their content is code, not text: dropping only the tags would show it to the trainee.
    "clean_content_tags": {"script", "style"},
    # Relative URLs stay (images imported with the question); javascript:, data: and the like go.
    "url_schemes": {"http", "https", "mailto"},
    "link_rel": "noopener noreferrer",
}
_cleaner = nh3.Cleaner(attributes=_ATTRIBUTES, **_CLEANER_OPTIONS)
# Only the placeholders this module writes carry a class and data-blank: the text is cleaned with
# the plain cleaner first, so an author's own <span class="blank"> never reaches the widget.
_blank_cleaner = nh3.Cleaner(
    attributes={**_ATTRIBUTES, "span": {"data-blank"}},
    allowed_classes={"span": {"blank"}},
    **_CLEANER_OPTIONS,
)
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
# Moodle's auto-format keeps the author's line breaks unless the text is laid out with HTML.
_BLOCK_TAG = re.compile(r"<(?:p|div|br|table|ul|ol|li|dl|pre|blockquote|h[1-6]|hr)\b", re.IGNORECASE)
_NEWLINE = re.compile(r"\r\n|\r|\n")


def render(text, fmt="moodle", *, blanks=False):
    """Safe HTML for `text` written in `fmt`; with `blanks`, each [[n]] marker becomes
    <span class="blank" data-blank="n"></span>."""
    if fmt == "plain":
        out = _NEWLINE.sub("<br>", html.escape(text, quote=False))
    elif fmt == "markdown":
        out = _cleaner.clean(_markdown.render(text))
    elif fmt in ("moodle", "html"):
        if fmt == "moodle" and not _BLOCK_TAG.search(text):
            text = _NEWLINE.sub("<br>", text)
        out = _cleaner.clean(text)
    else:
        raise ValueError(f"unknown text format {fmt!r}")
    if blanks:
        # A marker written inside an attribute would break out of it here; the second cleaning
        # turns whatever that makes back into well-formed, harmless HTML.
        out = _blank_cleaner.clean(BLANK_MARKER.sub(r'<span class="blank" data-blank="\1"></span>', out))
    return out


def plain_text(text):
    """The words of an HTML-ish text, tags dropped and white space collapsed (for names)."""
    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())
