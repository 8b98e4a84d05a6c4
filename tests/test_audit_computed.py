"""Computed results written as ``name = value`` (symgd/app/audit/computed.py): a name the text already determines
is a claim, decided; a name the text sets stays a definition.  Each document has a true and a false twin whose
values were computed by hand (comments)."""

from __future__ import annotations

import pytest

from symgd.app.audit import audit

# Newton's rule x_{k+1} = x_k - f'(x_k)/f''(x_k) on f(x) = a/2 x^2 - b x gives x_1 = x_0 - (a x_0 - b)/a = b/a for
# every start x_0 (the slip writes + b: at a = 1, b = 1, x_0 = 0 it gives -1, not 0).  For f(x) = e^x - 2x,
# f'(x) = e^x - 2 vanishes at ln 2 only (f'(ln 3) = 1), and f'' = e^x > 0: ln 2 is the minimizer; the step is
# x - (e^x - 2)/e^x = x - 1 + 2e^{-x} (the slip writes 3e^{-x}).
NEWTON = """# Newton

The update is

$$
x_{{k+1}} = x_k - \\frac{{f'(x_k)}}{{f''(x_k)}} .
$$

When $f$ is a quadratic, say $f(x) = \\frac{{a}}{{2}}x^2 - bx$ with $a > 0$, one step reaches the minimizer:

$$
x_1 = x_0 - \\frac{{a x_0 {sign} b}}{{a}} .
$$

## Example

Throughout we take

$$ f(x) = e^x - 2x . $$

The only stationary point is the minimizer, with value

$$
x^\\star = \\ln {root} .
$$

Plugging the derivatives into the update and simplifying we get

$$
x_{{k+1}} = x_k - 1 + {two} e^{{-x_k}} .
$$
"""

# For mu = 1, L = 9: 4/(sqrt 9 + sqrt 1)^2 = 4/16 = 1/4 and ((3 - 1)/(3 + 1))^2 = 1/4 (the slip writes (3 + 2)^2).
# The step w_1 = w_0 - eta (w_0 - 3)^2 from w_0 = 1 with eta = 1 gives 1 - 4 = -3 (the slip writes -4).
# L(w) = 1/2 |Xw - y|^2 + lambda/2 |w|^2 has the gradient (X^T X + lambda I) w - X^T y: the normal equations give
# w = (X^T X + lambda I)^{-1} X^T y; with 2 lambda the gradient there is -lambda w != 0 (for y != 0).  The map
# x - eta(a x - b) fixes b/a only (at b/(2a) it moves by eta b/2).
RIDGE = """# Ridge

Let $\\lambda > 0$, $X \\in \\mathbb{{R}}^{{n\\times n}}$ and $y \\in \\mathbb{{R}}^n$. The ridge objective is

$$L(w) = \\frac12\\|Xw - y\\|^2 + \\frac{{\\lambda}}{{2}}\\|w\\|^2 .$$

Its unique minimizer is

$$w^\\star = (X^T X + {c}\\lambda I)^{{-1}} X^T y .$$

## A scalar iteration

With $a > 0$ and $0 < \\eta < 2/a$, gradient descent on $\\frac{{a}}{{2}}x^2 - bx$ updates

$$x_{{k+1}} = x_k - \\eta (a x_k - b) .$$

The iteration has the fixed point

$$\\bar x = \\frac{{b}}{{{c}a}} .$$
"""

PINNED = """# Tuning

For $0 < \\mu \\le L$ the tuned parameters are

$$
a^\\star = \\frac{{4}}{{(\\sqrt{{L}} + \\sqrt{{\\mu}})^2}}, \\qquad
b^\\star = \\left(\\frac{{\\sqrt{{L}} - \\sqrt{{\\mu}}}}{{\\sqrt{{L}} + \\sqrt{{\\mu}}}}\\right)^2 .
$$

## Example

Let $A = \\mathrm{{diag}}(1, 9)$, so $\\mu = 1$ and $L = 9$. Then

$$
a^\\star = \\frac{{4}}{{(3 + {two})^2}}, \\qquad b^\\star = \\frac{{1}}{{4}}.
$$

The gradient step $w_1 = w_0 - \\eta (w_0 - 3)^2$ from $w_0 = 1$ with step $\\eta = 1$ gives

$$
w_1 = {w1}
$$
"""


def _results(text: str) -> dict[str, object]:
    return {r.link: r for r in audit(text, "note.md", timeout=2.0).results}


def test_computed_results_are_proved_and_slips_refuted():
    good = {k: r.verdict for k, r in (_results(NEWTON.format(sign="-", root="2", two="2"))
                                      | _results(PINNED.format(two="1", w1="-3"))).items()}
    assert good["x_1 = x_0 - \\frac{a x_0 - b}{a}"] == "proved"  # the rule's instance, for every start
    assert good["x^\\star = \\ln 2"] == "proved"  # the first-order condition and convexity of f
    assert good["x_{k+1} = x_k - 1 + 2 e^{-x_k}"] == "proved"  # the rule of the first section, specialized
    assert good["a^\\star = \\frac{4}{(3 + 1)^2}"] == "proved"  # the definition at the section's values
    assert good["b^\\star = \\frac{1}{4}"] == "proved"
    assert good["w_1 = -3"] == "proved"
    bad = _results(NEWTON.format(sign="+", root="3", two="3")) | _results(PINNED.format(two="2", w1="-4"))
    for link in ("x_1 = x_0 - \\frac{a x_0 + b}{a}", "x^\\star = \\ln 3", "x_{k+1} = x_k - 1 + 3 e^{-x_k}",
                 "a^\\star = \\frac{4}{(3 + 2)^2}", "w_1 = -4"):
        assert bad[link].verdict == "refuted", link
    assert bad["b^\\star = \\frac{1}{4}"].verdict == "proved"  # the slip's neighbour is untouched
    w1 = bad["w_1 = -4"]  # the reason: the value the definition gives
    assert "w_1 = -3" in w1.note and w1.method.startswith("the definition of line")


# Genuine definitions: a first value of a rule's start (x_1 = 5 not written in x_0), values the prose sets ("Take",
# "Let", "with the step"), an optimum of a variable two functions share, a new name, a name given a new value after
# "Now let" (its definition c = eta L would give 1, so a claim would be refuted), a value in a "Take" list.
DEFINITIONS = """# Rules

The update is

$$
x_{k+1} = x_k - \\eta (x_k - 2) .
$$

The initial point is

$$
x_1 = 5 .
$$

Take $L = 4$ and $\\eta = 1/L$. Let $x_0 = 3$.

Two functions of $x$: $f(x) = x^2$ and $g(x) = (x - 1)^2$. The minimizer is

$$
x^\\star = 1 .
$$

Define

$$
g_k = 2 x_k
$$

and a new quantity

$$
c = \\eta L .
$$

Now let

$$
c = 5 .
$$

The condition number is

$$
\\kappa = \\frac{L}{\\mu} .
$$

Take $\\mu = 1$ and $\\kappa = 2$.
"""


# Look-alikes whose check would be against the wrong thing (each would be refuted though true): the first Newton
# step checked against the gradient rule of an earlier section, the minimizer of a model that is not f
# (f'(-3/2) != 0), a minimizer on an interval (f'(0) = 1).
ELSEWHERE = """# Gradient descent

The update is

$$x_{k+1} = x_k - \\eta f'(x_k) .$$

## Newton

Here $f(x) = x^3 + x$. Newton's method takes the first step

$$x_1 = x_0 - \\frac{f'(x_0)}{f''(x_0)} .$$

The minimizer of the model is

$$x^\\star = \\frac{-3}{2} .$$

The minimizer of $f$ on the interval $[0, 1]$ is

$$x^\\star = 0 .$$
"""


@pytest.mark.parametrize("link", ["x_1 = 5", "x_0 = 3", "x^\\star = 1", "g_k = 2 x_k", "c = \\eta L", "c = 5", "\\kappa = 2",
                                  "x_1 = x_0 - \\frac{f'(x_0)}{f''(x_0)}", "x^\\star = \\frac{-3}{2}", "x^\\star = 0"])
def test_names_the_text_sets_stay_definitions(link, definitions={}):  # noqa: B006 (one audit for the battery)
    if not definitions:
        definitions.update({k: r.verdict for k, r in (_results(DEFINITIONS) | _results(ELSEWHERE)).items()})
    assert definitions[link] == "definition"


@pytest.mark.parametrize(("c", "verdict"), [("", "proved"), ("2", "refuted")])
def test_a_minimizer_by_the_normal_equations_and_a_fixed_point(c, verdict):
    got = _results(RIDGE.format(c=c))
    assert got[f"w^\\star = (X^T X + {c}\\lambda I)^{{-1}} X^T y"].verdict == verdict
    assert got[f"\\bar x = \\frac{{b}}{{{c}a}}"].verdict == verdict


# f(3) = 9/2 + 1 = 11/2 at the point the example gives (not 5).  A counterexample that gives x^\\star a value of its own
# would refute the true value: the pinned point is put in instead, exactly.  So is a vector: g((1, 2)) = 1 + 4 = 5.
POINT = ("# Example\n\nTake $f(x) = \\frac12 x^2 + 1$ and $g(u) = \\|u\\|^2$ for a vector $u$. The point is $x^\\star = 3$ "
         "and $u^\\star = (1, 2)$, so\n\n$$f(x^\\star) = {f}, \\qquad g(u^\\star) = {g}.$$\n")


@pytest.mark.parametrize(("f", "g", "verdict"), [("\\frac{11}{2}", "5", "proved"), ("5", "4", "refuted")])
def test_a_value_of_a_defined_function_at_a_pinned_point(f, g, verdict):
    got = _results(POINT.format(f=f, g=g))
    assert got[f"f(x^\\star) = {f}"].verdict == verdict and got[f"g(u^\\star) = {g}"].verdict == verdict
    if verdict == "refuted":
        assert "11/2" in got["f(x^\\star) = 5"].note


# GD on x^2 from x_0 = 1 with step 0.1: x_1 = 1 - 0.2 = 0.8, x_2 = 0.64, x_3 = 0.512.  The decimals are read as the
# rationals they write (the derivative f'(x_1) taken before x_1 is put in); 0.65 is a slip (off by a unit of its last
# digit), 0.51 is 0.512 cut to two places (undecided, never refuted).
DECIMALS = """# Example

Gradient descent on $f(x) = x^2$ updates

$$x_{k+1} = x_k - \\eta f'(x_k) .$$

Start at $x_0 = 1$; with $\\eta = 0.1$ the first iterates are

$$x_1 = 0.8, \\qquad x_2 = 0.65, \\qquad x_3 = 0.512, \\qquad x_3 = 0.51 .$$
"""


def test_iterates_of_an_example_with_decimals():
    got = {k: r.verdict for k, r in _results(DECIMALS).items()}
    assert (got["x_1 = 0.8"], got["x_2 = 0.65"], got["x_3 = 0.512"], got["x_3 = 0.51"]) == (
        "proved", "refuted", "proved", "undecided")
