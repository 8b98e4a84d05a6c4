"""One name, two meanings (symgd/app/audit/meanings.py): a letter used in two incompatible roles is a notation
finding of its own; a redefinition, another section's deliberate reuse, and look-alikes (an index that is also a
function's argument, a step size that depends on t, a convex combination called a step) are not."""

from __future__ import annotations

import json
import re

import pytest

from symgd.app.audit.extract import extract, headings
from symgd.app.audit.meanings import clashes

EMA = "That is: $m_{t+1} = \\gamma m_t + (1 - \\gamma) \\nabla f(x_t)$, then $x_{t+1} = x_t - \\alpha m_{t+1}$.\n\n"
NESTEROV = "$$x_{t+1} = x_t + \\mu(x_t - x_{t-1}) - \\gamma \\nabla f(x_t + \\mu(x_t - x_{t-1}))$$\n"


def found(text: str, name: str = "note.md"):
    return clashes(text, extract(text, name), headings(text))


def test_an_averaging_weight_used_as_a_step_size_is_found_on_the_second_display() -> None:
    text = "## Momentum\n\n" + EMA + "Nesterov's rule:\n\n" + NESTEROV
    (c,) = found(text)
    assert (c.name, c.role, c.first_role, c.first_line, c.same_section) == ("\\gamma", "step", "weight", 3, True)
    assert c.line == 7 and c.second_line == 7 and c.display == 3  # the Nesterov display, the third formula
    assert re.search(r"\\gamma is a step size here .* momentum / averaging weight at line 3", c.message())


@pytest.mark.parametrize("words", [
    "Now let $\\gamma$ denote the step size of Nesterov's rule:\n\n",
    "From here on we reuse $\\gamma$ for the step:\n\n",
])
def test_a_redefinition_before_the_second_role_is_not_a_clash(words: str) -> None:
    assert found("## Momentum\n\n" + EMA + words + NESTEROV) == []


def test_a_redefinition_in_the_sentence_after_the_display_is_not_a_clash() -> None:
    text = "## Momentum\n\n" + EMA + "Nesterov:\n\n" + NESTEROV + "where $\\gamma$ now denotes the step size.\n"
    assert found(text) == []


def test_a_redefinition_at_the_first_role_does_not_excuse_the_second() -> None:
    text = ("## Momentum\n\nLet $\\gamma \\in (0, 1)$ and\n\n$$m_{t+1} = \\gamma m_t + (1 - \\gamma) \\nabla f(x_t)$$\n\n"
            "Nesterov:\n\n" + NESTEROV)
    (c,) = found(text)
    assert (c.role, c.first_role) == ("step", "weight")


def test_a_step_inside_a_proximal_map_is_a_step() -> None:
    text = "## Momentum\n\n" + EMA + "The proximal variant:\n\n$$x_{t+1} = \\mathrm{prox}_{g}(x_t - \\gamma \\nabla f(x_t))$$\n"
    (c,) = found(text)
    assert (c.role, c.how, c.first_role) == ("step", "the coefficient of the gradient in a step from a point", "weight")


def test_a_clash_across_sections_is_reported_as_such() -> None:
    text = "## Momentum\n\n" + EMA + "## Nesterov\n\n" + NESTEROV
    (c,) = found(text)
    assert not c.same_section and "earlier in the document" in c.message()


def test_the_loss_named_like_its_lipschitz_constant() -> None:
    text = ("We minimize $L(\\theta) = \\frac12 \\theta^2$ with $\\nabla L(\\theta) = \\theta$.\n\n"
            "A function has $L$-Lipschitz continuous gradients if the gradient changes slowly.\n\n"
            "From the Lipschitz property: $L(\\theta_{t+1}) \\le L(\\theta_t) - \\frac{\\eta}{2}\\|\\nabla L(\\theta_t)\\|^2$.\n")
    (c,) = found(text)
    assert (c.name, c.role, c.first_role, c.second_line, c.line) == ("L", "constant", "function", 3, 5)
    assert "from line 3" in c.message()


def test_a_function_whose_iterate_is_called_by_its_name() -> None:
    text = ("Let $f$ be convex with $\\nabla f(x) = Ax$.\n\nAfter $k$ steps it yields a solution $f^{(k)}$ with\n\n"
            "$$f(x^{(k)}) - f(x^\\star) \\le \\frac{1}{k}$$\n")
    (c,) = found(text)
    assert (c.name, c.role, c.first_role, c.line, c.second_line) == ("f", "point", "objective", 3, 3)
    assert "a point (its iterates) here" in c.message() and "a function at line 1" in c.message()


def test_a_solution_of_an_equation_beside_its_gradient_is_no_clash() -> None:
    text = ("The solution $u$ has gradient $\\nabla u = g$, and the scheme gives the solution $u_n$ at step $n$.\n\n"
            "$$u_{n+1} = u_n + h g$$\n")
    assert found(text) == []


def test_a_role_stated_in_words_with_no_formula_after_it_is_not_reported() -> None:
    assert found("We minimize $L(\\theta)$ with $\\nabla L(\\theta) = \\theta$.\n\nThe gradient is $L$-Lipschitz.\n") == []


def test_a_condition_number_named_like_the_iteration_index() -> None:
    text = ("The condition number $k = L/\\mu$ sets the rate.\n\n$$x_{k+1} = x_k - \\eta \\nabla f(x_k)$$\n")
    (c,) = found(text)
    assert (c.name, c.role, c.first_role) == ("k", "index", "condition")


@pytest.mark.parametrize("text", [
    # an index that is also the argument of a function (the flow theta(t) beside the iterates theta_t)
    "$$\\theta_{t+1} = \\theta_t - \\eta \\nabla L(\\theta_t)$$\n\nThe flow $\\dot\\theta(t) = -\\nabla L(\\theta(t))$ "
    "and $\\sum_{t=0}^{T} L(\\theta_t)$.\n",
    # a differentiable trajectory x(t) beside its iterates x_k
    "The flow $x'(t) = -\\nabla f(x(t))$; the trajectory $x$ is differentiable and the iterate $x_k$ follows it.\n\n"
    "$$x_{k+1} = x_k - h \\nabla f(x_k)$$\n",
    # an iteration count used as a number: the rate 1/k
    "$$x_{k+1} = x_k - \\frac{1}{L}\\nabla f(x_k)$$\n\nso $f(x_k) - f^\\star \\le \\frac{L}{2k}\\|x_0 - x^\\star\\|^2$ "
    "for an $L$-smooth $f$.\n",
    # a step size that depends on t, and a step called t beside the index t
    "The step size $t$ is fixed: $$x_{t+1} = x_t - \\eta(t) \\nabla f(x_t)$$ and $y = x - t\\nabla f(x)$.\n",
    # Frank-Wolfe's step size is a convex weight, of the new point
    "With step size $\\gamma_t$: $$x_{t+1} = (1 - \\gamma_t) x_t + \\gamma_t s_t$$\n",
    # heavy ball written twice with the same letters
    "$$x_{k+1} = x_k - \\alpha \\nabla f(x_k) + \\beta(x_k - x_{k-1})$$\n\n$$v_{k+1} = \\beta v_k - \\alpha \\nabla f(x_k)$$\n",
    # a Lagrange multiplier beside a gradient is no step size; the same letter as an EMA weight
    "Stationarity: $\\nabla f - \\lambda \\nabla g = 0$.\n\n$$m_{t+1} = \\lambda m_t + (1 - \\lambda) \\nabla f(x_t)$$\n",
    # a relaxed step: the weight of the old iterate, and the step a product
    "$$x_{k+1} = (1 - \\lambda) x_k + \\lambda (x_k - \\tfrac{2}{L} \\nabla f(x_k))$$\n\n"
    "$$x_{k+1} = x_k - \\frac{2\\lambda}{L} \\nabla f(x_k)$$\n",
    # the condition number of a matrix as a function of it
    "The condition number $\\kappa$ of $A$ is $$\\kappa(A) = \\frac{\\lambda_{\\max}}{\\lambda_{\\min}}$$\n",
    # "is a convex combination" does not make an iterate a function; mu momentum, L the smoothness constant
    "$x_{k+1}$ is a convex combination of points. Let $f$ be $L$-smooth, with momentum $\\mu$:\n\n"
    "$$x_{k+1} = x_k - \\frac{1}{L}\\nabla f(x_k) + \\mu (x_k - x_{k-1})$$\n",
    # plain text: "step size (i.e. ...)" names no step
    "The step size (i.e. how far we move) is eta.\n\nf(x) = x^2 - i\n",
])
def test_look_alikes_are_not_clashes(text: str) -> None:
    assert found(text) == []


def test_the_audit_reports_the_finding_apart_and_exits_as_for_a_refutation() -> None:
    from io import StringIO

    from rich.console import Console

    from symgd.app.audit import audit
    from symgd.app.audit.html import to_html
    from symgd.app.audit.report import to_json, to_markdown, to_table

    polyak = "$$x_{t+1} = x_t - \\alpha \\nabla f(x_t) + \\mu(x_t - x_{t-1})$$\n\n"  # undecided: mu first appears
    text = "## Momentum\n\n" + EMA + polyak + "Nesterov's rule:\n\n" + NESTEROV
    a = audit(text, "note.md", timeout=1.0)
    assert a.name == "note.md"  # not a name the audit pinned down while it went (a shadowed variable once)
    assert [n.line for n in a.notation] == [9]
    assert a.counts()["refuted"] == 0 and a.exit_code() == 1  # something to fix, no link changed
    data = json.loads(to_json(a))
    assert data["notation"][0]["kind"] == "notation" and data["notation"][0]["first_line"] == 3 and data["exit"] == 1
    md = to_markdown(a)
    assert md.startswith("### symgd audit: `note.md`") and "1 notation (a name in two roles)" in md
    assert re.search(r"\| 9 \| \S+ notation \| `\\gamma` \|", md)
    page = to_html(a)
    assert page.count('class="mark notation"') == 1 and "momentum / averaging weight at line 3" in page
    out = StringIO()
    to_table(a, Console(file=out, width=300))
    assert re.search(r"9\s*│\s*\\gamma\s*│\s*notation\s*│\s*notation", out.getvalue())
