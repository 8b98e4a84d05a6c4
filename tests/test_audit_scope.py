"""Where a value or a definition holds (symgd.app.audit.run / chain): an example's values to its section's end, an
earlier section's definitions not silently in a later section's counterexample, a range stated in the sentence
that leads to a display.  Truths by hand: (9 - 1)/(9 + 1) = 4/5; for the rule y_{k+1} = y_k^2 + 1 every y_k with
k >= 1 is at least 1, so y_k >= 1 holds there although y_0 is free."""

from __future__ import annotations

from symgd.app.audit import audit


def _verdicts(text: str) -> dict[str, str]:
    return {r.link: r.verdict for r in audit(text, "note.md").results if r.kind == "claim"}


EXAMPLE = r"""# Rates

Let $0 < \mu < L$ and write $\kappa = L/\mu$.

## An example

Let $A = \mathrm{{diag}}(1, 9)$, so $\mu = 1$, $L = 9$ and $\kappa = 9$. Then gradient descent contracts by
$$\frac{{\kappa - 1}}{{\kappa + 1}} = {rhs}.$$
"""


def test_an_examples_values_pin_its_section() -> None:
    # true at the example's values: never refuted with mu, L free (it was, at L = mu = 1/1000)
    assert _verdicts(EXAMPLE.format(rhs=r"\frac{8}{10}"))[r"\frac{\kappa - 1}{\kappa + 1} = \frac{8}{10}"] != "refuted"


SECTIONS = r"""# Two examples

## A quadratic

For $f(x) = \frac{a}{2}x^2 - bx$ with $a > 0$ one step lands on the minimizer:
$$y_1 = y_0 - \frac{a y_0 - b}{a}.$$

## Another function

Here the rule is
$$y_{k+1} = y_k^2 .$$
Start from $y_0 = 2$. The first two steps are
$$y_1 = 4, \qquad y_2 = 16.$$
"""


def test_an_earlier_sections_definition_does_not_refute_a_later_claim() -> None:
    got = _verdicts(SECTIONS)
    assert got["y_2 = 16"] != "refuted", got  # y_1 = b/a belongs to the quadratic, not to this rule


RANGE = r"""# A sequence

The sequence is defined by
$$y_{k+1} = y_k^2 + 1$$
and starts anywhere. We check, for $k \ge 1$, that
$$y_k \ge 1.$$
"""


def test_a_range_in_the_sentence_holds_for_its_display() -> None:
    got = _verdicts(RANGE)
    assert got["y_k >= 1"] != "refuted", got  # y_k = y_{k-1}^2 + 1 >= 1 for k >= 1; y_0 is the only free member
    assert any(r.kind == "assumption" and r.link == r"k \ge 1" and "assumed in the display" in r.method
               for r in audit(RANGE, "note.md").results)
