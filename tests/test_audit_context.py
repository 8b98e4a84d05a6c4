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
    r"\begin{bmatrix} x_1 \\ x_3 \\ \vdots \\ x_{n} \end{bmatrix}",  # every other entry may be meant
    r"\begin{bmatrix} x_n \\ x_{n-1} \\ \vdots \\ x_1 \end{bmatrix} = \begin{bmatrix} y_1 \\ y_2 \\ \vdots \\ y_n "
    r"\end{bmatrix} + \begin{bmatrix} z_1 \\ z_2 \\ \vdots \\ z_n \end{bmatrix}",  # a reversed column
    r"\begin{bmatrix} y_2 \\ y_3 \\ \vdots \\ y_d \end{bmatrix} = \begin{bmatrix} x_1 \\ x_2 \\ \vdots \\ x_{d-1} "
    r"\end{bmatrix} + \begin{bmatrix} z_1 \\ z_2 \\ \vdots \\ z_{d-1} \end{bmatrix}",  # a shift: ends differ too
    r"\begin{bmatrix} b_1 \\ b_2 \\ \vdots \\ b_m \end{bmatrix} = A \begin{bmatrix} x_2 \\ x_3 \\ \vdots \\ x_m "
    r"\end{bmatrix} + \begin{bmatrix} c_1 \\ c_2 \\ \vdots \\ c_m \end{bmatrix}",  # a matrix between columns
    r"\begin{bmatrix} x_{t+1}^{(1)} \\ x_{t+1}^{(2)} \\ \vdots \\ x_{t+1}^{(d)} \end{bmatrix} = \begin{bmatrix} x_t^{(1)} "
    r"\\ x_t^{(2)} \\ \vdots \\ x_t^{(d)} \end{bmatrix} - \eta \begin{bmatrix} g_t^{(1)} \\ g_t^{(2)} \\ \vdots \\ "
    r"g_t^{(d)} \end{bmatrix}",
])
def test_a_correct_enumerated_column_is_never_flagged(latex) -> None:
    assert indexing_slips(latex) == []


def test_indexing_slips_name_the_pattern_found_and_the_one_expected() -> None:
    (repeat,) = indexing_slips(r"\begin{bmatrix} x^{(2)} \\ x^{(2)} \\ \vdots \\ x^{(m)} \end{bmatrix}")
    assert "repeats (2 then 2) where it should progress" in repeat
    diag = indexing_slips(r"\begin{bmatrix} u^{(1)} \\ u^{(2)} \\ \vdots \\ u^{(m)} \end{bmatrix} = \begin{bmatrix} "
                          r"G^{(1,1)} \\ G^{(2,2)} \\ \vdots \\ G^{(n,m)} \end{bmatrix}")
    assert len(diag) == 1 and "ends off the diagonal at (n,m); expected (m,m)" in diag[0]
    first = indexing_slips(r"\begin{bmatrix} y^{(2)} \\ y^{(3)} \\ \vdots \\ y^{(d)} \end{bmatrix} = \begin{bmatrix} "
                           r"x^{(1)} \\ x^{(2)} \\ \vdots \\ x^{(d)} \end{bmatrix} - \begin{bmatrix} g^{(1)} \\ g^{(2)} "
                           r"\\ \vdots \\ g^{(d)} \end{bmatrix}")
    assert len(first) == 1 and "starts at index 2 while the other columns start at 1 and all end at d" in first[0]


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


def test_a_refutation_found_without_the_shifted_instances_stands_only_if_they_leave_it_possible() -> None:
    from symgd.app.audit.context import DocContext
    from symgd.app.audit.shifts import consistent

    ctx = DocContext()
    ctx.shiftable = {"x_{t+1}": ("", "t", "x", 1, []), "v_{t+1}": ("", "t", "v", 1, [])}
    inst = [r"x_t = x_{t-1} + v_t", r"x_{t-1} = x_{t-2} + v_{t-1}"]
    assert consistent({"x_{t}": 1, "v_{t}": 2}, inst, ctx)  # x_{t-1} = -1 makes it so
    assert not consistent({"x_{t}": 1, "v_{t}": 2, "x_{t-1}": 0}, inst, ctx)  # 1 != 0 + 2
    assert not consistent({"x_{t}": 1, "v_{t}": 2, "x_{t-2}": 0, "v_{t-1}": 0}, inst, ctx)  # through x_{t-1}


# ---------------------------------------------------------------- context from the prose, in one small audit

PROSE = r"""Let $\alpha > 0$, $L > 0$ and $M > 0$.

If the step is small, $\alpha \le \frac{1}{L M}$, the bracket is at least one half:
$$1 - \frac{L M \alpha}{2} \ge \frac{1}{2}.$$

The condition held for that display only:
$$1 - \frac{L M \alpha}{2} \ge \frac{1}{3}.$$

Take $L = 4$, $M = 2$ and the step $\alpha = \frac{1}{16}$. Then
$$\frac{\alpha L M}{2} = \frac{1}{4}, \qquad 1 - 2 c \alpha = \frac{7}{8} \quad\text{when } c = 1.$$

## Averages

Let $0 < \beta < 1$ and $m_t = \beta m_{t-1} + (1 - \beta) g_t$ for every $t$. With a constant gradient,
$$m_t = (1 - \beta^t) g.$$
"""


@pytest.fixture(scope="module")
def prose():
    from symgd.app.audit import audit

    return audit(PROSE, "prose.md", timeout=3.0)


def test_a_condition_in_prose_holds_in_the_display_it_leads_to_and_no_further(prose) -> None:
    got = {(r.line, r.verdict) for r in prose.results if r.kind == "claim"}
    assert (4, "proved") in got and (7, "undecided") in got  # 1 - 4 alpha / 2 >= 1/3 fails at alpha = 1/2 ...
    on7 = next(r for r in prose.results if r.line == 7 and r.kind == "claim")  # ... but the text stated the
    assert "stated at line 3 (locally there)" in on7.method  # condition (locally): not carried, not refuted


def test_every_value_of_an_imperative_list_and_a_display_condition_are_used(prose) -> None:
    on10 = [r.verdict for r in prose.results if r.line == 10 and r.kind == "claim"]
    assert on10 == ["proved", "proved"]  # M = 2 and alpha = 1/16 substituted too; c = 1 assumed for the display
    assert any(r.kind == "assumption" and r.link == "c = 1" for r in prose.results)


def test_a_closed_form_of_a_recursion_is_not_refuted_by_a_free_member(prose) -> None:
    (r,) = [r for r in prose.results if r.line == 15 and r.kind == "claim"]
    assert r.verdict == "undecided" and "closed form" in r.method  # true only from m_0 = 0 on: induction


def test_a_number_beside_a_decimal_is_rounding_to_the_digits_written() -> None:
    from symgd.app.audit.smallness import rounding
    from symgd.decide import decide

    def verdicts(latex: str, written: str) -> tuple[str, str]:
        half, unit, _ = rounding(_claim(latex), written)
        return decide(half).status.value, decide(unit).status.value

    assert verdicts(r"\sqrt{10} = 3.16", "3.16")[0] == "proved"
    assert verdicts(r"e = 2.71", "2.71") == ("refuted", "proved")  # cut off, not rounded: undecided in the audit
    assert verdicts(r"\sqrt{2} = 1.52", "1.52") == ("refuted", "refuted")
    assert rounding(_claim(r"x = 1.5"), "1.5") is None and rounding(_claim(r"\pi = 3"), "3") is None
