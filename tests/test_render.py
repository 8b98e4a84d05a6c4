"""Rendering: exact LaTeX for small pieces, the whole document compiles where pdflatex exists."""

from __future__ import annotations

import subprocess

import pytest
import sympy as sp

from symgd import Claim, Derivation, Source
from symgd.latex.render import claim_latex, derivation_align, document, escape_text

eta, lam = sp.symbols("eta lambda", positive=True)
theta0 = sp.Symbol("theta_0", real=True)


@pytest.mark.parametrize(
    ("claim", "latex"),
    [
        (Claim(theta0 * (1 - eta * lam), "=", theta0 - eta * lam * theta0),
         r"\theta_{0} \left(- \eta \lambda + 1\right) = - \eta \lambda \theta_{0} + \theta_{0}"),
        (Claim(eta / 2, "<=", eta), r"\frac{\eta}{2} \le \eta"),
        (Claim(sp.exp(-lam * eta), "≈", 1 - lam * eta, order=(eta, 2)),
         r"e^{- \eta \lambda} = - \eta \lambda + 1 + O\left(\eta^{2}\right)"),
        (Claim(eta, ">", 0), r"\eta > 0"),
        # an explicit matrix: bmatrix brings its own brackets (no \left[ ... \right] around it)
        (Claim(sp.Matrix([[eta, 0], [0, lam]]), "=", sp.diag(eta, lam)),
         r"\begin{bmatrix}\eta & 0\\0 & \lambda\end{bmatrix} = \begin{bmatrix}\eta & 0\\0 & \lambda\end{bmatrix}"),
    ],
)
def test_claim_latex(claim: Claim, latex: str) -> None:
    assert claim_latex(claim) == latex


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("differentiate in $x$", "differentiate in $x$"),
        ("50% of a_b & c#", r"50\% of a\_b \& c\#"),
        ("η ≤ 1/L", r"$\eta$ $\le$ 1/L"),
        ("a lone $ sign", r"a lone \$ sign"),
    ],
)
def test_escape_text(text: str, latex: str) -> None:
    assert escape_text(text) == latex


def _tiny() -> Derivation:
    d = Derivation("tiny", "A tiny derivation", Source("001", "A quadratic warmup"))
    d.assume([eta, lam])
    d.claim(theta0 - eta * lam * theta0, "=", (1 - eta * lam) * theta0, "factor $\\theta_0$")
    d.then("<=", (1 - eta * lam) * theta0 + eta, "add $\\eta > 0$")
    d.conclude()
    return d


def test_align_block_exact() -> None:
    assert derivation_align(_tiny()) == (
        "\\begin{align*}\n"
        r"- \eta \lambda \theta_{0} + \theta_{0} &= \theta_{0} \left(- \eta \lambda + 1\right) && \text{factor $\theta_0$} \\"
        "\n"
        r"&\le \eta + \theta_{0} \left(- \eta \lambda + 1\right) && \text{add $\eta > 0$}"
        "\n\\end{align*}"
    )


def test_chain_result_composes_relations() -> None:
    d = _tiny()
    assert d.result.rel.value == "<="
    assert d.verify(numeric=False).ok


def test_markdown_and_repr_latex() -> None:
    d = _tiny()
    md = d.markdown(d.verify())
    assert md.startswith("### A tiny derivation") and "✔ proved" in md
    # a notebook display has the title (and says the steps are not verified yet), then the aligned steps
    assert d._repr_latex_().startswith("$$\\begin{array}{l}\\textbf{A tiny derivation}")
    assert "$$\\begin{aligned}" in d._repr_latex_()


@pytest.mark.tex
def test_whole_document_compiles(tmp_path, verified, require_tool) -> None:
    require_tool("pdflatex", "the generated LaTeX was not compiled (CI installs texlive-latex-base)")
    ds = [d for d, _ in verified.values()]
    reports = [r for _, r in verified.values()]
    tex = tmp_path / "doc.tex"
    tex.write_text(document(ds, reports))
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 10_000


@pytest.mark.tex
def test_long_steps_fit_the_page(tmp_path, require_tool) -> None:
    """A step far wider than the page is shrunk to the line: pdflatex reports no overfull display."""
    require_tool("pdflatex", "the page layout of long steps was not checked")
    xs = sp.symbols("x_1:40", real=True)
    wide = sum(sp.exp(x) * x**3 for x in xs)
    d = Derivation("wide", "A very wide step", Source("000", "test"))
    d.assume(list(xs))
    d.claim(wide, "=", sp.expand(wide), "expand (a justification long enough to need wrapping in its column)")
    d.claim(xs[0], "=", xs[0], "short")
    (tmp_path / "w.tex").write_text(document([d], [d.verify(numeric=False)]))
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "w.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:]
    log = (tmp_path / "w.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log, log[log.find("Overfull"):][:500]
