"""decide() tries the refutation's first random draws before the proof methods, and inside ``remembered`` it does not
decide a claim it has proved or refuted already: neither may change a verdict (only save the time)."""

from __future__ import annotations

import importlib

import sympy as sp

from symgd import Claim, Context, decide
from symgd.decide import refute, remembered

engine = importlib.import_module("symgd.decide")  # the package (symgd.decide, the attribute, is the function)

x, y = sp.symbols("x y", real=True)
a = sp.Symbol("a", positive=True)


def test_a_first_draw_refutes_with_the_counterexample_of_the_full_refutation() -> None:
    # false claims a first draw refutes: the verdict and the point are those of the refutation after the proofs
    for claim, ctx in [
        (Claim((x + y) ** 2, "<=", x**2 + y**2), Context()),
        (Claim(sp.sqrt(x**2), "=", x), Context()),
        (Claim(a * x**2, ">=", x), Context.make([x > 1])),
    ]:
        v, full = decide(claim, ctx, timeout=4), refute(claim, ctx)
        assert v.refuted and full is not None
        assert (v.method, v.counterexample, v.detail) == (full.method, full.counterexample, full.detail)


def test_a_true_claim_is_still_proved() -> None:
    assert decide(Claim((x + y) ** 2, ">=", 4 * x * y), timeout=4).proved


def test_a_denominator_that_may_vanish_leaves_the_claim_to_the_proofs_first() -> None:
    # a^T x+ = b for the projection x+ = x + (b - a^T x) / (a^T a) a: at a = 0 the left side evaluates to 0, a point
    # where it is undefined; drawn first, that point refuted the identity the proof methods prove
    n = sp.Symbol("n", integer=True, positive=True)
    a, v = sp.MatrixSymbol("a", n, 1), sp.MatrixSymbol("v", n, 1)
    b = sp.Symbol("b", real=True)
    step = (b - sp.Trace(a.T * v)) / sp.Trace(a.T * a)
    assert decide(Claim(a.T * (step * a + v), "=", b * sp.Identity(1)), timeout=4).proved


def test_remembered_decides_a_settled_claim_once(monkeypatch) -> None:
    calls = []
    real = engine._decide
    monkeypatch.setattr(engine, "_decide", lambda *args: calls.append(args[0]) or real(*args))
    true, false = Claim(x**2 + 1, ">", 0), Claim(x**2, ">", 0)

    @remembered
    def twice() -> list:
        return [decide(c, timeout=4) for c in (true, false, true, false)]

    first = twice()
    assert [v.status.value for v in first] == ["proved", "refuted", "proved", "refuted"]
    assert first[2] == first[0] and first[3] == first[1]
    assert calls == [true, false]
    twice()  # the memory lasts one call: the next call decides again
    assert calls == [true, false, true, false]
    decide(true, timeout=4)  # outside remembered: nothing remembered
    assert len(calls) == 5
