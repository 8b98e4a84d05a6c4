"""The audit's context mechanisms of issue 13: a derivative the stated properties do not license (an unstated
assumption, refuted with a witness and decided with the assumption added), shapes that cannot be related, update
rules as definitions, values the prose gives to a name (and how long they hold), "where" clauses read before the
display that uses them, and a step that follows from an earlier display."""

from __future__ import annotations

import sympy as sp

from symgd.app.audit import audit
from symgd.app.audit.context import DocContext
from symgd.app.audit.facts import Fact, licensed_order, read_facts
from symgd.app.audit.regularity import missing_assumption, witness_function
from symgd.app.audit.sides import prose_matrices, shape_errata

z = sp.Symbol("z", real=True)
mu, L = sp.symbols("mu L", positive=True)


def _one_sided(f: sp.Expr, at: int = 0) -> tuple[sp.Expr, sp.Expr]:
    return sp.limit(f.diff(z), z, at, "-"), sp.limit(f.diff(z), z, at, "+")


def test_the_witnesses_have_the_stated_properties_and_lack_the_derivative() -> None:
    # no derivative: |z| (convex), |z| + mu/2 z^2 (mu-strongly convex: minus mu/2 z^2 it is |z|, convex)
    for f in (sp.Abs(z), sp.Abs(z) + mu / 2 * z**2):
        left, right = _one_sided(f)
        assert left != right  # no derivative at 0
        assert all(sp.simplify(f.diff(z, 2).subs(z, s)) >= 0 for s in (-2, 3))  # convex away from the kink
    # no second derivative: a/2 max(z, 0)^2 is C^1 with an a-Lipschitz derivative; with mu/2 z^2 and a = L - mu
    # it is mu-strongly convex and L-smooth (slopes of f' are mu and L), and f'' jumps at 0
    f = (L - mu) / 2 * sp.Max(z, 0) ** 2 + mu / 2 * z**2
    fp = f.diff(z)
    assert sp.limit(fp, z, 0, "-") == sp.limit(fp, z, 0, "+") == 0  # C^1
    assert sp.simplify(fp.subs(z, -1) - fp.subs(z, -2)) == mu and sp.simplify(fp.subs(z, 2) - fp.subs(z, 1)) == L
    assert sp.limit(fp / z, z, 0, "-") == mu and sp.limit(fp / z, z, 0, "+") == L  # f''(0) does not exist (mu < L)
    assert witness_function([Fact("f", "convex", "", 1)], "f", 1)[0] == "|z|"
    two = [Fact("f", "smooth", "L", 1), Fact("f", "strongly convex", r"\mu", 1)]
    assert witness_function(two, "f", 2)[0] == r"(L - \mu)/2 max(z, 0)^2 + \mu/2 z^2"


def test_which_words_license_which_derivative() -> None:
    def order(prose: str) -> int | None:
        return licensed_order(read_facts(prose, 1)[0], "f")

    assert order("Let $f$ be convex.") == 0
    assert order("Let $f$ be convex and differentiable.") == 1
    assert order("Let $f$ be $L$-smooth.") == 1
    assert order("Let $f$ be convex and twice continuously differentiable.") == 2
    assert order("Let $f$ be a convex $C^2$ function.") == 2
    assert order("Let $f$ be convex but not differentiable.") == 0
    assert order("Let $f$ be convex and non-smooth.") == 0
    assert order("The step is short.") is None  # nothing stated: differentiability is tacit


def test_a_gradient_without_differentiability_is_an_unstated_assumption() -> None:
    facts = read_facts("Let $f$ be convex.", 3)[0]
    m = missing_assumption(r"f(y) \ge f(x) + \nabla f(x)^T (y - x)", facts, "")
    assert m is not None and m.assumption == "f differentiable" and m.counterexample == {"f(z)": "|z|",
                                                                                      "x": "0 (one dimension)"}
    hess = missing_assumption(r"\nabla^2 f(x) \succeq 0", [*facts, Fact("f", "differentiable", "", 3)], "")
    assert hess is not None and hess.order == 2 and "max(z, 0)^2" in hess.witness
    assert missing_assumption(r"f(y) \ge f(x)", facts, "") is None  # no derivative taken
    assert missing_assumption(r"\nabla f(x) = 0", facts, "", "Here $f$ is differentiable.") is None
    assert missing_assumption(r"\nabla f(x) = 0", [], "") is None
    assert missing_assumption(r"\nabla f(x) = 0", facts, "", defined={"f"}) is None  # a formula defines f


def test_the_audit_reports_it_refuted_and_gives_the_verdict_with_the_assumption() -> None:
    text = r"""Let $h : \mathbb{R}^n \to \mathbb{R}$ be convex. For any $x, y \in \mathbb{R}^n$,
$$h(y) \ge h(x) + \langle \nabla h(x), y - x \rangle.$$
Nothing else is assumed.
"""
    (r,) = [r for r in audit(text, "c.md", timeout=2.0).results if r.kind == "claim"]
    assert r.verdict == "refuted" and r.missing == "h differentiable" and r.with_missing == "proved"
    assert r.counterexample["h(z)"] == "|z|" and "with h differentiable assumed: proved" in r.note
    assert r.to_dict()["with_assumption"] == "proved"
    sub = audit(text.replace("Nothing else is assumed.", "Here a gradient may be a subgradient."), "c.md", timeout=2.0)
    assert not any(r.missing for r in sub.results)


def test_shapes_that_cannot_be_related() -> None:
    ctx = DocContext(matrices=["A"])
    ctx.prose_matrices.update({m: 1 for m in prose_matrices("which is the Fisher information matrix $F$.")})
    assert ctx.prose_matrices == {"F": 1}
    (err,) = shape_errata(r"D_{KL}(p(x|\theta) || p(x|\theta_t)) \approx F", ctx)
    assert "scalar" in err[1] and "matrix" in err[1]
    assert shape_errata(r"A = 2", ctx) == []  # 2 I, the usual shorthand
    assert shape_errata(r"A \preceq L", ctx) == []
    assert shape_errata(r"A = F", ctx) == []


def test_update_rules_values_in_prose_and_where_clauses() -> None:
    text = r"""# Steps

With a step size $\eta > 0$ and $a > 0$, gradient descent updates
$$u_{k+1} = u_k - \eta a u_k,$$

so the step is a contraction by a factor:
$$u_{k+1} = r u_k,$$
where $r = 1 - \eta a$.

Set $\eta = \frac{1}{a}$. Then
$$u_{k+1} = 0.$$

# Momentum

With $0 \le \beta < 1$, the heavy-ball method updates
$$u_{k+1} = u_k - \eta a u_k + \beta(u_k - u_{k-1}).$$

Plugging in $\beta = 0$ gives
$$u_{k+1} = (1 - \eta a) u_k.$$

For a general momentum it does not:
$$u_{k+1} = (1 - \eta a) u_k.$$
"""
    res = [(r.line, r.kind, r.verdict) for r in audit(text, "s.md", timeout=2.0).results if r.kind != "assumption"]
    assert (4, "definition", "definition") in res  # a new iterate named on the left
    assert (7, "claim", "proved") in res  # r from the "where" clause after it
    assert (11, "claim", "proved") in res  # eta = 1/a in this section
    assert (16, "definition", "definition") in res  # the heavy ball: a new method (a new section)
    assert (19, "claim", "proved") in res and (22, "claim", "refuted") in res  # beta = 0 for one display only
