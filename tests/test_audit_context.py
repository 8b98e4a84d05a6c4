"""The audit's context, continued (issue 13): rules read at shifted indices (shifts.py), sums of two instances of a
stated property (facts.py), vectors written entry by entry (enumerated.py) and the small quantity of an
``\\approx`` read from the display (smallness.py).  Pure functions, answers decided by hand; the whole audit of
these features runs on tests/audit/notes/instances.md (test_audit_notes.py)."""

from __future__ import annotations

import pytest

from symgd.app.audit.enumerated import indexing_slips
from symgd.app.audit.facts import Fact, combined, pair_sums
from symgd.app.audit.shifts import canonical, index_of, shift
from symgd.app.audit.smallness import infer_small

# ---------------------------------------------------------------- index shifts


@pytest.mark.parametrize(("link", "by", "expected"), [
    (r"v_{t+1} = \mu v_t - \alpha g_t", -1, r"v_t = \mu v_{t-1} - \alpha g_{t-1}"),
    (r"m_t = \beta m_{t-1} + (1 - \beta) g_t", 1, r"m_{t+1} = \beta m_t + (1 - \beta) g_{t+1}"),
    (r"x^{(k+1)} = x^{(k)} - \eta \nabla f(x^{(k)})", -2, r"x^{(k-1)} = x^{(k-2)} - \eta \nabla f(x^{(k-2)})"),
    (r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}", 1, r"\hat{m}_{t+1} = \frac{m_{t+1}}{1 - \beta_1^{t+1}}"),
])
def test_a_rule_shifted_in_every_subscript_label_and_exponent(link, by, expected) -> None:
    lhs = link.split("=")[0]
    assert shift(link, index_of(lhs), by) == expected


@pytest.mark.parametrize("link", [
    r"x_{t+1} = x_t - \frac{1}{t+1} g_t",  # t as a value: shifting it needs the whole expression
    r"x_t = x_0 - t \eta g",
    r"y_{t+1} = y_t + \mathrm{at}_t",  # a t inside a word
    r"z_{t+1} = z_{t,i} + 1",  # a double index
    r"w_{t+1} = w_{2t}",
])
def test_an_index_that_may_not_be_a_free_integer_is_never_shifted(link) -> None:
    assert shift(link, index_of(link.split("=")[0]), -1) is None


def test_index_and_names() -> None:
    assert index_of("x_{t+1}") == "t" and index_of(r"\hat{m}_t") == "t" and index_of("x^{(k)}") == "k"
    assert index_of("x_1") == "" and index_of(r"\eta") == ""
    assert canonical("x_{t}") == canonical("x_t") != canonical("x_{t+1}")


# ---------------------------------------------------------------- sums of two instances


def test_the_sum_of_two_instances_cancels_the_function_values() -> None:
    claim = r"\langle \nabla f(x) - \nabla f(y), x - y \rangle \ge 0"
    (s,) = pair_sums(Fact("f", "convex", "", 1), claim)  # vector spelling only: the claim has \langle
    lhs, rhs = s.split(r"\ge")
    assert "f(y)" in lhs and "f(x)" in lhs and r"\nabla f(x), (y) - x" in rhs and r"\nabla f(y), (x) - y" in rhs
    assert pair_sums(Fact("f", "convex", "", 1), r"f(y) \ge f(x) + \nabla f(x)(y - x)") == []  # one gradient point


def test_two_properties_combine_into_the_co_coercive_and_interpolation_forms() -> None:
    facts = [Fact("h", "strongly convex", r"\mu", 3), Fact("h", "smooth", "L", 3)]
    kinds = {f.kind: f.constant for f in combined(facts, "h")}
    assert kinds == {"smooth strongly convex": r"\mu,L", "convex smooth": "L"}
    assert combined([Fact("h", "convex", "", 1)], "h") == []  # nothing to combine without smoothness
    (s,) = pair_sums(Fact("h", "smooth strongly convex", r"\mu,L", 3), r"\langle \nabla h(x), x \rangle \ge \|\nabla h(y)\|")
    assert s.count(r"\left(L - \mu\right)") == 2


# ---------------------------------------------------------------- enumerated vectors


@pytest.mark.parametrize("latex", [
    r"\begin{bmatrix} x_1 \\ x_2 \\ \vdots \\ x_n \end{bmatrix} = \begin{bmatrix} y_1 \\ y_2 \\ \vdots \\ y_n \end{bmatrix}",
    r"\begin{pmatrix} x^{(1)} \\ x^{(2)} \\ \vdots \\ x^{(m)} \end{pmatrix}",
    r"\begin{bmatrix} x_0 \\ x_1 \\ \vdots \\ x_{n-1} \end{bmatrix}",
    r"\begin{bmatrix} H_{1,1} \\ H_{2,2} \\ \vdots \\ H_{n,n} \end{bmatrix}",
    r"\begin{bmatrix} a_{11} \\ a_{21} \\ \vdots \\ a_{n1} \end{bmatrix}",  # unreadable slots: left alone
    r"\begin{bmatrix} \frac{\partial f}{\partial x_1} \\ \vdots \\ \frac{\partial f}{\partial x_n} \end{bmatrix}",
    r"\begin{bmatrix} a \\ b \\ \vdots \\ z \end{bmatrix}",
    r"\begin{bmatrix} x_{t+1}^{(1)} \\ x_{t+1}^{(2)} \\ \vdots \\ x_{t+1}^{(d)} \end{bmatrix} = \begin{bmatrix} x_t^{(1)} "
    r"\\ x_t^{(2)} \\ \vdots \\ x_t^{(d)} \end{bmatrix} - \eta \begin{bmatrix} g_t^{(1)} \\ g_t^{(2)} \\ \vdots \\ "
    r"g_t^{(d)} \end{bmatrix}",
])
def test_a_correct_enumerated_column_is_never_flagged(latex) -> None:
    assert indexing_slips(latex) == []


def test_indexing_slips_name_the_pattern_found_and_the_one_expected() -> None:
    (repeat,) = indexing_slips(r"\begin{bmatrix} x^{(2)} \\ x^{(2)} \\ \vdots \\ x^{(m)} \end{bmatrix}")
    assert "repeats (2 then 2)" in repeat
    (skip,) = indexing_slips(r"\begin{bmatrix} x_1 \\ x_3 \\ \vdots \\ x_n \end{bmatrix}")
    assert "skips (1 then 3)" in skip
    diag = indexing_slips(r"\begin{bmatrix} u^{(1)} \\ u^{(2)} \\ \vdots \\ u^{(m)} \end{bmatrix} = \begin{bmatrix} "
                          r"G^{(1,1)} \\ G^{(2,2)} \\ \vdots \\ G^{(n,m)} \end{bmatrix}")
    assert len(diag) == 1 and "ends off the diagonal at (n,m); expected (m,m)" in diag[0]
    first = indexing_slips(r"\begin{bmatrix} y^{(2)} \\ y^{(3)} \\ \vdots \\ y^{(d)} \end{bmatrix} = \begin{bmatrix} "
                           r"x^{(1)} \\ x^{(2)} \\ \vdots \\ x^{(d)} \end{bmatrix} - \begin{bmatrix} g^{(1)} \\ g^{(2)} "
                           r"\\ \vdots \\ g^{(d)} \end{bmatrix}")
    assert len(first) == 1 and "starts at index 2 while the other columns start at 1" in first[0]


# ---------------------------------------------------------------- the small quantity of \approx


def _claim(latex: str):
    from symgd.latex.problem import parse_problem

    return parse_problem(latex).links[0][1]


def test_a_displacement_from_a_point_is_the_small_quantity() -> None:
    got, _ = infer_small(_claim(r"\log(1 + u - u_t) = 2(u - u_t)"))
    assert got is not None and got.may_refute and got.claim.order[1] == 2 and "u - u_{t}" in got.quantity


def test_one_quantity_is_a_guess_and_several_are_refused() -> None:
    got, _ = infer_small(_claim(r"\sqrt{1 + h} = 1 + \frac{h}{2}"))
    assert got is not None and not got.may_refute and got.claim.order[1] == 2
    got, why = infer_small(_claim(r"(1 - \eta L)^t = 1 - t \eta L"))
    assert got is None and "several quantities" in why
