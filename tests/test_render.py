"""Rendering: exact LaTeX for small pieces, the whole document compiles where pdflatex exists."""

from __future__ import annotations

import subprocess

import pytest
import sympy as sp
from paper_latex_scan import pseudo_math, sections

from symgd import Claim, Derivation, Source
from symgd.core.verdict import Status, Verdict
from symgd.latex.paper import LINE_WIDTH, visible_width
from symgd.latex.render import claim_latex, derivation_align, document, escape_text
from symgd.latex.verdicts import detail_tex, value_tex, verdict_tex

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
    """A step, a result, a premise and an erratum's claim far wider than the page break over lines: pdflatex
    reports no overfull box."""
    require_tool("pdflatex", "the page layout of long steps was not checked")
    xs = sp.symbols("x_1:40", real=True)
    wide = sum(sp.exp(x) * x**3 for x in xs)
    d = Derivation("wide", "A very wide step", Source("000", "test"))
    d.assume(list(xs))
    d.claim(wide, "=", sp.expand(wide), "expand (a justification long enough to need wrapping in its column)")
    d.claim(xs[0], "=", xs[0], "short")
    # a result whose sides fit the line alone but not together; a long premise and a long erratum claim
    d.results.append((Claim(_wide("a", 12), "<=", _wide("b", 12)), ""))
    d.premise("a long premise", Claim(wide, "=", 0))
    d.erratum("000", "q", "says", "true", claim=Claim(wide, "=", sp.exp(xs[0])))
    (tmp_path / "w.tex").write_text(document([d], [d.verify(numeric=False)]))
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "w.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:]
    log = (tmp_path / "w.log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log, log[log.find("Overfull"):][:500]


# ----------------------------------------------------------------------------- errata, results and premises


def test_verdict_tex_names_and_values_as_math() -> None:
    v = Verdict(Status.REFUTED, "exact evaluation at a sample point",
                {"x_{t}": "-547/8", r"\sqrt{\kappa}": "7", "A": "[[5, 0], [0, 5/4]]", "f": "(_a0) -> 3*_a0**2/2"},
                "lhs vs rhs: 1 vs -1")
    assert verdict_tex(v) == (
        r"refuted (exact evaluation at a sample point) at $x_{t} = - \frac{547}{8}$, $\sqrt{\kappa} = 7$, "
        r"$A = \left[\begin{smallmatrix}5 & 0 \\ 0 & \frac{5}{4}\end{smallmatrix}\right]$, "
        r"$f(\xi) = \frac{3 \xi^{2}}{2}$: left side $1$, right side $-1$")


@pytest.mark.parametrize(
    ("detail", "latex"),
    [
        ("9801/4 <= 1/4 is false", r"$\frac{9801}{4} \le \frac{1}{4}$ is false"),
        ("2304 <= 2.74878500791e-43 is false", r"$2304 \le 2.74878500791 \cdot 10^{-43}$ is false"),
        ("lhs vs rhs: entry 0: 7 vs 14", "entry 0: left side $7$, right side $14$"),
        ("the coefficient of h^2 in lhs - rhs is not zero (667/21 vs 0)",
         r"the coefficient of $h^{2}$ in the left side minus the right side is not zero ($\frac{667}{21}$ vs $0$)"),
        ("the equation's residual is not zero: sqrt(2) vs 0", r"the equation's residual is not zero: $\sqrt{2}$ vs $0$"),
        ("something else: a_b", r"something else: a\_b"),  # a detail of another form stays escaped prose
    ],
)
def test_detail_tex(detail: str, latex: str) -> None:
    assert detail_tex(detail) == latex


def test_an_undecided_reason_shows_its_point_as_math() -> None:
    v = Verdict(Status.UNDECIDED, "no exact method reduced the claim; the claim alone fails at {'x_t': '1/2'} "
                "(lhs vs rhs: 1 vs 2), a point that may violate the premise")
    assert verdict_tex(v) == (r"undecided (no exact method reduced the claim; the claim alone fails at "
                              r"$x_{t} = \frac{1}{2}$ (left side $1$, right side $2$), a point that may violate the premise)")


def test_a_value_is_parsed_never_evaluated() -> None:
    # code is not a value: shown verbatim; a huge power stays a power (not computed)
    assert value_tex('__import__("os").getcwd()') == r'\texttt{\_\_import\_\_("os").getcwd()}'
    assert value_tex("7**7**7") == "$7^{823543}$"
    assert value_tex("[[1], [2]]") == r"$\left[\begin{smallmatrix}1 \\ 2\end{smallmatrix}\right]$"


def _errata_derivation() -> Derivation:
    x_t, kap = sp.Symbol("x_t", real=True), sp.Symbol(r"\sqrt{\kappa}", positive=True)
    d = Derivation("errs", "Errata", Source("000", "test"))
    d.assume([x_t, kap])
    d.claim((x_t + 1) ** 2, "=", x_t**2 + 2 * x_t + 1, "expand")
    d.erratum("000", "a quote", "Says $x_t^2 \\le x_t$.", "Only for $0 \\le x_t \\le 1$.",
              claim=Claim(x_t**2 + kap, "<=", x_t + kap))
    return d


def test_erratum_counterexample_prints_as_math() -> None:
    d = _errata_derivation()
    tex = document([d], [d.verify(numeric=False)])
    errata = sections(tex)["errata"]
    (line,) = [ln for ln in errata.splitlines() if "\\emph{Verdict:}" in ln]
    assert line.startswith(r"\emph{Verdict:} refuted") and "$x_{t} = " in line and r"$\sqrt{\kappa} = " in line
    assert "\\_" not in line and "textbackslash" not in line and "$<$=" not in line
    assert pseudo_math(errata) == []


def _wide(prefix: str, n: int = 9) -> sp.Expr:
    # a sum that fits on a displayed line alone (paper.LINE_WIDTH) but not twice
    return sum(sp.Symbol(f"{prefix}_{i}") * sp.Symbol(f"{prefix}_{i + 1}") for i in range(n))


def test_a_result_too_wide_with_both_sides_breaks_at_the_relation() -> None:
    d = Derivation("wide_result", "Wide", Source("000", "test"))
    left, right = _wide("a"), _wide("b")
    assert visible_width(claim_latex(Claim(left, "<=", right))) > LINE_WIDTH >= visible_width(claim_latex(Claim(left, "<=", 0)))
    d.results.append((Claim(left, "<=", right), ""))
    result = document([d]).split("\\textbf{Result.}")[1]
    assert "\\[" not in result and r"&\quad \le b_{0} b_{1}" in result


def test_long_claims_in_premises_and_errata_are_displays_that_break() -> None:
    d = Derivation("long_text", "Long", Source("000", "test"))
    long = Claim(sum(sp.Symbol(f"c_{i}") * sp.Symbol("x") ** i for i in range(30)), "=", 0)
    d.premise("a long premise", long)
    d.erratum("000", "q", "says", "true", claim=long)
    tex = document([d]).split("\\begin{document}")[1]
    assert "symgdfit" not in tex  # a box: it can neither break nor shrink
    premise = tex.split("\\item \\emph{a long premise}: ")[1]
    assert premise.lstrip().startswith("\\begin{align*}") and premise.count(r"\\") >= 2  # broken over lines
    checked = tex.split("\\emph{Claim checked:} ")[1]
    assert checked.lstrip().startswith("\\begin{align*}")
