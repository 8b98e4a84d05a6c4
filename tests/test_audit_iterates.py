"""Sums, minima and averages over a symbolic number of iterates (symgd/decide/iterates.py, symgd/app/audit/iterates.py):
each true claim beside false look-alikes (wrong constant, K vs K - 1 range, average vs sum, reversed inequality)
that must not be proved; nothing here is ever refuted by sampling (the members are tied by rules)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context, Rel
from symgd.core.declarations import Declarations
from symgd.decide import decide
from symgd.decide.iterates import FamilyExtremum, FamilySum, MinOver, Scalars, at_index, scalar, summed_premise
from symgd.latex.problem import parse_problem

HERE = Path(__file__).parent / "audit" / "iterates"


def _claim(latex: str, **kw):
    p = parse_problem(latex, declarations=Declarations.of(**kw), allow_unused=True)
    return p.links[0][1].normalized(), p.context


def _decider(c, cx, t):
    return decide(c, cx, timeout=t)


def test_the_readings() -> None:
    """A sum over members to a symbolic bound, a minimum over an index range (three spellings), a minimum over a
    half-line."""
    c, _ = _claim(r"\sum_{k=1}^{K} (f(x_k) - f^*) \le 1", functions=["f"])
    (s,) = c.lhs.atoms(FamilySum)
    assert [str(b) for b in s.args[2:]] == ["1", "K"]
    ranges = set()
    for sub in (r"0 \le k < K", r"k = 0, \dots, K-1", r"k \in \{0, \ldots, K-1\}"):
        c, _ = _claim(rf"\min_{{{sub}}} f(x_k) \le 1", functions=["f"])
        (m,) = c.lhs.atoms(FamilyExtremum)
        ranges.add(m.args[2:4])
    assert len(ranges) == 1
    c, _ = _claim(r"\min_{t > 0} (t + 1/t) = 2")
    assert c.lhs.atoms(MinOver)


def test_a_member_at_another_index() -> None:
    sc = Scalars()
    e = sp.Symbol("f(x_{k+1})") + sp.Symbol(r"\eta_{k}")
    got = at_index(e, "k", sp.Symbol("K") - 1, sc)
    assert {s.name for s in got.free_symbols} == {"f(x_{K})", r"\eta_{K-1}"}


@pytest.mark.parametrize(("claim", "proved"), [
    (r"\sum_{t=0}^{T-1} \|\nabla f(x_t)\|^2 \le 2L\,(f(x_0) - f(x_T))", True),
    pytest.param(r"\sum_{t=0}^{T-1} \|\nabla f(x_t)\|^2 \le L\,(f(x_0) - f(x_T))", False,  # wrong constant
                 marks=pytest.mark.slow),
    pytest.param(r"\sum_{t=0}^{T} \|\nabla f(x_t)\|^2 \le 2L\,(f(x_0) - f(x_T))", False,  # one term too many
                 marks=pytest.mark.slow),
    (r"\sum_{t=0}^{T-1} \|\nabla f(x_t)\|^2 \ge 2L\,(f(x_0) - f(x_T))", False),  # reversed
])
def test_a_step_summed(claim: str, proved: bool) -> None:
    """f(x_{t+1}) <= f(x_t) - |grad f(x_t)|^2/(2L) for every t, summed with the multiplier 2L."""
    kw = {"assume": ["L > 0"], "functions": ["f"]}
    step, _ = _claim(r"f(x_{t+1}) \le f(x_t) - \frac{1}{2L}\|\nabla f(x_t)\|^2", **kw)
    c, ctx = _claim(claim, **kw)
    if c.rel not in (Rel.LE, Rel.LT):
        assert not proved
        return
    sc = Scalars()
    got = summed_premise(scalar(c.rhs - c.lhs, sc), scalar(step.rhs - step.lhs, sc), "t", sc, ctx, _decider, 3)
    assert bool(got) is proved, got


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "verdict"), [
    (r"\min_{0 \le k < K} f(x_k) \le f(x_0)", "proved"),  # the minimum is at most a member
    (r"\min_{0 \le k < K} f(x_k) \le f(x_K)", "undecided"),  # x_K is outside the range
    (r"K \min_{0 \le k < K} f(x_k) \le \sum_{k=0}^{K-1} f(x_k)", "proved"),  # at most the average
    (r"K \min_{0 \le k < K} f(x_k) \ge \sum_{k=0}^{K-1} f(x_k)", "undecided"),  # reversed
    (r"\max_{k = 1, \dots, K} f(x_k) \ge \frac{1}{K}\sum_{k=1}^{K} f(x_k)", "proved"),
    (r"\max_{k = 1, \dots, K} f(x_k) \ge \frac{1}{K}\sum_{k=0}^{K} f(x_k)", "undecided"),  # K + 1 terms
    (r"\min_{t > 0} \left(t + \frac{1}{t}\right) = 2", "proved"),  # critical point t = 1, convex
    (r"\min_{t > 0} \left(t + \frac{1}{t}\right) = 1", "undecided"),
    (r"\min_{\eta > 0} \left( \frac{R^2}{2\eta K} + \frac{G^2 \eta}{2} \right) = \frac{R G}{\sqrt{K}}", "proved"),
    (r"\min_{\eta > 0} \left( \frac{R^2}{2\eta K} + \frac{G^2 \eta}{2} \right) = \frac{2 R G}{\sqrt{K}}", "undecided"),
])
def test_alone(claim: str, verdict: str) -> None:
    from symgd.latex.check import check

    got = check(claim, assume=["R > 0", "G > 0", "K > 0"] if "R" in claim else [], timeout=5)
    assert got.status.value == verdict, got.method


def test_never_sampled() -> None:
    """A false sum claim about members is undecided, not refuted: the members' values are the rules'."""
    c, ctx = _claim(r"\sum_{k=0}^{K-1} f(x_k)^2 \le f(x_0)", functions=["f"], vectors=["x"])
    from symgd.decide import refute

    assert c.lhs.has(FamilySum) and refute(Claim(c.lhs, c.rel, c.rhs), Context(ctx.hypotheses)) is None


@pytest.mark.slow
@pytest.mark.parametrize(("name", "expected"), [
    ("nonconvex_descent.md", {8: "proved", 10: "undecided", 12: "undecided", 14: "proved", 16: "undecided"}),
    ("subgradient_fixed.md", {7: "proved", 9: "undecided", 11: "proved", 13: "proved", 15: "undecided"}),
    ("last_iterate.md", {9: "undecided", 11: "undecided"}),  # line 7 (Abel summation): test_the_last_value below
])
def test_twin_documents(name: str, expected: dict) -> None:
    from symgd.app.audit import audit

    got = {r.line: r.verdict for r in audit((HERE / name).read_text(), name).results if r.kind == "claim"}
    assert {line: got.get(line) for line in expected} == expected


@pytest.mark.parametrize(("claim", "verdict"), [
    (r"\int_1^K \frac{dx}{x} = \ln K", "proved"),  # \frac{dx}{x}: the differential in the numerator
    pytest.param(r"\sum_{k=1}^{K} \frac{1}{k} \le 1 + \int_1^K \frac{dx}{x}", "proved", marks=pytest.mark.slow),
    pytest.param(r"\sum_{k=1}^{K} \frac{1}{k} \le \int_1^K \frac{dx}{x}", "refuted", marks=pytest.mark.slow),  # K = 1
    pytest.param(r"\sum_{k=1}^{K} \frac{1}{k} \ge \ln(K+1)", "proved", marks=pytest.mark.slow),
    pytest.param(r"\sum_{k=1}^{K} \frac{1}{k} \ge 1 + \ln K", "refuted", marks=pytest.mark.slow),  # K = 2: 3/2 < 1.69
    pytest.param(r"\sum_{k=1}^{K} \frac{1}{\sqrt{k}} \le 2\sqrt{K}", "proved", marks=pytest.mark.slow),
    pytest.param(r"\sum_{k=1}^{K} \frac{1}{\sqrt{k}} \le \sqrt{K}", "refuted", marks=pytest.mark.slow),  # K = 2
])
def test_sums_against_integrals(claim: str, verdict: str) -> None:
    """Sum-integral comparisons for monotone terms, by induction on K from the first K where the claim is defined
    (ln K at K = 0 is not); a sum of numbers (no family) is refuted exactly where it fails.  The count of terms is
    stated (K >= 1, as the audit states K >= 0 for a number of steps): with no lower bound, a K below the first index
    (a sum of negative length) is admissible and induction proves nothing (tests/test_powers_sums.py)."""
    from symgd.latex.check import check

    got = check(claim, assume=["K > 0"] if "int" in claim and "sum" not in claim else [r"K \ge 1"], timeout=8)
    assert got.status.value == verdict, got.method


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "proved"), [
    (r"f(x_K) - f^\star \le \frac{1}{K}\sum_{k=1}^{K} \big(f(x_k) - f^\star\big)", True),
    (r"f(x_K) - f^\star \ge \frac{1}{K}\sum_{k=1}^{K} \big(f(x_k) - f^\star\big)", False),
    (r"f(x_1) - f^\star \le \frac{1}{K}\sum_{k=1}^{K} \big(f(x_k) - f^\star\big)", False),  # the first, not the last
])
def test_the_last_value(claim: str, proved: bool) -> None:
    """Non-increasing values (the descent step): the last is at most the average, by the step summed with the
    weight k (sum_{k=1}^{K} f_k - K f_K = sum_{k=1}^{K-1} k (f_k - f_{k+1}))."""
    from symgd.decide.iterates import members_as_names

    kw = {"assume": ["L > 0", "K \\ge 1"], "functions": ["f"]}
    step, _ = _claim(r"f(x_{k+1}) \le f(x_k) - \frac{1}{2L}\|\nabla f(x_k)\|^2", **kw)
    c, ctx = _claim(claim, **kw)
    sc = Scalars()
    gap = scalar(members_as_names(c.rhs - c.lhs), sc)
    got = summed_premise(gap, scalar(members_as_names(step.rhs - step.lhs), sc), "k", sc, ctx, _decider, 3)
    assert bool(got) is proved, got
