"""Vacuous steps: a step that checks nothing is reported ``vacuous``, never proved, and fails verification
unless it is marked ``intended_restatement=True``."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from symgd import Derivation, Source, Status, StepVacuous
from symgd.decide.verify import vacuity

x = sp.Symbol("x", real=True)
eta, L = sp.symbols("eta L", positive=True)
HINT = re.compile(r"unevaluated \(sp\.Derivative\(\.\.\., evaluate=False\), sp\.Subs\(.*\), sp\.UnevaluatedExpr\(.*\)\)"
                  r".*intended_restatement=True")


def _derivation() -> Derivation:
    return Derivation("mine", "A user's derivation", Source("notes", "test"))


def test_work_evaluated_away_by_sympy_is_vacuous_not_proved() -> None:
    d = _derivation()
    d.assume([x])
    d.claim(sp.diff(x**3, x), "=", 3 * x**2, "differentiate")  # SymPy differentiates at once: 3x^2 = 3x^2
    d.claim((x**2).subs(x, 3), "=", 9, "evaluate at 3")  # 9 = 9
    r = d.verify(numeric=False)
    for s in r.steps:
        v = s.verdict
        assert v.status is Status.VACUOUS and v.vacuous
        assert not (v.proved or v.refuted or v.undecided)
        assert re.search(r"same expression as built \(SymPy evaluated the step's work away\)", v.method), v
        assert HINT.search(v.detail), v.detail
    assert not r.ok
    with pytest.raises(TypeError, match="three-valued"):
        bool(r.steps[0].verdict)
    with pytest.raises(StepVacuous, match=r"mine: step 1 \(differentiate\) is vacuous"):
        d.verify(numeric=False, raise_on_failure=True)


def test_the_same_steps_kept_unevaluated_are_proved() -> None:
    d = _derivation()
    d.assume([x])
    d.claim(sp.Derivative(x**3, x), "=", 3 * x**2, "differentiate")
    d.claim(sp.Subs(x**2, x, 3), "=", 9, "evaluate at 3")
    d.claim(sp.UnevaluatedExpr(x) + x, "=", 2 * x, "collect")
    r = d.verify(numeric=False)
    assert [s.verdict.status for s in r.steps] == [Status.PROVED] * 3, [str(s.verdict) for s in r.steps]
    assert r.ok


def test_a_hypothesis_or_premise_stated_back_is_vacuous_unless_marked() -> None:
    d = _derivation()
    d.assume([eta, L])
    d.hypothesis(eta <= 1 / L, "eta <= 1/L")
    d.claim(1 / L, ">=", eta, "recall the hypothesis")  # the same relation, turned around
    d.claim(eta, "<=", 1 / L, "recall the hypothesis", intended_restatement=True)
    fact = d.premise("a cited fact", sp.Le(eta * L, 1))
    d.claim(eta * L, "<=", 1, "the cited fact", premise=fact)
    r = d.verify(numeric=False)
    first, marked, cited = (s.verdict for s in r.steps)
    assert first.vacuous and "states the hypothesis eta <= 1/L back" in first.method
    assert marked.proved
    assert cited.vacuous and "states the premise 'a cited fact' back" in cited.method
    for v in (first, cited):
        assert re.search(r"proves nothing: .* or pass intended_restatement=True", v.detail), v.detail


def test_marked_restatements_pass_and_strict_self_comparisons_are_refuted() -> None:
    d = _derivation()
    d.assume([x])
    d.claim(sp.diff(x**3, x), "=", 3 * x**2, "the derivative, known from the previous section",
            intended_restatement=True)
    r = d.verify(numeric=False)
    assert r.ok and r.steps[0].verdict.proved
    d = _derivation()
    d.assume([x])
    d.claim(x, "<", x, "a strict comparison with itself")  # false, not vacuous
    assert d.verify(numeric=False).steps[0].verdict.refuted


def test_reports_and_renderings_show_vacuous_steps() -> None:
    d = _derivation()
    d.assume([x])
    d.claim(sp.Derivative(x**3, x), "=", 3 * x**2, "differentiate")
    d.claim(sp.diff(x**3, x), "=", 3 * x**2, "differentiate again")
    r = d.verify(numeric=False)
    text = str(r)
    assert re.search(r"^mine\s+2\s+differentiate again\s+vacuous\s+both sides are the same", text, re.M), text
    assert text.splitlines()[-1] == "1/2 steps proved in 1 derivations; some checks failed"
    assert "∅ vacuous (both sides" in d.markdown(r)
    assert r"\text{\textbf{vacuous}}" in d.latex(r)
    assert r.to_dict()["steps"][1]["status"] == "vacuous"


def test_the_catalogue_has_no_unmarked_vacuous_step() -> None:
    from derivations import MODULES

    found = []
    for m in MODULES:
        d = m.derive()
        found += [(d.name, i, s.why, why) for i, s in enumerate(d.steps, 1)
                  if not s.intended_restatement and (why := vacuity(d, s)) is not None]
    assert not found, "\n".join(map(str, found))
