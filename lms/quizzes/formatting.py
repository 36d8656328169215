"""The HTML a quiz shows: texts in their four formats rendered and sanitised, and the blank
markers of fill-in-the-blanks questions turned into placeholders (no Django imports). The
sanitising itself, and plain_text, are lms.platform.markup's, shared with the other apps."""

import html
import re

from lms.platform.markup import clean_html, cleaner, markdown_html, plain_text

__all__ = ["BLANK_MARKER", "FORMATS", "plain_text", "render"]

FORMATS = ("moodle", "html", "markdown", "plain")
BLANK_MARKER = re.compile(r"\[\[(\d+)\]\]")

# Only the placeholders this module writes carry a class and data-blank: the text is cleaned with
# the plain cleaner first, so an author's own <span class="blank"> never reaches the widget.
_blank_cleaner = cleaner(extra_attributes={"span": {"data-blank"}}, allowed_classes={"span": {"blank"}})

# Moodle's auto-format keeps the author's line breaks unless the text is laid out with HTML.
_BLOCK_TAG = re.compile(r"<(?:p|div|br|table|ul|ol|li|dl|pre|blockquote|h[1-6]|hr)\b", re.IGNORECASE)
_NEWLINE = re.compile(r"\r\n|\r|\n")


def render(text, fmt="moodle", *, blanks=False):
    """Safe HTML for `text` written in `fmt`; with `blanks`, each [[n]] marker becomes
    <span class="blank" data-blank="n"></span>."""
    if fmt == "plain":
        out = _NEWLINE.sub("<br>", html.escape(text, quote=False))
    elif fmt == "markdown":
        out = markdown_html(text)
    elif fmt in ("moodle", "html"):
        if fmt == "moodle" and not _BLOCK_TAG.search(text):
            text = _NEWLINE.sub("<br>", text)
        out = clean_html(text)
    else:
        raise ValueError(f"unknown text format {fmt!r}")
    if blanks:
        # A marker written inside an attribute would break out of it here; the second cleaning
        # turns whatever that makes back into well-formed, harmless HTML.
        out = _blank_cleaner.clean(BLANK_MARKER.sub(r'<span class="blank" data-blank="\1"></span>', out))
    return out

