"""Every payload of the XSS corpus, rendered by lms.platform.markup, in a real browser: nothing runs.

One page holds each payload's markdown_html and clean_html output twice, once parsed with the page
and once inserted through innerHTML (as a widget showing a stored text does). Before any content,
an init script replaces alert, confirm, prompt and print with recorders (the payloads all call
alert where they would run) and notes any click on a link whose URL would run script; real
dialogs are recorded too. Then every element is sent the events that wake inline handlers, is
focused, hovered and clicked with the real mouse, and the keyboard tabs through the page.

Nothing goes to the network: one route answers everything, the page itself under a made-up
origin, 404 for other resources (so onerror handlers get their chance), a tiny PNG for .png images
(so onload ones do), and 204 No Content for navigations, so clicked links leave the page in place.
"""

import base64
import html
import re

import pytest

from lms.platform.markup import clean_html, markdown_html
from tests.lms.platform.xss_corpus import XSS_PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = "http://markup-xss.test"
PAGE_URL = f"{ORIGIN}/corpus"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")

# Runs in every frame before its content.
RECORDER = """(() => {
    const record = (what) => {
        for (const w of new Set([window, window.top])) {
            try { (w.__xss = w.__xss || []).push(what); } catch (e) { /* another origin */ }
        }
    };
    window.__xss = window.__xss || [];
    for (const name of ["alert", "confirm", "prompt", "print"]) {
        window[name] = (...args) => record(`${name}(${args.join(", ")}) in ${location.href}`);
    }
    document.addEventListener("click", (event) => {
        const link = event.target instanceof Element && event.target.closest("a[href], area[href]");
        if (link && ["javascript:", "vbscript:", "data:"].includes(link.protocol)) {
            record(`click on a ${link.protocol} link: ${link.getAttribute("href")}`);
        }
    }, true);
})();"""

# The browser's own reading of the page: what is there after its parser (and innerHTML) ran.
DOM_SCAN = """() => {
    const found = [];
    const forbidden = "script, style, iframe, frame, object, embed, applet, svg, math, form, input,"
        + " button, select, textarea, link, meta, base, noscript, template";
    for (const el of document.body.querySelectorAll(forbidden)) found.push(`<${el.localName}> in the body`);
    for (const el of document.body.querySelectorAll("*")) {
        for (const attr of el.attributes) {
            if (attr.name.startsWith("on")) found.push(`${attr.name}= on <${el.localName}>`);
            if (attr.name === "style") found.push(`style= on <${el.localName}>`);
        }
        for (const name of ["href", "src", "action", "formaction", "data", "xlink:href"]) {
            const value = el.getAttribute(name);
            if (value === null) continue;
            let protocol = "";
            try { protocol = new URL(value, document.baseURI).protocol; } catch (e) { continue; }
            if (["javascript:", "vbscript:", "data:"].includes(protocol)) {
                found.push(`${protocol} URL in ${name}= on <${el.localName}>`);
            }
        }
    }
    return found;
}"""

INSERT = """(outputs) => {
    const box = document.getElementById("inserted");
    for (const [name, markup] of outputs) {
        const section = document.createElement("section");
        section.dataset.output = name;
        section.innerHTML = markup;
        box.append(section);
    }
}"""

# Synthetic events fire inline handlers (onerror= included) whatever the element's state.
WAKE = """async () => {
    const types = ["load", "error", "pointerover", "pointerenter", "mouseover", "mouseenter",
        "mousemove", "pointerdown", "mousedown", "focus", "focusin", "pointerup", "mouseup",
        "dblclick", "contextmenu", "keydown", "keyup", "input", "change", "toggle", "begin",
        "animationstart", "animationend", "transitionend", "wheel", "copy", "paste", "submit",
        "mouseout", "mouseleave", "blur", "focusout"];
    for (const el of document.querySelectorAll("body *")) {
        for (const type of types) el.dispatchEvent(new Event(type, {bubbles: true}));
        if (typeof el.focus === "function") el.focus();
        // Links are clicked one at a time with the real mouse below.
        if (!el.closest("a") && typeof el.click === "function") el.click();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
}"""

CENTRE = """(i) => {
    const el = document.querySelectorAll("body *")[i];
    if (!el) return null;
    el.scrollIntoView({block: "center", inline: "center"});
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return null;
    return {x: box.left + box.width / 2, y: box.top + box.height / 2, link: !!el.closest("a")};
}"""


def corpus_outputs():
    """(name, HTML) for every payload as markdown_html and as clean_html render it."""
    outputs = []
    for n, payload in enumerate(XSS_PAYLOADS):
        outputs.append((f"markdown_html #{n}", markdown_html(payload)))
        outputs.append((f"clean_html #{n}", clean_html(payload)))
    return outputs


def corpus_page(outputs):
    sections = "\n".join(
        f'<section data-output="{html.escape(name)}">{markup}</section>' for name, markup in outputs
    )
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>XSS corpus</title>'
            f'</head><body>\n<main id="parsed">\n{sections}\n</main>\n<div id="inserted"></div>\n'
            "</body></html>")


def exercise(page, outputs):
    """Serve `outputs` on a page, poke every element (events, mouse, keyboard) and return
    (what ran or tried to, how many elements, how many links)."""
    document = corpus_page(outputs)
    dialogs, pageerrors, suspicious_console, requests, navigations = [], [], [], [], []

    def answer(route):
        request = route.request
        if request.url == PAGE_URL:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=document)
            return
        requests.append(request.url)
        if request.is_navigation_request():
            route.fulfill(status=204)
        elif request.resource_type == "image" and request.url.endswith(".png"):
            route.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            route.fulfill(status=404, content_type="text/plain", body="")

    def dialog(d):
        dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    def console(message):
        if re.search(r"javascript:|vbscript:|data:|Not allowed to|Refused to", message.text):
            suspicious_console.append(message.text)

    page.add_init_script(RECORDER)
    page.route("**/*", answer)
    page.on("dialog", dialog)
    page.on("pageerror", lambda error: pageerrors.append(str(error)))
    page.on("console", console)
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    page.goto(PAGE_URL, wait_until="load")
    page.evaluate("window.__sameDocument = true")
    page.evaluate(INSERT, outputs)
    page.wait_for_timeout(300)  # images inserted by innerHTML load or fail

    page.evaluate(WAKE)
    count = page.evaluate("document.querySelectorAll('body *').length")
    links = 0
    for i in range(count):
        centre = page.evaluate(CENTRE, i)
        if centre is None:
            continue
        page.mouse.move(centre["x"], centre["y"])
        page.mouse.click(centre["x"], centre["y"])
        if centre["link"]:
            links += 1
            page.wait_for_timeout(30)  # a javascript: URL runs in a later task
    for _ in range(links + 5):
        page.keyboard.press("Tab")
    page.wait_for_timeout(500)

    findings = {
        "recorded": page.evaluate("window.__xss"),
        "dialogs": dialogs,
        "page errors": pageerrors,
        "console": suspicious_console,
        "dangerous requests": [url for url in requests if url.lower().startswith(DANGEROUS_SCHEMES)],
        "navigations": [url for url in navigations if url != PAGE_URL],
        "frames": [frame.url for frame in page.frames if frame != page.main_frame],
        "in the DOM": page.evaluate(DOM_SCAN),
    }
    return {what: found for what, found in findings.items() if found}, count, links


def test_no_payload_runs_in_a_browser(page):
    found, count, links = exercise(page, corpus_outputs())
    assert count > 2 * len(XSS_PAYLOADS)  # the corpus really is on the page
    assert links > 0
    assert found == {}
    # The clicks left the page where it was: the same document at the same address.
    assert page.url == PAGE_URL
    assert page.evaluate("window.__sameDocument") is True


def test_the_check_sees_a_payload_that_runs(page):
    """The control: unsanitised payloads on the same page are caught, so an empty finding above
    means nothing ran, not that nothing was watched."""
    found, _count, _links = exercise(page, [
        ("raw image", "<img src=x onerror=alert(1)>"),
        ("raw link", '<a href="javascript:alert(1)">click</a>'),
    ])
    assert len(found.get("recorded", [])) >= 2, found
