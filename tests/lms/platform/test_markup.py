"""lms.platform.markup: Markdown and HTML from users made safe (the XSS corpus, parsed back with
html.parser), ordinary Markdown rendered as expected, plain_text, and the cleaner factory."""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lms.platform import markup
from lms.platform.markup import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    clean_html,
    cleaner,
    markdown_html,
    plain_text,
)
from tests.lms.platform.xss_corpus import XSS_PAYLOADS

FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "form", "input", "button", "select", "textarea", "link", "meta", "base", "noscript",
    "template", "xmp", "title", "video", "audio", "source", "details", "marquee", "isindex",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster",
                  "background", "srcset", "codebase"}
# The WHATWG URL parser drops leading and trailing C0 controls and spaces and every tab and newline
# before it reads the scheme, which is what makes "jav&#x09;ascript:" work in a browser.
_STRIPPED = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")

# What the quizzes' blank placeholders need: the same rules plus span[data-blank] and class "blank".
_blank_cleaner = cleaner(extra_attributes={"span": {"data-blank"}}, allowed_classes={"span": {"blank"}})
RENDERERS = {
    "markdown_html": (markdown_html, ALLOWED_ATTRIBUTES),
    "clean_html": (clean_html, ALLOWED_ATTRIBUTES),
    "blank_cleaner": (_blank_cleaner.clean, {**ALLOWED_ATTRIBUTES, "span": {"data-blank", "class"}}),
}


class _Elements(HTMLParser):
    """Every start tag with its attributes (values unescaped, as a browser reads them), plus any
    comment, declaration or processing instruction left in the markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.other = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_comment(self, data):
        self.other.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.other.append(f"declaration {decl!r}")

    def unknown_decl(self, data):
        self.other.append(f"declaration {data!r}")

    def handle_pi(self, data):
        self.other.append(f"processing instruction {data!r}")


def url_scheme(value):
    """The scheme a browser would read in this attribute value, lower-cased ("" if relative)."""
    value = _TAB_OR_NEWLINE.sub("", value.strip(_STRIPPED))
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else ""


def problems(out, allowed_attributes=ALLOWED_ATTRIBUTES):
    """Everything in the HTML `out` that could run script or is not on the allowlists."""
    found = [f"raw {needle}" for needle in ("<script", "<svg", "<math", "<iframe", "<style")
             if needle in out.lower()]
    parser = _Elements()
    parser.feed(out)
    parser.close()
    found += parser.other
    for tag, attrs in parser.elements:
        if tag in FORBIDDEN_TAGS or tag not in ALLOWED_TAGS:
            found.append(f"tag <{tag}>")
        allowed = set(allowed_attributes.get(tag, ())) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"handler {name}= on <{tag}>")
            if name == "style" or name not in allowed:
                found.append(f"attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                if scheme in {"javascript", "vbscript", "data"} or (scheme and scheme not in URL_SCHEMES):
                    found.append(f"{scheme}: URL in {name}= on <{tag}>")
        if tag == "a" and dict(attrs).get("rel") != "noopener noreferrer":
            found.append("link without rel=noopener noreferrer")
    return found


def test_the_corpus_is_large_and_has_no_duplicates():
    assert len(XSS_PAYLOADS) >= 40
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)" rel="noopener noreferrer">x</a>',
    '<a href=" JAVASCRIPT:alert(1)" rel="noopener noreferrer">x</a>',
    '<img src="data:image/png;base64,AAAA">',
    '<p style="color:red">x</p>',
    "<svg></svg>",
    "<!--x-->",
    '<a href="https://example.com/">no rel</a>',
    '<a href="ftp://example.com/" rel="noopener noreferrer">other scheme</a>',
])
def test_the_check_itself_sees_dangerous_html(payload):
    assert problems(payload)


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=[f"xss{n:03d}" for n in range(len(XSS_PAYLOADS))])
def test_no_payload_survives(payload, renderer):
    render, allowed_attributes = RENDERERS[renderer]
    out = render(payload)
    assert problems(out, allowed_attributes) == [], f"{payload!r} -> {out!r}"
    # Cleaned HTML cleaned again does not change: what a browser re-parses is what was checked.
    assert clean_html(out) == out, f"{payload!r} -> {out!r}"


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=[f"xss{n:03d}" for n in range(len(XSS_PAYLOADS))])
def test_markdown_shows_raw_html_as_text(payload):
    out = markdown_html(payload)
    parser = _Elements()
    parser.feed(out)
    # Markdown may make paragraphs, links, images, code and tables, never the payload's own tags.
    made = {tag for tag, _attrs in parser.elements}
    assert made <= {"p", "a", "img", "code", "pre", "blockquote", "table", "thead", "tbody", "tr",
                     "th", "td"}, out


def test_markdown_emphasis_headings_and_paragraphs():
    assert markdown_html("*it* **bold** ~~no~~") == "<p><em>it</em> <strong>bold</strong> ~~no~~</p>\n"
    assert markdown_html("# Title\n\nOne\ntwo\n\nThree") == "<h1>Title</h1>\n<p>One\ntwo</p>\n<p>Three</p>\n"


def test_markdown_lists():
    assert markdown_html("1. a\n2. b\n\n- c\n- d") == (
        "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n<ul>\n<li>c</li>\n<li>d</li>\n</ul>\n"
    )
    assert markdown_html("3. x") == '<ol start="3">\n<li>x</li>\n</ol>\n'


def test_markdown_links_keep_safe_urls_and_get_rel():
    assert markdown_html('[x](https://example.com/a?b=1&c=2 "T")') == (
        '<p><a href="https://example.com/a?b=1&amp;c=2" title="T" rel="noopener noreferrer">x</a></p>\n'
    )
    assert markdown_html("[m](mailto:office@example.com) [r](/media/a.pdf) <http://example.com/>") == (
        '<p><a href="mailto:office@example.com" rel="noopener noreferrer">m</a> '
        '<a href="/media/a.pdf" rel="noopener noreferrer">r</a> '
        '<a href="http://example.com/" rel="noopener noreferrer">http://example.com/</a></p>\n'
    )


def test_html_links_get_rel_whatever_they_had():
    out = clean_html('<a href="https://example.com/" rel="opener" target="_blank">x</a>')
    assert out == '<a href="https://example.com/" rel="noopener noreferrer">x</a>'


def test_markdown_images():
    assert markdown_html("![A chart](https://example.com/c.png)") == (
        '<p><img src="https://example.com/c.png" alt="A chart"></p>\n'
    )


def test_markdown_code_is_escaped_text():
    assert markdown_html("```python\nif x < 1 and y > 2:\n    print('<b>')\n```") == (
        "<pre><code>if x &lt; 1 and y &gt; 2:\n    print('&lt;b&gt;')\n</code></pre>\n"
    )
    assert markdown_html("Use `a<b` here") == "<p>Use <code>a&lt;b</code> here</p>\n"


def test_markdown_tables():
    assert markdown_html("| a | b |\n|---|:-:|\n| 1 | **2** |") == (
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>1</td>\n<td><strong>2</strong></td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_markdown_chinese_text():
    assert markdown_html("## 学习心得\n\n**依法行政**是基本要求，*严格*执法。\n\n- 第一条\n- 第二条") == (
        "<h2>学习心得</h2>\n<p><strong>依法行政</strong>是基本要求，<em>严格</em>执法。</p>\n"
        "<ul>\n<li>第一条</li>\n<li>第二条</li>\n</ul>\n"
    )


def test_markdown_escapes_raw_html():
    assert markdown_html("<b>x</b> & <i>y</i>") == "<p>&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;y&lt;/i&gt;</p>\n"


def test_clean_html_keeps_allowed_markup():
    text = ('<p><strong>a</strong> <em>b</em> <abbr title="Communist Party">CPC</abbr></p>'
            '<table><tr><th scope="col">h</th><td colspan="2">c</td></tr></table>'
            '<img src="/media/q/1.png" alt="figure" width="40"><ol start="2"><li>x</li></ol>')
    assert clean_html(text) == text.replace("<table><tr>", "<table><tbody><tr>").replace(
        "</tr></table>", "</tr></tbody></table>")


def test_clean_html_drops_code_content_and_unknown_tags_but_keeps_their_text():
    assert clean_html("<script>steal()</script><style>p{}</style><blink>news</blink>") == "news"
    assert clean_html('<p class="x" id="y" style="color:red" data-x="1">t</p>') == "<p>t</p>"


def test_plain_text():
    assert plain_text("<p>Hello&nbsp;<b>world</b></p>\n<script>x()</script>  a &amp; b &lt;c&gt;") == (
        "Hello world a & b <c>"
    )
    assert plain_text("  第一章　总则 ") == "第一章 总则"


def test_the_cleaner_factory_adds_to_the_rules_without_changing_the_shared_ones():
    text = '<span class="blank evil" data-blank="1" onclick="x()">a</span><span data-x="2">b</span>'
    assert _blank_cleaner.clean(text) == '<span class="blank" data-blank="1">a</span><span>b</span>'
    assert clean_html(text) == "<span>a</span><span>b</span>"
    assert "data-blank" not in ALLOWED_ATTRIBUTES.get("span", ())


def test_the_module_imports_no_django():
    tree = ast.parse(Path(markup.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] in {"django", "wagtail", "lms"}}
