"""Self-contained pages in headless Chromium: the explorer's and the audit report's tests open them through
:func:`offline_page` (the browser is conftest's ``chromium`` fixture)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def offline_page(browser, html, width: int, console_errors: bool = False) -> Iterator:
    """The page of ``html`` in ``browser``; on leaving, no page error (nor console error, if asked) was raised and
    nothing was requested but ``file://`` URLs: the page is self-contained."""
    pg = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    pg.on("pageerror", lambda e: problems.append(str(e)))
    if console_errors:
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(html.as_uri())
    yield pg
    assert problems == [], problems
    assert all(u.startswith("file://") for u in requests), requests  # nothing from the network
    pg.close()
