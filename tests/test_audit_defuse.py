"""Definitions in force that symgd does not substitute, used for a proof (symgd/app/audit/in_force.py).

Twin documents of our own (tests/audit/defuse/): for each form a true relation that must now be proved, a false
look-alike that must not be, and the same relation in another section, where the definition is not in force.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symgd.app.audit.run import audit

HERE = Path(__file__).parent / "audit" / "defuse"


@pytest.fixture(scope="module")
def verdicts():
    out = {}
    for name in ("power_def", "kkt_system", "stacked", "constants", "runin"):
        a = audit((HERE / f"{name}.md").read_text(encoding="utf-8"), name, timeout=2)
        out[name] = {(r.line, r.link.replace(" ", "")): r for r in a.results if r.kind == "claim"}
    return out


def _get(verdicts, name, line, link):
    return verdicts[name][(line, link.replace(" ", ""))]


@pytest.mark.parametrize(("line", "link"), [
    (5, r"\rho(x)^2 = 4x^2 + 12x + 10"),  # the definition of a power of the function, h substituted
    (13, r"\rho(1)^2 = 26"),  # the definition at a point
    (17, r"\rho(-1) = \sqrt 2"),  # a function defined through its square is its nonnegative root
])
def test_power_definition_proves(verdicts, line, link):
    r = _get(verdicts, "power_def", line, link)
    assert r.verdict == "proved", r.method
    assert r"\rho(x)^2 = h(x)^2 + 1 (line 3)" in r.method


@pytest.mark.parametrize(("line", "link"), [
    (9, r"\rho(x)^2 = 4x^2 + 12x + 9"),  # the slip: never proved
    (21, r"\rho(-1) = -\sqrt 2"),  # the sign slip
    (27, r"\rho(x)^2 = 4x^2 + 12x + 10"),  # another section: the definition is not in force
])
def test_power_definition_not_misused(verdicts, line, link):
    assert _get(verdicts, "power_def", line, link).verdict != "proved"


@pytest.mark.parametrize(("line", "link"), [
    (9, r"p^\star = q^\star"),
    (9, r"q^\star = \frac{c + d}{2}"),  # from the three conditions of the prose
])
def test_system_of_conditions_proves(verdicts, line, link):
    r = _get(verdicts, "kkt_system", line, link)
    assert r.verdict == "proved", r.method
    assert r"p^\star - c + \nu^\star = 0 (line 4)" in r.method


@pytest.mark.parametrize(("line", "link"), [
    (15, r"p^\star + q^\star = c - d"),  # the slip
    (21, r"p^\star + q^\star = c + d"),  # another section, another problem
])
def test_system_of_conditions_not_misused(verdicts, line, link):
    assert _get(verdicts, "kkt_system", line, link).verdict != "proved"


@pytest.mark.parametrize(("line", "link"), [
    (13, r"\|w_{t+1}\|^2 = (1 + h^2) \|w_t\|^2"),  # the norms in the coordinates w_t = (a_t, b_t), the rules applied
    (17, r"\|w_{t+1}\| = \sqrt{1 + h^2} \|w_t\|"),
])
def test_stacked_vector_proves(verdicts, line, link):
    r = _get(verdicts, "stacked", line, link)
    assert r.verdict == "proved", r.method
    assert "w_t = (a_t, b_t) (line 3)" in r.method


@pytest.mark.parametrize(("line", "link"), [
    (21, r"\|w_{t+1}\|^2 = (1 - h^2) \|w_t\|^2"),  # the slip
    (27, r"\|w_{t+1}\|^2 = (1 + h^2) \|w_t\|^2"),  # a member defined otherwise since (w_{t+1} = 2 w_t)
])
def test_stacked_vector_not_misused(verdicts, line, link):
    assert _get(verdicts, "stacked", line, link).verdict != "proved"


def test_equations_that_constrain_a_parameter_are_not_used():
    """A slip on the line of a definition (y = 2s and y = 3s, s used before) would force s = 0: such equations
    are not a definition, and nothing is proved from them; the KKT-like system (a multiplier introduced by name
    only) pins its names whatever the parameters are."""
    import sympy as sp

    from symgd.app.audit.context import DocContext
    from symgd.app.audit.in_force import _consistent

    ctx = DocContext()
    ctx.history[:] = [r"s > 0", r"\nu^\star", r"c + d > 0"]
    s, y, c, d, p, q, nu = sp.symbols(r"s y c d p^{*} q^{*} \nu^{*}", real=True)
    assert not _consistent([sp.Eq(y, 2 * s), sp.Eq(y, 3 * s)], {y}, 5, ctx)
    assert _consistent([sp.Eq(y, 2 * s)], {y}, 5, ctx)
    assert _consistent([sp.Eq(p - c + nu, 0), sp.Eq(q - d - nu, 0), sp.Eq(p, q)], {p, q}, 5, ctx)
    assert not _consistent([sp.Eq(p - c, 0), sp.Eq(q - d, 0), sp.Eq(p, q)], {p, q}, 5, ctx)  # forces c = d


@pytest.mark.parametrize(("line", "link"), [
    (9, r"L = \frac{3 + \sqrt 5}{4}"),  # the setting's formula, carried into the example, at its values
    (9, r"\kappa = 3 + \sqrt 5"),  # through \kappa = L/\mu and L's formula
])
def test_constants_from_an_earlier_section_prove(verdicts, line, link):
    r = _get(verdicts, "constants", line, link)
    assert r.verdict == "proved", r.method
    assert r"L = \frac{a + \sqrt{b}}{4} (line 3)" in r.method


@pytest.mark.parametrize(("line", "link"), [
    (13, r"\kappa = \frac{3 + \sqrt 5}{4}"),  # the slip
    (19, r"4L = 3 + \sqrt 5"),  # L measured instead in a later section: the formula is no longer in force
])
def test_constants_not_misused(verdicts, line, link):
    assert _get(verdicts, "constants", line, link).verdict != "proved"


def test_stacked_vector_only_where_members_line_up():
    """Norms become coordinates only for the Euclidean norm of a vector stacked at its own index: ``z_k = (x_k,
    y_k)``; not ``z_{k+1} = (x_{k+1}, ...)`` or an entry at a shifted index, and never ``\\|z_k\\|_1``."""
    from symgd.app.audit.context import DocContext
    from symgd.app.audit.stacked import _in_coordinates, _stacked

    def stacked(link):
        ctx, key = DocContext(), link.split("=")[0].strip()
        ctx.defined[key], ctx.defined_at[key] = link, 3
        ctx.opaque[key.replace("{", "").replace("}", "")] = 3
        return _stacked(key.replace("{", "").replace("}", ""), ctx)

    assert stacked(r"z_k = (x_k, y_k)") == ("z", "k", ["x_k", "y_k"], 3)
    assert stacked(r"z_{k+1} = (x_{k+1}, y_{k+1})") is None
    assert stacked(r"z_k = (x_{k+1}, y_k)") is None
    assert _in_coordinates(r"\|z_{k+1}\|^2 = 2", "z", "k", ["x_k", "y_k"]) == "((x_{k+1})^2 + (y_{k+1})^2) = 2"
    assert _in_coordinates(r"\|z_k\|_1 = 3", "z", "k", ["x_k", "y_k"]) is None
    assert _in_coordinates(r"\|z_k\|^2 + z_k = 0", "z", "k", ["x_k", "y_k"]) is None


def test_conditions_hold_in_their_example_only(verdicts):
    """A text without headings: the conditions of "**Example 1.**" prove its claim, not the same claim after
    "**Example 2.**" (a run-in title ends an example's equations)."""
    assert _get(verdicts, "runin", 3, r"u^\star + w^\star = 4").verdict == "proved"
    assert _get(verdicts, "runin", 7, r"u^\star + w^\star = 4").verdict != "proved"
