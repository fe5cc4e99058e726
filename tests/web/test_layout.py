"""The page at the bedside sizes of issue 12, measured in Chromium against the real servers:
1366x768, a 390x844 touch phone, 320x256 (400% zoom of 1280x1024) and the phone with 200% text.
No sideways scrolling, the conversation at least 40% of the height, targets at least 24 px (44 px
on touch screens; citations 24 px with a 44 px hit area), notices that fold to one line, dark
mode, a focus ring of at least 3:1, and axe-core clean in every one of these states.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import (
    QUESTION,
    SIZES,
    VERDICT_VIGNETTES,
    VIGNETTE,
    assert_no_axe_violations,
    screenshot,
    send,
)

TOUCH = {"phone", "phone-text200"}
#: What each size must leave to the conversation, as a share of the window's height.
MIN_CONVERSATION_SHARE = 0.4

LINE_HEIGHT = "parseFloat(getComputedStyle(document.getElementById('notices-text')).lineHeight)"
MEASURE = """() => {
  const root = document.documentElement;
  const pageScroll = document.body.classList.contains('page-scroll');
  if (pageScroll) window.scrollTo(0, root.scrollHeight);
  const scroller = document.getElementById('scroller').getBoundingClientRect();
  const footer = document.querySelector('.composer-area').getBoundingClientRect();
  const visible = Math.min(scroller.bottom, footer.top, innerHeight) - Math.max(scroller.top, 0);
  const shown = (e) => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'
      && !e.closest('[hidden]'); };
  const controls = [...document.querySelectorAll('button, textarea, a[href], [tabindex="0"]')]
    .filter(e => shown(e) && !e.classList.contains('skip-link'))
    .map(e => { const r = e.getBoundingClientRect();
      return { name: (e.id || e.className || e.tagName) + ' ' + e.textContent.trim().slice(0, 20),
               cite: e.classList.contains('cite'), width: r.width, height: r.height }; });
  // A citation's hit area: the points 20 px above and below its centre still reach a citation.
  const citeHits = [...document.querySelectorAll('.cite')].filter(shown).map(e => {
    const r = e.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const at = (dy) => {
      const hit = document.elementFromPoint(x, y + dy); return !!(hit && hit.closest('.cite')); };
    const inView = y - 20 > 0 && y + 20 < Math.min(innerHeight, footer.top);
    const hit = at(-20) && at(20) && document.elementFromPoint(x, y) === e;
    return { name: e.textContent, inView, hit };
  });
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, pageScroll,
           scrollHeight: root.scrollHeight, innerHeight, visible, controls, citeHits,
           coarse: matchMedia('(any-pointer: coarse)').matches };
}"""


def check_layout(page, size: str, state: str) -> None:
    report = page.evaluate(MEASURE)
    where = f"{size}, {state}"
    assert report["scrollWidth"] <= report["clientWidth"], f"sideways scroll at {where}: {report}"
    assert report["visible"] >= MIN_CONVERSATION_SHARE * report["innerHeight"], (
        f"conversation {report['visible']:.0f} of {report['innerHeight']} px at {where}"
    )
    if not report["pageScroll"]:
        # The fixed layout: the document itself never scrolls behind the app.
        assert report["scrollHeight"] <= report["innerHeight"], where
    touch = size in TOUCH
    assert report["coarse"] == touch
    least = 44 if touch else 24
    small = [
        c
        for c in report["controls"]
        if not c["cite"] and (c["width"] < least - 0.5 or c["height"] < least - 0.5)
    ]
    assert small == [], f"targets under {least} px at {where}: {small}"
    cites = [c for c in report["controls"] if c["cite"]]
    assert all(c["width"] >= 23.5 and c["height"] >= 23.5 for c in cites), cites
    if touch:
        misses = [c for c in report["citeHits"] if c["inView"] and not c["hit"]]
        assert misses == [], f"citations without a 44 px hit area at {where}: {misses}"


@pytest.mark.parametrize("size", list(SIZES))
def test_layout_reflows_and_targets_are_big_enough(make_page, size):
    page = make_page(size)
    check_layout(page, size, "start")
    screenshot(page, f"01-start-{size}")
    if size != "desktop":
        assert_no_axe_violations(page, f"start, {size}")

    send(page, QUESTION)
    check_layout(page, size, "answer")
    screenshot(page, f"02-answer-{size}", show=".bot-turn")
    page.locator(".bot-turn .cite").first.click()
    expect(page.locator("#ref-popover")).to_be_visible()
    popover = page.locator("#ref-popover").bounding_box()
    width = SIZES[size]["viewport"]["width"]
    assert popover["x"] >= 0 and popover["x"] + popover["width"] <= width
    screenshot(page, f"03-popover-{size}")
    page.keyboard.press("Escape")

    send(page, VIGNETTE)
    check_layout(page, size, "card")
    screenshot(page, f"05-card-{size}", show=".assessment")
    if size != "desktop":
        assert_no_axe_violations(page, f"card, {size}")
    assert page.watch.errors == []


@pytest.mark.parametrize("size", ["phone", "zoom400"])
def test_notices_fold_to_one_line_with_an_expander_on_small_screens(make_page, size):
    page = make_page(size)
    toggle = page.locator("#notices-toggle")
    notices = page.locator("#notices-text")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    folded = notices.bounding_box()["height"]
    line = page.evaluate(LINE_HEIGHT)
    assert folded <= line + 1
    expect(notices).to_contain_text("identifying patient data")  # all of it is still there
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert notices.bounding_box()["height"] > 2 * line
    screenshot(page, f"04-notices-open-{size}", full_page=True)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_notices_fold_while_typing_on_a_desktop(page):
    toggle = page.locator("#notices-toggle")
    expect(toggle).to_be_hidden()
    line = page.evaluate(LINE_HEIGHT)
    assert page.locator("#notices-text").bounding_box()["height"] > line + 1
    page.locator("#message-input").type("68-year-old")
    expect(toggle).to_be_visible()
    assert page.locator("#notices-text").bounding_box()["height"] <= line + 1
    page.locator("#message-input").fill("")
    page.locator("#message-input").press("Backspace")
    expect(toggle).to_be_hidden()


#: A colour variable of the page as rgb(): the colour an element given it computes to.
AS_RGB = """name => { const e = document.createElement('i');
  e.style.color = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  document.body.append(e); const rgb = getComputedStyle(e).color; e.remove(); return rgb; }"""


def luminance(color: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", color)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_ring_and_colour_scheme(make_page, scheme):
    page = make_page("desktop", color_scheme=scheme)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (luminance(background) < 0.05) == (scheme == "dark")
    send(page, QUESTION)
    page.locator("#message-input").focus()
    page.keyboard.press("Tab")  # to Send, by keyboard: the ring shows
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }""")
    assert ring[0] == "solid" and float(ring[1].rstrip("px")) >= 2
    for surface in ("--bg", "--panel", "--info-bg"):
        rgb = page.evaluate(AS_RGB, surface)
        assert contrast(ring[2], rgb) >= 3, (scheme, ring[2], surface)
    page.locator(".bot-turn .cite").first.click()
    screenshot(page, f"03-popover-{scheme}")
    assert_no_axe_violations(page, f"popover, {scheme}")
    page.keyboard.press("Escape")
    page.locator("#references-toggle").click()
    screenshot(page, f"08-references-{scheme}")
    assert_no_axe_violations(page, f"references, {scheme}")
    page.keyboard.press("Escape")
    for vignette in VERDICT_VIGNETTES.values():  # every verdict's colours, superseded too
        send(page, vignette)
    expect(page.locator(".assessment")).to_have_count(len(VERDICT_VIGNETTES))
    screenshot(page, f"05-card-{scheme}", show=".assessment")
    assert_no_axe_violations(page, f"every verdict's card, {scheme}")


def test_phone_with_the_keyboard_open_keeps_the_conversation(make_page):
    """The on-screen keyboard takes about half a phone's height: the notices fold, the page
    scrolls as a whole if it must, and the conversation keeps at least 40% of what is left."""
    page = make_page("phone")
    send(page, VIGNETTE)
    page.locator("#message-input").type("Correction: the trial gave 45%")
    page.set_viewport_size({"width": 390, "height": 420})
    expect(page.locator("#notices-toggle")).to_have_attribute("aria-expanded", "false")
    check_layout(page, "phone", "keyboard open")
    expect(page.locator("#message-input")).to_be_in_viewport()
    screenshot(page, "04-phone-keyboard-open")
