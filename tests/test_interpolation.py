"""Interpolation certificates (symgd.decide.interpolation): textbook steps that need several first-order
inequalities and a square are proved from the stated class; look-alikes with a wrong constant, a missing
property or too long a step are not.  Each expected verdict was decided by hand (the proofs: Nesterov,
Introductory Lectures, Thm 2.1.5 and 2.1.10; Bubeck, Convex Optimization, Thm 3.10 and 3.12)."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.interpolation import FunctionClass, certify

n = sp.Symbol("n", integer=True, positive=True)
x, y, xs = (sp.MatrixSymbol(s, n, 1) for s in ("x", "y", "x^{*}"))
g, gy = sp.MatrixSymbol(r"\nabla f(x)", n, 1), sp.MatrixSymbol(r"\nabla f(y)", n, 1)
fx, fs = sp.Symbol("f(x)", real=True), sp.Symbol("f(x^{*})", real=True)
mu, L, t = sp.Symbol(r"\mu", positive=True), sp.Symbol("L", positive=True), sp.Symbol("t", positive=True)
ONE = sp.Identity(1)
STAR = frozenset({"x^{*}"})
STRONG = FunctionClass("f", L, mu, STAR, STAR)
CONVEX = FunctionClass("f", L, sp.Integer(0), STAR, STAR)
SMOOTH = FunctionClass("f", L, None, STAR, STAR)  # no convexity: only what every L-smooth function has
ORDER = Context.make([sp.Le(mu, L)])


def sq(v):
    return v.T * v


def test_gradient_domination_from_strong_convexity() -> None:
    pl = Claim(2 * mu * (fx - fs) * ONE, Rel.LE, sq(g))
    method = certify(pl, [STRONG], ORDER, timeout=4)
    assert method is not None and "strong convexity (x^{*}, x)" in method and "2*\\mu" in method
    assert certify(pl, [CONVEX], ORDER, timeout=2) is None  # convex only: f = 0 near x^* has no such bound


def test_gradient_bound_from_smoothness_and_convexity() -> None:
    assert certify(Claim(sq(g), Rel.LE, 2 * L * (fx - fs) * ONE), [CONVEX], ORDER, timeout=3) is not None
    assert certify(Claim(sq(g), Rel.LE, L * (fx - fs) * ONE), [CONVEX], ORDER, timeout=2) is None  # 1/L for 1/(2L)


def test_co_coercivity_needs_convexity() -> None:
    claim = Claim((g - gy).T * (x - y), Rel.GE, (g - gy).T * (g - gy) / L)
    assert certify(claim, [FunctionClass("f", L, sp.Integer(0))], ORDER, timeout=3) is not None
    assert certify(claim, [FunctionClass("f", L, None)], ORDER, timeout=2) is None  # f = -|x|^2 L/2 is L-smooth


def test_smooth_without_convexity_uses_a_gradient_step_to_the_minimum() -> None:
    bound = Claim(sq(g), Rel.LE, 2 * L * (fx - fs) * ONE)
    method = certify(bound, [SMOOTH], ORDER, timeout=4)
    assert method is not None and "minimum (x - \\nabla f(x)/L, x^{*})" in method
    assert certify(Claim(sq(g), Rel.LE, L * (fx - fs) * ONE), [SMOOTH], ORDER, timeout=2) is None
    saddle = FunctionClass("f", L, None, STAR, frozenset())  # gradient zero, not a minimum: -L/2 |x|^2 at 0
    assert certify(bound, [saddle], ORDER, timeout=2) is None


def test_descent_lemma_at_a_written_out_step() -> None:
    f = sp.Function("f", commutative=True)  # as the parser makes it: a real value
    step = f(x - t * g)  # the function at a point the claim writes out
    good = Claim(sp.MatMul(step, ONE), Rel.LE, fx * ONE - t * (1 - L * t / 2) * sq(g))
    assert "smoothness" in (certify(good, [FunctionClass("f", L)], ORDER, timeout=3) or "")
    slip = Claim(sp.MatMul(step, ONE), Rel.LE, fx * ONE - t * sq(g))  # the L t^2/2 term dropped
    assert certify(slip, [FunctionClass("f", L)], ORDER, timeout=2) is None
    u = sp.Symbol("u", real=True)  # a scalar argument: f'(u) is a Derivative, |f'(u)|^2 an Abs squared
    df = sp.Derivative(f(u), u)
    scalar = Claim(f(u - t * df), Rel.LE, f(u) - t * (1 - L * t / 2) * sp.Abs(df) ** 2)
    assert certify(scalar, [FunctionClass("f", L)], ORDER, timeout=3) is not None


def test_strict_and_unknown_forms_decline() -> None:
    assert certify(Claim(2 * mu * (fx - fs) * ONE, Rel.LT, sq(g)), [STRONG], ORDER) is None  # no strictness
    assert certify(Claim(2 * mu * (fx - fs) * ONE, Rel.LE, sq(g)), [], ORDER) is None


@pytest.mark.slow
def test_contraction_of_a_gradient_step() -> None:
    claim = Claim(sq(x - t * g - xs), Rel.LE, (1 - t * mu) * sq(x - xs))
    short = Context.make([sp.Le(mu, L), sp.Le(t, 1 / L)])
    assert certify(claim, [STRONG], short, timeout=10) is not None
    assert certify(claim, [STRONG], Context.make([sp.Le(mu, L), sp.Le(t, 3 / L)]), timeout=6) is None  # beyond 2/L
    assert certify(claim, [CONVEX], short, timeout=4) is None  # no strong convexity


@pytest.mark.slow
def test_audit_proves_textbook_steps_and_not_their_slips() -> None:
    from symgd.app.audit import audit

    text = r"""Let $f$ be convex and $L$-smooth with $L > 0$, and let $x^*$ be a minimizer of $f$. Gradient descent reads
$$x_{k+1} = x_k - \frac{1}{L}\nabla f(x_k).$$
$$f(x_{k+1}) - f(x^*) \le \frac{L}{2}\left(\|x_k - x^*\|^2 - \|x_{k+1} - x^*\|^2\right)$$
$$\|\nabla f(x_k)\|^2 \le 2L\left(f(x_k) - f(x^*)\right)$$
$$\|\nabla f(x_k)\|^2 \le L\left(f(x_k) - f(x^*)\right)$$
$$f(x_{k+1}) - f(x^*) \le \frac{L}{4}\left(\|x_k - x^*\|^2 - \|x_{k+1} - x^*\|^2\right)$$
"""
    got = [(r.line, r.verdict) for r in audit(text, "n.md", timeout=4.0).results if r.kind == "claim"]
    assert got[:2] == [(3, "proved"), (4, "proved")]
    assert all(v != "proved" for _, v in got[2:])


@pytest.mark.slow
def test_audit_reads_the_minimum_and_its_value_in_words() -> None:
    from symgd.app.audit import audit

    text = r"""Let $F$ be $\mu$-strongly convex with $\mu > 0$ and differentiable; its minimizer is $w_*$ and $F_* = F(w_*)$.
$$2\mu\left(F(w) - F_*\right) \le \|\nabla F(w)\|^2$$
$$4\mu\left(F(w) - F_*\right) \le \|\nabla F(w)\|^2$$

Let $f$ be differentiable with an $L$-Lipschitz gradient, $L > 0$, bounded below with minimum value $f^\star$.
$$\|\nabla f(x)\|^2 \le 2L\left(f(x) - f^\star\right)$$
$$\|\nabla f(x)\|^2 \le L\left(f(x) - f^\star\right)$$
"""
    got = {r.line: r.verdict for r in audit(text, "n.md", timeout=4.0).results if r.kind == "claim"}
    assert got[2] == "proved" and got[6] == "proved"
    assert got[3] != "proved" and got[7] != "proved"


def test_a_minimizer_only_where_the_prose_says_so_of_that_function_unconstrained() -> None:
    from symgd.app.audit.classes import classes_of
    from symgd.app.audit.context import DocContext
    from symgd.app.audit.facts import Fact

    claim = Claim(sq(g), Rel.LE, 2 * L * (fx - fs) * ONE)
    stated = [Fact("f", "smooth", "L", 1), Fact("f", "convex", "", 1)]

    def minimizers(prose: str) -> set:
        (fc,) = classes_of(claim, Context(), DocContext(stated=stated, prose=[prose]))
        return set(fc.minimizers)

    assert minimizers(r"Let $x^{*}$ be a minimizer of $f$.") == {"x^{*}"}
    assert minimizers(r"Let $x^{*}$ be a minimizer of $f$ over the set $C$.") == set()  # gradient need not vanish
    assert minimizers(r"Let $x^{*}$ minimize $f(x) + g(x)$.") == set()  # a composite objective's minimizer
    assert minimizers(r"Let $x^{*}$ be a local minimizer of $f$.") == set()  # not a global one
    assert minimizers(r"Here $x^{*}$ is any point and $f$ is smooth.") == set()


@pytest.mark.slow
def test_audit_gradient_descent_on_a_strongly_convex_function() -> None:
    from symgd.app.audit import audit

    text = r"""Let $f$ be $L$-smooth and $\mu$-strongly convex with $0 < \mu \le L$, and let $x^\star$ be the minimizer of $f$. Gradient descent with step $\eta$, $0 < \eta \le 1/L$, reads
$$x_{k+1} = x_k - \eta\nabla f(x_k).$$
$$\|x_{k+1} - x^\star\|^2 \le \|x_k - x^\star\|^2$$
$$f(x_{k+1}) - f(x^\star) \le (1 - \eta\mu)\left(f(x_k) - f(x^\star)\right)$$
$$\|x_{k+1} - x^\star\|^2 \le (1 - 2\eta\mu)\|x_k - x^\star\|^2$$
$$f(x_{k+1}) - f(x^\star) \le (1 - 2\eta L)\left(f(x_k) - f(x^\star)\right)$$
"""
    got = {r.line: r.verdict for r in audit(text, "n.md", timeout=4.0).results if r.kind == "claim"}
    assert got[3] == "proved" and got[4] == "proved"  # Fejer monotone; descent plus gradient domination
    assert got[5] != "proved" and got[6] != "proved"  # mu = L, eta = 1/L: 1 - 2 eta mu = -1; 1 - 2 eta L < 0
