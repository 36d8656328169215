"""The trainee's pages by keyboard alone: sign in, My learning, a course's Continue, marking
lectures done and going on by "next", the outline drawer on a phone and the language switcher —
every step reached with Tab and taken with Enter or Space, each focused control showing where
the focus is. No mouse click, no `fill`, no `goto` after signing in."""

import pytest

from tests.e2e.conftest import law_term

pytestmark = pytest.mark.django_db(transaction=True)

# What the focused element is (inside a widget's shadow root when the focus is there), and
# whether the focus shows: an outline or a focus ring drawn as a box shadow (the site's
# :focus-visible styles).
FOCUSED = """() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
        tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || "").trim(),
        id: el.id, data: Object.keys(el.dataset), href: el.getAttribute("href") || "",
        visible: outlined || (style.boxShadow && style.boxShadow !== "none"),
    };
}"""


@pytest.fixture
def term(transactional_db):
    return law_term()[1]


def tab_to(page, wanted, *, limit=80, backwards=False):
    """Press Tab (Shift+Tab) until `wanted(focused)` holds; the focused element must show its
    focus at every stop on the way. Returns what is focused."""
    for _step in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["visible"], f"focus not visible on {focused}"
        if wanted(focused):
            return focused
    raise AssertionError(f"never reached by Tab: {wanted.__doc__ or wanted}")


def press_and_wait(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


def sign_in_by_keyboard(page, base_url):
    page.goto(f"{base_url}/accounts/login/")
    tab_to(page, lambda f: f["id"] == "id_username")
    page.keyboard.type("xiaoli")
    tab_to(page, lambda f: f["id"] == "id_password")
    page.keyboard.type("pass-xiaoli")
    press_and_wait(page)
    assert page.url == f"{base_url}/"


def test_a_trainee_studies_by_keyboard_alone(live_server, page, term):
    sign_in_by_keyboard(page, live_server.url)

    # The skip link comes first and takes the focus past the header.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["href"] == "#main"

    tab_to(page, lambda f: f["tag"] == "a" and f["href"] == "/learning/")
    press_and_wait(page)
    assert page.url.endswith("/learning/")

    tab_to(page, lambda f: "continue" in f["data"])
    press_and_wait(page)
    for number in (1, 2, 3):
        assert f"Lecture {number} of 3" in page.locator("[data-lecture-place]").inner_text()
        button = tab_to(page, lambda f: f["tag"] == "button" and "Mark" in f["text"])
        assert button["text"] == "Mark this lecture as done"
        press_and_wait(page, "Space")  # a button takes Space as well as Enter
        assert page.locator("[data-lecture-progress] .badge--done").count() == 1
        if number < 3:
            tab_to(page, lambda f: "next" in f["data"])
            press_and_wait(page)
    # After the last lecture the pager leads back to the course, whose bar is full.
    tab_to(page, lambda f: "backToCourse" in f["data"])
    press_and_wait(page)
    assert page.locator("#course-progress-bar").get_attribute("value") == "3"


def test_the_outline_drawer_and_the_language_switcher_work_by_keyboard(live_server, phone_page,
                                                                      term):
    page = phone_page
    sign_in_by_keyboard(page, live_server.url)
    lecture = term.get_children().live().order_by("path").first()
    page.goto(f"{live_server.url}{lecture.url}")
    drawer = page.locator("[data-outline-drawer]")
    assert drawer.evaluate("d => d.open") is False  # closed on a phone
    tab_to(page, lambda f: f["tag"] == "summary")
    page.keyboard.press("Enter")
    assert drawer.evaluate("d => d.open") is True
    # The outline's lectures are next in the tab order, the current one marked as such.
    current = tab_to(page, lambda f: f["tag"] == "a" and "lecture 1" in f["text"])
    assert page.evaluate("() => document.activeElement.getAttribute('aria-current')") == "page"
    assert current["href"] == lecture.url
    tab_to(page, lambda f: f["tag"] == "summary", backwards=True)
    page.keyboard.press("Enter")  # Enter on the summary again closes it
    assert drawer.evaluate("d => d.open") is False

    # The language switcher: a select that changes the language as soon as a choice is made.
    tab_to(page, lambda f: f["id"] == "language-select", backwards=True)
    other = "en" if page.evaluate("() => document.documentElement.lang") != "en" else "zh-hans"
    with page.expect_navigation():
        page.keyboard.press("ArrowDown" if other == "zh-hans" else "ArrowUp")
    assert page.evaluate("() => document.documentElement.lang") == other
