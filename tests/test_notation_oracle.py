"""latex2sympy2_extended as an independent oracle for the notation layer (differential testing).

`symgd check` reads LaTeX with its own tokenizer and parser (:mod:`symgd.latex.notation`); that parser is
the authority.  latex2sympy2_extended (a dev dependency only, never imported by ``symgd/`` or
``derivations/``) is a second, independently written reader of LaTeX, used here in two ways:

(a) ``DIVERGENCES``: where the two readings differ on purpose.  Each row asserts what the library
    gives (so a new release that changes it makes this test fail and the table gets revisited),
    what symgd gives, why symgd's reading is the documents' meaning, and, where it applies, a claim
    whose verdict from `symgd check` depends on that reading.  The library is run with its best
    configuration for this notation (``CONVERSION``, ``NORMALIZATION``).
(b) Differential tests: on the common sublanguage (polynomials, ``\\frac``, powers, ``\\sqrt``,
    ``\\exp``/``e^{..}``, ``\\sin``/``\\cos``/``\\ln``, subscripted names, Greek letters except
    ``\\gamma``/``\\Gamma``, ``\\cdot``, parentheses) both readers must give the same mathematics.
    Inputs come from a small hypothesis grammar and from the corpus claims of ``corpus_claims.py``
    that fall in the sublanguage.  Symbols are matched by name (``\\theta_{0}`` and ``theta_0`` are
    one name) and turned into plain symbols, so assumptions play no part; equality is exact
    evaluation at random rational points (rational values compared exactly, others to 45 digits),
    or ``simplify`` of the difference when no point is usable.

Found this way and fixed in symgd (regressions in tests/test_check.py): ``x^{\\prime}`` was a name
different from ``x'``, ``\\sin 2x`` was read as ``x \\sin 2``, ``e^{(8)}`` as a name, ``1/2L`` as L/2 (now
refused as ambiguous).  Agreement is not correctness: both read the corpus's ``(1 - 1/\\kappa)^{T}`` as a
transposed scalar; symgd now reads it as a power when an assumption names T.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
import sympy as sp
from corpus_claims import TRUE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from latex2sympy2_extended import latex2sympy
from latex2sympy2_extended.latex2sympy2 import ConversionConfig, _Latex2Sympy
from latex2sympy2_extended.math_normalization import NormalizationConfig
from sympy.core.function import AppliedUndef

from symgd import Status, check
from symgd.core.errors import BadInput
from symgd.latex.notation import DIM, Norm, Notation, split_relations, tokenize

# The library at its best for this notation: no mixed numbers, no lower-casing, no "x = 3" as an
# assignment, no "\in" as "=", only the basic LaTeX normalization (\left, \displaystyle, ...).
CONVERSION = ConversionConfig(interpret_as_mixed_fractions=False, interpret_simple_eq_as_assignment=False,
                              interpret_contains_as_eq=False, lowercase_symbols=False)
NORMALIZATION = NormalizationConfig(basic_latex=True, units=False, malformed_operators=False, nits=False,
                                    boxed="none", equations=False)


def theirs(latex: str) -> Any:
    return latex2sympy(latex, is_real=True, normalization_config=NORMALIZATION, conversion_config=CONVERSION)


def ours(latex: str) -> Any:
    """One expression read by symgd's notation layer."""
    sides, rels = split_relations(latex)
    assert not rels, latex
    return Notation().expression(sides[0])


def key(name: str) -> str:
    """A name both readers agree on: ``\\theta_{0}`` (symgd) and ``theta_0`` (the library) -> theta_0."""
    return re.sub(r"[\\{}\s]", "", name)


def plain(expr: Any) -> Any:
    """Symbols renamed to their key and stripped of assumptions (real, positive, ...)."""
    return expr.xreplace({s: sp.Symbol(key(s.name)) for s in expr.free_symbols if isinstance(s, sp.Symbol)})


def _value(expr: Any, point: dict) -> Any:
    """The exact value at ``point``: a Rational, another exact number, or None when not finite."""
    v = sp.expand(expr.xreplace(point).doit()) if expr.free_symbols else sp.expand(expr.doit())
    if v.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or not v.is_number:
        return None
    return v


def same_math(a: Any, b: Any, seed: int = 0, points: int = 6) -> bool:
    """Are two readings the same function?  Exact evaluation at random rational points (rationals
    compared exactly, anything else to 45 significant digits); ``simplify`` if no point is usable."""
    a, b = plain(a), plain(b)
    syms = sorted(a.free_symbols | b.free_symbols, key=str)
    rng = random.Random(seed)
    usable = 0
    for _ in range(3 * points):
        point = {s: sp.Rational(rng.choice([-1, 1]) * rng.randint(1, 13), rng.randint(1, 7)) for s in syms}
        va, vb = _value(a, point), _value(b, point)
        if va is None or vb is None:
            continue
        if va.is_Rational and vb.is_Rational:
            if va != vb:
                return False
        else:
            na, nb = sp.N(va, 60), sp.N(vb, 60)
            if abs(na - nb) > sp.Float("1e-45", 60) * max(1, abs(na), abs(nb)):
                return False
        usable += 1
        if usable == points:
            return True
    return sp.simplify(a - b) == 0


def finite_real(e: Any, seed: int = 0) -> bool:
    """Is ``e`` a finite real number at a random rational point?"""
    rng = random.Random(seed)
    e = plain(e)
    v = _value(e, {s: sp.Rational(rng.randint(1, 13), rng.randint(1, 7)) for s in e.free_symbols})
    return v is not None and sp.im(sp.N(v, 30)) == 0


def scalar_function(e: Any) -> bool:
    """Can :func:`same_math` evaluate ``e`` at points (a scalar without matrices, derivatives, applications)?"""
    return isinstance(e, sp.Expr) and not e.atoms(sp.MatrixSymbol, sp.Derivative, AppliedUndef)


# --------------------------------------------------------------------------- (a) divergences


def _float_noise(e: Any) -> bool:
    """Binary floats: 0.1 + 0.2 - 0.3 is not zero."""
    v = e.doit()
    return v.is_Float and v != 0 and abs(v) < 1e-15


def r(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


x, y = r("x"), r("y")
vx = sp.MatrixSymbol("x", DIM, 1)
f = sp.Function("f")

# (latex, the library's reading: an expression, a predicate, or the exception it raises,
#  symgd's reading, why symgd's reading is the meant one, a claim and its verdict from `symgd check` or None)
DIVERGENCES: list[tuple[str, Any, Any, str, tuple[str, dict, Status] | None]] = [
    (r"2 3", sp.Integer(5), BadInput,
     "6, 23 or a mixed number? symgd refuses juxtaposed numbers (tests/test_notation_soundness.py); the library adds "
     "an integer to a following positive rational (its mixed-number rule), and in v1.11 "
     "ConversionConfig.interpret_as_mixed_fractions is never read, so False does not stop it", None),
    (r"(2)(3)", sp.Integer(5), sp.Integer(6), "the same rule applies to parenthesized factors", None),
    (r"2\frac{1}{2}", sp.Rational(5, 2), BadInput, "2 times 1/2 or the mixed number 5/2? symgd refuses a number "
     "before a numeric fraction (tests/test_notation_soundness.py)", None),
    (r"\alpha'", r(r"alpha"), r(r"\alpha'"), "a primed name is a different name; dropping the prime proves "
     r"\alpha' = \alpha", (r"\alpha' = \alpha", {}, Status.REFUTED)),
    (r"f'(x)", f(x), sp.Derivative(f(x), x), "f' is the derivative of f",
     (r"f'(x) = f(x)", {}, Status.REFUTED)),
    (r"x^{\prime}", x ** r("prime"), r("x'"), r"TeX's x' is x^{\prime}", (r"x^{\prime} = x'", {}, Status.PROVED)),
    (r"\log x", sp.log(x, 10), sp.log(x),
     r"\log is the natural logarithm in the documents (003's log-likelihood \log p(x|\theta))",
     (r"\log(e^{x}) = x", {}, Status.PROVED)),
    (r"\gamma", sp.EulerGamma, r(r"\gamma"), r"a hard-coded table (symbols.py) makes \gamma and \Gamma Euler's "
     "constant; in the documents they are a step size / a matrix", (r"\gamma = \Gamma", {}, Status.REFUTED)),
    (r"\Gamma", sp.EulerGamma, r(r"\Gamma"), "the same table", None),
    (r"I", sp.I, BadInput, "I is the identity (of a preconditioner), never the imaginary unit (nor a scalar: "
     "alone, without vectors or matrices, it is refused)", (r"I x = x", {"vectors": ["x"]}, Status.PROVED)),
    (r"x^T", x, BadInput, r"a transpose declares nothing: of an undeclared name it is refused (a scalar's transpose, "
     r"or a forgotten --vector x?); the library transposes the scalar x, so x^T H y = y^T H x comes out true for "
     r"every H", (r"x^T H y = y^T H x", {"matrices": ["H"], "vectors": ["x, y"]}, Status.REFUTED)),
    (r"x^\top", Exception, BadInput, r"\top is the transpose (of a declared vector: refused here)", None),
    (r"\|x\|", AttributeError, Norm(vx), "the Euclidean norm of the vector x",
     (r"\|x - y\|^2 = \|x\|^2 - 2\langle x, y\rangle + \|y\|^2", {}, Status.PROVED)),
    (r"\langle x, y \rangle", Exception, vx.T * sp.MatrixSymbol("y", DIM, 1), "the inner product", None),
    (r"\lambda_{\max}", Exception, r(r"\lambda_{\max}"), "the largest eigenvalue, one name",
     (r"\lambda_{\max} \ge \lambda_{\min}", {"assume": [r"\lambda_{\max} \ge \lambda_{\min}"]}, Status.PROVED)),
    (r"0.1 + 0.2 - 0.3", _float_noise, sp.Integer(0), "decimals in the documents are exact rationals",
     (r"0.1 + 0.2 = 0.3", {}, Status.PROVED)),
    (r"\eta(\lambda)", sp.Function(r"\eta")(r("lambda")), r(r"\eta") * r(r"\lambda"),
     r"\eta(u) is a product (001: \eta(\lambda\theta_0)); only f, F, \ell, \phi, \psi, \mathcal{..} and declared "
     "names are functions", (r"\eta(\lambda) = \lambda\eta", {}, Status.PROVED)),
    (r"f(1-x)", r("f") * (1 - x), f(1 - x), "f is a function wherever it is applied (the library applies it only "
     "to a single symbol)", None),
    (r"x^23", x**23, 3 * x**2, "TeX typesets x^23 as x squared times 3 (a superscript takes one token)",
     (r"x^23 = 3x^2", {}, Status.PROVED)),
    (r"x_12", r("x_{12}"), 2 * r("x_{1}"), "likewise a subscript takes one token", None),
    (r"\nabla f(x)", r("nabla") * f(x), sp.Derivative(f(x), x), "the gradient",
     (r"\nabla f(x) = f'(x)", {}, Status.PROVED)),
    (r"\frac12", Exception, sp.Rational(1, 2), r"TeX's \frac takes single-token arguments",
     (r"\frac12 = 0.5", {}, Status.PROVED)),
    (r"\pi(2)", sp.Function(r"\pi")(2), 2 * sp.pi, r"\pi is the constant, not a function (the library applies "
     "any name to a parenthesized single term)", (r"\pi(2) = 2\pi", {}, Status.PROVED)),
    (r"\cos x \times \cos x", sp.cos(x * sp.cos(x)), sp.cos(x) ** 2, r"\times ends an unparenthesized argument",
     (r"\cos x \times \cos x = (\cos x)^2", {}, Status.PROVED)),
    (r"\sin x \cdot y", sp.sin(x * y), y * sp.sin(x), r"so does \cdot (ISO 80000-2 writes sin x · y for (sin x) y)",
     (r"\sin x \cdot y = y \sin x", {}, Status.PROVED)),
    (r"1/2L", 1 / (2 * r("L")), BadInput, "1/(2L) or L/2? Ambiguous, so symgd refuses it with one line (found by "
     "the differential tests: symgd used to read L/2)", None),
]


@pytest.mark.parametrize(("latex", "lib", "symgd", "why", "claim"), DIVERGENCES, ids=[d[0] for d in DIVERGENCES])
def test_divergence(latex: str, lib: Any, symgd: Any, why: str, claim: tuple[str, dict, Status] | None) -> None:
    assert why
    if isinstance(lib, type) and issubclass(lib, BaseException):
        with pytest.raises(lib):
            theirs(latex)
    elif isinstance(lib, Callable) and not isinstance(lib, sp.Basic):  # a predicate on the library's reading
        assert lib(theirs(latex))
    else:
        got = theirs(latex)
        assert plain(got) == plain(lib) or sp.simplify(plain(got) - plain(lib)) == 0, got
        if symgd is BadInput:
            pass
        elif scalar_function(got) and scalar_function(symgd):
            assert not same_math(got, symgd), "the library agrees with symgd now: move the row to the sublanguage"
        else:
            assert plain(got) != plain(symgd)
    if symgd is BadInput:
        with pytest.raises(BadInput):
            ours(latex)
    else:
        assert ours(latex) == symgd
    if claim is not None:
        text, kw, status = claim
        verdict = check(text, timeout=10, **kw)
        assert verdict.status is status, (text, verdict)


def test_default_config_lowercases_names_and_ours_does_not() -> None:
    default = latex2sympy("L - l")
    assert sp.simplify(default) == 0  # L and l merged: L = l would be proved
    assert plain(theirs("L - l")) == sp.Symbol("L") - sp.Symbol("l")
    assert check("L = l").status is Status.REFUTED


def test_the_library_evaluates_strings_given_as_variable_values() -> None:
    """Why it must never see user text at runtime: ``variable_values`` strings go through parse_expr,
    i.e. Python evaluation (a harmless call here)."""
    conv = _Latex2Sympy(variable_values={"a": "len('abcd')"}, config=CONVERSION)
    assert conv.var["a"] == 4


def test_symgd_never_imports_the_oracle() -> None:
    """The library is a dev (test) dependency: importing symgd and every derivation leaves it unloaded."""
    code = ("import sys, symgd, symgd.latex.notation, symgd.latex.check, symgd.testing, symgd.app.check_cli, symgd.app.cli, "
            "derivations; [m.derive for m in derivations.MODULES]; "
            "from symgd import check; check('x = x'); print('latex2sympy2_extended' in sys.modules, "
            "any(m.startswith('antlr4') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["False", "False"], out.stdout + out.stderr


# --------------------------------------------------------------------------- (b) the common sublanguage

NAMES = ["a", "b", "c", "x", "y", "t", "u", r"\alpha", r"\beta", r"\eta", r"\lambda", r"\theta", r"\mu", r"\sigma",
         r"\tau", r"\omega", r"\delta", r"\rho", "x_{t+1}", "x_t", r"\theta_0", r"\theta_{t}", r"\beta_{2}", "y_{t-1}",
         r"\hat{m}_{t}", r"\epsilon", r"\kappa"]
name = st.sampled_from(NAMES)
number = st.integers(1, 9).map(str)
FUNCTIONS = st.sampled_from(["exp", "sin", "cos", "tan", "ln", "sinh", "cosh", "tanh"])


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    par = inner.map(lambda a: f"({a})")
    return st.one_of(
        st.tuples(inner, inner).map(lambda p: f"{p[0]} + {p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} - {p[1]}"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} \\cdot {p[1]}"),
        st.tuples(par, name).map(lambda p: f"{p[0]} {p[1]}"),  # implicit products; (2)(3) is a DIVERGENCE
        st.tuples(st.one_of(number, name), name).map(lambda p: f"{p[0]} {p[1]}"),  # 2 x, \eta \lambda
        st.tuples(st.sampled_from(["frac", "dfrac"]), inner, inner).map(lambda p: f"\\{p[0]}{{{p[1]}}}{{{p[2]}}}"),
        st.tuples(par, st.sampled_from(["2", "3", "{2}", "{-1}", "{-2}"])).map(lambda p: f"{p[0]}^{p[1]}"),
        st.tuples(name, name).map(lambda p: f"{p[0]}^{{{p[1]}}}"),
        inner.map(lambda a: f"\\sqrt{{{a}}}"),
        inner.map(lambda a: f"\\sqrt[3]{{{a}}}"),
        inner.map(lambda a: f"\\left({a}\\right)"),
        inner.map(lambda a: f"\\left[{a}\\right]"),
        st.tuples(name, inner).map(lambda p: f"{p[0]}^{{-({p[1]})}}"),
        inner.map(lambda a: f"-({a})"),
        st.tuples(FUNCTIONS, inner).map(lambda p: f"\\{p[0]}({p[1]})"),
        inner.map(lambda a: f"e^{{{a}}}"),
        # (\sin 2x) in parentheses: \sin x \cdot y is a DIVERGENCE
        st.tuples(st.sampled_from(["sin", "cos"]), number, name).map(lambda p: f"(\\{p[0]} {p[1]}{p[2]})"),
    )


expressions = st.recursive(st.one_of(number, name), _extend, max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_differential_on_generated_expressions(latex: str) -> None:
    try:
        mine = ours(latex)
    except BadInput as exc:  # symgd refuses 1/0 and non-real constants (\sqrt{-1}); the library keeps them
        assert re.search(r"division by zero|(ComplexInfinity|NaN|ImaginaryUnit) is not allowed", str(exc)), (latex, exc)
        assert not finite_real(theirs(latex)), latex
        return
    other = theirs(latex)
    assert same_math(mine, other), (latex, mine, other)


# Corpus claims in the sublanguage: scalar, and only these tokens (no function names, no d/dt,
# no O(..), no \log, no \gamma; no name directly before "(", which the library may read as an application).
_CMDS = {"frac", "dfrac", "sqrt", "exp", "sin", "cos", "ln", "cdot", "left", "right", ",", "alpha", "beta", "eta",
         "lambda", "theta", "mu", "sigma", "tau", "omega", "delta", "rho", "epsilon", "varepsilon", "kappa", "hat",
         "le", "leq", "ge", "geq", "pi"}
_LETTERS = set("abcghklmnprstuvwxyzALMNK")  # not T: ^T is a transpose or a power


def in_sublanguage(latex: str, kw: dict) -> bool:
    if kw.get("vectors") or kw.get("matrices") or kw.get("symmetric") or kw.get("order"):
        return False
    toks = tokenize(latex)
    for i, t in enumerate(toks):
        if t.kind == "cmd" and t.text not in _CMDS:
            return False
        if t.kind == "letter" and t.text not in _LETTERS and not (t.text == "e" and i + 1 < len(toks)
                                                                  and toks[i + 1].is_op("^")):
            return False
        if t.kind == "num" and "." in t.text:
            return False
        if t.kind == "op" and t.text in "|[]'!&:;":
            return False
        if t.is_op("(") and i and (toks[i - 1].kind in ("letter", "num") or toks[i - 1].is_op("}")
                                   or toks[i - 1].text in _CMDS - {"left", "cdot", "exp", "sin", "cos", "ln"}):
            return False
        if t.kind == "num" and i + 1 < len(toks) and (toks[i + 1].is_cmd("frac") or toks[i + 1].is_op("(")):
            return False  # the library's mixed-number rule (see DIVERGENCES)
    return True


CORPUS = [(latex, kw) for latex, kw in TRUE if in_sublanguage(latex, kw)]


def test_the_corpus_sublanguage_is_not_empty() -> None:
    assert len(CORPUS) >= 20, len(CORPUS)


@pytest.mark.parametrize(("latex", "kw"), CORPUS, ids=[c[0][:40] for c in CORPUS])
def test_differential_on_corpus_claims(latex: str, kw: dict) -> None:
    sides, _ = split_relations(latex)
    nt = Notation()
    for side in sides:
        mine = nt.expression(side)
        other = theirs(side.text)
        assert same_math(mine, other), (side.text, mine, other)


def test_same_math_can_fail() -> None:
    """The comparison is not vacuous: it tells apart readings that differ anywhere we sample."""
    assert not same_math(ours(r"\sin 2x"), sp.Symbol("x") * sp.sin(2))
    assert not same_math(ours(r"(1 + x)^2"), theirs(r"1 + x^2"))
    assert not same_math(ours(r"\frac{1}{3}"), sp.Float(1 / 3))
    assert same_math(ours(r"\sqrt{x^2}"), theirs(r"\sqrt{x^2}"))

