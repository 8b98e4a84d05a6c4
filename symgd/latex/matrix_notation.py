"""Matrix notation that notes write and the parser otherwise refuses, each read as its definition:

- ``\\|A\\|_F`` (``_{\\mathrm{F}}``, ``_{\\text{F}}``, ``_{Fro}``): the Frobenius norm ``\\sqrt{\\operatorname{tr}(A^T A)}``
  (so ``\\|A\\|_F^2 = \\operatorname{tr}(A^\\top A)`` is an identity and explicit matrices evaluate exactly; the facts
  tying it to the spectral norm are in :mod:`symgd.decide.spectral`).  Padding a rectangular matrix with zeros
  leaves it unchanged.  Of a vector it is refused (write ``\\|x\\|``);
- ``\\|x\\|_A`` of a vector and a matrix A declared symmetric positive definite: ``\\sqrt{x^T A x}`` (the energy norm
  of conjugate gradients; for any other A refused, :func:`refuse_energy_norms`);
- ``\\langle A, B \\rangle`` of two square matrices: the Frobenius inner product ``\\operatorname{tr}(A^T B)`` (read as
  ``A^T B``, a matrix, it refuted the true ``\\langle A, B \\rangle = \\langle B, A \\rangle``);
- ``\\operatorname{diag}(v)`` of a vector: the diagonal matrix with v's entries (:class:`Diag`); of a list of
  scalars ``\\operatorname{diag}(a, b)``: the explicit diagonal matrix; anything else is refused;
- ``\\kappa(A)``, ``\\operatorname{cond}(A)`` of a square matrix: the condition number ``\\|A\\|_2 / \\sigma_{\\min}(A)``;
- ``\\mathbf{1}`` (``\\boldsymbol{1}``, ``\\bm{1}``, ``\\mathbb{1}``, with a size subscript ``_n``): the all-ones vector
  (:class:`Ones`) of the size of the claim's vectors;
- ``A \\in \\mathbb{S}^n`` (symmetric), ``\\mathbb{S}^n_+`` (and ``\\lambda_{\\min}(A) \\ge 0``), ``\\mathbb{S}^n_{++}`` (``A \\succ 0``)
  in an assumption;
- the Loewner order against a multiple of the identity in an assumption, ``\\mu I \\preceq H \\preceq L I``,
  ``A \\succeq 0``, ``H \\prec L I``: the extreme eigenvalues of the symmetric H, ``\\lambda_{\\min}(H) \\ge \\mu``,
  ``\\lambda_{\\max}(H) \\le L`` (equivalent for a symmetric matrix: x^T H x <= L x^T x for every x); a named H is
  declared symmetric by it.  Between two matrices, ``A \\preceq B`` is ``\\lambda_{\\max}(A - B) \\le 0``.  A claim
  with one Loewner relation (``X^T X + \\lambda I \\succeq \\lambda I``) is checked as the same eigenvalue bound
  (:func:`loewner_claim`), of a difference that must be symmetric by construction;
- ``A^k`` of an explicit matrix and a symbolic exponent: :mod:`symgd.latex.matrix_power`;
- ``[[2, 1], [1, 1]]`` (a matrix pasted as nested lists, as plain text and code write it): the explicit matrix, row
  by row.  Rows of different lengths or matrix entries are refused.

:func:`matrix_primary` is the parser's hook (one call in ``Parser.primary``); it consumes nothing and returns None
when none of these starts at the cursor.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.opnorm import LambdaMax, LambdaMin, SmallestSingular, SpectralNorm

__all__ = [
    "FROBENIUS_SUBSCRIPTS",
    "Diag",
    "Ones",
    "concrete_size_at",
    "energy_norm",
    "explicit_entries_of_free_matrix",
    "frobenius_inner",
    "frobenius_norm",
    "loewner_assumptions",
    "loewner_claim",
    "matrix_primary",
    "refuse_energy_norms",
]

FROBENIUS_SUBSCRIPTS = ("F", "mathrm{F}", "text{F}", "mathrm{Fro}", "Fro", "fro", "rm{F}", "mathsf{F}")
_BOLD_ONE = ("mathbf", "boldsymbol", "bm", "mathbb", "mathds")
_DIAG_FONTS = ("operatorname", "mathrm", "text", "textrm", "rm")


class Ones(MatrixExpr):
    """The all-ones column vector of size n (explicit once n is a number)."""

    def __new__(cls, n: Any) -> Any:
        return sp.Basic.__new__(cls, sp.sympify(n))

    @property
    def shape(self) -> tuple[Any, Any]:
        return (self.args[0], sp.Integer(1))

    def _entry(self, i: Any, j: Any, **kwargs: Any) -> Any:
        return sp.Integer(1)

    def doit(self, **hints: Any) -> Any:
        n = self.args[0]
        return sp.ImmutableMatrix(sp.ones(int(n), 1)) if n.is_Integer else self

    def _latex(self, printer: Any) -> str:
        return r"\mathbf{1}"

    def _sympystr(self, printer: Any) -> str:
        return "ones"


class Diag(MatrixExpr):
    """``\\operatorname{diag}(v)``: the square matrix with the entries of the vector v on its diagonal."""

    def __new__(cls, v: Any) -> Any:
        return sp.Basic.__new__(cls, v)

    @property
    def vector(self) -> Any:
        return self.args[0]

    @property
    def shape(self) -> tuple[Any, Any]:
        return (self.vector.shape[0], self.vector.shape[0])

    def _entry(self, i: Any, j: Any, **kwargs: Any) -> Any:
        return sp.KroneckerDelta(i, j) * self.vector[i, 0]

    def _eval_transpose(self) -> Any:
        return self

    def doit(self, **hints: Any) -> Any:
        v = self.vector.doit(**hints) if hints.get("deep", True) and isinstance(self.vector, sp.Basic) else self.vector
        if isinstance(v, MatrixExpr) and all(sp.sympify(d).is_Integer for d in v.shape):
            v = v.as_explicit()
        if isinstance(v, sp.MatrixBase):
            return sp.ImmutableMatrix(sp.diag(*list(v)))
        return Diag(v)

    @property
    def free_symbols(self) -> set:
        return self.vector.free_symbols

    def _latex(self, printer: Any) -> str:
        return r"\operatorname{diag}\left(" + printer._print(self.vector) + r"\right)"

    def _sympystr(self, printer: Any) -> str:
        return f"diag({printer._print(self.vector)})"


def frobenius_norm(a: Any, pos: int) -> Any:
    """``\\|A\\|_F = \\sqrt{\\operatorname{tr}(A^T A)}`` of a matrix (explicit: the root of the sum of squares)."""
    if not is_matrix(a) or 1 in a.shape:
        raise BadInput("the Frobenius norm \\|.\\|_F is of a matrix: declare it (--matrix A, or A \\in "
                       "\\mathbb{R}^{n \\times n} in the text); of a vector write \\|x\\| (the same value)", pos)
    if isinstance(a, sp.MatrixBase):
        return sp.sqrt(sum(e**2 for e in a))
    return sp.sqrt(sp.Trace(a.T * a))


def energy_norm(p: Any, v: Any, sub: list, pos: int) -> Any:
    """``\\|v\\|_A = \\sqrt{v^T A v}`` when v is a vector and the subscript a square matrix symbol (recorded, so that
    :func:`refuse_energy_norms` can require it positive definite); None otherwise."""
    if not (is_matrix(v) and v.shape[1] == 1 and v.shape[0] != 1) or not sub:
        return None
    try:
        q = p.sub(list(sub))
        m = q.primary()
        if q.peek() is not None:
            return None
    except BadInput:
        return None
    if not (isinstance(m, sp.MatrixSymbol) and m.shape == (v.shape[0], v.shape[0])):
        return None
    p.nt.__dict__.setdefault("energy_matrices", set()).add(m)
    return sp.sqrt(sp.Trace(v.T * m * v))


def refuse_energy_norms(nt: Any, positive_definite: set) -> None:
    """A norm ``\\|x\\|_A`` of a matrix not declared positive definite is refused (its root may be of a negative)."""
    for m in sorted(nt.__dict__.get("energy_matrices", ()), key=str):
        if m not in positive_definite:
            raise BadInput(f"\\|x\\|_{{{m.name}}} is a norm only for {m.name} symmetric positive definite: declare it "
                           f"({m.name} \\succ 0)")


def frobenius_inner(a: Any, b: Any) -> Any:
    """``\\langle A, B \\rangle = \\operatorname{tr}(A^T B)`` of two matrices of one shape (explicit: the sum of the
    entrywise products)."""
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        return sum(x * y for x, y in zip(a, b, strict=True))
    return sp.Trace(a.T * b)


def _word_after(toks: list, i: int) -> tuple[str, int] | None:
    """``\\operatorname{word}`` at i: (word, the index after the closing brace)."""
    if i + 1 >= len(toks) or not toks[i + 1].is_op("{"):
        return None
    j = i + 2
    while j < len(toks) and toks[j].kind == "letter":
        j += 1
    if j >= len(toks) or not toks[j].is_op("}"):
        return None
    return "".join(x.text for x in toks[i + 2 : j]), j + 1


def _diag(p: Any, start: int) -> Any:
    """``diag(...)`` with the cursor after the word."""
    if not ((t := p.peek()) is not None and t.is_op("(")):
        raise BadInput("write the argument of \\operatorname{diag} in parentheses: \\operatorname{diag}(v)", p.pos())
    vals = p.args("(", ")")
    if len(vals) == 1 and isinstance(vals[0], tuple):
        vals = list(vals[0])
    if len(vals) == 1 and is_matrix(vals[0]) and vals[0].shape[1] == 1 and vals[0].shape[0] != 1:
        v = vals[0]
        return sp.ImmutableMatrix(sp.diag(*list(v))) if isinstance(v, sp.MatrixBase) else Diag(v)
    if len(vals) > 1 and not any(is_matrix(v) for v in vals):
        return sp.ImmutableMatrix(sp.diag(*vals))
    raise BadInput("\\operatorname{diag} is read of a vector (\\operatorname{diag}(p)) or of a list of numbers "
                   "(\\operatorname{diag}(a, b)); declare the vector (--vector p)", start)


def _ones(p: Any) -> Any:
    """``\\mathbf{1}`` at the cursor (consumed, with a size subscript ``_n``), or None."""
    toks, i = p.toks, p.i
    t = toks[i]
    braced = i + 3 < len(toks) and toks[i + 1].is_op("{") and toks[i + 3].is_op("}")
    digit = toks[i + 2] if braced else (toks[i + 1] if i + 1 < len(toks) else None)
    if digit is None or digit.kind != "num" or digit.text != "1":
        return None
    j = i + (4 if braced else 2)
    if j < len(toks) and toks[j].is_op("_"):  # \mathbf{1}_n: the size
        if j + 1 < len(toks) and toks[j + 1].is_op("{"):
            k = j + 2
            while k < len(toks) and not toks[k].is_op("}"):
                k += 1
            j = k + 1
        else:
            j += 2
    if not (p.nt.vectors or p.nt.matrices or p.nt.inferred_vectors or p.nt.dim.is_Integer):
        raise BadInput("\\mathbf{1} is the all-ones vector, but the claim has no vector or matrix: declare them "
                       "(--vector x)", t.pos)
    p.i = j
    return Ones(p.nt.dim).doit()


def _nested_list(p: Any) -> Any:
    """``[[a, b], [c, d]]`` at the cursor: the explicit matrix (consumed)."""
    start = p.next()
    rows = []
    while True:
        row = p.args("[", "]")
        if any(is_matrix(v) or isinstance(v, tuple) for v in row):
            raise BadInput("a matrix written [[a, b], [c, d]] needs scalar entries", start.pos)
        rows.append(row)
        t = p.peek()
        if t is not None and t.is_op(","):
            p.next()
            continue
        break
    p.expect_op("]")
    if len(rows) == 1 and len(rows[0]) == 1:  # [[x]], \left[\left[(a^a)\right]\right]: brackets grouping, no matrix
        raise BadInput("one entry in double brackets is a grouping, not a matrix", start.pos)
    if len({len(r) for r in rows}) != 1:
        raise BadInput("a matrix written [[a, b], [c, d]] needs rows of one length", start.pos)
    return sp.ImmutableMatrix(rows)


def matrix_primary(p: Any) -> Any:
    """The parser's hook: one of the objects above at the cursor (consumed), or None (nothing consumed)."""
    toks, i = p.toks, p.i
    if i >= len(toks):
        return None
    t = toks[i]
    if t.is_op("[") and i + 1 < len(toks) and toks[i + 1].is_op("["):
        try:
            return _nested_list(p)
        except BadInput:  # not a nested list ([[x]_+ + y]): the parser reads it as before
            p.i = i
            return None
    if t.kind != "cmd":
        return None
    if t.text in _BOLD_ONE:
        return _ones(p)
    if t.text in (_LMIN, _LMAX):
        p.i = i + 1
        return _extreme_eigenvalue(p, t)
    if t.text == "diag":
        p.i = i + 1
        return _diag(p, t.pos)
    if t.text == "kappa" and i + 1 < len(toks) and toks[i + 1].is_op("("):
        return _condition_number(p, i + 1, i)
    if t.text in _DIAG_FONTS and (got := _word_after(toks, i)) is not None and got[0] == "cond" and got[1] < len(
            toks) and toks[got[1]].is_op("("):
        return _condition_number(p, got[1], i)
    if t.text in _DIAG_FONTS and (got := _word_after(toks, i)) is not None and got[0] == "diag":
        p.i = got[1]
        return _diag(p, t.pos)
    return None


def _extreme_eigenvalue(p: Any, t: Any) -> Any:
    """The extreme eigenvalue a Loewner rewrite asks for: of a symmetric matrix (declared or by construction), of a
    1 x 1 matrix or a scalar its value (the order is then the order of numbers); anything else refused."""
    arg = p.group("(", ")")
    if not is_matrix(arg) or arg.shape == (1, 1):
        return arg
    if arg.shape[0] != arg.shape[1]:
        raise BadInput("the Loewner order (\\preceq, \\succeq) compares square symmetric matrices", t.pos)
    p._require_symmetric(arg, "the Loewner order", t.pos)
    return (LambdaMin if t.text == _LMIN else LambdaMax)(arg)


def _condition_number(p: Any, paren: int, orig: int) -> Any:
    """``\\kappa(A)``, ``\\operatorname{cond}(A)`` of a square matrix (its parenthesis at ``paren``): ``\\|A\\|_2 /
    \\sigma_{\\min}(A)``; None, with the cursor back at ``orig``, when the argument is no square matrix (``\\kappa(t)``
    stays what the parser makes of it)."""
    p.i = paren
    try:
        arg = p.group("(", ")")
    except BadInput:
        arg = None
    if not (is_matrix(arg) and arg.shape[0] == arg.shape[1] != 1):
        p.i = orig
        return None
    return SpectralNorm(arg) / SmallestSingular(arg)


def concrete_size_at(toks: list, k: int) -> int | None:
    """The size of an explicit matrix written at ``toks[k]``: the rows of ``[[a, b], [c, d]]``, the entries of
    ``\\operatorname{diag}(a, b)`` (a list of two or more); None otherwise (the claim's size stays symbolic)."""
    t = toks[k]
    if t.is_op("[") and k + 1 < len(toks) and toks[k + 1].is_op("["):
        rows, depth = 0, 0
        for x in toks[k:]:
            depth += x.is_op("[", "(", "{") - x.is_op("]", ")", "}")
            rows += depth == 2 and x.is_op("[")
            if depth == 0:
                return rows if rows >= 2 else None  # [[a, b]]: a row, no size for the claim's vectors
        return None
    j = k + 1 if t.is_cmd("diag") else None
    if t.kind == "cmd" and t.text in _DIAG_FONTS and (got := _word_after(toks, k)) is not None and got[0] == "diag":
        j = got[1]
    if j is None or j >= len(toks) or not toks[j].is_op("("):
        return None
    entries, depth = 1, 0
    for x in toks[j:]:
        depth += x.is_op("[", "(", "{") - x.is_op("]", ")", "}")
        entries += depth == 1 and x.is_op(",")
        if depth == 0:
            return entries if entries > 1 else None
    return None


_LMIN, _LMAX = "loewnerlmin", "loewnerlmax"  # internal commands of the rewrites below (read by matrix_primary)
_LOEWNER = re.compile(r"\\(preceq|succeq|prec|succ|preccurlyeq|succcurlyeq)(?![A-Za-z])")
_TIMES_I = re.compile(r"^(?P<c>.*?)\s*(\\cdot\s*)?(\\mathbf\s*\{\s*I\s*\}|\\mathbb\s*\{\s*I\s*\}|I_\{?[A-Za-z0-9]\}?|I)$")
_SIMPLE_NAME = re.compile(r"^(\\?[A-Za-z]+)(_\{?\w+\}?)?$")


def _bound(text: str) -> str | None:
    """``c`` for ``c I`` (``\\mathbf{I}``, ``I_n``, ``c \\cdot I``; 1 for ``I``), ``0`` for 0; None otherwise."""
    text = text.strip()
    if text == "0":
        return "0"
    m = _TIMES_I.fullmatch(text)
    if m is None:
        return None
    c = m.group("c").strip()
    if c.endswith("\\,"):
        c = c[:-2].strip()
    if re.search(r"(?<=.)[-+]|\\pm|\\mp", c):  # A - \mu I is a matrix, not a multiple of I
        return None
    return c or "1"


_SYMMETRIC_SET = re.compile(r"^\s*(?P<names>\\?[A-Za-z]+(?:_\{?\w+\}?)?(?:\s*,\s*\\?[A-Za-z]+(?:_\{?\w+\}?)?)*)\s*"
                            r"\\in\s*\\mathbb\s*\{?\s*S\s*\}?(?P<script>(?:\s*[_^]\s*(?:\{[^{}]*\}|\w|\+))*)\s*$")


def _symmetric_set(a: str) -> tuple[list[str], list[str]] | None:
    """``A \\in \\mathbb{S}^n`` (symmetric), ``\\mathbb{S}^n_+`` (positive semidefinite), ``\\mathbb{S}^n_{++}``
    (positive definite): (the assumptions it stands for, the names made symmetric); None for anything else."""
    m = _SYMMETRIC_SET.match(a) if isinstance(a, str) else None
    if m is None:
        return None
    names = [n.strip() for n in m.group("names").split(",")]
    if not all(re.match(r"[A-Z]|\\[A-Z]", n) for n in names):  # u \in \mathbb{S}^d may be a point of a sphere
        return None
    if re.search(r"[^\w{}^_+\s]", m.group("script")):  # \mathbb{S}^n_{-}: not read (never made just symmetric)
        return None
    pluses = re.sub(r"[^+]", "", m.group("script"))
    if pluses == "++":
        return [f"{n} \\succ 0" for n in names], names
    if pluses == "+":
        return [f"\\{_LMIN}({n}) \\ge 0" for n in names], names
    return ([], names) if not pluses else None


def loewner_assumptions(assume: tuple) -> tuple[tuple, tuple]:
    """The assumptions with each Loewner bound against c I rewritten as a bound on an extreme eigenvalue, and the
    names these make symmetric (``\\mu I \\preceq A \\preceq L I``: ``\\lambda_{\\min}(A) \\ge \\mu``,
    ``\\lambda_{\\max}(A) \\le L``, A symmetric).  ``A \\succ 0`` stays as it is (a positive definite matrix)."""
    out: list = []
    names: list[str] = []
    for a in assume:
        if (sym := _symmetric_set(a)) is not None:  # A \in \mathbb{S}^n_{++}
            out.extend(sym[0])
            names += [n for n in sym[1] if n not in names]
            continue
        parts = _LOEWNER.split(a) if isinstance(a, str) else [a]
        if len(parts) < 3 or (len(parts) == 3 and parts[1] == "succ" and parts[2].strip() == "0"):
            out.append(a)
            continue
        pieces, ops = [p.strip() for p in parts[0::2]], parts[1::2]
        new: list[str] = []
        for left, op, right in zip(pieces, ops, pieces[1:], strict=False):
            bl, br = _bound(left), _bound(right)
            if bl is not None and br is not None:  # two multiples of I: not read here
                new = []
                break
            if bl is None and br is None:  # A \preceq B: lambda_max(A - B) <= 0
                small, large = (left, right) if op.startswith("prec") else (right, left)
                rel = "<" if op in ("prec", "succ") else "\\le"
                new.append(f"\\{_LMAX}({small} - ({large})) {rel} 0")
                names += [x for x in (left, right) if _SIMPLE_NAME.fullmatch(x) and x not in names]
                continue
            smaller_is_bound = (bl is not None) == op.startswith("prec")
            matrix, c = (right, bl) if bl is not None else (left, br)
            strict = op in ("prec", "succ")
            if smaller_is_bound:
                rel = ">" if strict else "\\ge"
                new.append(f"\\{_LMIN}({matrix}) {rel} {c}")
            else:
                rel = "<" if strict else "\\le"
                new.append(f"\\{_LMAX}({matrix}) {rel} {c}")
            if _SIMPLE_NAME.fullmatch(matrix) and matrix not in names:
                names.append(matrix)
        out.extend(new or [a])
    return tuple(out), tuple(names)


_ENV = re.compile(r"\\(?:begin|end)\s*\{\s*[a-zA-Z]*matrix\*?\s*\}")
_NUMERIC_WORDS = re.compile(r"\\(?:frac|tfrac|dfrac|sqrt|cdot|left|right|Big|big|quad|,|;|!)")


def _numeric_matrix(side: str) -> bool:
    """Is ``side`` an explicit matrix of numbers (a matrix environment or ``[[..], [..]]`` with two or more rows)?"""
    side = side.strip()
    env = _ENV.match(side) is not None and _ENV.search(side[-20:]) is not None
    nested = side.startswith("[[") and side.endswith("]]")
    if not (env or nested):
        return False
    body = _NUMERIC_WORDS.sub(" ", _ENV.sub(" ", side))
    rows = body.count("\\\\") + 1 if env else body.count("[") - 1
    return rows >= 2 and re.search(r"[A-Za-z]", body.replace("\\\\", " ")) is None


def explicit_entries_of_free_matrix(link: str, counterexample: dict) -> str:
    """Why a refutation of ``expression of A = [[numbers]]`` at an arbitrary matrix A is not the document's ('' when
    it is): a formula that gives explicit entries to an expression of a matrix symgd holds arbitrary is a worked
    example whose matrix the text fixes in words (rows, entries, a picture); any matrix with other entries
    "refutes" it."""
    if "=" not in link or not counterexample:
        return ""
    sides = re.split(r"(?<![<>!\\:])=", link)
    if not any(_numeric_matrix(x) for x in sides):
        return ""
    free = sorted(k for k, v in counterexample.items() if isinstance(v, str) and re.match(r"\[\[[^\]]*,", v))
    if not free:
        return ""
    return (f"a counterexample gives {free[0]} arbitrary entries, but the formula gives explicit entries to an "
            f"expression of it (a worked example whose matrix the text fixes); declare {free[0]}'s entries to check it")


_RELATION_AT_TOP = re.compile(r"(?<!\\)[=<>]|\\(?:le|ge|leq|geq|lt|gt|ne|neq|in|approx|sim|to|leqslant|geqslant)(?![A-Za-z])")


def _top_level(text: str) -> str:
    """``text`` with everything inside brackets and braces blanked (positions kept)."""
    out, depth = [], 0
    for ch in text:
        if ch in "([{":
            depth += 1
        out.append(ch if depth == 0 else " ")
        if ch in ")]}":
            depth = max(depth - 1, 0)
    return "".join(out)


def loewner_claim(chain: str) -> str:
    """A claim ``P \\succeq Q`` (one Loewner relation, nothing else at the top level) as ``\\lambda_{\\min}(P - (Q)) \\ge 0``
    (``\\preceq``: ``\\lambda_{\\max}(P - (Q)) \\le 0``; strict: > and <); any other text unchanged.  This is the
    order's definition for symmetric P - Q; the parser refuses a difference that is not symmetric by construction."""
    if not isinstance(chain, str) or ("prec" not in chain and "succ" not in chain):
        return chain
    top = _top_level(chain)
    found = list(_LOEWNER.finditer(top))
    if len(found) != 1 or _RELATION_AT_TOP.search(top):
        return chain
    m = found[0]
    left, right, op = chain[: m.start()].strip(), chain[m.end():].strip().rstrip(".,").strip(), m.group(1)
    if not left or not right:
        return chain
    diff = left if right == "0" else (f"-({right})" if left == "0" else f"{left} - ({right})")
    strict = op in ("prec", "succ")
    if op.startswith("succ"):
        return f"\\{_LMIN}({diff}) {'>' if strict else '>='} 0"
    return f"\\{_LMAX}({diff}) {'<' if strict else '<='} 0"
