"""Series and limits in the parser: sums and products (families g_i written out, infinite ranges), limits
``\\lim_{x \\to a}``, and ``\\max``/``\\min`` of finitely many scalars."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.decide.iterates import FamilyExtremum, FamilySum, MinOver
from symgd.latex.coordinates import Entry, coordinate_sum, entry_placeholder, indexed, placeholders_in
from symgd.latex.opnorm import OpNormMixin
from symgd.latex.shapes import as_scalar
from symgd.latex.tokens import Tok, after_group
from symgd.latex.vocabulary import FONT

__all__ = ["Lim", "SeriesMixin"]

_WORDS = (FONT - {"mathbf", "boldsymbol", "bm"}) | {"mathbb", "mathcal", "begin", "end"}


class Lim(sp.Limit):
    """A limit written in a claim (``\\lim_{x \\to a}``): SymPy's ``Limit``, as a class of its own so that the
    whitelist can tell it from a Limit the notation layer did not build."""



def _is_index(t: Tok, name: str) -> bool:
    return (t.kind == "letter" and t.text == name) or (t.kind == "cmd" and "\\" + t.text == name)



def _family_members(toks: list[Tok], index: str) -> bool:
    """Does a name carry the index in its subscript (``g_i``, ``x_{i+1}``) or its label (``x^{(i)}``)?"""
    for k, t in enumerate(toks[:-1]):
        if t.is_op("_") or (t.is_op("^") and k + 2 < len(toks) and toks[k + 1].is_op("{") and toks[k + 2].is_op("(")):
            nxt = toks[k + 1]
            if _is_index(nxt, index):
                return True
            if nxt.is_op("{"):
                depth = 0
                for x in toks[k + 1 :]:
                    depth += x.is_op("{") - x.is_op("}")
                    if depth == 0:
                        break
                    if _is_index(x, index):
                        return True
    return False


def _applied_at(what: Any, nt: Any) -> tuple[str, Any] | None:
    """``f(\\theta_0)`` with a vector argument (the parser's opaque scalar ``Symbol('f(\\theta_{0})')``): the
    function's name and the vector, else None."""
    m = re.fullmatch(r"(.+?)\((.+)\)", what.name) if isinstance(what, sp.Symbol) else None
    if m is None or nt.made.get(m.group(0)) is not what:
        return None
    point = nt.made.get(m.group(2))
    return (m.group(1), point) if isinstance(point, sp.MatrixSymbol) and point.shape[1] == 1 else None


def _member_symbol(sym: Any, index: str) -> bool:
    """Is ``sym`` one symbol named as a member of a family by the index (``g_{i}``, ``x^{(i)}``)?"""
    label = re.search(r"\^\{\((.+)\)\}", getattr(sym, "name", ""))
    return indexed(sym, index) or (label is not None and re.search(
        rf"(?<![A-Za-z\\]){re.escape(index)}(?![A-Za-z])", label.group(1)) is not None)


class SeriesMixin(OpNormMixin):
    """Sums, products, limits, extrema (``expr``/``postfix``/``script``/``product_rest`` come from the parser)."""

    def big_operator(self) -> Any:
        """``\\sum_{j=a}^{b} u_j``, ``\\sum_{k \\ge 0} u_k`` (to infinity), ``\\prod``: the summand is the rest of
        the product.  A name subscripted by the index (``g_i``) is a member of the family g_1, g_2, ...: with
        numeric bounds the sum is written out term by term; with symbolic bounds it is refused."""
        t = self.next()
        sub = self.peek()
        if sub is None or not sub.is_op("_"):
            raise BadInput(f"\\{t.text} needs its range: \\{t.text}_{{j=1}}^{{t}}", t.pos)
        self.next()
        inner = self.braced_tokens() if self.peek() is not None and self.peek().is_op("{") else [self.next()]
        cut = next((k for k, x in enumerate(inner) if x.is_op("=") or x.is_cmd("ge", "geq")), None)
        if cut is None:  # \sum_i x_i y_i: over the coordinates of vectors
            index_p = self.sub(inner)
            index = index_p.primary(single=True)
            got = None
            if t.text == "sum" and index_p.peek() is None and isinstance(index, sp.Symbol):
                got = self._over_coordinates(t, index, self.nt.dim)
            if got is None:
                raise BadInput(f"\\{t.text} over unnamed coordinates (\\{t.text}_i) is understood only for the "
                               f"coordinates of vectors (\\sum_i x_i y_i): write the range (\\{t.text}_{{i=1}}^{{n}})",
                               t.pos)
            return got
        index_p = self.sub(inner[:cut])
        index = index_p.primary(single=True)
        lower_p = self.sub(inner[cut + 1 :])
        lower = lower_p.expr() if inner[cut + 1 :] else None
        if index_p.peek() is not None or not isinstance(index, sp.Symbol) or lower is None or lower_p.peek() is not None:
            raise BadInput(f"cannot read the range of \\{t.text}", t.pos)
        sup = self.peek()
        if inner[cut].kind == "cmd":  # \sum_{k \ge 0}: to infinity
            if sup is not None and sup.is_op("^"):
                raise BadInput(f"\\{t.text}_{{k \\ge a}} runs to infinity; it takes no upper bound", sup.pos)
            upper: Any = sp.oo
        elif sup is None or not sup.is_op("^"):
            raise BadInput(f"\\{t.text} needs a range like \\{t.text}_{{j=1}}^{{t}}", t.pos)
        else:
            self.next()
            upper = self._infinity() or self.script()
        if self.peek() is None or not self.starts_operand(self.peek()):
            raise BadInput(f"\\{t.text} needs a summand", t.pos)
        if t.text == "sum" and lower == 1 and isinstance(upper, sp.Basic) and (
                upper == self.nt.dim or (isinstance(upper, sp.Symbol) and upper.name == self.nt.dim_name)
                or (isinstance(upper, sp.Symbol) and upper.name == str(self.nt.dim))):
            got = self._over_coordinates(t, index, upper if upper == self.nt.dim else None)
            if got is not None:
                return got
        start = self.i
        try:
            body = self.term()  # the whole product/quotient: \sum_{t=1}^{T} 1/t is the sum of 1/t
        except BadInput:
            if self._vector_member(start, index.name):  # \sum_{i=1}^{k} x_i^2, x a vector: coordinates or members?
                raise BadInput(f"x_{index.name} of a vector x under this \\{t.text}: it is a coordinate when the sum runs "
                               f"over every coordinate (\\sum_{index.name}, or from 1 to the declared size: x \\in "
                               f"\\mathbb{{R}}^n), a member of the family x_1, x_2, ... otherwise", t.pos) from None
            raise
        body = as_scalar(body, "a summand", t.pos) if is_matrix(body) and body.shape == (1, 1) else body
        if self._matrix_entry(start, index.name):  # \sum_{i=1}^{3} H_{ii}: entries or members H_{11}, H_{22}?
            raise BadInput(f"H_{{{index.name}{index.name}}} of a matrix H under this \\{t.text}: entries when the sum "
                           f"runs over every coordinate (\\sum_{index.name}, or from 1 to the declared size), members "
                           "of a family of matrices otherwise: write the range or the members", t.pos)
        if any(is_matrix(v) for v in (lower, upper, body)):
            raise BadInput(f"\\{t.text} of vectors or matrices is not supported", t.pos)
        numeric = lower.is_Integer and upper.is_Integer
        if _family_members(self.toks[start : self.i], index.name) and (numeric or any(
                _member_symbol(s, index.name) for s in body.free_symbols)):  # g_i not a function of i: written out
            got = None if numeric else self._telescoped(t, self.toks[start : self.i], index, lower, upper)
            if got is None and not numeric and t.text == "sum":  # a sum over iterates: symgd.decide.iterates
                self._index_not_after(t, index.name)
                j = sp.Symbol(index.name, integer=True)
                return FamilySum(as_scalar(body, "a summand", t.pos).xreplace({index: j}), j, lower, upper)
            got = got if got is not None else self._written_out(t, self.toks[start : self.i], index, lower, upper)
            self._index_not_after(t, index.name)
            return got
        self._index_not_after(t, index.name)
        j = sp.Symbol(index.name, integer=True)
        body = body.xreplace({index: j})
        return (sp.Sum if t.text == "sum" else sp.Product)(body, (j, lower, upper))

    def _over_coordinates(self, t: Tok, index: sp.Symbol, count: Any) -> Any:
        """The sum over the coordinates (``x_i`` of a vector x, ``H_{ij}`` of a matrix H, i the index) as a vector
        expression (:mod:`symgd.latex.coordinates`); None, with nothing consumed, when the summand has no
        entry with the index.  ``count``: the number of terms when the range is the size of the vectors (None
        when it is only spelt like it: a constant term is then refused)."""
        nt = self.nt
        saved, start = nt.coordinate_scope, self.i
        nt.coordinate_scope = (*saved, index.name)
        try:
            body = self.term()
        finally:
            nt.coordinate_scope = saved
        if not any(nt.coordinates[c].slots(index.name) for c in placeholders_in(body, nt)):
            self.i = start
            return None
        self._index_not_after(t, index.name)
        return coordinate_sum(body, nt, index, count, t.pos)

    def _index_not_after(self, t: Tok, index: str, what: str = "index") -> None:
        """Refuse the bound index used after its sum on this side (``\\sum_i a_i + b_i``: the summand ends at the +,
        so b_i would silently be another name); a later sum that binds the index again ends the scan."""
        toks, k = self.toks, self.i
        while k < len(toks):
            x = toks[k]
            if x.kind == "cmd" and x.text in _WORDS and k + 1 < len(toks) and toks[k + 1].is_op("{"):
                k = after_group(toks, k + 1)  # \mathrm{if}, \text{...}: letters of a word
                continue
            if x.is_cmd("sum", "prod") and k + 2 < len(toks) and toks[k + 1].is_op("_") and (
                    _is_index(toks[k + 2], index) or (toks[k + 2].is_op("{") and k + 3 < len(toks)
                                                      and _is_index(toks[k + 3], index))):
                return
            if _is_index(x, index) and not (x.text == "T" and k > 0 and toks[k - 1].is_op("^")):
                raise BadInput(f"the {what} {index} is used outside its \\{t.text}: put what \\{t.text} "
                               f"applies to in parentheses (\\{t.text}_{{...}} (a + b)), or rename the {what}", x.pos)
            k += 1

    def coordinate_derivative(self, what: Any, variables: list[tuple[Any, int]], pos: int) -> Any:
        """``\\frac{\\partial f(\\theta)}{\\partial \\theta_i}`` (theta a vector, i an index): the i-th coordinate of
        the gradient; ``\\frac{\\partial^2 f(\\theta)}{\\partial \\theta_i \\partial \\theta_j}`` the (i, j) entry of
        the Hessian.  ``f`` is applied to theta or a member of its family (theta_0: the derivative at theta_0); a
        scalar expression in theta is differentiated by matrix calculus (first order only)."""
        nt = self.nt
        entries = [nt.coordinates.get(v) for v, k in variables for _ in range(k)]
        if any(e is None or e.col is not None or e.obj.shape[1] != 1 for e in entries) or len(
                {e.obj for e in entries}) != 1:
            raise BadInput("a derivative by coordinates is by coordinates of one vector (\\partial \\theta_i)", pos)
        vec, order = entries[0].obj, len(entries)
        if order > 2:
            raise BadInput("derivatives by coordinates are understood up to the second order", pos)
        if isinstance(what, AppliedUndef) and what.args == (variables[0][0],):  # d R(theta) / d theta_j: frac's wrap
            what = nt.made.get(type(what).__name__, what)
        if placeholders_in(what, nt):
            raise BadInput("the derivative of an expression in coordinates is not understood: write it for the "
                           "vector (\\nabla_x)", pos)
        point = _applied_at(what, nt)
        if point is not None and nt.base(point[1].name) == nt.base(vec.name) and point[1].shape == vec.shape:
            obj = self.derivative_of(point[0], point[1], order, pos)
        elif order == 1 and is_matrix(what) and what.shape == (1, 1):
            obj = self.gradient_in(what, vec, pos)
        else:
            raise BadInput(f"\\partial by the coordinate {entries[0].row} of {vec.name} is understood for a function of "
                           f"{vec.name} (f({vec.name})) or a scalar expression in it (first order)", pos)
        rows = [e.row for e in entries]
        return entry_placeholder(nt, Entry(obj, rows[0], rows[1] if order == 2 else None))

    def _vector_member(self, start: int, index: str) -> bool:
        """Is there a vector's name subscripted by the index among the tokens from ``start``?"""
        toks = self.toks
        for k in range(start, len(toks) - 2):
            t = toks[k]
            named = t.kind == "letter" or (t.kind == "cmd" and t.text.isalpha())
            if named and toks[k + 1].is_op("_") and self.nt.kind(t.text) == "vector" and (
                    _is_index(toks[k + 2], index) or _family_members(toks[k + 1 : k + 6], index)):
                return True
        return False

    def _matrix_entry(self, start: int, index: str) -> bool:
        """Is there a declared matrix subscripted by two letters, one the index, from ``start`` to here?"""
        toks = self.toks
        for k in range(start, min(self.i, len(toks) - 4)):
            t = toks[k]
            named = t.kind == "letter" or (t.kind == "cmd" and t.text.isalpha())
            if named and self.nt.kind(t.text) == "matrix" and toks[k + 1].is_op("_") and toks[k + 2].is_op("{"):
                inner = toks[k + 3 : k + 6]
                letters = [x.text for x in inner if x.kind == "letter"]
                if len(letters) == 2 and index in letters and (inner[2].is_op("}") or (len(inner) == 3 and
                                                                                       toks[k + 6].is_op("}"))):
                    return True
        return False

    def limit(self) -> Any:
        """``\\lim_{x \\to a} u`` (``a``: an expression, ``\\infty``, ``0^+``, ``0^-``): the limit of the rest of
        the product, as SymPy's ``Limit``."""
        t = self.next()
        if not (self.peek() and self.peek().is_op("_")):
            raise BadInput("\\lim needs its variable and point: \\lim_{x \\to 0}", t.pos)
        self.next()
        inner = self.braced_tokens() if self.peek() and self.peek().is_op("{") else [self.next()]
        arrow = next((k for k, x in enumerate(inner) if x.is_cmd("to", "rightarrow")), None)
        if arrow is None:
            raise BadInput("\\lim needs its variable and point: \\lim_{x \\to 0}", t.pos)
        var_p = self.sub(inner[:arrow])
        var = var_p.primary(single=True) if inner[:arrow] else None
        if var_p.peek() is not None or not isinstance(var, sp.Symbol):
            raise BadInput("\\lim is over one scalar name", t.pos)
        point = inner[arrow + 1 :]
        direction = "+-"
        if len(point) >= 2 and point[-2].is_op("^") and point[-1].is_op("+", "-"):
            direction, point = point[-1].text, point[:-2]
        elif len(point) >= 4 and point[-4].is_op("^") and point[-3].is_op("{") and point[-1].is_op("}"):
            if point[-2].is_op("+", "-"):
                direction, point = point[-2].text, point[:-4]
        text = "".join(x.text for x in point)
        if text in ("infty", "+infty", "-infty"):
            value: Any = -sp.oo if text.startswith("-") else sp.oo
            direction = "-" if value == sp.oo else "+"
        else:
            p = self.sub(point)
            value = p.expr() if point else None
            if value is None or p.peek() is not None or is_matrix(value):
                raise BadInput("cannot read the point of \\lim", t.pos)
        if self.peek() is None or not self.starts_operand(self.peek()):
            raise BadInput("\\lim needs an expression", t.pos)
        body = self.term()  # the whole product/quotient: \\lim_{t \\to \\infty} 1/t is the limit of 1/t
        if is_matrix(body):
            raise BadInput("limits of vectors or matrices are not supported", t.pos)
        self._index_not_after(t, var.name, "variable")
        return Lim(body, var, value, direction)

    def extremum(self) -> Any:
        """``\\max(a, b)``, ``\\min\\{a, b\\}``: of finitely many scalars; ``\\min_{t < T}`` is refused."""
        t = self.next()
        p = self.peek()
        if p is not None and p.is_op("_"):  # \max_{x \ne 0} \frac{\|Ax\|}{\|x\|}: symgd.latex.opnorm
            self.next()
            sub = self.braced_tokens() if self.peek() is not None and self.peek().is_op("{") else [self.next()]
            over = self._over_iterates(t, sub)
            over = over if over is not None else self._over_interval(t, sub)
            over = over if over is not None else self._over_finite_set(t, sub)
            return over if over is not None else self.extremum_over_vectors(t, sub)
        if p is not None and p.is_cmd("{"):
            self.toks[self.i] = Tok("op", "(", p.pos)  # \\{a, b\\}: read as (a, b)
            depth = 0
            for j in range(self.i, len(self.toks)):
                x = self.toks[j]  # \{ \} count too: \max\{0, \min\{1, x\}\} closes at the outer \}
                depth += (x.is_op("(", "[", "{") or x.is_cmd("{")) - (x.is_op(")", "]", "}") or x.is_cmd("}"))
                if depth == 0 and x.is_cmd("}"):
                    self.toks[j] = Tok("op", ")", self.toks[j].pos)
                    break
        if self.peek() is not None and not self.peek().is_op("(") and self.starts_operand(self.peek()):
            return self.extremum_of_ratio(t)  # \max \|Ax\| / \|x\|: over x \ne 0 (symgd.latex.opnorm)
        if self.peek() is None or not self.peek().is_op("("):
            raise BadInput(f"\\{t.text} needs its arguments: \\{t.text}(a, b)", t.pos)
        args = [as_scalar(a, "an argument", t.pos) if is_matrix(a) and a.shape == (1, 1) else a
                for a in self.args()]  # \min(\|g\|^2, c\|g\|): numbers, a norm's square a 1x1 form
        if any(is_matrix(a) for a in args):
            raise BadInput(f"\\{t.text} of vectors or matrices is not supported", t.pos)
        sign = 1 if t.text == "max" else -1  # max(a, b) = (a + b + |a - b|)/2: only nodes the notation builds
        out = args[0]
        for a in args[1:]:
            out = (out + a + sign * sp.Abs(out - a)) / 2
        return out

    def _over_iterates(self, t: Tok, sub: list[Tok]) -> Any:
        """``\\min_{0 \\le k < K} a_k``, ``\\max_{k = 1, \\dots, K} a_k``, ``\\min_{k \\in \\{0, \\dots, K-1\\}}``: over the
        members of a family (:class:`~symgd.decide.iterates.FamilyExtremum`); ``\\min_{\\eta > 0} g`` of an
        expression in eta (:class:`~symgd.decide.iterates.MinOver`).  None (nothing consumed) for other subscripts."""
        got = _index_range(sub)
        if got is None:
            return self._min_over_halfline(t, sub)
        letter, lo_toks, lo_strict, hi_toks, hi_strict = got
        lo_p, hi_p = self.sub(lo_toks), self.sub(hi_toks)
        lo, hi = lo_p.expr(), hi_p.expr()
        if lo_p.peek() is not None or hi_p.peek() is not None or is_matrix(lo) or is_matrix(hi):
            raise BadInput(f"cannot read the range of \\{t.text}", t.pos)
        lo, hi = lo + (1 if lo_strict else 0), hi - (1 if hi_strict else 0)
        if self.peek() is None or not self.starts_operand(self.peek()):
            raise BadInput(f"\\{t.text} needs an expression", t.pos)
        body = self.term()  # members of a family (f(x_k)), an expression in the index, or a constant
        if letter:
            self._index_not_after(t, letter)
        j = sp.Symbol(letter or "_k", integer=True)
        body = as_scalar(body, "an extremum's argument", t.pos)
        body = body.xreplace({s: j for s in body.free_symbols if getattr(s, "name", "") == letter})
        return FamilyExtremum(body, j, lo, hi, sp.Integer(0 if t.text == "min" else 1))

    def _over_interval(self, t: Tok, sub: list[Tok]) -> Any:
        """``\\max_{\\lambda \\in [\\mu, L]} |1 - \\eta\\lambda|``: the maximum over an interval of a function convex in
        the variable (affine, or the absolute value of an affine expression, times factors free of it and known
        nonnegative) is its larger value at the two ends; a minimum, of an affine one only.  None (nothing consumed)
        for other subscripts; refused for other bodies."""
        if len(sub) < 7 or not sub[1].is_cmd("in") or not sub[2].is_op("[") or not sub[-1].is_op("]"):
            return None
        if not (sub[0].kind == "letter" or (sub[0].kind == "cmd" and sub[0].text.isalpha())):
            return None
        inner, depth, comma = sub[3:-1], 0, None
        for k, x in enumerate(inner):
            depth += x.is_op("(", "[", "{") - x.is_op(")", "]", "}")
            if depth == 0 and x.is_op(","):
                comma = k if comma is None else -1
        if comma is None or comma < 0:
            return None
        var_p, lo_p, hi_p = self.sub(sub[:1]), self.sub(inner[:comma]), self.sub(inner[comma + 1:])
        var, lo, hi = var_p.primary(single=True), lo_p.expr(), hi_p.expr()
        if (not isinstance(var, sp.Symbol) or lo_p.peek() is not None or hi_p.peek() is not None or is_matrix(lo)
                or is_matrix(hi) or lo.has(var) or hi.has(var)):
            return None
        if self.peek() is None or not self.starts_operand(self.peek()):
            raise BadInput(f"\\{t.text} needs an expression", t.pos)
        body = as_scalar(self.term(), "an extremum's argument", t.pos)
        self._index_not_after(t, var.name, "variable")

        def affine(e: Any) -> bool:
            return e.is_polynomial(var) and sp.degree(sp.expand(e), var) <= 1

        def convex(e: Any) -> bool:  # affine, |affine|, and their sums and nonnegative multiples
            if affine(e) or (isinstance(e, sp.Abs) and affine(e.args[0])):
                return True
            if isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp >= 1 and (  # (1 - \eta\lambda)^2, |a\lambda + b|^3
                    (e.exp % 2 == 0 and affine(e.base)) or (isinstance(e.base, sp.Abs) and affine(e.base.args[0]))):
                return True
            if isinstance(e, sp.Add):
                return all(convex(a) for a in e.args)
            if isinstance(e, sp.Mul):
                free = [a for a in e.args if not a.has(var)]
                rest = [a for a in e.args if a.has(var)]
                return len(rest) == 1 and sp.Mul(*free).is_nonnegative is True and convex(rest[0])
            return False

        if not (affine(body) if t.text == "min" else convex(body)):
            raise BadInput(f"\\{t.text} over an interval is understood for an expression {'affine' if t.text == 'min' else 'convex'}"
                           f" in {var} (its value at an end of the interval)", t.pos)
        if sp.simplify(hi - lo).is_nonnegative is not True and not self._stated_order(lo, hi):  # [\\mu, L], mu <= L
            # not known here: max(f(mu), f(L))
            raise BadInput(f"\\{t.text} over [{lo}, {hi}]: its ends are not known to be in order", t.pos)  # would
        a, b = body.xreplace({var: lo}), body.xreplace({var: hi})  # refute at mu > L what the text means for mu <= L
        sign = 1 if t.text == "max" else -1
        return (a + b + sign * sp.Abs(a - b)) / 2

    def _stated_order(self, lo: Any, hi: Any) -> bool:
        """Does an assumption state ``lo <= hi`` (``\\mu \\le L``, ``0 < \\mu < L``) as written?"""
        for h in getattr(self.nt, "stated", ()):
            if isinstance(h, (sp.Le, sp.Lt)):
                a, b = h.lhs, h.rhs
            elif isinstance(h, (sp.Ge, sp.Gt)):
                a, b = h.rhs, h.lhs
            else:
                continue
            if sp.expand((b - a) - (hi - lo)) == 0:
                return True
        return False

    def _over_finite_set(self, t: Tok, sub: list[Tok]) -> Any:
        """``\\max_{\\lambda \\in \\{\\mu, L\\}} |1 - \\eta\\lambda|``: over a set of finitely many values written out,
        the extremum of the body at each (one meaning, no order of the values needed).  None (nothing consumed) for
        other subscripts."""
        if len(sub) < 5 or not sub[1].is_cmd("in") or not sub[2].is_cmd("{") or not sub[-1].is_cmd("}"):
            return None
        if not (sub[0].kind == "letter" or (sub[0].kind == "cmd" and sub[0].text.isalpha())):
            return None
        inner, depth, cuts = sub[3:-1], 0, [-1]
        for k, x in enumerate(inner):
            depth += (x.is_op("(", "[", "{") or x.is_cmd("{")) - (x.is_op(")", "]", "}") or x.is_cmd("}"))
            if depth == 0 and x.is_op(","):
                cuts.append(k)
        pieces = [inner[a + 1: b] for a, b in zip(cuts, [*cuts[1:], len(inner)], strict=True)]
        if any(not p or any(x.is_cmd("dots", "ldots", "cdots") for x in p) for p in pieces):
            return None  # \{1, \dots, n\}: a range, not values written out
        var_p = self.sub(sub[:1])
        var = var_p.primary(single=True)
        values = []
        for piece in pieces:
            vp = self.sub(piece)
            v = vp.expr()
            if vp.peek() is not None or is_matrix(v) or not isinstance(var, sp.Symbol) or v.has(var):
                return None
            values.append(v)
        if self.peek() is None or not self.starts_operand(self.peek()):
            raise BadInput(f"\\{t.text} needs an expression", t.pos)
        body = as_scalar(self.term(), "an extremum's argument", t.pos)
        self._index_not_after(t, var.name, "variable")
        own = re.compile(r"(?<![A-Za-z\\])" + re.escape(var.name) + r"(?![A-Za-z])")
        names = [str(s) for s in body.free_symbols if s != var] + [type(f).__name__ for f in body.atoms(AppliedUndef)]
        if any(own.search(n) for n in names):  # \max_{i \in \{1, 2\}} a_i: members of a family, not values
            raise BadInput(f"\\{t.text} over values written out of an expression whose names carry {var.name} "
                           f"(a_{var.name}): write the members out, \\{t.text}(a_1, a_2)", t.pos)
        sign = 1 if t.text == "max" else -1  # max(a, b) = (a + b + |a - b|)/2, as \max(a, b) is read
        out = body.xreplace({var: values[0]})
        for v in values[1:]:
            a = body.xreplace({var: v})
            out = (out + a + sign * sp.Abs(out - a)) / 2
        return out

    def _min_over_halfline(self, t: Tok, sub: list[Tok]) -> Any:
        """``\\min_{\\eta > 0} g(\\eta)`` (a name, then > or \\gt, then a bound): a MinOver; None otherwise."""
        if t.text != "min" or len(sub) < 3 or not (sub[1].is_op(">") or sub[1].is_cmd("gt")):
            return None
        if not (sub[0].kind == "letter" or (sub[0].kind == "cmd" and sub[0].text.isalpha())):
            return None
        var_p, bound_p = self.sub(sub[:1]), self.sub(sub[2:])
        var, bound = var_p.primary(single=True), bound_p.expr()
        if not isinstance(var, sp.Symbol) or bound_p.peek() is not None or is_matrix(bound) or bound.has(var):
            return None
        if self.peek() is None or not self.starts_operand(self.peek()):
            raise BadInput(f"\\{t.text} needs an expression", t.pos)
        body = self.term()
        if is_matrix(body) or not body.has(var):
            raise BadInput(f"\\min over {var} of an expression without {var} (or of a vector) is not understood", t.pos)
        self._index_not_after(t, var.name, "variable")
        return MinOver(body, var, bound)

    def infinity_operand(self) -> Any:
        """``\\infty`` where an operand is expected (not a bound): refused in one line.  As a whole side it is a
        convergence claim (``\\sum_{t=1}^{\\infty} \\eta_t^2 < \\infty``), which symgd does not decide (a comparison
        with SymPy's infinity would be read as a value); its value can be checked instead."""
        t = self.next()
        if self.i == 1 and self.peek() is None:
            raise BadInput("\\infty as a side (a convergence claim, \\sum_{t=1}^{\\infty} a_t < \\infty) is not decided: "
                           "check the series' value instead (\\sum_{t=1}^{\\infty} 1/t^2 = \\pi^2/6)", t.pos)
        raise BadInput("\\infty is understood only as a bound (\\sum_{k=0}^{\\infty}, \\int_0^{\\infty}, "
                       "\\lim_{t \\to \\infty})", t.pos)

    def _infinity(self) -> Any:
        """``^\\infty`` / ``^{\\infty}`` / ``^{+\\infty}`` (consumed): infinity, else None."""
        for width, texts in ((1, ("infty",)), (3, ("{", "infty", "}")), (4, ("{", "+", "infty", "}"))):
            toks = self.toks[self.i : self.i + width]
            if tuple(x.text for x in toks) == texts:
                self.i += width
                return sp.oo
        return None

    def _telescoped(self, t: Tok, body: list[Tok], index: sp.Symbol, lower: Any, upper: Any) -> Any:
        """A sum over a family with symbolic bounds whose terms cancel in pairs (``\\sum_{i=0}^{k-1} (\\|x_i - x^\\star\\|^2
        - \\|x_{i+1} - x^\\star\\|^2)``): each additive term of the summand is one template at a shifted index, and
        when SymPy's summation leaves no sum, the value is the templates read at the end indices.  None otherwise
        (the caller refuses): nothing is left as an opaque sum of members."""
        if t.text != "sum":
            return None
        toks = _unwrapped(body)
        j = sp.Dummy("j", integer=True)
        shapes: dict[tuple, Any] = {}  # template key -> (function, term tokens, offset)
        total: Any = sp.Integer(0)
        for sign, term in _additive_terms(toks):
            groups = _index_groups(term, index.name)
            if not groups:
                return None  # a term without the family: the sum is no telescoping pair
            offsets = set()
            for _, _, content in groups:
                at0 = self.sub([Tok("num", "0", x.pos) if _is_index(x, index.name) else x for x in content]).expr()
                offsets.add(at0)
            if len(offsets) != 1 or not next(iter(offsets)).is_Integer:
                return None
            c = next(iter(offsets))
            key = tuple(x.text for x in term if not any(a <= k < b for a, b, _ in groups for k in [term.index(x)]))
            key = (key, tuple(str(sp.expand(self.sub(content).expr() - c)) for _, _, content in groups))
            f = shapes.setdefault(key, (sp.Function(f"T_{len(shapes)}"), term, c, groups))[0]
            total += sign * f(j + c)
        value = sp.Sum(total, (j, lower, upper)).doit()
        if value.has(sp.Sum):
            return None
        reps = {}
        for f, term, c, groups in shapes.values():
            for app in value.atoms(f):
                at = app.args[0] - c
                reps[app] = as_scalar(self._term_at(term, groups, index, at), "a summand", t.pos)
        return value.xreplace(reps)

    def _term_at(self, term: list[Tok], groups: list, index: sp.Symbol, at: Any) -> Any:
        """The term with each subscript that holds the index replaced by its value at ``at`` (x_{i+1} at k - 1: x_k)."""
        from symgd.latex.tokens import tokenize

        out, k = [], 0
        for a, b, content in groups:
            out += term[k:a]
            value = sp.expand(self.sub(content).expr().xreplace({sp.Symbol(index.name, real=True): at}).subs(
                sp.Symbol(index.name), at))
            if any(getattr(v, "name", "") == index.name for v in getattr(value, "free_symbols", ())):
                raise BadInput("cannot read a term of the sum at its end index", term[0].pos)
            out += [Tok("op", "{", term[a].pos), *tokenize(_subscript_text(value)), Tok("op", "}", term[a].pos)]
            k = b
        out += term[k:]
        p = self.sub(out)
        got = p.expr()
        if p.peek() is not None:
            raise BadInput("cannot read a term of the sum at its end index", term[0].pos)
        return got

    def _written_out(self, t: Tok, body: list[Tok], index: sp.Symbol, lower: Any, upper: Any) -> Any:
        """A sum over a family with numeric bounds: each term read with the index replaced by its value."""
        if not (lower.is_Integer and upper.is_Integer):
            raise BadInput(f"a name subscripted by the index {index.name} is a member of a family (g_1, g_2, ...); "
                           f"such a \\{t.text} needs numeric bounds (\\{t.text}_{{i=1}}^{{3}})", t.pos)
        if int(upper) - int(lower) > 100:
            raise BadInput(f"a \\{t.text} over a family is written out term by term: at most 100 terms", t.pos)
        terms = []
        for k in range(int(lower), int(upper) + 1):
            toks = [Tok("num", str(k), x.pos) if _is_index(x, index.name) else x for x in body]
            toks = [Tok("op", "(", t.pos), *toks, Tok("op", ")", t.pos)] if k < 0 else toks
            p = self.sub(toks)
            terms.append(p.expr())
            if p.peek() is not None:
                raise BadInput(f"cannot read the summand of \\{t.text}", t.pos)
        if t.text == "sum":
            return sp.Add(*terms)
        return sp.Mul(*terms)


def _index_range(sub: list[Tok]) -> tuple[str, list[Tok], bool, list[Tok], bool] | None:
    """The subscript of an extremum over an index range: (letter, low tokens, strict, high tokens, strict) for
    ``a \\le k < b``, ``k = a, \\dots, b`` and ``k \\in \\{a, \\dots, b\\}``; None for anything else."""
    def letter(x: Tok) -> bool:
        return x.kind == "letter"

    rels = [k for k, x in enumerate(sub) if x.is_op("<") or x.is_cmd("le", "leq", "lt")]
    if len(rels) == 2 and rels[1] == rels[0] + 2 and rels[0] > 0 and rels[1] < len(sub) - 1 and (
            letter(sub[rels[0] + 1]) or sub[rels[0] + 1].kind == "num"):
        a, b = rels  # a number in the index's place: a definition read at one member (its index replaced): no index
        return (sub[a + 1].text if letter(sub[a + 1]) else "", sub[:a], not sub[a].is_cmd("le", "leq"), sub[b + 1 :],
                not sub[b].is_cmd("le", "leq"))
    if len(sub) < 6 or not letter(sub[0]):
        return None
    if sub[1].is_op("="):
        inner = sub[2:]
    elif sub[1].is_cmd("in") and sub[2].is_cmd("{") and sub[-1].is_cmd("}"):
        inner = sub[3:-1]
    else:
        return None
    dots = [k for k, x in enumerate(inner) if x.is_cmd("dots", "ldots", "cdots")]
    if len(dots) != 1:
        return None
    d = dots[0]
    if not (1 < d < len(inner) - 2 and inner[d - 1].is_op(",") and inner[d + 1].is_op(",")):
        return None
    if any(x.is_op(",") for x in inner[: d - 1] + inner[d + 2 :]):
        return None
    return sub[0].text, inner[: d - 1], False, inner[d + 2 :], False


def _unwrapped(toks: list[Tok]) -> list[Tok]:
    """The tokens inside one pair of parentheses that holds the whole summand (``\\Big( ... \\Big)``), else as given."""
    sizes = ("left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr")
    core = [x for x in toks if not x.is_cmd(*sizes)]
    if len(core) >= 2 and core[0].is_op("(") and core[-1].is_op(")"):
        depth = 0
        for k, x in enumerate(core):
            depth += x.is_op("(") - x.is_op(")")
            if depth == 0 and k < len(core) - 1:
                return toks
        return core[1:-1]
    return toks


def _additive_terms(toks: list[Tok]) -> list[tuple[int, list[Tok]]]:
    """(sign, tokens) of each top-level term (outside parentheses, braces and norm bars)."""
    out: list[tuple[int, list[Tok]]] = []
    depth, bars, sign, cur = 0, 0, 1, []
    for k, x in enumerate(toks):
        depth += x.is_op("(", "{", "[") - x.is_op(")", "}", "]")
        if x.is_cmd("|"):
            bars = 1 - bars
        if depth == 0 and not bars and x.is_op("+", "-") and (cur or k == 0):
            if cur:
                out.append((sign, cur))
            sign, cur = (1 if x.text == "+" else -1), []
            continue
        cur.append(x)
    if cur:
        out.append((sign, cur))
    return out


def _index_groups(term: list[Tok], index: str) -> list[tuple[int, int, list[Tok]]]:
    """(start, end, content) of each subscript of ``term`` that holds the index: ``_i`` or ``_{i+1}``."""
    out = []
    for k, x in enumerate(term[:-1]):
        if not x.is_op("_"):
            continue
        if term[k + 1].is_op("{"):
            end = after_group(term, k + 1)
            content = term[k + 2 : end - 1]
            if any(_is_index(y, index) for y in content):
                out.append((k + 1, end, content))
        elif _is_index(term[k + 1], index):
            out.append((k + 1, k + 2, [term[k + 1]]))
    return out


def _subscript_text(value: Any) -> str:
    """A subscript's value as the parser spells it (``k``, ``k-1``, ``0``)."""
    return sp.sstr(value).replace(" ", "")
