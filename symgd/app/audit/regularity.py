"""A gradient or a Hessian of a function the text describes without differentiability: an unstated assumption.

When the text states properties of a named function ("let $f$ be convex") it lists what the function may be.  A
claim that then applies ``\\nabla f`` (or ``f'``) needs f differentiable, and one that applies ``\\nabla^2 f`` (or
``f''``) needs f twice differentiable; if no stated property implies that (differentiable, C^1 and L-smooth give
one derivative; twice differentiable, C^2 and a bare "smooth" two), the claim does not hold for every function
the text allows.  A text that states no property of the function assumes differentiability tacitly: nothing is
reported.  Nor is anything reported where the text speaks of subgradients (then ``\\nabla f`` may name one).

The witness is a function with every stated property that has no such derivative at the point where the claim
first takes it (shifted there: the claim's variables are chosen first, the function second):

* no derivative:        |z|, plus mu/2 z^2 when mu-strongly convex (convex; no derivative at 0);
* no second derivative: a/2 max(z, 0)^2 (convex, C^1, a-smooth; f'' jumps from 0 to a at 0), plus mu/2 z^2 with
  a = L - mu when also mu-strongly convex (then mu < L is needed, and L-smooth: f' is L-Lipschitz).

tests/test_audit_regularity.py checks these properties in exact arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symgd.app.audit.facts import Fact, licensed_order, read_facts

__all__ = ["Missing", "derivatives", "missing_assumption", "witness_function"]

_SUB = re.compile(r"\bsub-?gradients?\b|\bsub-?differential\b|\\in\s*\\partial(?![A-Za-z])", re.I)
_FN = r"(?P<f>\\mathcal\{[A-Za-z]\}|\\[A-Za-z]+|[A-Za-z])"
_SUBSCRIPT = r"(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z]))?"
_HESS = re.compile(r"\\nabla\s*" + _SUBSCRIPT + r"\s*\^\s*\{?\s*2\s*\}?\s*" + _SUBSCRIPT + r"\s*" + _FN
                   + r"\s*(?:\\left)?\(|(?<![\\A-Za-z])" + _FN.replace("?P<f>", "?P<f2>") + r"\s*''\s*\(")
_GRAD = re.compile(r"\\nabla\s*" + _SUBSCRIPT + r"\s*(?!\^)" + _FN + r"\s*(?:\\left)?\(|(?<![\\A-Za-z])"
                   + _FN.replace("?P<f>", "?P<f2>") + r"\s*'(?!')\s*\(")


@dataclass(frozen=True)
class Missing:
    """The claim applies ``operator`` (a gradient, order 1, or a Hessian, order 2) to ``function`` at ``point``; the
    text's properties of it (``stated``) do not license it."""

    function: str
    order: int
    point: str
    stated: str  # the properties, as stated ("convex (line 25)")
    witness: str  # the witness function and why it has the properties
    counterexample: dict

    @property
    def assumption(self) -> str:
        return f"{self.function} {'twice differentiable' if self.order == 2 else 'differentiable'}"


def _argument(latex: str, start: int) -> str:
    """The balanced argument of the application whose '(' ends at ``start``."""
    depth, i = 1, start
    while i < len(latex) and depth:
        depth += (latex[i] == "(") - (latex[i] == ")")
        i += 1
    return re.sub(r"\\right$", "", latex[start: i - 1].strip()).strip()


def derivatives(latex: str) -> list[tuple[str, int, str]]:
    """(function, order, point) of each gradient and Hessian the formula applies, in order."""
    out = []
    for rx, order in ((_HESS, 2), (_GRAD, 1)):
        for m in rx.finditer(latex):
            f = m.group("f") or m.group("f2")
            item = (f, order, _argument(latex, m.end()))
            if item not in out:
                out.append(item)
    return out


def witness_function(facts: list[Fact], function: str, order: int) -> tuple[str, str]:
    """(formula of z, why it has the stated properties and lacks the derivative) for ``order`` 1 or 2."""
    kinds = {f.kind: f.constant for f in facts if f.function == function}
    mu = kinds.get("strongly convex", "")
    if order == 1 or licensed_order(facts, function) == 0:  # no first derivative: no second either
        body = "|z|" + (f" + {mu}/2 z^2" if mu else "")
        return body, (f"{mu}-strongly convex" if mu else "convex") + ", with no derivative at z = 0"
    smooth = kinds.get("smooth", "")
    a = f"({smooth} - {mu})" if smooth and mu else smooth or "1"
    body = f"{a}/2 max(z, 0)^2" + (f" + {mu}/2 z^2" if mu else "")
    props = ["convex", "differentiable"] + ([f"{mu}-strongly convex"] if mu else []) + (
        [f"{smooth}-smooth" + (f" (for {mu} < {smooth})" if mu else "")] if smooth else [])
    return body, ", ".join(props) + ", with no second derivative at z = 0 (f'' jumps there)"


def missing_assumption(latex: str, facts: list[Fact], text: str, after: str = "",
                       defined: set[str] | frozenset[str] = frozenset()) -> Missing | None:
    """The first derivative ``latex`` applies that the stated properties do not license (a function the text says
    something of, not one it defines by a formula, not in a text about subgradients), or None.  ``after``: the
    prose right after the display (a "here f is differentiable" there licenses it too)."""
    if _SUB.search(text):
        return None
    for f, order, point in derivatives(latex):
        if f in defined:
            continue
        allowed = licensed_order(facts + read_facts(after, 0, f)[0], f)
        if allowed is None or allowed >= order:
            continue
        body, why = witness_function(facts, f, order)
        stated = ", ".join(dict.fromkeys(f"{x.kind}" + (f" ({x.constant})" if x.constant else "") + f", line {x.line}"
                                         for x in facts if x.function == f))
        shifted = point if re.fullmatch(r"\\?[A-Za-z]+(?:_\{?[\w\\+-]+\}?)?(?:\^\{?[\w*\\()]+\}?)?", point) else ""
        cex = {f"{f}(z)": body, **({point: "0 (one dimension)"} if shifted else {"kink at": point})}
        what = "Hessian" if order == 2 else "gradient"
        return Missing(f, order, point, stated,
                       f"{f}(z) = {body} is {why}: it has every property stated of {f} and no {what} at {point}"
                       + ("" if shifted else " (its kink moved there)"), cex)
    return None
