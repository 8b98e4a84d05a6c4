"""Names and applications in the parser: a name with its accents, subscripts, primes and ``^*``; a
function applied to arguments; ``\\nabla f(x)``, ``f'(x)``; the remainder ``O(\\eta^k)``."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.ambiguity import refuse_undeclared_application, refuse_vector_application, refuse_word_application
from symgd.latex.cursor import Cursor
from symgd.latex.gradient_chain import chain_through_gradients, linear_values
from symgd.latex.linear_maps import chain_rule, gradient_at, hessian_of, refuse_mixed_points
from symgd.latex.matrix_gradient import matrix_gradient
from symgd.latex.remainders import displacement_remainder
from symgd.latex.shapes import BigO, as_scalar
from symgd.latex.tokens import Tok, canonical
from symgd.latex.vector_functions import defined_at, partial_gradient, several_at
from symgd.latex.vocabulary import ACCENTS, FONT, FUNCS, GREEK, NAME_SUPERSCRIPTS

__all__ = ["NamesMixin"]


class NamesMixin(Cursor):
    """Names and applications (``expr``/``args``/``script`` come from the parser)."""

    def nabla(self) -> Any:
        t = self.next()
        order = 1
        p = self.peek()
        if p is not None and p.is_op("^"):
            self.next()
            e = self.script()
            if e != 2:
                raise BadInput("only \\nabla and \\nabla^2 are understood", p.pos)
            order = 2
        var_toks: list[Tok] = []
        if (s := self.peek()) is not None and s.is_op("_"):  # \nabla_\theta
            self.next()
            var_toks = self.braced_tokens() if self.peek() and self.peek().is_op("{") else [self.next()]
            if (p := self.peek()) is not None and p.is_op("^"):  # \nabla_u^2 is \nabla^2_u
                if order != 1:
                    raise BadInput("two superscripts on \\nabla", p.pos)
                self.next()
                if self.script() != 2:
                    raise BadInput("only \\nabla and \\nabla^2 are understood", p.pos)
                order = 2
        p = self.peek()
        if p is not None and p.is_op("(", "["):  # \nabla_x (expression): its gradient in x
            inner = self.group(p.text, ")" if p.text == "(" else "]")
            q = self.peek()
            if q is not None and (q.is_op("(", "[") or q.kind in ("letter", "num")):  # the product was refuted
                raise BadInput("\\nabla_x (u)(v) is ambiguous: write \\nabla_x\\left((u)(v)\\right) for the gradient of "
                               "the product, or \\left(\\nabla_x (u)\\right)(v)", t.pos)
            if not var_toks:  # \nabla (expression): in its one vector variable (symgd.latex.parser_calculus)
                return self.implicit_gradient(inner, order, t.pos)
            return self.gradient_of(inner, var_toks, order, t.pos)
        if var_toks and p is not None and not self._function_ahead():  # \nabla_x x^T A x: the rest of the product
            if not self.starts_operand(p):
                raise BadInput("\\nabla_x needs an expression", t.pos)
            return self.gradient_of(self.product_rest(self.postfix()), var_toks, order, t.pos)
        name = self.name()
        p = self.peek()
        if p is None or not p.is_op("("):
            raise BadInput("\\nabla needs a function at a point, like \\nabla f(x)", t.pos)
        args = self.args()
        if len(args) > 1 and var_toks and order == 1:  # \nabla_x L(x, \lambda): symgd.latex.vector_functions
            return partial_gradient(self, name, args, self.sub(var_toks).primary(single=True), t.pos)
        if len(args) != 1:
            raise BadInput("\\nabla f(x) takes one argument", t.pos)
        if var_toks and args[0] != (var := self.sub(var_toks).primary(single=True)):  # \nabla_u f(R u): chain rule
            if isinstance(var, sp.MatrixSymbol) and is_matrix(args[0]):  # order 2: the Jacobian of the gradient
                grad = self.gradient_in(sp.Function(name, commutative=True)(args[0]), var, t.pos)
                return grad if order == 1 else hessian_of(grad, var, t.pos)
            if (isinstance(var, sp.Integer) or str(var) in ("i", "j", "k", "l")) and is_matrix(args[0]):  # \nabla_i f(x)
                raise BadInput(f"\\nabla_{{{var}}} {name}(...) at a vector (the partial derivative in coordinate {var}) "
                               f"is not read: write e_{{{var}}}^\\top \\nabla {name}(...) with e_{{{var}}} "
                               "a declared vector", t.pos)
            raise BadInput(f"\\nabla_v {name}(...) at a point other than v: write \\nabla {name}(...) for the "
                           f"gradient there, or \\nabla_v of a vector v at a point R v + c", t.pos)
        return self.derivative_of(name, args[0], order, t.pos)

    def partial_index(self) -> Any:
        """``\\partial_{1} L(a, b)``, ``\\partial_{12} L(a, b)``: derivatives of a function in its arguments
        (by position, one digit each), at the point given."""
        t = self.next()
        if not (self.peek() and self.peek().is_op("_")):
            raise BadInput("\\partial outside \\frac{\\partial ...}{\\partial x} or \\partial_i f(x)", t.pos)
        self.next()
        idx = self.braced_tokens() if self.peek() and self.peek().is_op("{") else [self.next()]
        digits = "".join(x.text for x in idx)
        if not digits.isdigit() or "0" in digits:
            raise BadInput("\\partial_i f(...) needs argument positions 1-9 (\\partial_{12} f(a, b))", t.pos)
        fname = self.name()
        if not (self.peek() and self.peek().is_op("(")):
            raise BadInput("\\partial_i needs a function at a point: \\partial_1 f(a, b)", t.pos)
        args = self.args()
        if any(is_matrix(a) for a in args) or max(map(int, digits)) > len(args):
            raise BadInput(f"\\partial_{{{digits}}} {fname}(...) needs scalar arguments, as many as its positions",
                           t.pos)
        u = [sp.Dummy(f"u{k + 1}", real=True) for k in range(len(args))]
        d = sp.Derivative(sp.Function(fname)(*u), *[u[int(c) - 1] for c in digits])
        return sp.Subs(d, tuple(u), tuple(args))

    def _function_ahead(self) -> bool:
        """Is a function application ahead (``f(x)``, ``\\mathcal{L}(\\theta)``)?"""
        save = self.i
        try:
            name = self.name()
            return self.nt.is_function(name.rstrip("'")) and self.peek() is not None and self.peek().is_op("(")
        except BadInput:
            return False
        finally:
            self.i = save

    def gradient_in(self, expr: Any, var: Any, pos: int) -> Any:
        """The gradient of a scalar (1x1) expression in a vector ``var`` (SymPy's matrix calculus)."""
        if is_matrix(expr) and expr.shape != (1, 1):
            raise BadInput("\\nabla_x of a vector or matrix expression is not supported", pos)
        at = [a for a in getattr(expr, "free_symbols", ()) if self.nt.made.get(a.name) == a
              and a.name.endswith(f"({var.name})")]  # f(x), \nabla f(x): opaque, SymPy's diff would give 0
        if at and expr == at[0]:
            return self.derivative_of(at[0].name[: -len(var.name) - 2], var, 1, pos)
        if at and (chained := chain_through_gradients(expr, var, at, self.derivative_of, pos)) is not None:
            return chained  # \nabla_x \|\nabla f(x)\|^2 = 2 \nabla^2 f(x) \nabla f(x): symgd.latex.gradient_chain
        if at and (split := linear_values(expr, var, at)) is not None and split[1]:  # \nabla_x (f(x) + \|x\|^2)
            rest, values = split
            out = sum((c * self.derivative_of(a.name[: -len(var.name) - 2], var, 1, pos) for a, c in values),
                      sp.ZeroMatrix(*var.shape))
            return out if rest == 0 else out + self.gradient_in(rest, var, pos)
        if at:
            raise BadInput(f"{at[0].name} inside an expression differentiated in {var.name}: write \\nabla of it "
                           f"as its own term", pos)
        if (chained := chain_rule(expr, var, self.nt.made, pos)) is not None:  # \nabla_u f(R u) = R^T \nabla f(R u)
            return chained
        grad = matrix_gradient(expr, var)  # None where SymPy's matrix calculus is wrong (norms, functions, sums)
        if not is_matrix(grad) or grad.shape != var.shape or grad.has(sp.Derivative):
            raise BadInput("cannot differentiate this expression in a vector (write it with inner products "
                           "x^T A x, or name the gradient \\nabla f(x))", pos)
        return grad

    def gradient_of(self, expr: Any, var_toks: list[Tok], order: int, pos: int) -> Any:
        """``\\nabla_\\theta (u)``: d u / d theta for a scalar theta; for a vector x, the gradient of a scalar
        (1x1) expression in x, computed by SymPy's matrix calculus (``\\nabla_x (x^T A x) = A x + A^T x``)."""
        p = self.sub(var_toks)
        var = p.primary(single=True)
        if p.peek() is not None or not isinstance(var, (sp.Symbol, sp.MatrixSymbol)):
            raise BadInput("\\nabla_v needs one variable v", pos)
        if isinstance(var, sp.Symbol):
            if is_matrix(expr):
                raise BadInput("\\nabla_v of a vector or matrix expression is not supported", pos)
            return sp.Derivative(expr, (var, order))
        if var.shape[1] != 1 or order != 1:
            raise BadInput("\\nabla_x (...) is understood for a vector x, first order", pos)
        return self.gradient_in(expr, var, pos)

    def derivative_of(self, fname: str, arg: Any, order: int, pos: int) -> Any:
        if (d := defined_at(self, fname, arg, order, pos)) is not None:  # g(u) = f(Ru) assumed
            return d
        if is_matrix(arg):
            if not isinstance(arg, sp.MatrixSymbol) or arg.shape[1] != 1:  # \nabla f(R u): symgd.latex.linear_maps
                return gradient_at(fname, arg, order, self.nt.made, pos)
            refuse_mixed_points(fname, self.nt.made, expression=False, pos=pos)
            label = f"\\nabla {fname}({arg.name})" if order == 1 else f"\\nabla^{{2}} {fname}({arg.name})"
            obj = sp.MatrixSymbol(label, self.nt.dim, 1 if order == 1 else self.nt.dim)
            self.nt.made[label] = obj
            return obj
        f = sp.Function(fname)
        if isinstance(arg, sp.Symbol):
            return sp.Derivative(f(arg), (arg, order))
        u = sp.Dummy("u", real=True)
        return sp.Subs(sp.Derivative(f(u), (u, order)), u, arg)

    def name(self) -> str:
        """Read one name: base, accents, subscripts, primes, ^* / ^+ (LaTeX form, LaTeX-safe)."""
        t = self.next()
        if t.kind == "letter":
            base = t.text
        elif t.kind == "cmd" and t.text in GREEK:
            base = "\\" + t.text
        elif t.is_cmd("ell", "pi"):
            base = "\\" + t.text
        elif t.kind == "cmd" and t.text in ACCENTS:
            inner = self._inner_name(t)
            base = f"\\{ACCENTS[t.text]}{{{inner}}}"
        elif t.kind == "cmd" and (t.text in FONT or t.text == "mathcal"):
            inner = self._inner_name(t)
            if t.text == "mathcal":
                base = f"\\mathcal{{{inner}}}"
            else:
                if inner in FUNCS or inner in ("tr", "det", "diag", "eval", "exec"):
                    raise BadInput(f"\\{t.text}{{{inner}}} is not supported", t.pos)
                if t.text == "operatorname" and len(inner) > 1 and not self.nt.is_function(inner):
                    raise BadInput(f"\\operatorname{{{inner}}} is not a known operator: declare it as a function "
                                   f"(--function {inner}) to read {inner}(x) as an application", t.pos)
                refuse_word_application(t.text, inner, self.peek(), self.nt, t.pos)  # \mathrm{ReLU}(x)
                base = inner
        else:
            raise BadInput(f"expected a name, found {t.text!r}", t.pos)
        name = base
        while (p := self.peek()) is not None:
            if p.is_op("_"):
                self.next()
                name += "_{" + self._subscript_text() + "}"
            elif p.is_op("'"):
                self.next()
                name += "'"
            elif p.is_op("^") and (q := self.peek(1)) is not None:
                star = self._name_superscript(q, euler=self.nt.euler(name))
                if star is None:
                    break
                name += "'" if star == "'" else "^{" + star + "}"  # x^{\prime} is x'
            else:
                break
        return name

    def _name_superscript(self, q: Tok, euler: bool = False) -> str | None:
        """``^*``, ``^{+}``, ``^{(k)}``: part of a name, not a power (consumes the tokens).  An iterate
        label ``(k)``, ``(t+1)`` is a simple index; ``e^{(8)}`` and ``x^{(\\cos u)}`` are powers."""
        if q.kind in ("op", "cmd") and (q.text in NAME_SUPERSCRIPTS or "\\" + q.text in NAME_SUPERSCRIPTS):
            self.i += 2
            return NAME_SUPERSCRIPTS.get(q.text) or NAME_SUPERSCRIPTS["\\" + q.text]
        if q.is_op("{"):
            j, depth, inner = self.i + 2, 0, []
            while j < len(self.toks) and not (self.toks[j].is_op("}") and depth == 0):  # x^{(t_{0})}: nested
                depth += self.toks[j].is_op("{") - self.toks[j].is_op("}")
                inner.append(self.toks[j])
                j += 1
            if len(inner) == 1 and (inner[0].text in NAME_SUPERSCRIPTS or "\\" + inner[0].text in NAME_SUPERSCRIPTS):
                self.i = j + 1
                return NAME_SUPERSCRIPTS.get(inner[0].text) or NAME_SUPERSCRIPTS["\\" + inner[0].text]
            if len(inner) >= 3 and inner[0].is_op("(") and inner[-1].is_op(")") and not euler:
                return self._iterate_label(inner, j)
            if ((len(inner) >= 5 or (len(inner) == 4 and inner[2].text not in ("T", "t", "H")))
                    and inner[0].is_cmd("mathrm", "text", "textrm", "mathsf", "rm") and inner[1].is_op("{")
                    and inner[-1].is_op("}") and inner[2].kind == "letter"
                    and all(x.kind in ("letter", "num") for x in inner[2:-1])):  # x^{\mathrm{opt}}, \alpha^{\mathrm{BB1}}
                self.i = j + 1  # a roman word or letter (p^{\mathrm{C}}) is a label, never a power; \mathrm{T} (\mathrm{H})
                # stays a transpose
                return "".join(x.text for x in inner[2:-1])
            if len(inner) >= 3 and inner[0].is_op("[") and inner[-1].is_op("]") and not euler:  # x^{[k]}
                raise BadInput("a superscript in brackets after a name (x^{[k]}) is ambiguous (a label or a power?): "
                               "write x^{(k)} for an iterate label, x^{k} for a power", inner[0].pos)
        return None

    def _iterate_label(self, inner: list[Tok], j: int) -> str | None:
        """``x^{(k)}``, ``\\theta^{(t+1)}``, ``G^{(1,1)}``: a label (consumed up to ``j``); ``x^{(\\cos u)}``,
        ``x^{(1/2)}`` (functions, fractions, powers inside): None, an exponent.  Anything between -- ``x^{(t_0)}``,
        ``x^{(-1)}``, ``x^{(\\hat{k})}`` -- could be either and is refused."""
        body = inner[1:-1]
        if all(x.kind in ("letter", "num") or x.is_op("+", "-", ",") or (x.kind == "cmd" and x.text in GREEK)
               for x in body) and not body[0].is_op("-", "+"):
            self.i = j + 1
            return canonical(inner)
        if any(x.is_op("^", "/", "*") or x.is_cmd(*FUNCS, "frac", "dfrac", "tfrac", "sqrt", "cdot") for x in body):
            return None
        text = "".join(("\\" if x.kind == "cmd" else "") + x.text for x in body)
        raise BadInput(f"^{{({text})}} after a name is ambiguous (an iterate label like x^{{(k)}}, or a power?): write "
                       f"^{{{text}}} for a power, or a label of letters and numbers (x^{{(k+1)}})", inner[0].pos)

    def _inner_name(self, cmd: Tok) -> str:
        p = self.peek()
        if p is None:
            raise BadInput(f"\\{cmd.text} needs an argument", cmd.pos)
        toks = self.braced_tokens() if p.is_op("{") else [self.next()]
        if not toks or not all(x.kind == "letter" or (x.kind == "cmd" and x.text in GREEK) or (x.kind == "num" and k)
                               for k, x in enumerate(toks)):  # \mathrm{BB1}: a label may end in digits
            raise BadInput(f"\\{cmd.text}{{...}} must contain a name", cmd.pos)
        return "".join("\\" + x.text if x.kind == "cmd" else x.text for x in toks)

    def _subscript_text(self) -> str:
        p = self.peek()
        if p is None:
            raise BadInput("a subscript is missing", self.pos())
        if p.is_op("{"):
            toks = self.braced_tokens()
            if not toks:
                raise BadInput("an empty subscript", p.pos)
            if any(x.is_op("=", "<", ">") or x.is_cmd("le", "ge", "leq", "geq", "in") for x in toks):
                raise BadInput("a subscript with a relation (x_{i=1}) is not part of a name: a range belongs to "
                               "\\sum_{i=1}^{n} (∑, not the letter Σ)", p.pos)
            if any(x.is_op("[", "]") or x.is_cmd("{", "}") for x in toks):  # \Pi_{[0,1]}(x): an operator on a set
                raise BadInput("a subscript with a set or an interval (\\Pi_{[a,b]}, P_{[0,1]}) is not part of a name: "
                               "a projection onto an interval is written \\max\\{a, \\min\\{b, x\\}\\}", p.pos)
            if toks[0].kind == "num" and all(x.kind == "num" or x.is_op("+", "-") for x in toks):
                text = canonical(toks)  # x_{1+1} (a family member written out) is x_2
                if re.fullmatch(r"\d+([+-]\d+)*", text):
                    return str(sum(int(m) for m in re.findall(r"[+-]?\d+", text)))
            return canonical(toks)
        t = self.next()
        if t.kind == "num" and len(t.text) > 1:  # x_12 is x_1 times 2
            self.toks.insert(self.i, Tok("num", t.text[1:], t.pos + 1))
            return t.text[0]
        if t.kind == "cmd" and t.text in FONT | {"mathcal"}:
            return "\\" + t.text + "{" + self._inner_name(t) + "}"
        if t.kind in ("letter", "num") or (t.kind == "cmd" and t.text.isalpha()):
            return t.text if t.kind != "cmd" else "\\" + t.text
        if t.is_op("*"):  # F_* (the optimal value), as F_{*}
            return "*"
        raise BadInput(f"unexpected {t.text!r} in a subscript", t.pos)

    def name_or_application(self, single: bool) -> Any:
        start = self.peek()
        assert start is not None
        name = self.name()
        p = self.peek()
        primes = len(name) - len(name.rstrip("'"))
        fname = name.rstrip("'")
        if name == "O" and p is not None and p.is_op("("):
            return self.big_o(start.pos)
        if self.nt.euler(name):  # not \mathbf{e}, nor e declared a vector (--vector e_k declares e_k, not e)
            return sp.E
        braced = p is not None and p.is_op("{") and self._braced_application()
        if not single and p is not None and (braced or (p.is_op("(") and (self.nt.is_function(fname)
                                                                          or self._comma_group()))):
            if braced:  # f{\left(x \right)}, as SymPy prints an application
                self.expect_op("{")
                args = self.args()
                self.expect_op("}")
            else:
                args = self.args()
            if (m := re.fullmatch(r"(.+)\^\{\((.+)\)\}", fname)) is not None and self.nt.is_function(m.group(1)):
                return self._nth_derivative(m.group(1), m.group(2), args, start.pos)  # f^{(2)}(x) is f''(x)
            if not primes and len(args) == 1 and (v := defined_at(self, fname, args[0], 0, start.pos)) is not None:
                return v  # g(u) = f(Ru) assumed: symgd.latex.vector_functions
            if not primes and len(args) > 1 and (v := several_at(self, fname, args, start.pos)) is not None:
                return v  # D(y, z) after D(x, y) = ... of vectors: symgd.latex.vector_functions
            if primes:
                if len(args) != 1:
                    raise BadInput(f"{name}(...) with several arguments", start.pos)
                return self.derivative_of(fname, args[0], primes, start.pos)
            if (dot := re.fullmatch(r"\\(d?dot)\{(.+)\}", fname)) and len(args) == 1 and not is_matrix(args[0]) \
                    and self.nt.is_function(dot.group(2)) and dot.group(2) not in self.nt.vectors:  # \dot x(t) = x'(t)
                return self.derivative_of(dot.group(2), args[0], 1 if dot.group(1) == "dot" else 2, start.pos)
            if any(is_matrix(a) for a in args):
                if len(args) == 1 and isinstance(args[0], sp.MatrixSymbol):
                    label = f"{fname}({args[0].name})"  # f at a named point: an opaque scalar
                    obj = sp.Symbol(label, real=True)
                    self.nt.made[label] = obj
                    return obj
                return sp.Function(fname, commutative=True)(*[as_scalar(a, f"{fname}(...)", start.pos) if is_matrix(a) and a.shape == (1, 1)
                                            else a for a in args])
            return sp.Function(fname)(*args)
        if self.nt.is_function(fname) and p is not None and p.is_op("(") and single:
            raise BadInput(f"{name}(...) in a superscript needs braces", start.pos)
        if p is not None and p.is_op("(") and not single:  # g(x), g'(x): applied or multiplied?
            refuse_undeclared_application(name, self.nt.base(name), self._group_ahead(), self.nt, start.pos)
            refuse_vector_application(name, self._group_ahead(), self.nt, start.pos)  # x(\lambda), both vectors
        return self.nt.symbol(name, start.pos)

    def _nth_derivative(self, fname: str, order: str, args: list[Any], pos: int) -> Any:
        """``f^{(2)}(x)``: the derivative of order 2 of a function of one scalar (as ``f''(x)``); a symbolic order
        (``f^{(k)}(x)``) or a vector argument is refused, never an unrelated function named f^{(k)}."""
        if not order.isdigit() or int(order) > 20:
            raise BadInput(f"{fname}^{{({order})}}(...) is a derivative of {fname} of order {order}: only a numeric "
                           f"order is understood ({fname}^{{(2)}}(x), {fname}''(x))", pos)
        if len(args) != 1 or is_matrix(args[0]):
            raise BadInput(f"{fname}^{{({order})}}(...) is understood for one scalar argument: write \\nabla {fname}(x) "
                           f"or \\nabla^2 {fname}(x) for a vector", pos)
        if int(order) == 0:
            return sp.Function(fname)(args[0])
        return self.derivative_of(fname, args[0], int(order), pos)

    def _group_ahead(self) -> list[Tok]:
        """The tokens of the parenthesized group ahead (not consumed)."""
        depth, out = 0, []
        for t in self.toks[self.i :]:
            depth += t.is_op("(", "[", "{") - t.is_op(")", "]", "}")
            out.append(t)
            if depth == 0:
                break
        return out[1:-1]

    def _braced_application(self) -> bool:
        """Is the group ahead exactly ``{( ... )}``?"""
        if self.i + 1 >= len(self.toks) or not self.toks[self.i + 1].is_op("("):
            return False
        depth = 0
        for j in range(self.i + 1, len(self.toks)):
            t = self.toks[j]
            if t.is_op("(", "[", "{"):
                depth += 1
            elif t.is_op(")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return j + 1 < len(self.toks) and self.toks[j + 1].is_op("}")
        return False

    def _comma_group(self) -> bool:
        """Does the parenthesized group ahead hold a top-level comma?  Then ``L(a, b)`` is an application
        (a product cannot have commas), whatever the name."""
        depth = 0
        for t in self.toks[self.i :]:
            if t.is_op("(", "[", "{") or t.is_cmd("langle"):
                depth += 1
            elif t.is_op(")", "]", "}") or t.is_cmd("rangle"):
                depth -= 1
                if depth == 0:
                    return False
            elif depth == 1 and t.is_op(","):
                return True
        return False

    def big_o(self, pos: int) -> Any:
        args = self.args()
        if len(args) != 1:
            raise BadInput("O(...) takes one argument", pos)
        a = args[0]
        if isinstance(a, sp.Symbol):
            return BigO(a, sp.Integer(1))
        if isinstance(a, sp.Pow) and isinstance(a.base, sp.Symbol) and a.exp.is_Integer and a.exp > 0:
            return BigO(a.base, a.exp)
        if (d := displacement_remainder(a)) is not None:  # O((x - a)^2), O(\\|x - x_t\\|^3): symgd.latex.remainders
            return d
        raise BadInput("O(...) must be a power of one variable, like O(\\eta^3)", pos)
