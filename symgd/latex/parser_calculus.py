"""Calculus primaries of the parser: fractions and derivative forms (``\\frac{d}{dt}``,
``\\frac{\\partial^2}{\\partial x^2}``), evaluation bars ``\\left. X \\right|_{t=0}`` and definite
integrals (sums, products and limits: :mod:`symgd.latex.parser_series`)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.cursor import Cursor
from symgd.latex.evaluation import depends_on, evaluate_at, point_tokens
from symgd.latex.shapes import as_scalar, mul
from symgd.latex.tokens import Tok, after_group
from symgd.latex.vocabulary import GREEK

__all__ = ["CalculusMixin"]


def _strip_power(toks: list[Tok], at_end: bool) -> tuple[list[Tok], int | None]:
    """Remove ``^k`` / ``^{k}`` at the end (or the start) of ``toks``: (rest, k)."""
    for width in (1, 3):
        part = toks[-(width + 1):] if at_end else toks[: width + 1]
        if len(part) != width + 1 or not part[0].is_op("^"):
            continue
        inner = part[1:] if width == 1 else part[2:-1] if part[1].is_op("{") and part[-1].is_op("}") else None
        if inner and len(inner) == 1 and inner[0].kind == "num" and inner[0].text.isdigit():
            rest = toks[: -(width + 1)] if at_end else toks[width + 1 :]
            return rest, int(inner[0].text)
    return toks, None



class CalculusMixin(Cursor):
    """Calculus primaries (``expr``/``postfix``/``primary``/``script``/``divide`` come from the parser)."""

    def frac(self) -> Any:
        t = self.next()
        save = self.i
        braced = [self.peek() is not None and self.peek().is_op("{")]
        num = self._frac_argument(t, last=False)
        braced.append(self.peek() is not None and self.peek().is_op("{"))
        den = self._frac_argument(t, last=True, one_over=len(num) == 1 and num[0].text == "1")
        d = self._derivative_form(num, den)
        if d is not None:
            variables, what = d
            if what is None:  # \frac{d}{dt} applies to the rest of the product: d/dt (a b c)
                if self.peek() is None or not self.starts_operand(self.peek()):
                    raise BadInput("\\frac{d}{dt} needs something to differentiate", t.pos)
                if self._sympy_application_ahead():  # SymPy's print: \frac{d}{dx} f{\left(x \right)} g is f' g
                    what_val = self.postfix()
                else:
                    what_val = self.product_rest(self.postfix())
            else:
                sub = self.sub(what)
                what_val = sub.expr()
                if sub.peek() is not None:
                    raise BadInput("cannot read the differentiated expression", sub.pos())
                var = variables[0][0]
                if isinstance(var, sp.MatrixSymbol) and isinstance(what_val, sp.Symbol) and self.nt.made.get(
                        what_val.name) is what_val and "(" not in what_val.name:  # dL/dx, x a vector: L depends on x
                    return self.derivative_of(what_val.name, var, 1, t.pos) if len(variables) == 1 else \
                        self.gradient_in(what_val, var, t.pos)
                if isinstance(what_val, sp.Symbol) and what_val != var and len(variables) == 1 and not isinstance(
                        var, sp.MatrixSymbol):  # for a vector, f(x) is the parser's opaque value (gradient_in)
                    what_val = sp.Function(what_val.name)(var)  # d theta / dt: theta depends on t
            if any(v in self.nt.coordinates for v, _ in variables):  # \partial \theta_i: symgd.latex.coordinates
                return self.coordinate_derivative(what_val, variables, t.pos)
            if any(isinstance(v, sp.MatrixSymbol) for v, _ in variables):
                if len(variables) != 1 or variables[0][1] != 1:
                    raise BadInput("a derivative in a vector is understood at first order only", t.pos)
                return self.gradient_in(what_val, variables[0][0], t.pos)
            if is_matrix(what_val):  # SymPy's Derivative of a matrix expression is a non-commutative scalar
                if not all(v in what_val.free_symbols for v, _ in variables):
                    raise BadInput("a derivative of a vector or matrix expression in a variable it does not contain: "
                                   "how does it depend on that variable?", t.pos)
                return diff_with_traces(what_val, variables, t.pos)  # matrix calculus in a scalar variable: exact
            if isinstance(what_val, sp.Basic) and what_val.has(sp.Trace):  # 1x1 forms read as scalars
                return diff_with_traces(what_val, variables, t.pos)
            return sp.Derivative(what_val, *variables)
        if not all(braced):  # \frac\eta2, \frac{1}\kappa: TeX's one-token arguments
            top, bottom = (self._frac_part(toks) for toks in (num, den))
            return self.divide(top, bottom, t.pos)
        self.i = save
        top = self.group("{", "}")
        bottom = self.group("{", "}")
        return self.divide(top, bottom, t.pos)

    def _frac_argument(self, t: Tok, last: bool, one_over: bool = False) -> list[Tok]:
        """The tokens of one argument of ``\\frac``: a {...} group, or one token as TeX reads it (a digit, a
        letter, a Greek letter: ``\\frac12``, ``\\frac\\eta2``, ``\\frac1\\kappa``).  Refused where TeX's
        reading is likely not what was meant: ``\\frac\\eta23`` (eta/2 times 3, or eta/23?), ``\\frac1\\kappa^2``
        (the power of the fraction, or 1/kappa^2?), ``\\frac1\\lambda(a+b)``."""
        p = self.peek()
        if p is not None and p.is_op("{"):
            return self.braced_tokens()
        usage = "write \\frac{a}{b} with braces"
        if p is None:
            raise BadInput(f"\\frac needs two arguments: {usage}", t.pos)
        if p.kind == "num" and p.text[0].isdigit():
            self.next()
            rest = p.text[1:]
            if rest and (last or rest[0] == "."):
                raise BadInput(f"\\frac with the one-token arguments {p.text}: TeX takes only the digit "
                               f"{p.text[0]}; {usage}", p.pos)
            if rest:
                self.toks.insert(self.i, Tok("num", rest, p.pos + 1))
            arg = Tok("num", p.text[0], p.pos)
        elif p.kind == "letter" or (p.kind == "cmd" and (p.text in GREEK or p.text in ("ell", "pi"))):
            self.next()
            arg = p
        else:
            raise BadInput(f"\\frac needs two arguments, each a group or a single digit, letter or Greek "
                           f"letter: {usage}", p.pos)
        after = self.peek() if last else None
        if after is not None and (after.is_op("_", "'") or (after.is_op("^") and not one_over) or (
                arg.kind != "num" and after.is_op("("))):  # (1/k)^2 is 1/k^2: either reading
            if after.is_op("("):
                raise BadInput("a parenthesis after a one-token denominator of \\frac (\\frac1\\lambda(a+b)): TeX "
                               "reads the product (1/\\lambda)(a+b); write \\frac{1}{\\lambda}(a+b) or "
                               "\\frac{1}{\\lambda(a+b)}", after.pos)
            raise BadInput("a script after a one-token denominator of \\frac (\\frac2\\kappa^2): TeX puts it on "
                           "the whole fraction; write \\frac{2}{\\kappa^2} or \\left(\\frac{2}{\\kappa}\\right)^2",
                           after.pos)
        return [arg]

    def _frac_part(self, toks: list[Tok]) -> Any:
        """The value of a fraction's argument tokens."""
        sub = self.sub(toks)
        val = sub.expr()
        if sub.peek() is not None:
            raise BadInput("cannot read an argument of \\frac", sub.pos())
        return val

    def implicit_gradient(self, expr: Any, order: int, pos: int) -> Any:
        """``\\nabla(\\tfrac12\\|x\\|^2)`` without a subscript: the gradient in the expression's one vector
        variable; refused when another name could be the variable too (a scalar, a matrix, a second vector)."""
        hint = "write \\nabla_x(...) to say in which variable"
        names = [s for s in getattr(expr, "free_symbols", ()) if isinstance(s, (sp.Symbol, sp.MatrixSymbol))
                 and not isinstance(s, sp.Dummy)]
        if any("(" in s.name for s in names) or (isinstance(expr, sp.Basic) and expr.has(sp.Function, sp.Subs)):
            raise BadInput(f"\\nabla(...) of an expression with a function value in it: {hint}", pos)
        shape_symbols = {y for s in names if isinstance(s, sp.MatrixSymbol) for d in s.shape
                         for y in getattr(d, "free_symbols", ())}
        names = [s for s in names if s not in shape_symbols]
        vectors = [s for s in names if isinstance(s, sp.MatrixSymbol) and s.shape[1] == 1 and s.shape[0] != 1]
        if len(names) == 1 and not vectors:
            raise BadInput(f"\\nabla(...) of an expression in {names[0].name}, not a vector (declare it with "
                           f"--vector, or {hint})", pos)
        if len(vectors) != 1 or len(names) != 1:
            found = ", ".join(sorted(s.name for s in names)) or "none"
            raise BadInput(f"\\nabla(...) without a variable, and its expression has not exactly one vector "
                           f"variable (names: {found}): {hint}", pos)
        if order != 1:
            raise BadInput(f"\\nabla^2(...) of an expression: {hint}", pos)
        return self.gradient_in(expr, vectors[0], pos)

    def _sympy_application_ahead(self) -> bool:
        """Is a function application in SymPy's printed form ahead (``L{\\left(\\theta \\right)}``)?  SymPy
        prints a derivative of a product with parentheses, so the operator applies to this factor only."""
        save = self.i
        try:
            self.name()
            return self.peek() is not None and self.peek().is_op("{") and self._braced_application()
        except BadInput:
            return False
        finally:
            self.i = save

    def evaluation(self) -> Any:
        """``\\left. X \\right|_{t=0}`` (also ``_{\\substack{t=0}}``): X at t = 0."""
        t = self.next()
        self.closers.append("evalclose")
        val = self.expr()
        self.closers.pop()
        c = self.peek()
        if c is None or not c.is_cmd("evalclose"):
            raise BadInput("\\left. is not closed by \\right", t.pos)
        self.next()
        if (p := self.peek()) is not None and p.is_cmd("evalnone"):
            self.next()
            return val
        return self._at_point(val, c.pos)[0]

    def bar_after(self, term: Any, before: Any) -> Any:
        """``term \\Big|_{t=0}``: a bar without ``\\left.`` closes the term before it (symgd.latex.evaluation);
        refused when an earlier term of the same sum (``before``) depends on the variable too."""
        bar = self.peek()
        if bar is None or not bar.is_cmd("evalbar"):
            return term
        self.next()
        out, variables = self._at_point(term, bar.pos)
        factors = term.args if isinstance(term, (sp.Mul, sp.MatMul)) else (term,)
        if any(sum(depends_on(f, v) for f in factors if isinstance(f, sp.Basic)) > 1 for v in variables):
            raise BadInput("an evaluation bar after a product of several factors in its variable (t f'(t)|_{t=0}): "
                           "does it close the last factor or the product? write \\left. ... \\right|_{t=0}", bar.pos)
        if isinstance(before, sp.Basic) and any(depends_on(before, v) for v in variables):
            raise BadInput("an evaluation bar after a sum: does it close the last term or the whole sum? write "
                           "\\left. ... \\right|_{t=0} around what it evaluates", bar.pos)
        if (p := self.peek()) is not None and p.is_cmd("evalbar"):
            raise BadInput("two evaluation bars in a row", p.pos)
        return out

    def stray_bar(self) -> Any:
        """An evaluation bar where an operand should be (``|_{t=0} = 1``)."""
        raise BadInput("an evaluation bar |_{t=0} needs the expression it evaluates before it", self.next().pos)

    def _at_point(self, val: Any, pos: int) -> tuple[Any, list[Any]]:
        """``val`` at the point of the subscript ahead (``_{t=0}``, ``_{\\substack{a=1 \\\\ b=2}}``), and the
        variables."""
        sub = self.peek()
        if sub is None or not sub.is_op("_") or self.peek(1) is None or not self.peek(1).is_op("{"):
            raise BadInput("an evaluation bar needs its point: \\right|_{t=0}", pos)
        self.next()
        variables, values = [], []
        for var_toks, value_toks in point_tokens(self.braced_tokens(), pos):
            var_p, value_p = self.sub(var_toks), self.sub(value_toks)
            var, value = var_p.primary(single=True), value_p.expr()
            if var_p.peek() is not None or value_p.peek() is not None:
                raise BadInput("cannot read the point of an evaluation bar", pos)
            variables.append(var)
            values.append(value)
        return evaluate_at(val, variables, values, self.nt.made, pos), variables

    def _bound(self) -> Any:
        """An integration bound: a script, or \\infty / -\\infty."""
        p = self.peek()
        toks = self.braced_tokens() if p is not None and p.is_op("{") else [self.next()] if p is not None else []
        text = "".join(x.text for x in toks)
        if text in ("infty", "+infty"):
            return sp.oo
        if text == "-infty":
            return -sp.oo
        if not toks:
            raise BadInput("an integration bound is missing", self.pos())
        sub = self.sub(toks)
        val = sub.expr()
        if sub.peek() is not None:
            raise BadInput("cannot read an integration bound", toks[0].pos)
        return val

    def integral(self) -> Any:
        """``\\int_{a}^{b} u \\, dx``: a definite integral; the integrand runs to its differential."""
        t = self.next()
        if not (self.peek() and self.peek().is_op("_")):
            raise BadInput("only definite integrals \\int_{a}^{b} ... dx are understood", t.pos)
        self.next()
        lower = self._bound()
        if not (self.peek() and self.peek().is_op("^")):
            raise BadInput("only definite integrals \\int_{a}^{b} ... dx are understood", t.pos)
        self.next()
        upper = self._bound()
        depth, pending, end = 0, 1, None  # find our differential: inner \int's take theirs first
        for j in range(self.i, len(self.toks) - 1):
            x = self.toks[j]
            if x.is_op("(", "[", "{") or x.is_cmd("langle", "evalopen", "|"):
                depth += 1 if not x.is_cmd("|") else 0
            elif x.is_op(")", "]", "}") or x.is_cmd("rangle", "evalclose"):
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0 and x.is_cmd("int"):
                pending += 1
            elif depth == 0 and x.kind == "letter" and x.text == "d" and (
                    self.toks[j + 1].kind == "letter" or self.toks[j + 1].text in GREEK):
                pending -= 1
                if pending == 0:
                    end = j
                    break
        if end is None and (got := self._over_differential(lower, upper)) is not None:
            return got  # \int_1^K \frac{dx}{x}
        if end is None or end == self.i:
            raise BadInput("an integral needs its integrand and differential: \\int_a^b u \\, dx", t.pos)
        body_p = self.sub(self.toks[self.i : end])
        body = body_p.expr()
        if body_p.peek() is not None:
            raise BadInput("cannot read the integrand", body_p.pos())
        self.i = end + 1
        var = self.primary(single=True)
        if not isinstance(var, sp.Symbol):
            raise BadInput("an integral is over one scalar variable", t.pos)
        body = as_scalar(body, "an integrand", t.pos) if is_matrix(body) and body.shape == (1, 1) else body
        if any(is_matrix(v) for v in (lower, upper, body)):
            raise BadInput("integrals of vectors or matrices are not supported", t.pos)
        return sp.Integral(body, (var, lower, upper))

    def _over_differential(self, lower: Any, upper: Any) -> Any:
        """``\\frac{dx}{u}`` right after the bounds (the differential in the numerator): the integral of 1/u in x,
        or None (nothing consumed)."""
        toks, k = self.toks, self.i
        if not (k + 5 < len(toks) and toks[k].is_cmd("frac", "dfrac", "tfrac") and toks[k + 1].is_op("{")
                and toks[k + 2].kind == "letter" and toks[k + 2].text == "d" and toks[k + 4].is_op("}")
                and toks[k + 5].is_op("{") and (toks[k + 3].kind == "letter" or toks[k + 3].text in GREEK)):
            return None
        end = after_group(toks, k + 5)
        var_p, den_p = self.sub([toks[k + 3]]), self.sub(toks[k + 6 : end - 1])
        var, den = var_p.primary(single=True), den_p.expr()
        if not isinstance(var, sp.Symbol) or den_p.peek() is not None or is_matrix(den):
            return None
        self.i = end
        return sp.Integral(1 / den, (var, lower, upper))

    def product_rest(self, first: Any) -> Any:
        """``first`` times the factors that follow it in the same product (the scope of d/dt, \\sum)."""
        val = first
        while (p := self.peek()) is not None and (self.starts_operand(p) or p.is_op("*") or p.is_cmd("cdot", "times")):
            if not self.starts_operand(p):
                self.next()
            val = mul(val, self.postfix(), p.pos)
        return val

    def _derivative_form(self, num: list[Tok], den: list[Tok]) -> tuple[list[tuple[Any, int]], list[Tok] | None] | None:
        """``\\frac{d}{dt}``, ``\\frac{d^2 u}{dt^2}``, ``\\frac{\\partial^{2}}{\\partial x \\partial y}``: the
        variables with their orders, and what is differentiated (None for the operator form); None when it is
        not a derivative."""

        def is_d(tok: Tok) -> bool:
            return (tok.kind == "letter" and tok.text == "d") or tok.is_cmd("partial")

        if num and den and is_d(num[0]) and is_d(den[0]) and len(den) == 1 and len(num) <= 1:
            raise BadInput("a derivative needs its variable: \\frac{d}{dx}", den[0].pos)
        if not num or not den or not is_d(num[0]) or not is_d(den[0]) or len(den) < 2:
            return None
        if den[1].kind == "op" and not den[1].is_op("("):
            return None
        partial = den[0].is_cmd("partial")
        groups: list[list[Tok]] = []
        for x in den:
            if (x.is_cmd("partial") if partial else x is den[0]):
                groups.append([])
            else:
                groups[-1].append(x)
        rest_num, order_num = _strip_power(num[1:], at_end=False)
        variables = []
        for g in groups:
            rest, k = _strip_power(g, at_end=True)
            sub = self.sub(rest)
            var = sub.primary() if rest else None
            if sub.peek() is not None or not isinstance(var, (sp.Symbol, sp.MatrixSymbol)):
                raise BadInput("a derivative must be with respect to names (d/dt, \\partial^2/\\partial x \\partial y)",
                               den[0].pos)
            variables.append((var, k or 1))
        order = sum(k for _, k in variables)
        if (order_num or 1) != order:
            raise BadInput("the orders of a derivative do not match (d^k / dx^k)", num[0].pos)
        if order > 10:
            raise BadInput("derivatives of order above 10 are not supported", num[0].pos)
        return variables, (rest_num or None)


def diff_with_traces(expr: Any, variables: list[tuple[Any, int]], pos: int) -> Any:
    """d expr / d t for a matrix expression in scalars t, where the 1x1 forms read as scalars are traces
    (``\\varphi(x + \\alpha p)`` of a quadratic \\varphi): SymPy does not differentiate a Trace, so each one is a
    scalar u_k of its own and the chain rule adds d u_k / dt = tr(d X_k / dt)."""
    for var, order in variables:
        for _ in range(order):
            expr = _diff_once(expr, var, pos)
    return expr


def _diff_once(expr: Any, var: Any, pos: int) -> Any:
    if isinstance(expr, sp.Basic):  # SymPy differentiates an unevaluated (u + v)^T as u' + v', not transposed
        expr = expr.replace(lambda e: isinstance(e, sp.Transpose), lambda e: e.doit())
    traces = sorted(expr.atoms(sp.Trace), key=sp.default_sort_key) if isinstance(expr, sp.Basic) else []
    try:
        if not traces:
            return sp.diff(expr, var)
        us = [sp.Dummy(f"tr{k}") for k in range(len(traces))]
        flat = expr.xreplace(dict(zip(traces, us, strict=True)))
        if flat.atoms(sp.Trace):  # a trace inside a trace: not flattened
            raise NotImplementedError
        out = sp.diff(flat, var)
        for u, tr in zip(us, traces, strict=True):
            out = out + sp.diff(flat, u) * sp.Trace(_diff_once(tr.arg, var, pos))
        return out.xreplace(dict(zip(us, traces, strict=True)))
    except NotImplementedError:
        raise BadInput("cannot differentiate this matrix expression in a scalar", pos) from None

