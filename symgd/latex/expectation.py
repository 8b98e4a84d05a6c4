"""Expectations: ``\\mathbb{E}[X]``, ``E[v_t]``, ``\\mathbb{E}_{\\xi}[f(x, \\xi)]``, ``\\mathbb{E}_{x \\sim p_\\theta}[.]``,
read as a linear operator: sums and deterministic factors come out (``\\mathbb{E}[2X + c] = 2\\mathbb{E}[X] + c`` when c
is deterministic), what remains is an opaque :class:`symgd.core.symbols.Expectation` of the random part.

Which names are random (the rule is conservative: a factor comes out only when it is known not to be random):

- ``\\mathbb{E}_{\\xi}``, ``\\mathbb{E}_{\\xi, \\zeta}``: the subscript names the random variables; every name of their
  families (``\\xi_t``, and anything applied to them, ``f(x, \\xi)``) is random, every other name is fixed.
- ``\\mathbb{E}_{x \\sim p}``, ``\\mathbb{E}_{p(x | \\theta)}``: x is random; the other names of the subscript are
  parameters of the measure.  An expectation under a measure with parameters is kept with them
  (:class:`ExpectationUnder`) and is never differentiated in a parameter: ``\\nabla_\\theta`` does not commute with
  ``\\mathbb{E}_{p_\\theta}`` (the score-function term), so such a claim is refused, never proved.
- ``\\mathbb{E}[...]`` without a subscript: the names declared random (``random=["g"]``, ``--random g``) are; with
  none declared every name is possibly random, and only numbers (and other expectations) come out.

A sum with deterministic bounds commutes with the expectation (``\\mathbb{E}[\\sum_i u_i] = \\sum_i \\mathbb{E}[u_i]``,
finite sums); the bound variables are fixed.  An expectation of a vector or matrix (``\\mathbb{E}\\|g\\|^2``,
``\\mathbb{E}[g]``) is refused: no proof method models random vectors.  Every expectation written is assumed to exist."""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.tensor.array.expressions.arrayexpr_derivatives import array_derive

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.core.symbols import Expectation
from symgd.latex.cursor import Cursor
from symgd.latex.tokens import Tok

__all__ = ["ExpectationMixin", "ExpectationUnder", "Mean", "refuse_moving_measure"]

_MAX_EXPAND_OPS = 400  # larger arguments are split at their top-level sums and products only
_MAX_EXPAND_POWER = 8  # nor is a power of a sum above this expanded


class Mean(Expectation):
    """``\\mathbb{E}[u]`` as the notation builds it: E[c] = c for a number c.  So at a sample point (every name a
    number) each expectation is its value under point masses, the distributions that make every random name
    constant: a claim meant for all distributions that fails there is false, and refutation may say so.  The
    expectation of a nonnegative quantity is nonnegative (monotonicity); every expectation is assumed to exist."""

    @classmethod
    def eval(cls, arg: Any) -> Any:
        if isinstance(arg, sp.Expr) and arg.is_number:
            return arg
        return None

    def _eval_is_real(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_nonnegative else None

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_positive else None


class ExpectationUnder(Expectation):
    """``\\mathbb{E}_{x \\sim p_\\theta}[u]``: an expectation under a measure with parameters (a Tuple, second
    argument).  Linear, opaque, never differentiated in its parameters, and never evaluated at a sample point (a
    point mass need not belong to the family p_theta)."""

    nargs = 2

    def _eval_derivative_n_times(self, s: Any, n: Any) -> Any:  # SymPy's matrix calculus comes here (it gave 0)
        if self.args[1].has(s):
            raise ValueError("an expectation is not differentiated in a parameter of its measure")
        return super()._eval_derivative_n_times(s, n)

    def _eval_derivative(self, s: Any) -> Any:
        if self.args[1].has(s):
            raise ValueError("an expectation is not differentiated in a parameter of its measure")
        return super()._eval_derivative(s)

    def _latex(self, printer: Any) -> str:
        params = ", ".join(printer._print(a) for a in self.args[1])
        return r"\mathbb{E}_{(" + params + r")}\left[" + printer._print(self.args[0]) + r"\right]"


@array_derive.register(Expectation)
def _no_matrix_derivative(expr: Expectation, x: Any) -> Any:
    """SymPy's matrix calculus differentiates any unknown scalar as a constant (0): not an expectation of x."""
    if expr.has(x):
        raise ValueError("an expectation is not differentiated in a vector it involves")
    return array_derive.dispatch(sp.Expr)(expr, x)


def refuse_moving_measure(value: Any, pos: int) -> None:
    """A derivative of an expectation in a parameter of its measure (``\\frac{d}{d\\theta}\\mathbb{E}_{p_\\theta}``) is
    refused: moving it inside the expectation drops the score-function term (a classic erratum)."""
    for d in getattr(value, "atoms", lambda *_: ())(sp.Derivative):
        for e in d.expr.atoms(Expectation):
            if any(e.args[1:] and e.args[1].has(v) for v, _ in d.variable_count):
                raise BadInput("a derivative of an expectation in a parameter of its measure (\\nabla_\\theta "
                               "\\mathbb{E}_{p_\\theta}) does not commute with the expectation (the score-function "
                               "term) and is not supported", pos)
            if any(e.args[0].has(v) for v, _ in d.variable_count):  # SymPy would apply the chain rule to E
                raise BadInput("a derivative in a name inside an expectation that stays unevaluated: declare the "
                               "random names (--random g), or write \\mathbb{E}_{\\xi}, so that the expectation "
                               "takes the fixed names out", pos)


class ExpectationMixin(Cursor):
    """``\\mathbb{E}`` and ``E[...]`` (``expr``/``group``/``postfix``/``sub`` come from the parser)."""

    def expectation_letter(self) -> bool:
        """Is ``E[`` ahead an expectation?  Yes unless E is a value (an assumption on it) or a declared function."""
        t, nxt = self.peek(), self.peek(1)
        if not (t is not None and t.kind == "letter" and t.text == "E" and nxt is not None and nxt.is_op("[")
                and "E" not in self.nt.flags and not self.nt.is_function("E")):
            return False
        toks = self.toks
        if any(x.kind == "letter" and x.text == "E" and not (k + 1 < len(toks) and toks[k + 1].is_op("["))
               for k, x in enumerate(toks)):  # E[X] + E: an expectation and a value named E?
            raise BadInput("E[...] is read as an expectation, but E is also a value here: write \\mathbb{E}[...] for "
                           "the expectation and give the value another name, or write E \\cdot [...]", t.pos)
        return True

    def expectation(self, t: Tok) -> Any:
        """After ``\\mathbb{E}`` (or the letter E, consumed): the optional subscript and the bracketed argument."""
        random, params, named = None, (), False
        if (s := self.peek()) is not None and s.is_op("_"):
            self.next()
            sub = self.braced_tokens() if self.peek() is not None and self.peek().is_op("{") else [self.next()]
            random, params = self._measure(sub, t.pos)
            named = True
            ranged = [k for k in self.nt.flags if len(random) == 1 and not params and self.nt.base(k) in random]
            if ranged:  # E_\theta with 0 < theta < 1 stated: the expectation under p_theta, theta its parameter (a
                params = (self.nt.made.get(ranged[0]) or self.nt.symbol(ranged[0]),)  # stated range), not a random
                random, named = None, False  # variable; every other name may then be random
        elif self.nt.random:
            random = set(self.nt.random)
        p = self.peek()
        if p is not None and (p.is_cmd("|") or p.is_op("|")):
            raise BadInput("expectations of vector expressions (\\mathbb{E}\\|g\\|^2) are not supported: no proof method "
                           "models random vectors", t.pos)
        if p is None or not p.is_op("[", "("):
            raise BadInput("\\mathbb{E} needs a bracketed argument: \\mathbb{E}[X]", t.pos)
        self._refuse_conditional(t)
        arg = self.group("[", "]") if p.is_op("[") else self.group("(", ")")
        if named and not _random_symbols(arg, random, frozenset(), self.nt):  # \mathbb{E}_t[g_t]: given step t?
            raise BadInput("the subscript of \\mathbb{E} names no random variable of its argument (a conditional "
                           "expectation given step t, \\mathbb{E}_t?): write the random variable, \\mathbb{E}_{\\xi_t}"
                           "[...], or declare the random names (--random g) and write \\mathbb{E}[...]", t.pos)
        if is_matrix(arg):
            raise BadInput("expectations of vectors or matrices (\\mathbb{E}[g], \\mathbb{E}\\|g\\|^2) are not "
                           "supported: no proof method models random vectors", t.pos)
        return _linear(arg, random, params, frozenset(), self.nt)

    def _refuse_conditional(self, t: Tok) -> None:
        """``\\mathbb{E}[X | Y]``, ``\\mathbb{E}[X \\mid Y]``: a conditional expectation (a random variable) is refused."""
        depth, bars = 0, 0
        for x in self.toks[self.i :]:
            depth += x.is_op("[", "(", "{") - x.is_op("]", ")", "}")
            if depth == 0:
                break
            if depth == 1 and x.is_cmd("mid"):
                bars = 1
                break
            bars += depth == 1 and x.is_op("|")
        if bars % 2:
            raise BadInput("conditional expectations (\\mathbb{E}[X | Y], \\mathbb{E}[X \\mid Y]) are not supported: "
                           "they are random variables, not numbers", t.pos)

    def _measure(self, sub: list[Tok], pos: int) -> tuple[set[str], tuple]:
        """The random names and the parameters of ``\\mathbb{E}_{...}``."""
        def names(toks: list[Tok]) -> list[str]:
            out, part = [], []
            for x in [*toks, Tok("op", ",", pos)]:
                if x.is_op(","):
                    name = self.nt.name_of(part) if part else None
                    if name is None:
                        raise BadInput("cannot read the subscript of \\mathbb{E}: write \\mathbb{E}_{\\xi}[...], "
                                       "\\mathbb{E}_{x \\sim p}[...] or \\mathbb{E}_{p(x | \\theta)}[...]", pos)
                    out.append(name)
                    part = []
                else:
                    part.append(x)
            return out

        sim = next((k for k, x in enumerate(sub) if x.is_cmd("sim")), None)
        if sim is not None:
            random, rest = names(sub[:sim]), sub[sim + 1 :]
        elif all(x.kind in ("letter", "cmd", "num") or x.is_op(",", "_", "{", "}", "^") for x in sub) and not any(
                x.is_cmd("mid") for x in sub):
            return {self.nt.base(n) for n in names(sub)}, ()
        else:  # p(x | \theta), p_\theta(x): the names before the bar inside the parentheses are random
            bar = next((k for k, x in enumerate(sub) if x.is_op("|") or x.is_cmd("mid")), None)
            open_ = next((k for k, x in enumerate(sub) if x.is_op("(")), None)
            if open_ is None or (bar is not None and bar < open_):
                raise BadInput("cannot read the subscript of \\mathbb{E}: write \\mathbb{E}_{\\xi}[...], "
                               "\\mathbb{E}_{x \\sim p}[...] or \\mathbb{E}_{p(x | \\theta)}[...]", pos)
            close = bar if bar is not None else next((k for k, x in enumerate(sub) if x.is_op(")")), len(sub))
            random, rest = names(sub[open_ + 1 : close]), [*sub[:open_], *sub[close:]]
        params = []
        for k, x in enumerate(rest):  # every name of the measure's description: its parameters
            if (x.kind == "letter" or (x.kind == "cmd" and x.text.isalpha() and len(x.text) > 1)) and not (
                    k > 0 and rest[k - 1].is_op("_")) and x.text not in ("sim", "mid", "mathcal", "left", "right"):
                name = x.text if x.kind == "letter" else "\\" + x.text
                if name not in random:
                    params.append(name)
            elif k > 0 and rest[k - 1].is_op("_") and (x.kind == "letter" or x.kind == "cmd"):
                params.append(x.text if x.kind == "letter" else "\\" + x.text)  # p_\theta: theta
        made = tuple(dict.fromkeys(self.nt.made.get(n) or self.nt.symbol(n) for n in params))
        return {self.nt.base(n) for n in random}, made


def _random_symbols(expr: Any, random: set[str] | None, fixed: frozenset, nt: Any) -> bool:
    """Does ``expr`` involve a possibly random name (outside other expectations)?"""
    if isinstance(expr, Expectation):
        return False
    if isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        if expr in fixed:
            return False
        return random is None or nt.base(expr.name) in random or any(
            nt.base(part.strip()) in random for part in expr.name.replace("(", ",").replace(")", ",").split(","))
    if isinstance(expr, AppliedUndef) and (random is None or nt.base(type(expr).__name__) in random):
        return True  # g(i), a member of the family g summed to a bound (symgd.latex.symbolic_families)
    if isinstance(expr, sp.Sum):
        inner = fixed | {v for v, *_ in expr.limits}
        return _random_symbols(expr.function, random, inner, nt) or any(
            _random_symbols(b, random, fixed, nt) for _, *bounds in expr.limits for b in bounds)
    return any(_random_symbols(a, random, fixed, nt) for a in expr.args if isinstance(a, sp.Basic))


def _linear(arg: Any, random: set[str] | None, params: tuple, fixed: frozenset, nt: Any) -> Any:
    """E[arg] by linearity: deterministic factors out, finite sums with fixed bounds swapped, the rest opaque."""
    if sp.count_ops(arg) <= _MAX_EXPAND_OPS and not any(  # (X + Y + Z)^{50} would expand to 1326 terms
            isinstance(p.base, sp.Add) and p.exp.is_Integer and abs(p.exp) > _MAX_EXPAND_POWER for p in arg.atoms(sp.Pow)):
        arg = sp.expand(arg)
    out = sp.Integer(0)
    for term in sp.Add.make_args(arg):
        fixed_part, rand_part = [], []
        for f in sp.Mul.make_args(term):
            (rand_part if _random_symbols(f, random, fixed, nt) else fixed_part).append(f)
        c, rest = sp.Mul(*fixed_part), sp.Mul(*rand_part)
        if rest == 1:
            out += c
        elif isinstance(rest, sp.Sum) and not any(_random_symbols(b, random, fixed, nt)
                                                  for _, *bounds in rest.limits for b in bounds):
            inner = fixed | {v for v, *_ in rest.limits}
            out += c * sp.Sum(_linear(rest.function, random, params, inner, nt), *rest.limits)
        else:
            out += c * (ExpectationUnder(rest, sp.Tuple(*params)) if params else Mean(rest))
    return out
