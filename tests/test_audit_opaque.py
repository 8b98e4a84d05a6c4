"""Names a document defines in a form symgd does not substitute (symgd/app/audit/definitions.py): the
definition is respected as a hypothesis.  A refutation satisfies every definition in force; a proof rests only on
firm ones (an example's values in their section, a name given a formula), never on a number given in passing.
Each document has a true and a false twin, decided by hand (comments)."""

from __future__ import annotations

import pytest

from symgd.app.audit import audit


def _claims(text: str, name: str = "note.md") -> dict[str, tuple[str, str, dict]]:
    return {r.link: (r.verdict, r.method + " " + r.note, r.counterexample)
            for r in audit(text, name, timeout=4.0).results if r.kind == "claim"}


# C = L D^2 (inline, after "and"): C/L = D^2 holds (L > 0); C/L = D fails at D = 2 (4 != 2).  Then an example
# fixes mu = 1, L = 9, kappa = 9 ("so"): (kappa - 1)/(kappa + 1) = 8/10 holds there, = 9/10 does not (the values
# end at the next heading: tests/test_audit_example_scope.py).  C = 18 given since: C/9 = 3 fails, C/9 = 2 holds.
NOTE = r"""Let $0 < \mu \le L$ and $D > 0$. Write $\kappa = L/\mu$ and $C = L D^2$.

$$\frac{C}{L} = D^2$$

$$\frac{C}{L} = D$$

## Example

Let $A = \mathrm{diag}(1, 9)$, so $\mu = 1$, $L = 9$, $\kappa = 9$ and $C = 18$. Then

$$\frac{\kappa - 1}{\kappa + 1} = \frac{8}{10}$$

$$\frac{\kappa - 1}{\kappa + 1} = \frac{9}{10}$$

$$\frac{C}{9} = 2, \qquad \frac{C}{9} = 3.$$
"""


def test_definitions_in_prose_and_example_values_are_hypotheses():
    got = _claims(NOTE)
    proved, method, _ = got[r"\frac{C}{L} = D^2"]
    assert proved == "proved" and "C = L D^2" in method
    slip, method, cex = got[r"\frac{C}{L} = D"]
    assert slip == "refuted" and "respects the definition" in method and "C" not in cex  # C is L D^2, not free
    proved, method, _ = got[r"\frac{\kappa - 1}{\kappa + 1} = \frac{8}{10}"]
    assert proved == "proved" and r"\mu = 1" in method
    assert got[r"\frac{\kappa - 1}{\kappa + 1} = \frac{9}{10}"][0] == "refuted"
    assert got[r"\frac{C}{9} = 2"][0] != "refuted"  # C = 18 (and = L D^2): a number given in prose proves nothing
    slip, method, _ = got[r"\frac{C}{9} = 3"]
    assert slip == "refuted" and "C = 18" in method  # the value given since its definition, which L, D then meet


# "Take ... with ..., y = (3, 4)ᵀ" is an example's value (plain text, tuples are columns): xᵀy = 11 holds for
# x = (1, 2)ᵀ, xᵀy = 12 does not.  A number said of a place in passing ("near x = π/2") is no definition a proof may
# rest on; a formula given to a name is.
PASSING = """Ridge regression

Minimize L(w) = (1/2)‖Xw − y‖² over w, with X ∈ ℝ^{n×d}.

A one-feature example

Take n = 2 with x = (1, 2)ᵀ, y = (3, 4)ᵀ and λ = 1. Then xᵀx = 5 and xᵀy = 11, not xᵀy = 12.
"""


def test_an_example_value_is_a_hypothesis_and_a_number_in_passing_is_not():
    got = _claims(PASSING, "note.txt")
    proved, method, _ = got["x^{T}y = 11"]
    assert proved == "proved" and "y = (3, 4)^{T}" in method
    assert got["x^{T}y = 12"][0] == "refuted"
    from symgd.app.audit.context import DocContext
    from symgd.app.audit.definitions import example_value, firm

    assert example_value("y = (3, 4)^{T}", "Take $n = 2$ with $x = (1, 2)^T$, ")
    assert not example_value("x = \\pi/2", "which is negative near ")
    assert not example_value("C = L D^2", "Take ")  # a formula: a definition, not an example's number
    assert not firm("x", "x = \\pi/2", 3, DocContext()) and firm("C", "C = L D^2", 3, DocContext())


# "whose minimizer x_* solves A x_* = b" (a matrix equation symgd reads as b = A x_*): A x - b = A(x - x_*) holds,
# A x - b = A(x + x_*) fails (x_* != 0).  The error e_k = u_k - z at every index: with u_{k+1} = u_k - eta(a u_k - c)
# and a z = c, e_{k+1} = (1 - eta a) e_k holds and e_{k+1} = (1 + eta a) e_k fails (eta a != 0, e_k != 0).
SOLVES = r"""Let $A \in \mathbb{R}^{n\times n}$ be symmetric and $\mathbf{b} \in \mathbb{R}^n$. The minimizer
$\mathbf{x}_\star$ of $f$ solves $A\mathbf{x}_\star = \mathbf{b}$, so

$$A\mathbf{x} - \mathbf{b} = A(\mathbf{x} - \mathbf{x}_\star)$$

$$A\mathbf{x} - \mathbf{b} = A(\mathbf{x} + \mathbf{x}_\star)$$

## One dimension

Let $a > 0$ and $\eta > 0$; the point $z$ solves $a z = c$. The method reads $u_{k+1} = u_k - \eta (a u_k - c)$.
In terms of the errors $e_k = u_k - z$ one step is

$$e_{k+1} = (1 - \eta a) e_k$$

$$e_{k+1} = (1 + \eta a) e_k$$
"""


def test_an_equation_solved_for_a_free_name_and_a_sequence_defined_at_every_index():
    got = _claims(SOLVES)
    assert got[r"A\mathbf{x} - \mathbf{b} = A(\mathbf{x} - \mathbf{x}_\star)"][0] == "proved"
    assert got[r"A\mathbf{x} - \mathbf{b} = A(\mathbf{x} + \mathbf{x}_\star)"][0] == "refuted"
    proved, method, _ = got[r"e_{k+1} = (1 - \eta a) e_k"]
    assert proved == "proved" and "e_{k+1} = u_{k+1} - z" in method  # the definition at the index k + 1
    slip, method, cex = got[r"e_{k+1} = (1 + \eta a) e_k"]
    assert slip == "refuted" and not {"e_{k}", "e_{k+1}"} & set(cex)  # the errors follow from u_k, z


# The roots r_1, r_2 of the polynomial displayed after "of": r_1 r_2 = beta and r_1 + r_2 = 1 + beta - c hold (Vieta),
# r_1 + r_2 = 1 - beta - c fails for every beta != 0.  A function defined before the matrix beside it is declared
# ("f(x) = 1/2 x^T A x with A ...") is read then: its gradient Ax (A symmetric) is proved; 2Ax is never refuted on a
# reading that may have missed "symmetric" (A is symmetric here, but a non-symmetric A would refute Ax itself).
ROOTS = r"""\documentclass{article}
\begin{document}
Let $0 < \beta < 1$ and $c > 0$. The rate is governed by the roots $r_1, r_2$ of the characteristic polynomial
\begin{equation}
p(r) = r^2 - (1 + \beta - c)\, r + \beta ,
\end{equation}
for which
\begin{align}
r_1 r_2 &= \beta, \\
r_1 + r_2 &= 1 + \beta - c, \\
r_1 + r_2 &= 1 - \beta - c.
\end{align}
\end{document}
"""


def test_roots_of_the_polynomial_displayed_after_of():
    got = _claims(ROOTS, "note.tex")
    assert got[r"r_1 r_2 = \beta"][0] == "proved"
    assert got[r"r_1 + r_2 = 1 + \beta - c"][0] == "proved"
    assert got[r"r_1 + r_2 = 1 - \beta - c"][0] == "refuted"


# An update rule given inline (not substituted) and a stated smoothness: the descent lemma's instance at
# y = x_{k+1}, x = x_k (given in prose: read without them where they do not read) with x_{k+1} = x_k - grad f(x_k)/L
# gives f(x_{k+1}) <= f(x_k) - |grad f(x_k)|^2/(2L).
# The bound with 1/L in place of 1/(2L) is false (f(z) = L/2 |z|^2: equality in the true one), never proved.
DESCENT = r"""\documentclass{article}
\begin{document}
Let $f:\mathbb{R}^n\to\mathbb{R}$ be differentiable with an $L$-Lipschitz gradient, $L > 0$. Smoothness gives
\begin{equation}
  f(y) \le f(x) + \langle \nabla f(x), y - x\rangle + \frac{L}{2}\|y - x\|^2 .
\end{equation}
Gradient descent $x_{k+1} = x_k - \frac{1}{L}\nabla f(x_k)$ satisfies (take $y = x_{k+1}$ and $x = x_k$)
\begin{align}
  f(x_{k+1}) &\le f(x_k) - \frac{1}{2L}\|\nabla f(x_k)\|^2 , \\
  f(x_{k+1}) &\le f(x_k) - \frac{1}{L}\|\nabla f(x_k)\|^2 .
\end{align}
\end{document}
"""


@pytest.mark.slow  # about 2 s of CPU: the property's instances are tried for the false twin too
def test_a_stated_property_with_an_inline_rule_as_hypothesis():
    got = _claims(DESCENT, "note.tex")
    assert got[r"f(x_{k+1}) <= f(x_k) - \frac{1}{2L}\|\nabla f(x_k)\|^2"][0] == "proved"  # (or by interpolation)
    assert got[r"f(x_{k+1}) <= f(x_k) - \frac{1}{L}\|\nabla f(x_k)\|^2"][0] != "proved"


# A name that first appears on the left of an equation in a chain (t_min = min{tau, 2 rho (1 - c)/L}) is defined by
# it: with c = rho = 1/2 and tau >= 1/L, t_min = 1/(2L), so 1 - 2 c mu t_min = 1 - mu/(2L) holds and 1 - mu/L fails.
# Only "L-Lipschitz" says L > 0 (at L = -2, tau = -1/2 the true one fails): a counterexample must have L > 0 too.
MIN = r"""Let $f$ have an $L$-Lipschitz gradient, $\mu > 0$, $0 < c < 1$, $0 < \rho < 1$. Backtracking stops with
$s \ge t_{\min} = \min\{\tau, 2\rho(1-c)/L\}$. Combining,
$$1 - 2c\mu\, t_{\min} = 1 - \frac{\mu}{2L} \quad\text{when } c = \rho = \tfrac12,\ \tau \ge \tfrac{1}{L},$$
$$1 - 2c\mu\, t_{\min} = 1 - \frac{\mu}{L} \quad\text{when } c = \rho = \tfrac12,\ \tau \ge \tfrac{1}{L}.$$
"""


def test_a_name_defined_where_it_first_appears_in_a_chain():
    got = _claims(MIN)
    assert got[r"1 - 2c\mu  t_{\min} = 1 - \frac{\mu}{2L}"][0] != "refuted"
    slip, method, cex = got[r"1 - 2c\mu  t_{\min} = 1 - \frac{\mu}{L}"]
    assert slip == "refuted" and r"t_{\min} = \min" in method and "t_{\\min}" not in cex
