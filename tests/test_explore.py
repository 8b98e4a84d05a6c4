"""The local-model explorer: a self-contained page whose JavaScript is printed from the SymPy expressions,
driven in headless Chromium (Playwright) and compared with gradient steps computed here by hand."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sympy as sp
from offline_pages import offline_page

from derivations.newton_direction import newton_step, second_order_model
from symgd.app import explore
from symgd.app.cli import main

ROOT = Path(__file__).resolve().parents[1]

# f' by hand for each function of the page (independent of SymPy's differentiation).
HAND_DERIVATIVE = {
    "convex": lambda x: math.tanh(x) + x / 2,
    "double_well": lambda x: 4 * x**3 - 6 * x,
    "quartic": lambda x: x**3 + x,
}


# ---------------------------------------------------------------- without a browser

def test_page_is_self_contained(tmp_path) -> None:
    text = explore.write_html(tmp_path / "e.html").read_text()
    assert not re.search(r"https?://", text)
    assert not re.search(r"\bsrc\s*=|<link\b|@import|url\(|fetch\(|XMLHttpRequest|<iframe", text, re.IGNORECASE)
    assert text.count("<script>") == 1 and "<canvas" in text


def test_generated_javascript_is_jscode_of_the_derivation_expressions() -> None:
    text = explore.page()
    x, x_s, f_s, g, eta = sp.symbols("x x_s f_s g eta", real=True)
    eta = sp.Symbol("eta", positive=True)
    one = lambda e: sp.ImmutableMatrix([[e]])  # noqa: E731 - 1 x 1 blocks, as local_model uses the matrix model
    model = second_order_model(one(f_s), one(g), one(1 / eta), one(x), one(x_s))[0, 0]
    step = newton_step(one(x_s), one(g), one(1 / eta))[0, 0]
    assert f"const model = (x, x_s, f_s, g, eta) => {sp.jscode(model)};" in text
    assert f"const nextIterate = (x_s, g, eta) => {sp.jscode(step)};" in text
    assert f"const curvature = (eta) => {sp.jscode(sp.diff(model, x, 2))};" in text
    # and they are the document's formulas
    assert sp.simplify(model - (f_s + g * (x - x_s) + (x - x_s) ** 2 / (2 * eta))) == 0
    assert sp.simplify(step - (x_s - eta * g)) == 0 and sp.diff(model, x, 2) == 1 / eta
    for name, fn in explore.FUNCTIONS.items():
        assert f"f: (x) => {sp.jscode(fn.expr)}," in text
        assert f"df: (x) => {sp.jscode(sp.diff(fn.expr, explore.x))}," in text
        for v in (-1.3, 0.2, 2.1):
            assert math.isclose(float(fn.derivative.subs(explore.x, v)), HAND_DERIVATIVE[name](v), rel_tol=1e-12)


def test_three_kinds_of_function() -> None:
    assert len(explore.FUNCTIONS) >= 3
    x = explore.x
    convex = explore.FUNCTIONS["convex"].expr
    assert all(float(sp.diff(convex, x, 2).subs(x, v)) > 0 for v in (-3, -1, 0, 0.5, 2, 3))
    well = explore.FUNCTIONS["double_well"].expr
    minima = [r for r in sp.solve(sp.diff(well, x), x) if sp.diff(well, x, 2).subs(x, r) > 0]
    assert len(minima) == 2


def test_cli_writes_page_and_rejects_unknown_function(tmp_path, capsys, monkeypatch) -> None:
    out = tmp_path / "sub" / "page.html"
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    with pytest.raises(SystemExit) as exc:
        main(["explore", "--function", "quartic", "--out", str(out), "--open"])
    assert exc.value.code == 0 and out.is_file()
    assert 'const INITIAL = "quartic";' in out.read_text()
    assert opened == [out.resolve().as_uri()]
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["explore", "--function", "rosenbrock", "--out", str(tmp_path / "x.html")])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.startswith("error: unknown function 'rosenbrock'") and err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


# ---------------------------------------------------------------- in headless Chromium

@pytest.fixture
def page(chromium, tmp_path) -> Iterator:
    with offline_page(chromium, explore.write_html(tmp_path / "explorer.html"), 940, console_errors=True) as pg:
        yield pg


def value(pg, ident: str) -> float:
    return float(pg.get_attribute(f"#{ident}", "data-value"))


def shown(pg, ident: str) -> float:
    return float(pg.text_content(f"#{ident}"))


@pytest.mark.browser
@pytest.mark.parametrize("name", list(explore.FUNCTIONS))
def test_three_steps_are_gradient_steps(page, name) -> None:
    fn = explore.FUNCTIONS[name]
    page.select_option("#function", name)
    eta = float(page.input_value("#eta"))
    assert eta == fn.eta
    x = fn.x0
    assert value(page, "xs") == x
    for k in range(1, 4):
        page.click("#step")
        x = x - eta * HAND_DERIVATIVE[name](x)
        assert value(page, "k") == k
        assert math.isclose(value(page, "xs"), x, rel_tol=1e-12, abs_tol=1e-14)
        assert math.isclose(shown(page, "xs"), x, rel_tol=1e-8, abs_tol=1e-12)  # the displayed text
        g = HAND_DERIVATIVE[name](x)
        assert math.isclose(value(page, "grad"), g, rel_tol=1e-12, abs_tol=1e-14)
        assert math.isclose(value(page, "stepsize"), -eta * g, rel_tol=1e-9, abs_tol=1e-14)
        assert math.isclose(value(page, "next"), x - eta * g, rel_tol=1e-12, abs_tol=1e-14)
    page.click("#reset")
    assert value(page, "k") == 0 and value(page, "xs") == fn.x0


@pytest.mark.browser
def test_slider_changes_the_model_curvature(page) -> None:
    fn = explore.FUNCTIONS["convex"]
    before = shown(page, "curvature")
    assert math.isclose(before, 1 / fn.eta)
    page.focus("#eta")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # as a user moves the slider
    eta = float(page.input_value("#eta"))
    assert math.isclose(eta, fn.eta + 3 * fn.eta_range[2])
    after = shown(page, "curvature")
    assert after != before and math.isclose(after, 1 / eta, rel_tol=1e-9)
    assert math.isclose(float(page.text_content("#eta-value").split("=")[1]), eta)


def set_eta(pg, eta: float) -> None:
    pg.eval_on_selector("#eta", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(eta))


@pytest.mark.browser
def test_auto_run_stops_on_divergence_and_on_convergence(page) -> None:
    page.select_option("#function", "quartic")
    set_eta(page, 0.9)
    page.click("#auto")
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Diverged')", timeout=20_000)
    k = value(page, "k")
    page.wait_for_timeout(300)
    assert value(page, "k") == k and page.text_content("#auto") == "Auto Run"  # it stopped
    # the same iteration by hand diverges at the same step
    x, n = 2.0, 0
    while abs(x) <= 1e6 and math.isfinite(x):
        x, n = x - 0.9 * HAND_DERIVATIVE["quartic"](x), n + 1
    assert k == n
    page.click("#reset")
    set_eta(page, 0.2)
    page.click("#auto")
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Converged')", timeout=30_000)
    assert abs(value(page, "xs")) < 1e-6


@pytest.mark.browser
def test_screenshot_for_the_readme(page) -> None:
    page.select_option("#function", "double_well")
    set_eta(page, 0.1)
    for _ in range(2):
        page.click("#step")
    out = ROOT / "build" / "explorer.png"
    out.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(out), full_page=True)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000
