"""One Declarations value, the same keywords everywhere: symgd.check, assert_claim, assert_identity."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.core.declarations import KEYWORDS, Declarations
from symgd.latex.check import check_links, parse_problem
from symgd.testing import assert_claim, assert_identity


def test_declarations_from_keywords_are_normalized_and_frozen() -> None:
    d = Declarations.of(assume=r"\eta > 0", vectors=["x, y"], positive_definite=("P",), order="eta:2")
    assert d == Declarations(assume=(r"\eta > 0",), vectors=("x, y",), positive_definite=("P",), order="eta:2")
    assert Declarations.of(**d.keywords()) == d
    with pytest.raises(AttributeError):
        d.assume = ()  # type: ignore[misc]
    assert set(KEYWORDS) == {"assume", "vectors", "matrices", "symmetric", "positive_definite", "functions", "order", "random"}


def test_declarations_or_keywords_not_both_and_no_unknown_keyword() -> None:
    d = Declarations.of(vectors=["x"])
    assert Declarations.of(d) is d
    with pytest.raises(TypeError, match="not both"):
        Declarations.of(d, vectors=["y"])
    with pytest.raises(TypeError, match="unexpected keyword argument 'vector'"):
        Declarations.of(vector=["x"])


_TRUE = r"d^T P d \ge 0"


@pytest.mark.parametrize("entry", ["check", "assert_claim"])
def test_latex_entry_points_take_every_declaration(entry: str) -> None:
    kw = dict(assume=[r"\eta > 0"], vectors=["d"], matrices=["A"], symmetric=["S"], positive_definite=["P"],
              functions=["g"], order=None)
    claim = _TRUE + r" + 0 \eta"
    if entry == "check":
        assert check(claim, **kw).status is Status.PROVED
        assert check(claim, declarations=Declarations.of(**kw)).status is Status.PROVED
    else:
        assert_claim(claim, **kw)  # assert_claim had no positive_definite= (TypeError) before
        assert_claim(claim, declarations=Declarations.of(**kw))
    fn = check if entry == "check" else assert_claim
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        fn(claim, vectorz=["d"])


def test_parse_problem_and_check_links_take_one_declarations_value() -> None:
    d = Declarations.of(vectors=["d"], positive_definite=["P"])
    assert parse_problem(_TRUE, declarations=d).links == parse_problem(_TRUE, vectors=["d"],
                                                                       positive_definite=["P"]).links
    assert [lk.verdict.status for lk in check_links(_TRUE, declarations=d, timeout=5)] == [Status.PROVED]


def test_assert_identity_takes_every_declaration() -> None:
    eta, lam, k = sp.Symbol("eta", real=True), sp.Symbol("lambda", real=True), sp.Symbol("k", integer=True)
    d = sp.MatrixSymbol("d", 3, 1)
    P, A, S = (sp.MatrixSymbol(s, 3, 3) for s in "PAS")
    g = sp.Function("g")
    lhs = sp.Abs(eta) * (d.T * P * d) + d.T * (A * S - S.T * A.T) * d
    assert_identity(lhs, eta * (d.T * P * d), assume=[r"\eta > 0"], vectors=["d"], matrices=["A"], symmetric=["S"],
                    positive_definite=["P"], timeout=10)
    assert_identity(g(k) * (1 + eta) ** 2, g(k) * (1 + 2 * eta), functions=["g"], order="eta:2")
    with pytest.raises(AssertionError):
        assert_identity(sp.Abs(eta), eta)  # no assumption: refuted
    with pytest.raises(TypeError, match="not a vector symbol"):
        assert_identity(eta, eta, vectors=["x"])
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        assert_identity(eta, eta, vectorz=["d"])
    with pytest.raises(BadInput, match="no symbol of the identity"):
        assert_identity(lam, lam, assume=[r"\mu > 0"])


def test_assumptions_already_true_in_sympy_are_trivially_satisfied() -> None:
    eta = sp.Symbol("eta", positive=True)
    assert sp.Gt(eta, 0) is sp.true
    assert assert_identity(sp.Abs(eta), eta, assumptions=[sp.Gt(eta, 0)]).proved
    with pytest.raises(ValueError, match="is False"):
        assert_identity(eta, eta, assumptions=[sp.Lt(eta, 0)])
    with pytest.raises(TypeError, match=r"must be a SymPy relation such as sp.Gt\(eta, 0\), got str"):
        assert_identity(eta, eta, assumptions=["eta > 0"])
