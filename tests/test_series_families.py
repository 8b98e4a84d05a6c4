"""Families summed to a symbolic bound (issues 11, 13): g_i under \\sum_{i=1}^{t} is g(i), one function of the index
for every member of the claim (g_t outside the sum is the same object); assumptions about every member are
equalities in the sum's index letter, substituted; anything else about a member at a symbolic index is refused
(a sampled index would constrain one member only and refute true claims)."""

from __future__ import annotations

import pytest
import sympy as sp
from series_tools import slow_after

from symgd import BadInput, Status, check
from symgd.latex.problem import parse_problem

i, t = sp.Symbol("i", integer=True), sp.Symbol("t", real=True)
g = sp.Function("g", real=True)
NAT = [r"t \in \mathbb{N}"]
ADAM = {"random": ["g"], "assume": [r"E[g_i^2] = \sigma^2", *NAT]}


def sides(latex: str, **kw):
    (_, claim), = parse_problem(latex, **kw).links
    return claim.lhs, claim.rhs


def test_members_are_values_of_one_function():
    lhs, rhs = sides(r"\sum_{i=1}^{t} g_i = \sum_{i=1}^{t-1} g_i + g_t")
    assert lhs == sp.Sum(g(i), (i, 1, t))
    assert rhs == sp.Sum(g(i), (i, 1, t - 1)) + g(t)  # g_t outside the sum is the member t
    assert sides(r"\sum_{i=1}^{3} g_i = 0")[0] == sp.Symbol("g_{1}", real=True) + sp.Symbol("g_{2}", real=True) + \
        sp.Symbol("g_{3}", real=True)  # numeric bounds: written out, as before


@pytest.mark.parametrize(("latex", "kw", "status"), slow_after(1, [
    (r"(1 - \beta_2) \sum_{i=1}^t \beta_2^{t-i} E[g_i^2] = \sigma^2 (1 - \beta_2^t)", ADAM, Status.PROVED),
    (r"\sum_{i=1}^{t} g_i = \sum_{i=1}^{t-1} g_i + g_{t-1}", {"assume": NAT}, Status.REFUTED),  # the wrong member
    (r"(1 - \beta_2) \sum_{i=1}^t \beta_2^{t-i} E[g_i^2] = \sigma^2 (1 - \beta_2^{t+1})", ADAM, Status.REFUTED),
    (r"E\left[(1 - \beta_2) \sum_{i=1}^t \beta_2^{t-i} g_i^2\right] = (1 - \beta_2) \sum_{i=1}^t \beta_2^{t-i} "
     r"E[g_i^2]", {"random": ["g"]}, Status.PROVED),  # linearity through a sum to t
]))
def test_decided(latex, kw, status):
    assert check(latex, timeout=10, **kw).status is status


@pytest.mark.slow
def test_without_declared_randomness_the_expectation_stays():
    """Nothing declared random: beta_2 and t may be random, so the sum does not leave the expectation."""
    claim = (r"E\left[(1 - \beta_2) \sum_{i=1}^t \beta_2^{t-i} g_i^2\right] = (1 - \beta_2) \sum_{i=1}^t "
             r"\beta_2^{t-i} E[g_i^2]")
    assert check(claim, timeout=3).status is not Status.PROVED


@pytest.mark.parametrize(("latex", "kw", "message"), [
    (r"\sum_{i=1}^{t} g_i \ge 0", {"assume": [r"g_i \ge 0"]}, r"a sign or set assumption on a member of g"),
    (r"\sum_{i=1}^{t} g_i = t", {"assume": [r"g_t = 1"]}, r"read for every member only as an equality"),
    (r"\prod_{i=1}^{t} x^{(i)} = 0", {}, r"needs numeric bounds"),  # a sum: symgd.decide.iterates
    (r"\sum_{i=1}^{t} x_i = 0", {"vectors": ["x"]}, r"vectors or matrices is not supported"),
])
def test_refused(latex, kw, message):
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, **kw)
