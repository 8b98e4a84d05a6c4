"""`symgd audit` on seven notes written for it (tests/audit/notes/*.md, other topics than the seed documents),
each with planted slips and an answer key decided by hand, independently of symgd (NAME.key.json: a quote
that identifies each display, wrong or correct).  Planted slips are never proved and are refuted, correct
links are never refuted; and the annotated HTML report works in a browser (its math rendered offline as
MathML, click a mark, read the counterexample; the screenshot for the README)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from offline_pages import offline_page

from symgd.app.audit import Audit, audit
from symgd.app.audit.html import to_html

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "tests" / "audit" / "notes"
NAMES = sorted(p.stem for p in NOTES.glob("*.md"))


@cache
def audited(name: str) -> Audit:
    return audit((NOTES / f"{name}.md").read_text(encoding="utf-8"), f"{name}.md")


def key_lines(name: str) -> dict[str, list[int]]:
    """The answer key as line numbers: each quote must occur on exactly one line of the note."""
    lines = (NOTES / f"{name}.md").read_text(encoding="utf-8").splitlines()
    key = json.loads((NOTES / f"{name}.key.json").read_text(encoding="utf-8"))
    out: dict[str, list[int]] = {}
    for truth, quotes in key.items():
        for q in quotes:
            hits = [i + 1 for i, line in enumerate(lines) if q in line]
            assert len(hits) == 1, f"{name}: the key's quote {q!r} is on lines {hits}"
            out.setdefault(truth, []).append(hits[0])
    return out


def test_six_notes_of_sixty_to_one_hundred_fifty_lines_with_slips() -> None:
    assert len(NAMES) >= 6
    for name in NAMES:
        n = len((NOTES / f"{name}.md").read_text(encoding="utf-8").splitlines())
        assert 60 <= n <= 150, (name, n)
        assert len(key_lines(name)["wrong"]) >= 3


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_planted_slips_refuted_and_correct_links_never_refuted(name) -> None:
    a = audited(name)
    key = key_lines(name)
    claims = [r for r in a.results if r.kind == "claim"]
    for line in key["wrong"]:
        here = [r for r in claims if r.line == line]
        assert here, f"{name}: the slip on line {line} was not checked as a claim"
        assert not any(r.verdict == "proved" for r in here), f"{name}: a slip proved on line {line}"
        assert any(r.verdict == "refuted" for r in here), f"{name}: the slip on line {line} not refuted"
    for line in key["correct"]:
        assert not any(r.verdict == "refuted" for r in claims if r.line == line), f"{name}: line {line} refuted"
    # every refutation is a planted slip, and most correct displays are proved
    assert {r.line for r in claims if r.verdict == "refuted"} <= set(key["wrong"])
    proved = [line for line in key["correct"] if any(r.verdict == "proved" for r in claims if r.line == line)]
    assert len(proved) >= 0.8 * len(key["correct"]), (name, sorted(set(key["correct"]) - set(proved)))
    assert a.exit_code() == 1


# ---------------------------------------------------------------- the HTML report in a browser

@pytest.fixture(scope="module")
def page(chromium, tmp_path_factory) -> Iterator:
    html = tmp_path_factory.mktemp("audit") / "mirror.html"
    html.write_text(to_html(audited("mirror")), encoding="utf-8")
    with offline_page(chromium, html, 1000) as pg:
        yield pg


@pytest.mark.browser
def test_math_is_rendered_offline_as_mathml(page) -> None:
    """Every formula of the note is a <math> element that Chromium lays out as math (display 'block math' or
    'math', its serialisation of 'inline math'; nonzero size); none fell back to its source box; nothing was fetched (the fixture checks)."""
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('math')).map(m => {
        const r = m.getBoundingClientRect();
        return [getComputedStyle(m).display, m.getAttribute('display'), r.width, r.height]; })""")
    displays = audited("mirror").displays
    assert len(shown) == len(displays) and page.locator("code.math-source").count() == 0
    for (css, kind, width, height), d in zip(shown, displays, strict=True):
        assert css == ("block math" if d.display else "math") and kind == ("block" if d.display else "inline")
        assert width > 5 and height > 5, d.latex
    fraction = page.locator("math mfrac").first.bounding_box()  # the 1/x of the second derivative: two levels
    assert fraction is not None and fraction["height"] > 1.5 * page.locator("math mi").first.bounding_box()["height"]


@pytest.mark.browser
def test_click_a_mark_and_read_the_counterexample(page) -> None:
    marks = page.locator("button.mark.refuted")
    assert marks.count() == 3
    first = marks.nth(0)
    target = first.get_attribute("data-target")
    assert not page.locator(f"#{target}").is_visible()
    first.click()
    detail = page.locator(f"#{target}")
    assert detail.is_visible()
    text = detail.text_content()
    assert "refuted" in text and "x = 7" in text and r"\nabla \phi(x) = \log x" in text
    out = ROOT / "build" / "audit.png"
    out.parent.mkdir(exist_ok=True)
    page.locator(f"#{target}").scroll_into_view_if_needed()
    page.screenshot(path=str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000
