"""A property word binds to the function only where it says the function has it (symgd.app.audit.facts): "convex"
of a set, a domain or a kind of problem, or of the examples only, states nothing about the function -- read as
convexity, it proved a held-out note's slip D_phi(x, y) >= 0 "for every differentiable phi"."""

from __future__ import annotations

import pytest

from symgd.app.audit import audit
from symgd.app.audit.facts import read_facts


@pytest.mark.parametrize(("sentence", "kinds"), [
    (r"Let $f$ be convex and differentiable.", {"convex", "differentiable"}),
    (r"Let $f$ be a convex, differentiable function on a convex set.", {"convex", "differentiable"}),
    (r"Suppose $f$ is strictly convex (for example a quadratic).", {"convex"}),
    (r"Throughout, $\varphi$ is differentiable on an open convex set.", {"differentiable"}),
    (r"Let $f$ be differentiable on a convex domain.", {"differentiable"}),
    (r"Let $f$ be defined on a closed convex subset of $\mathbb{R}^n$.", set()),
    (r"Let $f$ be differentiable (in all the examples it is also strictly convex).", {"differentiable"}),
    (r"This is a convex optimization problem in which $f$ is differentiable.", {"differentiable"}),
])
def test_convex_binds_to_the_function_only(sentence: str, kinds: set[str]) -> None:
    assert {f.kind for f in read_facts(sentence, 1)[0]} == kinds


TWIN = r"""Let $\varphi$ be differentiable on an open convex set{}, and let
$$D(x, y) = \varphi(x) - \varphi(y) - \langle \nabla\varphi(y), x - y\rangle .$$
Then
$$D(x, y) \ge 0 .$$
"""


def test_a_divergence_is_nonnegative_only_for_a_convex_function() -> None:
    def verdict(extra: str) -> str:
        (r,) = [r for r in audit(TWIN.replace("{}", extra), "n.md", timeout=2.0).results if r.kind == "claim"]
        return r.verdict

    assert verdict("") != "proved"  # differentiable only: D >= 0 is false (phi = -x^2)
    assert verdict(r" and convex") == "proved"
