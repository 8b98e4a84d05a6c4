"""Notebooks: Derivation and Report display with title, source and a verdict mark per step; the example notebook
docs/examples/your_own_derivation.ipynb runs (nbclient, the python3 kernel of this interpreter) and shows them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy as sp

from symgd import Citation, Derivation

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "examples" / "your_own_derivation.ipynb"


def _mixed() -> Derivation:
    """One proved, one refuted, one vacuous step; user text with HTML in it."""
    d = Derivation("mixed", "A <b>bold</b> & risky derivation",
                   Citation("Notes <script>", authors=("A. Person",), year=2024), summary="x < y & z")
    x = d.assume(sp.Symbol("x", positive=True))
    d.claim((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand <i>this</i>")
    d.claim(x**2, "=", 2 * x, "a wrong step")
    d.claim(sp.diff(x**3, x), "=", 3 * x**2, "evaluated away")  # SymPy differentiates at once: vacuous
    return d


@pytest.fixture(scope="module")
def mixed():
    d = _mixed()
    return d, d.verify(timeout=5)


def test_report_html_marks_each_step_and_escapes_user_text(mixed) -> None:
    _, r = mixed
    html = r._repr_html_()
    assert "<h3>A &lt;b&gt;bold&lt;/b&gt; &amp; risky derivation</h3>" in html
    assert "<script>" not in html and "Notes &lt;script&gt;" in html and "<i>this</i>" not in html
    marks = re.findall(r"[✔✘?∅] (proved|refuted|undecided|vacuous)</b>", html)
    assert marks == ["proved", "refuted", "vacuous"]
    assert re.search(r"counterexample: x = \d+", html) and "lhs vs rhs" in html
    assert "1/3 steps proved, 1 refuted, 1 vacuous" in html and "FAILED" in html


def test_report_markdown_and_latex(mixed) -> None:
    d, r = mixed
    md = r._repr_markdown_()
    assert md.startswith("### A &lt;b&gt;bold&lt;/b&gt; &amp; risky derivation\n*Source:* A. Person. Notes &lt;script&gt;.")
    assert "**✔ proved**" in md and re.search(r"\*\*✘ refuted\*\* \(.*\); counterexample: x = \d+", md)
    assert "**∅ vacuous**" in md
    latex = r._repr_latex_()
    assert latex.startswith("$$\\begin{array}{l}\\textbf{A <b>bold</b> & risky derivation}")
    assert "\\checkmark" in latex and "\\textbf{refuted}\\text{ at x = " in latex and "\\textbf{vacuous}" in latex
    # the derivation with its report renders the same verdicts
    assert "✘ refuted" in d.markdown(r) and "∅" in d.markdown(r)


def test_an_unverified_derivation_says_so(mixed) -> None:
    d, _ = mixed
    for shown in (d._repr_html_(), d._repr_markdown_(), d._repr_latex_()):
        assert "Not verified" in shown
        assert "proved" not in shown and "checkmark" not in shown  # a wrong step must not look proved
    assert "<h3>A &lt;b&gt;bold" in d._repr_html_()


def test_numeric_checks_show(tmp_path) -> None:
    from symgd import NumericOutcome

    d = Derivation("num", "Numbers", Citation("Own notes"))
    x = sp.Symbol("x")
    d.claim(2 * x, "=", x + x, "double", intended_restatement=True)

    @d.numeric("sum", "a sum by hand")
    def _() -> NumericOutcome:
        return NumericOutcome(1 + 1 == 2, "1 + 1 = 2")

    html, md = d.verify()._repr_html_(), d.verify()._repr_markdown_()
    assert "✔ passed</b> a sum by hand: 1 + 1 = 2" in html and "- ✔ passed: a sum by hand — 1 + 1 = 2" in md


@pytest.mark.slow
def test_the_example_notebook_runs_and_shows_verdicts(tmp_path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # "python3" is ipykernel's native kernel: it runs this interpreter (jupyter_client), i.e. the venv's
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
                            ).execute()
    by_tag = {t: c for c in nb.cells if c.cell_type == "code" for t in c.metadata.get("tags", [])}
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors

    def data(tag: str) -> dict:
        return next(o.data for o in by_tag[tag].outputs if o.output_type == "execute_result")

    report = data("report")
    assert {"text/html", "text/markdown", "text/latex"} <= set(report)
    assert "<h3>The proximal step of a quadratic</h3>" in report["text/html"]
    assert "Neal Parikh and Stephen Boyd. Proximal Algorithms." in report["text/html"]
    assert report["text/html"].count("✔ proved</b>") == 2 and "2/2 steps proved" in report["text/html"]
    wrong = data("wrong")["text/html"]
    assert "✘ refuted</b>" in wrong and re.search(r"counterexample: eta = [-\d/]+, lambda = [-\d/]+, v = [-\d/]+", wrong)
    assert "0/1 steps proved, 1 refuted" in wrong
    def stdout(tag: str) -> str:  # the kernel's own warnings go to stderr
        return "".join(o.text for o in by_tag[tag].outputs if o.output_type == "stream" and o.name == "stdout")

    assert "2/2 steps proved in 1 derivations; all checks passed" in stdout("print")
    checked = stdout("check").splitlines()
    assert checked[0].startswith("proved") and checked[1].startswith("refuted")
    ran = stdout("optimizer")
    assert ran.startswith("GD after 50 steps: ") and "closed form" in ran
