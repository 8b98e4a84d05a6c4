"""Operator norms and extreme eigenvalues written as extrema over vectors:
``\\max_{x \\ne 0} \\frac{\\|Ax\\|}{\\|x\\|}`` is the spectral norm ``\\|A\\|_2``, ``\\min_{x \\ne 0} \\frac{\\|Ax\\|}{\\|x\\|}`` the
smallest singular value, ``\\max_{\\|x\\| = 1} x^\\top A x`` (A symmetric) the largest eigenvalue ``\\lambda_{\\max}(A)``.

Each reading is the definition of the object (Courant-Fischer for the Rayleigh quotient of a symmetric matrix), so
nothing is assumed: the extremum *is* that value.  Rewrite rules applied when the objects are built (each an identity of the SVD or of the spectrum):

- ``\\|A^{-1}\\|_2 = 1 / \\sigma_{\\min}(A)``: with A = U S V^T (SVD), A^{-1} = V S^{-1} U^T has singular values
  1/s_i, the largest being 1/s_min; writing A^{-1} presupposes that A is invertible (s_min > 0);
- ``\\|A^T\\|_2 = \\|A\\|_2`` (A^T = V S U^T), ``\\|c A\\|_2 = |c| \\|A\\|_2``, ``\\|I\\|_2 = 1``, the same for sigma_min;
- ``\\lambda_{\\max}(c A) = c \\lambda_{\\max}(A)`` for a number c > 0 and ``c \\lambda_{\\min}(A)`` for c < 0;
- ``\\lambda_{\\max}(B + c I) = \\lambda_{\\max}(B) + c`` (any scalar c, the same for the smallest);
- ``\\lambda_{\\max}(M^T M) = \\|M\\|_2^2``, ``\\lambda_{\\min}(M^T M) = \\sigma_{\\min}(M)^2`` (and of ``M M^T``), M square.

A matrix is symmetric for ``\\lambda_{\\max}`` when declared, or built so: ``A - B``, ``A + c I`` of symmetric ones,
``M^T M``, ``M M^T``, ``M^T S M`` (S symmetric).

On explicit matrices of size 1 or 2 the objects evaluate exactly (the roots of a quadratic), so sampling over
random 2 x 2 matrices refutes false claims (``\\|A\\|_2 = \\lambda_{\\max}(A)`` for a symmetric A); larger explicit
matrices stay unevaluated (no refutation there, never a guess).  Extrema of other forms, over other sets, or a
Rayleigh quotient of a matrix not declared symmetric are refused.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.cursor import Cursor
from symgd.latex.shapes import Norm

__all__ = [
    "SPECTRAL_SUBSCRIPTS",
    "LambdaMax",
    "LambdaMin",
    "OpNormMixin",
    "SmallestSingular",
    "SpectralFunction",
    "SpectralNorm",
]

SPECTRAL_SUBSCRIPTS = ("2", "op", "mathrm{op}", "operatorname{op}", "text{op}")  # \|A\|_2, \|A\|_{\mathrm{op}}
_WHAT = ("an extremum over vectors is understood for \\frac{\\|Ax\\|}{\\|x\\|} (x \\ne 0), \\|Ax\\| (\\|x\\| = 1) and the "
         "Rayleigh quotient \\frac{x^T A x}{x^T x} of a symmetric A")


def _eigen_2(m: sp.MatrixBase, largest: bool) -> Any:
    """The largest (smallest) eigenvalue of an explicit symmetric matrix of size 1 or 2, exactly; else None."""
    if m.shape == (1, 1):
        return m[0, 0]
    if m.shape != (2, 2) or m != m.T:
        return None
    tr, det = m[0, 0] + m[1, 1], m.det()
    root = sp.sqrt(tr**2 - 4 * det)
    return (tr + root) / 2 if largest else (tr - root) / 2


def _scaled(a: Any) -> tuple[Any, Any]:
    """(c, B) with ``a = c B`` for a scalar c pulled out of a matrix product (c = 1 when there is none)."""
    if isinstance(a, sp.MatMul):
        coeff, rest = a.as_coeff_mmul()
        rest = rest.doit() if isinstance(rest, sp.MatMul) and len(rest.args) == 1 else rest
        if coeff != 1:
            return coeff, rest
    return sp.Integer(1), a


class SpectralFunction(sp.Function):
    """A real function of a square matrix: its spectral norm, smallest singular value or an extreme eigenvalue."""

    nargs = 1
    is_commutative = True
    _symbol = ""
    spectral_kind = ""

    def _eval_is_real(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return self._symbol + r"\left(" + printer._print(self.args[0]) + r"\right)"


class SpectralNorm(SpectralFunction):
    """``\\|A\\|_2 = \\max_{x \\ne 0} \\|Ax\\|/\\|x\\|``, the largest singular value (nonnegative)."""

    spectral_kind = "norm"  # how symgd.decide.spectral recognises it (decide does not import latex)

    @classmethod
    def eval(cls, a: Any) -> Any:
        if isinstance(a, sp.Inverse):  # the singular values of A^{-1} are the reciprocals of A's
            return 1 / SmallestSingular(a.arg)
        if isinstance(a, sp.Transpose):  # A and A^T have the same singular values
            return SpectralNorm(a.arg)
        if isinstance(a, sp.Identity):
            return sp.Integer(1)
        c, rest = _scaled(a)
        if c != 1:  # \|c B\| = |c| \|B\|
            return sp.Abs(c) * SpectralNorm(rest)
        if isinstance(a, sp.MatrixBase):
            lam = _eigen_2(a.T * a, True)
            return None if lam is None else sp.sqrt(lam)
        return None

    def _eval_is_nonnegative(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return r"\left\|" + printer._print(self.args[0]) + r"\right\|_{2}"


class SmallestSingular(SpectralFunction):
    """``\\sigma_{\\min}(A) = \\min_{x \\ne 0} \\|Ax\\|/\\|x\\|`` (nonnegative)."""

    spectral_kind = "smin"  # how symgd.decide.spectral recognises it (decide does not import latex)

    _symbol = r"\sigma_{\min}"

    @classmethod
    def eval(cls, a: Any) -> Any:
        if isinstance(a, sp.Inverse):
            return 1 / SpectralNorm(a.arg)
        if isinstance(a, sp.Transpose):
            return SmallestSingular(a.arg)
        if isinstance(a, sp.Identity):
            return sp.Integer(1)
        c, rest = _scaled(a)
        if c != 1:
            return sp.Abs(c) * SmallestSingular(rest)
        if isinstance(a, sp.MatrixBase):
            lam = _eigen_2(a.T * a, False)
            return None if lam is None else sp.sqrt(lam)
        return None

    def _eval_is_nonnegative(self) -> bool:
        return True


class LambdaMax(SpectralFunction):
    """``\\lambda_{\\max}(A) = \\max_{\\|x\\| = 1} x^T A x`` of a symmetric matrix."""

    spectral_kind = "lmax"  # how symgd.decide.spectral recognises it (decide does not import latex)

    _symbol = r"\lambda_{\max}"

    @classmethod
    def eval(cls, a: Any) -> Any:
        return _eigen(cls, a, True)


class LambdaMin(SpectralFunction):
    """``\\lambda_{\\min}(A) = \\min_{\\|x\\| = 1} x^T A x`` of a symmetric matrix."""

    spectral_kind = "lmin"  # how symgd.decide.spectral recognises it (decide does not import latex)

    _symbol = r"\lambda_{\min}"

    @classmethod
    def eval(cls, a: Any) -> Any:
        return _eigen(cls, a, False)


def _eigen(cls: Any, a: Any, largest: bool) -> Any:
    """lambda_max / lambda_min of a symmetric matrix: of A^T (= A), of I (1), of c B (c a number: c times the
    largest or, for c < 0, the smallest eigenvalue of B), of an explicit 1 x 1 or 2 x 2 matrix; else None."""
    if isinstance(a, sp.Transpose):
        return cls(a.arg)
    if isinstance(a, sp.Identity):
        return sp.Integer(1)
    c, rest = _scaled(a)
    if c != 1 and c.is_number and c.is_real:
        other = cls if c > 0 else (LambdaMin if cls is LambdaMax else LambdaMax)
        return c * other(rest)
    if isinstance(a, sp.MatAdd):  # lambda(B + c I) = lambda(B) + c, for any scalar c
        shift, rest = sp.Integer(0), []
        for t in a.args:
            c_t, m_t = _scaled(t)
            if isinstance(m_t, sp.Identity):
                shift += c_t
            else:
                rest.append(t)
        if shift != 0 and rest:
            return cls(sp.MatAdd(*rest).doit() if len(rest) > 1 else rest[0]) + shift
    if isinstance(a, sp.MatMul) and len(a.args) == 2 and a.args[0] == a.args[1].T and a.args[0].shape[0] == a.args[
            0].shape[1]:  # the eigenvalues of M^T M and M M^T (M square) are the squared singular values of M
        m = a.args[1] if isinstance(a.args[0], sp.Transpose) else a.args[0]
        return (SpectralNorm(m) if largest else SmallestSingular(m)) ** 2
    return _eigen_2(a, largest) if isinstance(a, sp.MatrixBase) else None


def _extreme_subscript(toks: list, j: int) -> tuple[str, int] | None:
    """The subscript of ``\\lambda_{\\max}`` at j: ``{\\max}``, ``\\max``, ``{max}``, ``{\\text{max}}``,
    ``{\\mathrm{min}}``, ``{\\rm min}``: ("max" or "min", the index after it); None for anything else."""
    if j < len(toks) and toks[j].is_cmd("max", "min"):
        return toks[j].text, j + 1
    if j >= len(toks) or not toks[j].is_op("{"):
        return None
    k = j + 1
    if k < len(toks) and toks[k].is_cmd("max", "min") and k + 1 < len(toks) and toks[k + 1].is_op("}"):
        return toks[k].text, k + 2
    inner_close = 0
    if k < len(toks) and toks[k].kind == "cmd" and toks[k].text in ("text", "mathrm", "operatorname", "textrm"):
        if not (k + 1 < len(toks) and toks[k + 1].is_op("{")):
            return None
        k, inner_close = k + 2, 1
    elif k < len(toks) and toks[k].is_cmd("rm"):
        k += 1
    m = k
    while m < len(toks) and toks[m].kind == "letter":
        m += 1
    word = "".join(x.text for x in toks[k:m])
    if word not in ("max", "min") or m + inner_close >= len(toks):
        return None
    if inner_close and not toks[m].is_op("}"):
        return None
    m += inner_close
    if m >= len(toks) or not toks[m].is_op("}"):
        return None
    return word, m + 1


_BY_NAME = {("lambda", "max"): LambdaMax, ("lambda", "min"): LambdaMin, ("sigma", "max"): SpectralNorm,
            ("sigma", "min"): SmallestSingular}


def _times_vector(w: Any, v: Any) -> Any:
    """M for ``w = M v`` (``v`` itself: the identity), else None."""
    if w == v:
        return sp.Identity(v.shape[0])
    if isinstance(w, sp.MatMul) and w.args[-1] == v and not sp.MatMul(*w.args[:-1]).has(v):
        return sp.MatMul(*w.args[:-1]).doit()
    return None


def _form(q: Any, v: Any) -> Any:
    """A for the 1x1 form ``v^T A v`` (also inside a trace), else None."""
    q = q.arg if isinstance(q, sp.Trace) else q
    if isinstance(q, sp.MatMul) and len(q.args) >= 3 and q.args[0] == v.T and q.args[-1] == v:
        mid = sp.MatMul(*q.args[1:-1]).doit()
        return None if mid.has(v) else mid
    if isinstance(q, sp.MatMul) and len(q.args) == 2 and q.args == (v.T, v):
        return sp.Identity(v.shape[0])
    return None


class OpNormMixin(Cursor):
    """``\\max_{x \\ne 0}``/``\\min_{\\|x\\| = 1}`` of norms and Rayleigh quotients; ``\\lambda_{\\max}(A)``, ``\\|A\\|_2``
    (``product_rest``/``postfix``/``group``/``sub`` come from the parser)."""

    def spectral_norm(self, a: Any, pos: int) -> Any:
        """``\\|A\\|_2`` of a square matrix: the spectral norm."""
        return SpectralNorm(a)

    def spectral_value(self) -> Any:
        """``\\lambda_{\\max}(A)``, ``\\lambda_{\\min}(A)``, ``\\sigma_{\\max}(A)``, ``\\sigma_{\\min}(A)`` of a square
        matrix (consumed); None, with nothing consumed, for anything else (``\\lambda_{\\max}(1 - \\eta)`` stays a
        product)."""
        toks, i = self.toks, self.i
        if i + 3 >= len(toks) or not (toks[i].is_cmd("lambda", "sigma") and toks[i + 1].is_op("_")):
            return None
        got = _extreme_subscript(toks, i + 2)
        if got is None:
            return None
        which, start = got
        power = None
        if start + 1 < len(toks) and toks[start].is_op("^"):  # \sigma_{\min}^2(A) is \sigma_{\min}(A)^2
            braced = toks[start + 1].is_op("{") and start + 3 < len(toks) and toks[start + 3].is_op("}")
            digit = toks[start + 2] if braced else toks[start + 1]
            if digit.kind != "num" or not digit.text.isdigit():
                return None
            power, start = sp.Integer(digit.text), start + (4 if braced else 2)
        if start >= len(toks):
            return None
        if not toks[start].is_op("("):
            return None
        self.i = start
        try:
            arg = self.group("(", ")")
        except BadInput:
            self.i = i
            return None
        if not (is_matrix(arg) and arg.shape[0] == arg.shape[1] != 1):
            self.i = i
            return None
        cls = _BY_NAME[(toks[i].text, which)]
        if cls in (LambdaMax, LambdaMin):
            self._require_symmetric(arg, f"\\{toks[i].text}_{{\\{which}}}", toks[i].pos)
        return cls(arg) if power is None else cls(arg) ** power

    def _require_symmetric(self, a: Any, what: str, pos: int) -> None:
        if not _symmetric(a, self.nt.symmetric_symbols()):
            raise BadInput(f"{what} of a matrix not declared symmetric: declare it (--symmetric A), or write the "
                           "symmetric part (A + A^T)/2", pos)

    def extremum_over_vectors(self, t: Any, sub: list) -> Any:
        """``\\max_{x \\ne 0} u``, ``\\min_{\\|x\\| = 1} u`` (``sub``: the subscript's tokens, consumed; the body is the
        rest of the product)."""
        largest = t.text == "max"
        rel = next((k for k, x in enumerate(sub) if x.is_cmd("ne", "neq") or x.is_op("=")), None)
        if rel is None:
            raise BadInput(f"\\{t.text} over a set (\\{t.text}_{{...}}) is not understood; \\{t.text}(a, b) is, and "
                           f"\\{t.text}_{{x \\ne 0}} of a norm ratio", t.pos)
        left, right = sub[:rel], sub[rel + 1 :]
        rhs = "".join(x.text for x in right)
        if sub[rel].is_op("="):  # \|x\| = 1, \|x\|_2 = 1, \|x\|^2 = 1, x^T x = 1
            if rhs != "1":
                raise BadInput(_WHAT, t.pos)
            p = self.sub(left)
            constraint = p.expr()
            v, sphere = _vector_in(constraint), True
            if p.peek() is not None or v is None:
                raise BadInput(_WHAT, t.pos)
        else:  # x \ne 0
            if rhs not in ("0", "mathbf{0}", "boldsymbol{0}"):
                raise BadInput(_WHAT, t.pos)
            p = self.sub(left)
            v, sphere = p.primary(), False
            if p.peek() is not None:
                raise BadInput(_WHAT, t.pos)
        if not (isinstance(v, sp.MatrixSymbol) and v.shape[1] == 1 and v.shape[0] != 1):
            raise BadInput(f"\\{t.text}_{{x ...}} is over a vector x: declare it (--vector x)", t.pos)
        if self.peek() is None or not self.starts_operand(self.peek()):
            raise BadInput(f"\\{t.text} needs an expression", t.pos)
        body = self.product_rest(self.postfix())
        return self._extreme_value(body, v, sphere, largest, t)

    def extremum_of_ratio(self, t: Any) -> Any:
        """``\\max \\|Ax\\| / \\|x\\|`` with no subscript (as notes write the operator norm): the extremum over x \\ne 0,
        read only when the ratio holds exactly one vector (``\\|Ax - b\\| / \\|x\\|`` is refused: over x or over b?)."""
        body = self.term()  # the whole quotient: \max \|Ax\| / \|x\|
        found = {s for s in body.atoms(sp.MatrixSymbol) if s.shape[1] == 1 and s.shape[0] != 1} if isinstance(
            body, sp.Basic) else set()
        if len(found) != 1:
            raise BadInput(f"\\{t.text} without a subscript is read only of a ratio in one vector (\\{t.text} \\|Ax\\| / "
                           f"\\|x\\|): write \\{t.text}_{{x \\ne 0}} to say over which vector, or \\{t.text}(a, b)", t.pos)
        return self._extreme_value(body, found.pop(), False, t.text == "max", t)

    def _extreme_value(self, body: Any, v: Any, sphere: bool, largest: bool, t: Any) -> Any:
        if is_matrix(body):  # x^T A x / x^T x: the form times 1 / tr(x^T x)
            if body.shape != (1, 1) or not isinstance(body, sp.MatMul):
                raise BadInput(_WHAT, t.pos)
            coeff, num = body.as_coeff_mmul()
            num = num.doit() if isinstance(num, sp.MatMul) and len(num.args) == 1 else num
            top, den = sp.fraction(sp.together(sp.sympify(coeff)))
            if top != 1:
                raise BadInput(_WHAT, t.pos)
        else:
            num, den = sp.fraction(sp.together(body))
        if not sphere:  # x \ne 0: a ratio homogeneous of degree 0
            if den == Norm(v):
                kind, m = "norm", _times_vector(num.args[0], v) if isinstance(num, Norm) else None
            elif _form(den, v) is not None and _form(den, v) == sp.Identity(v.shape[0]):
                kind, m = "form", _form(num, v)
            else:
                kind, m = "", None
        elif den == 1:  # \|x\| = 1
            if isinstance(num, Norm):
                kind, m = "norm", _times_vector(num.args[0], v)
            else:
                kind, m = "form", _form(num, v)
        else:
            kind, m = "", None
        if m is None or not is_matrix(m) or m.shape != (v.shape[0], v.shape[0]):
            raise BadInput(_WHAT, t.pos)
        if kind == "norm":
            return SpectralNorm(m) if largest else SmallestSingular(m)
        if isinstance(m, sp.MatMul) and len(m.args) == 2 and m.args[0] == m.args[1].T:  # x^T M^T M x: sigma^2
            return (SpectralNorm(m.args[1]) if largest else SmallestSingular(m.args[1])) ** 2
        self._require_symmetric(m, f"\\{t.text} of the Rayleigh quotient", t.pos)
        return LambdaMax(m) if largest else LambdaMin(m)


def _symmetric(a: Any, symmetric: set) -> bool:
    """Is ``a`` symmetric by construction: a declared symmetric matrix, I, an explicit symmetric matrix, or a sum of
    scalar multiples of these (``A - B``, ``A - \\mu I``)?"""
    if isinstance(a, sp.MatAdd):
        return all(_symmetric(x, symmetric) for x in a.args)
    if isinstance(a, sp.MatMul):
        rest = a.as_coeff_mmul()[1]
        rest = rest.args[0] if isinstance(rest, sp.MatMul) and len(rest.args) == 1 else rest
        if not isinstance(rest, sp.MatMul):
            return _symmetric(rest, symmetric)
        f = rest.args  # M^T S M, M M^T: a palindrome under transposition around a symmetric middle
        half = len(f) // 2
        return all(f[k] == f[-1 - k].T for k in range(half)) and (
            len(f) % 2 == 0 or _symmetric(f[half], symmetric))
    return (isinstance(a, sp.MatrixSymbol) and a in symmetric) or isinstance(a, sp.Identity) or (
        isinstance(a, sp.MatrixBase) and a == a.T) or type(a).__name__ == "Diag"  # diag(v): matrix_notation


def _vector_in(constraint: Any) -> Any:
    """The vector of ``\\|x\\|`` or ``x^T x``."""
    if isinstance(constraint, Norm):
        return constraint.args[0]
    q = constraint.arg if isinstance(constraint, sp.Trace) else constraint
    if isinstance(q, sp.MatMul) and len(q.args) == 2 and q.args[0] == q.args[1].T:
        return q.args[1]
    return None
