"""The constant of a property stated in words ("$f$ is $L$-smooth", "$\\mu$-strongly convex") is a number: L >= 0,
mu > 0, so ``2L(f(x) - f^*)`` is a product, never an application of a function L (symgd/app/audit/run.py).
Truth by hand: for convex L-smooth f, |grad f(x)|^2 <= 2L (f(x) - f^*) (Nesterov, Lectures on Convex Optimization,
Thm 2.1.5); with L in place of 2L it fails for f(x) = L/2 x^2 at x = 1 (L^2 > L^2 / 2)."""

from __future__ import annotations

import pytest

from symgd.app.audit.run import audit

DOC = ("# Smooth\n\nLet $f$ be convex and $L$-smooth with minimum value $f^*$. Then for every $x$\n\n"
       "$$\\|\\nabla f(x)\\|^2 \\le {c}L(f(x) - f^*).$$\n")


@pytest.mark.parametrize(("c", "expected"), [("2", {"proved"}), ("", {"refuted", "undecided"})])
def test_a_property_constant_is_a_number(c: str, expected: set[str]):
    a = audit(DOC.format(c=c), "note.md", timeout=2.0)
    (claim,) = [r for r in a.results if r.kind == "claim"]
    assert claim.verdict in expected, (claim.verdict, claim.method)
