"""The page's figures, measured in Chromium against the real servers and kept in
test-artifacts/figures.json (web/README.md quotes them): page weight on a cold load, first
contentful paint, and the time from Enter to a rendered answer and assessment card. The bounds
are loose: they catch a regression by a factor, not noise.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from tests.web.conftest import (
    QUESTION,
    SCREENSHOTS,
    VIGNETTE,
    WIDGET_PATH,
    new_page,
    open_widget,
    send,
)

FIGURES = SCREENSHOTS.parent / "figures.json"
ROUNDS = 3
FIRST_PAINT = "performance.getEntriesByName('first-contentful-paint')[0].startTime"


def timed_reply(page, text: str) -> float:
    started = time.perf_counter()
    send(page, text)
    return (time.perf_counter() - started) * 1000


def test_page_weight_first_paint_and_answer_time(browser, assistant, widget_url):
    page = new_page(browser, assistant)
    sizes = {}
    page.on(
        "response",
        lambda r: (
            sizes.__setitem__(r.url, len(r.body()))
            if r.ok and not r.url.endswith("axe.min.js")
            else None
        ),
    )
    try:
        open_widget(page, widget_url)
        page.wait_for_load_state("networkidle")
        paint = page.evaluate(FIRST_PAINT)
        warm_paint = []
        for _ in range(5):  # again, with the browser warm
            open_widget(page, widget_url)
            warm_paint.append(page.evaluate(FIRST_PAINT))
        send(page, QUESTION)  # warm-up: the first reply loads the pipeline
        question = [timed_reply(page, QUESTION) for _ in range(ROUNDS)]
        card = [timed_reply(page, VIGNETTE) for _ in range(ROUNDS)]
    finally:
        page.context.close()
    page_files = {
        url.split(WIDGET_PATH)[-1] or "index.html": size
        for url, size in sizes.items()
        if WIDGET_PATH in url
    }
    figures = {
        "page_bytes": sum(page_files.values()),
        "page_files": page_files,
        "json_bytes": sum(size for url, size in sizes.items() if WIDGET_PATH not in url),
        "requests": len(sizes),
        "first_contentful_paint_ms": round(paint),
        "first_contentful_paint_reload_ms_median": round(statistics.median(warm_paint)),
        "answer_ms_median": round(statistics.median(question)),
        "card_ms_median": round(statistics.median(card)),
    }
    Path(FIGURES).parent.mkdir(parents=True, exist_ok=True)
    Path(FIGURES).write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    assert figures["page_bytes"] < 120_000
    assert figures["first_contentful_paint_ms"] < 2000
    assert figures["answer_ms_median"] < 5000 and figures["card_ms_median"] < 10000
