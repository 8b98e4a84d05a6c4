"""``f(x) \\approx`` its Taylor polynomial at x_t for an undefined f (symgd.latex.taylor_model): proved as agreement
to the order written, look-alikes refuted; the same polynomial with ``=`` is never proved (the remainder is
missing)."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import Status, check
from symgd.app.audit import audit
from symgd.core.claims import Claim, Rel
from symgd.decide import decide
from symgd.latex.check import parse_problem
from symgd.latex.taylor_model import taylor_model

VEC = {"vectors": ["x", "x_t"]}
GRAD = r"\langle \nabla f(x_t), x - x_t \rangle"
HESS = r"\langle x - x_t, \nabla^2 f(x_t)(x - x_t)\rangle"
SLOW = pytest.mark.slow


def model(latex: str, **kw):
    p = parse_problem(latex, **kw)
    (_, claim), = p.links
    return taylor_model(claim), p.context


def test_the_line_claim_has_the_derivatives_of_f_along_a_direction() -> None:
    (claim, how, name), _ = model(rf"f(x) = f(x_t) + {GRAD} + \frac{{1}}{{2}} {HESS}", **VEC)
    assert name == "f"
    s, k = claim.order
    assert k == 3 and "Taylor model of f at x_{t}" in how
    n = sp.Symbol("n", integer=True, positive=True)
    d = sp.MatrixSymbol("(x - x_{t}) direction", n, 1)
    g, H = sp.MatrixSymbol(r"\nabla f(x_{t})", n, 1), sp.MatrixSymbol(r"\nabla^{2} f(x_{t})", n, n)
    expected = sp.Symbol("f(x_{t})", real=True) * sp.Identity(1) + s * g.T * d + s**2 / 2 * d.T * H * d
    assert sp.expand((claim.lhs - expected).doit()) == sp.ZeroMatrix(1, 1)
    (claim, _, _), _ = model(r"f(x) = f(x_t) + f'(x_t)(x - x_t)")
    s = claim.order[0]
    assert claim.order[1] == 2 and claim.lhs == sp.Function("f")(sp.Symbol("x_{t}", real=True) + s)


@pytest.mark.parametrize(
    ("latex", "decl", "status"),
    [
        (rf"f(x) = f(x_t) + {GRAD} + \frac{{1}}{{2}} {HESS}", VEC, Status.PROVED),
        pytest.param(rf"f(x) = f(x_t) + {GRAD} + {HESS}", VEC, Status.REFUTED, marks=SLOW),  # the 1/2 dropped
        pytest.param(rf"f(x) = f(x_t) - {GRAD} + \frac{{1}}{{2}} {HESS}", VEC, Status.REFUTED, marks=SLOW),
        (r"f(x) = f(x_t) + \nabla f(x_t)^T (x - x_t) + \frac{1}{2} (x - x_t)^T \nabla^2 f(x_t)^T (x - x_t)", VEC,
         Status.PROVED),  # the Hessian is symmetric
        (r"f(x) = f(x_t) + \nabla f(x_t)^T (x - x_t)", VEC, Status.PROVED),  # first order
        (r"f(x) = f(x_t) + \nabla f(x_t)^T (x_t - x)", VEC, Status.REFUTED),
        pytest.param(r"f(x) = f(x_t) + \nabla g(x_t)^T (x - x_t)", {**VEC, "functions": ["g"]}, Status.REFUTED,
                     marks=SLOW),  # another function's gradient
        (r"f(x) = f(x_t) + f'(x_t)(x - x_t) + \frac{1}{2} f''(x_t)(x - x_t)^2", {}, Status.PROVED),
        (r"f(x) = f(x_t) + f'(x_t)(x - x_t) + f''(x_t)(x - x_t)^2", {}, Status.REFUTED),
    ],
)
def test_taylor_model_verdicts(latex: str, decl: dict, status: Status) -> None:
    (claim, _, _), ctx = model(latex, **decl)
    v = decide(claim, ctx, timeout=20)
    assert v.status is status, (latex, v)


@pytest.mark.parametrize(
    ("latex", "decl"),
    [
        (r"f(x) = f(y) + \nabla f(x_t)^T (x - x_t)", {"vectors": ["x", "x_t", "y"]}),  # two expansion points
        (r"f(x) = f(x_t) + g(x)", {**VEC, "functions": ["g"]}),  # another function at x
        (r"f(x) = f(x_t) + \nabla f(x)^T (x - x_t)", VEC),  # the gradient at x itself
        (r"f(x) = f(x_t) + (\nabla f(x_t)^T (x - x_t))^3", VEC),  # degree 3: third derivatives not modelled
        (r"f(x) = x^T x", {"vectors": ["x"]}),
    ],
)
def test_not_a_taylor_model(latex: str, decl: dict) -> None:
    assert model(latex, **decl)[0] is None


@pytest.mark.slow
def test_with_an_equals_sign_the_polynomial_is_not_f() -> None:
    """f(x) = its Taylor polynomial (no remainder) is an erratum: refuted, never proved."""
    v = check(rf"f(x) = f(x_t) + {GRAD} + \frac{{1}}{{2}} {HESS}", timeout=20, **VEC)
    assert v.status is Status.REFUTED and v.counterexample["x"] != v.counterexample["x_{t}"]
    v = check(r"f(x) = f(x_t) + f'(x_t)(x - x_t) + \frac{1}{2} f''(x_t)(x - x_t)^2", timeout=20)
    assert v.status is Status.REFUTED  # by a concrete cubic f that SymPy re-checks


@pytest.mark.slow
def test_audit_reads_approx_as_the_taylor_model() -> None:
    text = "\n".join([
        r"Let $x, x_t \in \mathbb{R}^n$. The second-order Taylor expansion of $f$ at $x_t$:",
        "", "$$", rf"f(x) \approx f(x_t) + {GRAD} + \frac{{1}}{{2}} {HESS}", "$$", "",
        "and with the half dropped", "", "$$", rf"f(x) \approx f(x_t) + {GRAD} + {HESS}", "$$", ""])
    rows = [(r.line, r.verdict, r.method) for r in audit(text, "n.md", timeout=10.0).results if r.kind == "claim"]
    assert [(line, verdict) for line, verdict, _ in sorted(rows)] == [(4, "proved"), (10, "refuted")]
    assert all("Taylor model of f" in how for _, _, how in rows)
    defined = "\n".join(["Let $x, x_t \\in \\mathbb{R}^n$ and define", "", "$$", r"f(x) := b^T x", "$$", "", "$$",
                          rf"f(x) \approx f(x_t) + {GRAD} + {HESS}", "$$", ""])  # true for this (linear) f
    rows = [r for r in audit(defined, "d.md", timeout=10.0).results if r.kind == "claim"]
    assert rows and all(r.verdict != "refuted" and "Taylor model" not in r.method for r in rows)


def test_claim_type_is_an_order_claim() -> None:
    (claim, _, _), _ = model(r"f(x) = f(x_t) + f'(x_t)(x - x_t)")
    assert isinstance(claim, Claim) and claim.rel is Rel.APPROX
