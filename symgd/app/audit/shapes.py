r"""Shapes a document states in words or implies by a definition, carried to its later formulas.

* A noun right before inline math names its shape: "for some fixed matrix $R$", "the vector $x$", "a data matrix
  X ∈ ℝ^{n×d}" (plain text), "$A$ is a symmetric matrix": R, A, X are matrices, x a vector.
* A membership ``A \in \mathbb{R}^{n\times n}`` is read by the parser; a rectangular one ``X \in \mathbb{R}^{n\times
  d}`` makes X a matrix of symgd's one size, i.e. X padded with zeros to a square matrix.  Products, sums,
  transposes, norms of vectors, quadratic forms and inverses of ``M + cI`` are unchanged by that padding, so a
  claim built from them reads the same; a claim whose value the padding changes (a trace, a determinant, an
  eigenvalue, a singular value, a norm of a matrix, an inverse of anything but ``M + cI``) is refused in one line
  (:func:`rectangular_refusal`).
* A name defined by an expression of known shape has that shape: ``w^* = (X^T X + \lambda I)^{-1} X^T y`` is a vector,
  ``H = X^T X + \lambda I`` a matrix (:func:`defined_shape`).

Nothing is guessed: a name the prose calls a matrix that the formulas use as something else is refused by the
parser when the declaration is tried (the context keeps it out, with the reason).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy as sp

from symgd.app.audit.at_points import remember_formula

if TYPE_CHECKING:
    from symgd.app.audit.context import DocContext

__all__ = ["SHAPED_HERE", "declare_shapes", "defined_shape", "domain_points", "eigenvalue_names", "generic_again", "gradient_partners", "integer_exponents", "one_dimensional", "prose_shapes", "real_spaces",
           "rectangular_refusal", "scalar_arguments", "spectral_in_words", "trace_capitals", "unaligned", "unit_dimensions", "usage_shapes"]

_NAME = r"(?:\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}$]*\}|_\\?[A-Za-z0-9]+)?"
_NOUN = re.compile(r"\b(?P<noun>matri(?:x|ces)|vectors?)\s*(?:\$\$?|\\\()?\s*$", re.I)
_HEAD = re.compile(r"\s*(?P<names>" + _NAME + r"(?:\s*,\s*" + _NAME + r")*)\s*(?=$|\\in\b|∈|[,.;]|\\[,;:!]|\)|$)")
_WORDED_NAME = re.compile(r"\b(?P<noun>matri(?:x|ces)|vectors?)\s*(?:\$|\\\()\s*(?P<names>" + _NAME + r"(?:\s*,\s*"
                          + _NAME + r")*)\s*(?:\$|\\\))", re.I)
_SYMMETRIC = re.compile(r"\$\s*(?P<one>" + _NAME + r")(?![A-Za-z])[^$]{0,40}\$\s+(?:is|be)\s+(?:a\s+)?symmetric\b"
                        r"|\bsymmetric\s+(?:[\w-]+\s+){0,2}?matri(?:x|ces)\s*\$\s*(?P<names>" + _NAME
                        + r"(?:\s*,\s*" + _NAME + r")*)\s*\$", re.I)
_BARE_SYMMETRIC = re.compile(r"\b(?:with|where|let|and|suppose|assume|for)\s+(?P<name>[A-HJ-Z])\s+(?:is\s+|be\s+)?(?:a\s+)?"
                             r"symmetric\b(?!\s+(?:part|in)\b)")  # a capital after "with" is no article ("with a")
_IS_A = re.compile(r"\$\s*(?P<name>" + _NAME + r")\s*\$\s+(?:is|be|denotes)\s+(?:a|an|the|some)\s+(?:[\w-]+\s+){0,3}?"
                   r"(?P<noun>matrix|vector)\b", re.I)
_SPACE = re.compile(r"(?P<names>" + _NAME + r"(?:\s*,\s*" + _NAME + r")*)\s*\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*"
                    r"\{\s*(?P<a>[A-Za-z0-9]+)\s*\\times\s*(?P<b>[A-Za-z0-9]+)\s*\}")
_SET_BUILDER = re.compile(r"\\\{\s*(?P<name>" + _NAME + r")\s*\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*\^\s*\{?\s*(?P<size>[A-Za-z])\s*\}?"
                          r"\s*(?::|\\mid|\|)")
SHAPED_HERE = "shaped_here"  # the context attribute: names the current formula's own reading made vectors or matrices
_SIZES = "stated_sizes"  # the context attribute: name -> (rows, columns) as its membership writes them
_RECTANGULAR = "rectangular"  # the context attribute holding the names of rectangular matrices
_WORDED = "worded_shapes"  # the context attribute: name -> (kind, its section's heading line) of shapes in words
_QUANTIFIED = re.compile(r"\b(?:any|every|all|each|arbitrary)\s+(?:[\w-]+\s+){0,2}$", re.I)
_VALUE_CHANGING = "a trace, a determinant, an eigenvalue or singular value, a norm of a matrix, an inverse of a product"


def prose_shapes(before: str, latex: str, after: str = "") -> list[tuple[str, str]]:
    """(name, "matrices" | "vectors") that the prose gives names: a noun right before the math ``latex`` its leading
    names ("the vector $x$", "matrix X ∈ ℝ^{n×d}"); in the sentence around it, "matrix $R$" and "$A$ is a (symmetric)
    matrix" ("we minimize $g(u) = f(Ru)$ for some fixed matrix $R$": R is a matrix in the formula already).  A
    quantified noun ("for any vector $x$") names a bound variable: nothing."""
    out: list[tuple[str, str]] = []
    tail = before[-60:]
    m = _NOUN.search(tail)
    h = _HEAD.match(latex) if m and not _QUANTIFIED.search(tail[: m.start()]) else None
    if m and h:
        out += [(n, _kind(m.group("noun"))) for n in _names_of(h.group("names"))]
    sentence = re.split(r"(?<=[.!?])\s+", before)[-1] + " $" + latex + "$ " + re.split(r"(?<=[.!?])\s+", after)[0]
    for w in _WORDED_NAME.finditer(sentence):
        if not _QUANTIFIED.search(sentence[max(0, w.start() - 40): w.start()]):
            out += [(n, _kind(w.group("noun"))) for n in _names_of(w.group("names"))]
    for w in _IS_A.finditer(sentence):
        out.append((w.group("name"), _kind(w.group("noun"))))
    for w in _SYMMETRIC.finditer(sentence):  # "Let $A \in \R^{n\times n}$ be symmetric", "a symmetric matrix $A$"
        out += [(n, "symmetric") for n in _names_of(w.group("names") or w.group("one"))]
    for w in _BARE_SYMMETRIC.finditer(re.sub(r"\$[^$]*\$", " $ ", sentence)):  # plain text: "with A symmetric"
        out.append((w.group("name"), "symmetric"))
    return [(n, k) for n, k in dict.fromkeys(out) if n not in ("I", "e")]


_SPECTRAL_WORDS = re.compile(r"\b(?:spectral|operator|induced(?:\s+2-?)?)\s+norm\b|\b2-norm of (?:a|the) matri", re.I)
_BARE_NORM = re.compile(r"\\\|\s*(?P<m>[A-Z](?:\s*\^\s*\{\s*-\s*1\s*\}|\s*\^\s*\{?\s*(?:T|\\top)\s*\}?)?)\s*\\\|(?![_^])")


def spectral_in_words(latex: str, before: str, after: str) -> str:
    """``\\|A\\|`` (a capital letter, its inverse or transpose) written as ``\\|A\\|_2`` where the sentence around the
    formula calls it the spectral (operator, induced) norm: "What is the spectral norm? $\\|A\\| = \\max \\|Ax\\|/\\|x\\|$".
    Elsewhere ``\\|A\\|`` of a matrix stays ambiguous (Frobenius? spectral?) and the parser refuses it."""
    lead = re.split(r"(?<=[.!?])\s+", before.rstrip())[-1]  # its sentence, or the question it answers
    sentence = lead + " " + re.split(r"(?<=[.!?])\s+(?=[A-Z])", after)[0]
    if not _SPECTRAL_WORDS.search(sentence):
        return latex
    return _BARE_NORM.sub(lambda m: r"\|" + m.group("m") + r"\|_2", latex)


def _mentions(latex: str, name: str) -> bool:
    """Whether ``latex`` writes ``name`` (a one-letter name also in a product written without space: ``Ru_t``)."""
    after = r"(?![A-Za-z])" if len(name.lstrip("\\")) > 1 else ""  # R_t is of R's family too
    return re.search(r"(?<![A-Za-z\\])" + re.escape(name) + after, latex) is not None


_REALS = re.compile(r"\\(?:RR|Reals|R)(?![A-Za-z])|\\(?:mathbb|Bbb)\s*(?:\{\s*(?P<a>[RNZ])\s*\}|(?P<b>[RNZ])(?![A-Za-z]))")


def real_spaces(latex: str) -> str:
    """The spellings of the real numbers notes use without defining them, as ``\\mathbb{R}``: ``\\R``, ``\\RR``,
    ``\\Reals`` (MathJax macros of a blog), ``\\mathbb R``, ``\\Bbb{R}`` (so ``A \\in \\R^{n\\times n}`` declares a matrix);
    also N and Z in the blackboard spellings.  A macro the document defines is expanded before this."""
    return _REALS.sub(lambda m: "\\mathbb{" + (m.group("a") or m.group("b") or "R") + "}", latex)


def _kind(noun: str) -> str:
    return "matrices" if noun.lower().startswith("matri") else "vectors"


def _names_of(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


def declare_shapes(before: str, latex: str, ctx: DocContext, line: int = 0, after: str = "") -> None:
    """Declare what the prose before a formula (of the source line ``line``) and the formula's rectangular
    memberships say of shapes (each declaration tried against the others first: one that does not read is kept out,
    with its reason).  A shape stated in words holds to the end of its section (notes reuse letters: the vector x of
    one section is the scalar x of the next); memberships and definitions hold on."""
    section = ctx.heading_before(line)
    remember_formula(line, latex, ctx)  # for a later claim about a name an example gave a value (at_points.py)
    had = {*ctx.vectors, *ctx.matrices}
    try:
        _declare_shapes(before, latex, ctx, line, after, section)
    finally:  # names first shaped by this formula are no names an earlier formula knew (chain._introduced_here)
        ctx.__dict__[SHAPED_HERE] = {n for n in (*ctx.vectors, *ctx.matrices) if n not in had}


def _declare_shapes(before: str, latex: str, ctx: DocContext, line: int, after: str, section: int) -> None:
    ctx.__dict__.setdefault(_DECLARED, {*ctx.vectors, *ctx.matrices})  # the user's declarations: never undone
    worded: dict[str, tuple[str, int]] = ctx.__dict__.setdefault(_WORDED, {})
    for name, (kind, where) in list(worded.items()):
        if where == section or (name.endswith("'") and any(re.match(re.escape(name[:-1]) + r"\s*\\in\s*\\mathbb", a)
                                                              for a in ctx.assume)):
            continue  # "Let $Q \in \R^{n\times n}$ be symmetric": as long as the membership of its sentence holds
        del worded[name]
        name = name.rstrip("'")  # a symmetric declaration is kept apart from the same name's shape
        if name in getattr(ctx, kind):
            getattr(ctx, kind).remove(name)
            if any(_mentions(a, name) for a in ctx.assume) and ctx._ok(ctx.declarations()):
                getattr(ctx, kind).append(name)  # a definition carried on reads only with it: kept
    spectral = [(m.group(1), "matrices") for m in re.finditer(r"\\\|\s*([A-Z])[^|]{0,12}?\\\|_2", latex)
                if _SPECTRAL_WORDS.search(before[-200:] + " " + after[:200])]  # "the spectral norm \|A\|": a matrix
    for name, kind in [*prose_shapes(before, latex, after), *spectral]:
        known = name in ctx.symmetric if kind == "symmetric" else name in ctx.vectors or name in ctx.matrices
        if not known and not ctx.add_names(kind, [name]):
            worded[name + ("'" if kind == "symmetric" else "")] = (kind, section)
    for m in _SPACE.finditer(latex):
        if m.group("a") == m.group("b"):  # square: the parser reads the membership itself
            ctx.__dict__.setdefault(_SIZES, {}).update({n: (m.group("a"), m.group("a")) for n in _names_of(m.group("names"))})
            continue
        names = _names_of(m.group("names"))
        ctx.add_names("matrices", [n for n in names if n not in ctx.matrices])
        names = [n for n in names if n in ctx.matrices]
        ctx.__dict__.setdefault(_SIZES, {}).update({n: (m.group("a"), m.group("b")) for n in names})
        if names:
            ctx.__dict__.setdefault(_RECTANGULAR, set()).update(names)
        for n in names:  # "a data matrix $X \in \R^{n\times d}$": the membership holds on, not only the noun's section
            worded.pop(n, None)
    for name in _vector_arguments(latex, ctx):
        ctx.add_names("vectors", [name])
    for m in _SET_BUILDER.finditer(latex):  # \Delta_n = \{x \in \mathbb{R}^n : ...\}: n is the size, x a point of it
        ctx.add_assumption(f"{m.group('name')} \\in \\mathbb{{R}}^{{{m.group('size')}}}")
    named = _named_value(latex, ctx)  # "the error $e_k = w_k - w^\star$" with w a vector: e_k (its family) one too
    if named:
        ctx.add_names(named[1], [named[0]])
    elif r"\begin{" in latex:  # M = \begin{pmatrix}..\end{pmatrix}, \qquad u_0 = v_0 = \begin{pmatrix} 1 \\ 1 ...: each piece
        for piece in _relation_pieces(latex):
            if (named := _named_value(piece, ctx)) is not None:
                ctx.add_names(named[1], [named[0]])
    usage = [n for n in usage_shapes(latex, ctx) if n not in ctx.vectors]
    usage += [n for n in gradient_partners(usage, ctx) if n not in usage]  # g = \nabla f(x_k): g and x_k together
    if len(usage) > 1 and not ctx.add_names("vectors", usage):  # x_{k+1} = x_k - \eta_k g_k read before: x, g together
        worded.update({n: ("vectors", section) for n in usage})
        usage = []
    for name in usage:  # b \in \R^n, r = b - Ax, then \langle r, p \rangle: p a vector
        if name not in ctx.vectors and not ctx.add_names("vectors", [name]):
            worded[name] = ("vectors", section)
    eigenvalue_names(before, latex, after, line, ctx)  # "with smallest eigenvalue $\mu$": no free value
    generic_again(before, latex, after, line, ctx)  # "Let $\varphi$ be strictly convex" after an example's \varphi
    for name in domain_points(before, latex, after, ctx):  # f: \mathbb{R}^d \to \mathbb{R}, then f(y), \nabla f(x_k)
        if name not in ctx.vectors and not ctx.add_names("vectors", [name]):
            worded[name] = ("vectors", section)  # where the section applies f there (a 1-D example's f(x) = x^2: not)
    for name in trace_capitals(latex, ctx):  # \operatorname{tr}(ABC), \|A\|_F: A, B, C matrices in this section
        if not ctx.add_names("matrices", [name]):
            worded[name] = ("matrices", section)
    unit_dimensions(latex, ctx, section)  # "Take $m = 1$": \lambda \in \mathbb{R}^m is a number in this section
    integer_exponents(before, latex, after, ctx, section)  # A^k x_0 with k the index of x_k: a matrix power
    scalar_arguments(latex, ctx, section)  # f(w) = \frac{a}{2}(w - c)^2 after a vector w: w a scalar here


_UNICODE_NAMES = {"μ": "\\mu", "λ": "\\lambda", "ν": "\\nu", "σ": "\\sigma", "α": "\\alpha", "β": "\\beta"}
_EIGEN_WORDS = (r"(?:(?:smallest|largest|least|minimal|maximal|minimum|maximum|extreme|top|bottom|leading)\s+)"
                r"(?:eigen|singular\s+)values?(?:\s+of\s+\$?[A-Z]\$?)?(?:\s+(?:is|are|equal\s+to|by))?")
_EIGEN_BEFORE = re.compile(_EIGEN_WORDS + r"\s*(?:\$|\\\()?\s*$", re.I)
_EIGEN_AFTER = re.compile(r"\s*(?:(?:,|and|,\s*and)\s*\$[^$]*\$\s*)*(?:(?:be|are|denote|as)\s+)?(?:the|its|their)\s+"
                          + _EIGEN_WORDS, re.I)  # reading3: names first, then the words
_EIGEN_PLAIN = re.compile(_EIGEN_WORDS + r"\s+(?P<name>[μλνσαβ]|[A-Za-z])(?![\w$])", re.I)


def eigenvalue_names(before: str, latex: str, after: str, line: int, ctx: DocContext) -> list[str]:
    r"""Names the prose calls extreme eigenvalues or singular values ("with smallest eigenvalue $\mu$", plain text's
    "largest eigenvalue L"): a value a counterexample gives them need not be the matrix's, so they are constrained in
    words (``ctx.worded``: such a counterexample is undecided, trust.py).  Not "eigenvalues in $[\mu, L]$": a bound
    any values 0 < mu <= L satisfy with some matrix (two planted slips in mu and L alone went undecided)."""
    found: list[str] = []
    name = latex.strip()
    if re.fullmatch(_NAME, name) and (_EIGEN_BEFORE.search(before[-80:]) or _EIGEN_AFTER.match(after[:160])):
        found.append(name)  # "with smallest eigenvalue $\mu$"; "with $\lambda_{\min}$, $\lambda_{\max}$ the extreme ..."
    for text in (before[-160:], after[:160]):  # plain text: the names stand in the prose
        for m in _EIGEN_PLAIN.finditer(re.sub(r"\$[^$]*\$", " $ ", text)):
            found.append(_UNICODE_NAMES.get(m.group("name"), m.group("name")))
    from symgd.app.audit.classify import norm

    for n in found:
        ctx.worded.setdefault(norm(n), (line, "an extreme eigenvalue (or singular value) of a matrix"))
    return found


_TRACE_OPEN = re.compile(r"\\(?:operatorname\s*\{\s*(?:tr|Tr|trace)\s*\}|mathrm\s*\{\s*(?:tr|Tr)\s*\}|tr|Tr|trace|det)\s*"
                         r"(?:\\(?:left|big|Big|bigg|Bigg)\s*)?\(")
_FROBENIUS = re.compile(r"\\\|(?P<arg>[^|]*?)\\\|\s*_\s*(?:\{\s*(?:\\mathrm\s*\{\s*F\s*\}|\\text\s*\{\s*F\s*\}|F)\s*\}|F)")
_CAPITAL = re.compile(r"(?<![a-z\\])([A-HJ-Z](?:_\{[^{}]*\}|_[A-Za-z0-9])?)(?![a-z(])")  # ABC: three names


_DOMAINS = "vector_domains"  # the context attribute: function name -> the size letter of its domain R^d
_SIGNATURE = re.compile(r"(?P<f>\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*(?::|\\colon)\s*\\mathbb\s*\{?R\}?\s*\^\s*\{?\s*"
                        r"(?P<d>[a-z])\s*\}?\s*(?:\\to|\\rightarrow|→)")
_POINT_NAME = r"(?:\\(?:tilde|bar|hat)\s*\{?\s*[A-Za-z]\s*\}?|[a-z]|\\[a-z]+)(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?(?:\^\{?(?:\*|\\star)\}?)?"


def domain_points(before: str, latex: str, after: str, ctx: DocContext) -> list[str]:
    r"""The points at which a function the text declares on vectors is applied: after "$f: \mathbb{R}^d \to
    \mathbb{R}$" every name written as f's one argument (``f(y)``, ``\nabla f(x_k)``,
    ``f(x^\star)``) is a d-vector, unless the text gives it a shape, a sign or a value (a one-dimensional example's
    own definition ``f(x) = x^2`` makes x a number in its section: :func:`scalar_arguments`).  Only the name as
    written.  Not plain text's "f: ℝᵈ → ℝ": there x_k a vector made the family's x one, and "1 - 1/x ≤ ln x, for all
    x > 0" beside it made two planted slips of a plain text undecided."""
    domains: dict[str, str] = ctx.__dict__.setdefault(_DOMAINS, {})
    for m in _SIGNATURE.finditer(latex):
        domains.setdefault(m.group("f"), m.group("d"))
    own = _DEFINITION.fullmatch(latex.replace("&", "").strip().rstrip(".,;"))
    if own and own.group("f") in domains:  # f defined anew (f(x) = \frac{\mu}{2} x^2): its body says what x is
        del domains[own.group("f")]
    if not domains:
        return []
    out: list[str] = []
    for f in domains:
        if f in ctx.vectors or f in ctx.matrices:
            continue
        app = re.compile(r"(?<![A-Za-z\\])" + re.escape(f) + r"\s*(?:\\left)?\(\s*(?P<x>" + _POINT_NAME
                         + r")\s*(?:\\right)?\)")
        for m in app.finditer(latex):  # the name as written: x_k (x itself may be a number elsewhere: 1 - 1/x <= ln x)
            x = m.group("x").strip()
            if x not in out and x not in ctx.vectors and x not in ctx.matrices and x not in ctx.functions \
                    and not _sized_or_signed(x, ctx) and not re.fullmatch(r"\\?(?:e|i|pi|infty)", x):
                out.append(x)
    return out


_LET_BE = re.compile(r"\b(?:let|now let|suppose|assume)\s*$", re.I)
_BE_PROPERTY = re.compile(r"^\s*(?:be|is)\s+(?:any\s+|a\s+|an\s+)?(?:strictly\s+|strongly\s+|twice\s+)?"
                          r"(?:convex|differentiable|smooth|continuously|function|[A-Za-z]-smooth)\b", re.I)


def generic_again(before: str, latex: str, after: str, line: int, ctx: DocContext) -> str:
    r"""A function the text defined (an example's ``\varphi(x) = \frac12 x^\top Q x``) introduced again by a
    property ("Let $\varphi$ be strictly convex and let ..."): from here on it is a generic function, so its old body
    is neither substituted nor free for a counterexample (opaque: undecided).  Returns the name ("" if none)."""
    name = latex.strip()
    if not (re.fullmatch(_NAME, name) and _LET_BE.search(before[-40:]) and _BE_PROPERTY.match(after[:80])):
        return ""
    from symgd.app.audit.classify import norm

    # the function itself and those named after it (D_\varphi, its Bregman divergence): bodies for the old one
    own = re.compile(r"\s*(?:" + re.escape(name) + r"|[A-Za-z]+_\{?\s*" + re.escape(name) + r"\s*\}?)\s*(?:\\left)?\(")
    word = re.compile(re.escape(name) + r"(?![A-Za-z])")  # a body written with the function holds for any of them

    def specific(link: str) -> bool:
        return bool(own.match(link)) and "=" in link and not word.search(link.split("=", 1)[1])

    dropped = [k for k, d in ctx.fdefs.items() if d.line < line and specific(d.latex)]
    for k in dropped:
        del ctx.fdefs[k]
        ctx.stale.discard(k)
    held = [a for a in ctx.assume if specific(a)]
    ctx.assume[:] = [a for a in ctx.assume if a not in held]
    for text in [*held, *(f"{k}(" for k in dropped)]:
        ctx.opaque.setdefault(norm(re.split(r"(?:\\left)?\(", text, maxsplit=1)[0]) + "(", line)
    return name if dropped or held else ""


def trace_capitals(latex: str, ctx: DocContext) -> list[str]:
    r"""The capital letters written inside a trace, a determinant or a Frobenius norm (``\operatorname{tr}(ABC)``,
    ``\|A\|_F``) of a formula that does not read because they have no shape (the trace of a scalar expression, a
    Frobenius norm of a scalar): square matrices, the convention those operators state.  Never a name with a shape,
    a sign or a value, a function, or the identity I; lowercase letters stay refused (vectors, or numbers?)."""
    if not (_TRACE_OPEN.search(latex) or _FROBENIUS.search(latex)):
        return []
    for piece in _relation_pieces(latex):  # ||A||_F^2 = 3: A is some example's matrix (given in words?), not any
        sides = re.split(r"<=|>=|\\le(?:q)?(?![A-Za-z])|\\ge(?:q)?(?![A-Za-z])|=|<|>", piece)
        if any(not re.search(r"[A-Za-z]", re.sub(r"\\(?:[dt]?frac|sqrt|cdot|left|right|[,;!])(?![A-Za-z])", "", x))
               for x in sides):
            return []
    inside: list[str] = []
    for m in _TRACE_OPEN.finditer(latex):
        depth, k = 1, m.end()
        while k < len(latex) and depth:
            depth += (latex[k] == "(") - (latex[k] == ")")
            k += 1
        inside.append(latex[m.end(): k - 1])
    inside += [m.group("arg") for m in _FROBENIUS.finditer(latex)]
    taken = {*ctx.vectors, *ctx.matrices, *ctx.functions}
    names = [n for part in inside for n in _CAPITAL.findall(part)]
    return [n for n in dict.fromkeys(names) if n not in taken and n.split("_")[0] not in ctx.functions
            and not _sized_or_signed(n, ctx) and n not in ctx.defined]


_SHAPE_ERROR = re.compile(r"transpose of a scalar|\^T of a scalar|inner product of a|cannot add a|cannot multiply a|"
                          r"side related to a scalar|the two sides have different shapes|cannot raise a \w+x\w+ expression|"
                          r"needs a scalar, got a")
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "lambda", "mu", "nu", "xi", "rho",
          "sigma", "tau", "phi", "varphi", "chi", "psi", "omega"}
_MAX_CANDIDATES = 7


_VALUE = re.compile(r"\s*(?P<lhs>" + _NAME + r"(?:\^\{?(?:\*|\\star)\}?)?)\s*(?:=|:=|\\coloneqq)(?P<rhs>[^=<>]+?)[\s.,;]*")


def _named_value(latex: str, ctx: DocContext) -> tuple[str, str] | None:
    r"""(name, "vectors" | "matrices") of ``name = expression`` (one relation) whose expression has that shape in the
    declarations in force, for a name of no shape that does not read as a scalar there (``e_k = w_k - w^\star`` with
    w a vector): the name is one, and so are its family's members (``e_{k+1}``)."""
    m = _VALUE.fullmatch(latex.replace("&", ""))
    if m is None:
        return _named_chain(latex, ctx)
    lhs, rhs = m.group("lhs").strip(), m.group("rhs").strip()
    if lhs in ctx.vectors or lhs in ctx.matrices or lhs.split("_")[0] in ctx.functions or lhs in ("e", "i", "I"):
        return None
    if not _SHAPE_ERROR.search(_reading_error(f"{lhs} = {rhs}", ctx.declarations())) and not re.search(
            r"relate scalars", _reading_error(f"{lhs} = {rhs}", ctx.declarations())):
        return None
    kind = defined_shape(lhs, rhs, ctx)
    return (lhs, kind) if kind else None


_NAMES_EQUAL = re.compile(r"\s*(?P<names>" + _NAME + r"(?:\s*=\s*" + _NAME + r")+)\s*=(?P<rhs>[^=<>]+?)[\s.,;]*")


def _named_chain(latex: str, ctx: DocContext) -> tuple[str, str] | None:
    r"""``u_0 = v_0 = \begin{pmatrix} 1 \\ 1 \end{pmatrix}``: names set equal to one value of known shape each
    have its shape (the first is returned; the others are declared here), when none has a shape or a sign yet."""
    m = _NAMES_EQUAL.fullmatch(latex.replace("&", ""))
    if m is None:
        return None
    names = [n.strip() for n in m.group("names").split("=")]
    if len(set(names)) != len(names) or any(n in ctx.vectors or n in ctx.matrices or n.split("_")[0] in ctx.functions
                                            or n in ("e", "i", "I") or _sized_or_signed(n, ctx) for n in names):
        return None
    kind = defined_shape(names[-1], m.group("rhs").strip(), ctx)
    if not kind or ctx.add_names(kind, names[1:]):
        return None
    return names[0], kind


def usage_shapes(latex: str, ctx: DocContext) -> list[str]:
    """Names a formula can read only as vectors, given the shapes in force: the formula, with every undeclared
    name a scalar, fails on shapes (``\\langle r, p \\rangle`` with r a vector, ``x + \\alpha p`` with x one,
    ``r^\\top r`` with r defined as ``b - Ax``), and exactly one smallest set of its undeclared lowercase names read
    as vectors makes it read.  Two smallest sets (``x + \\alpha p``: p or alpha?) declare nothing (the parser's
    refusal stands); nothing is inferred from a formula that mentions no vector or matrix in force (``x^\\top y``
    alone: vectors, or a scalar's transpose?).  Each piece of a display in turn, so a later piece reads with what
    an earlier one fixed."""
    from symgd.app.audit.classify import clean, pieces_with_connectives
    from symgd.latex.blocks import split_claims

    try:
        pieces = [p for c in split_claims(clean(latex)) for p, _ in pieces_with_connectives(c)]
    except Exception:  # unreadable blocks: the audit reports them
        return []
    found: list[str] = []
    for piece in pieces:
        piece = piece.replace("&", " ").strip()
        if not re.search(r"=|<|>|\\le|\\ge", piece):
            continue
        m = _DEFINITION.fullmatch(piece)
        if m and m.group("f") not in ctx.functions:  # \varphi(x) = \frac12 x^\top A x - b^\top x: its body alone
            piece = f"{m.group('body')} = {m.group('body')}"
        got = _vectors_of_piece(piece, ctx, found)
        found += [n for n in got if n not in found]
    return found


def _vectors_of_piece(piece: str, ctx: DocContext, found: list[str]) -> list[str]:
    from itertools import combinations

    from symgd.core.declarations import Declarations

    def reads(extra: tuple[str, ...]) -> str:
        decl = ctx.declarations()
        decl = Declarations(_shape_assumptions(decl.assume), (*decl.vectors, *found, *extra), *(getattr(decl, k) for k in (
            "matrices", "symmetric", "positive_definite", "functions")))
        return _reading_error(piece, decl)

    why = reads(())
    if not why:
        return _inferred_in(piece, ctx, found)
    if not _SHAPE_ERROR.search(why):
        return []
    known = [*ctx.vectors, *ctx.matrices, *_matrices_in_words(ctx), *found, *(m.group(1) for a in ctx.assume for m in re.finditer(
        r"(\\?[A-Za-z]+)(?:_\{?[^{}\s]*\}?)?\s*\\in\s*\\mathbb\{R\}\s*\^", a))]
    if not any(_mentions(piece, k.split("_")[0].split("^")[0]) for k in known if k):
        return []  # no anchor: x^\top y alone stays refused
    taken = {n.split("_")[0].split("^")[0] for n in [*known, *ctx.functions]}
    candidates = [n for n in _plain_letters(piece) if n not in taken and n not in ("e", "i", "d")
                  and not _sized_or_signed(n, ctx) and not _bound_index(n, piece)]
    if not candidates or len(candidates) > _MAX_CANDIDATES:
        return []
    for size in (1, 2, 3):
        works = [c for c in combinations(candidates, size) if not reads(c)]
        if len(works) == 1:
            return list(works[0])
        if works:
            ctx.refused.append(f"{piece}: reads with {' or '.join(', '.join(w) for w in works)} as vectors: declare "
                               "which (vectors: [...])")
            return []
    return []


def _matrices_in_words(ctx: DocContext) -> list[str]:
    """Names the text calls symmetric or positive definite (matrices, "with $A$ symmetric positive definite"): anchors
    of a usage inference like the declared matrices (``x^\top A x``: x a vector)."""
    return [*getattr(ctx, "symmetric", ()), *getattr(ctx, "positive_definite", ())]


def _inferred_in(piece: str, ctx: DocContext, found: list[str]) -> list[str]:
    """Undeclared names the parser reads as vectors inside this formula alone (``\\langle r, p \\rangle``: p written
    alone in an inner product), when the formula also writes a vector or matrix in force: vectors from here on, so
    that a side read apart (``r^\\top p``) reads them the same way."""
    from symgd.core.declarations import Declarations
    from symgd.latex.problem import parse_problem

    known = [*ctx.vectors, *ctx.matrices, *_matrices_in_words(ctx), *found]
    if not re.search(r"\\langle|\\\||\\lVert", piece) or not any(_mentions(piece, k) for k in known if k):
        return []
    decl = ctx.declarations()
    try:
        p = parse_problem(piece, declarations=Declarations(_shape_assumptions(decl.assume), (*decl.vectors, *found), *(getattr(decl, k) for k in (
            "matrices", "symmetric", "positive_definite", "functions"))), allow_unused=True)
    except Exception:  # read above; a failure here declares nothing
        return []
    made = {str(m) for _, c in p.links for side in (c.lhs, c.rhs) if isinstance(side, sp.Basic)
            for m in side.atoms(sp.MatrixSymbol) if m.shape[1] == 1 and m.shape[0] != 1}
    taken = {n.split("_")[0].split("^")[0] for n in [*known, *ctx.functions]}
    return [n for n in _plain_letters(piece) if n not in taken and n.lstrip("\\") in {m.split("_")[0].split("^")[0].lstrip(
        "\\") for m in made}]


def _plain_letters(piece: str) -> list[str]:
    """The lowercase letters and Greek names a formula writes as names (not in sub- and superscripts, not inside a
    font or text command, not applied to parentheses), in order."""
    from symgd.latex.tokens import tokenize

    try:
        toks = tokenize(piece)
    except Exception:  # unreadable: the audit reports it
        return []
    skip: set[int] = set()
    for k, t in enumerate(toks[:-1]):
        if t.is_op("_", "^") or (t.kind == "cmd" and t.text in ("text", "mathrm", "operatorname", "mathcal", "mathbb",
                                                                 "textrm", "mbox", "mathbf", "boldsymbol", "bm")):
            skip.add(k + 1)
            if toks[k + 1].is_op("{"):
                depth, j = 0, k + 1
                while j < len(toks):
                    depth += toks[j].is_op("{") - toks[j].is_op("}")
                    skip.add(j)
                    if depth == 0:
                        break
                    j += 1
    out: list[str] = []
    beside: set[str] = set()  # t in "t\, G_t(x_k)": a factor of a function's value, which may be a vector
    for k, t in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if k in skip or (nxt is not None and nxt.is_op("(")):
            continue
        name = t.text if t.kind == "letter" and t.text.islower() and t.text.isascii() else (
            "\\" + t.text if t.kind == "cmd" and t.text in _GREEK else "")
        if name and _before_application(toks, k + 1, skip):
            beside.add(name)
        if name and name not in out:
            out.append(name)
    return [n for n in out if n not in beside]


_SCALAR_FUNCTIONS = {"log", "ln", "exp", "sin", "cos", "tan", "sqrt", "sinh", "cosh", "tanh"}


def _before_application(toks: list, k: int, skip: set[int]) -> bool:
    """Whether the tokens from ``k`` on (after spacing) apply a name other than a scalar function to parentheses."""
    while k < len(toks) and toks[k].kind == "cmd" and toks[k].text in (",", ";", "!", " ", "quad", "cdot"):
        k += 1
    if k >= len(toks) or k in skip or not (toks[k].kind == "letter" or (toks[k].kind == "cmd"
                                                                         and toks[k].text not in _SCALAR_FUNCTIONS)):
        return False
    k += 1
    while k < len(toks) and k in skip:  # its subscript (G_t) or superscript
        k += 1
    if k < len(toks) and toks[k].is_op("_", "^"):
        k += 1
        while k < len(toks) and k in skip:
            k += 1
    return k < len(toks) and toks[k].is_op("(")


def _shape_assumptions(assume: tuple[str, ...]) -> tuple[str, ...]:
    """The assumptions that bear on shapes and kinds: memberships and signs, not the definitions carried as equations
    (each read again on every trial, they made a trial cost a fifth of a second)."""
    return tuple(a for a in assume if "\\in" in a or not re.search(r"(?<![<>!\\])=", a))


def _reading_error(piece: str, decl) -> str:
    from symgd.core.errors import BadInput
    from symgd.latex.problem import parse_problem

    try:
        parse_problem(piece, declarations=decl, allow_unused=True)
    except BadInput as exc:
        return str(exc)
    except Exception as exc:  # a parser failure on a document must not stop the audit
        return f"{type(exc).__name__}: {exc}"
    return ""


def _sized_or_signed(name: str, ctx: DocContext) -> bool:
    """A name an assumption in force makes a scalar (``t > 0``, ``n \\in \\mathbb{N}``) or the size of the vectors."""
    word = re.escape(name) + (r"(?![A-Za-z])" if name.startswith("\\") else r"(?![A-Za-z_])")
    return any(re.search(r"(?<![\\A-Za-z])" + word, a) and not re.search(r"\\in\s*\\mathbb\{R\}\s*\^", a)
               and not _GRADIENT_EQUATION.fullmatch(a) for a in ctx.assume) or any(
        re.search(r"\\mathbb\{R\}\s*\^\s*\{?\s*" + word, a) for a in ctx.assume)


_POINT = r"(?:\\(?:tilde|bar|hat)\s*\{?\s*[A-Za-z]\s*\}?|\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?(?:\^\{?(?:\*|\\star)\}?)?"
_GRADIENT_EQUATION = re.compile(r"\s*(?P<name>" + _POINT + r")\s*(?:=|:=|\\coloneqq)\s*(?P<rhs>.*\\nabla.*?)\s*")
_GRADIENT_AT = re.compile(r"\\nabla\s*(?:_\{?[^{}()]*\}?\s*)?(?:\\mathcal\{[A-Za-z]\}|\\?[A-Za-z]+)(?:_\{?[^{}()]*\}?)?"
                          r"\s*(?:\\left)?\(\s*(?P<point>" + _POINT + r")\s*(?:\\right)?\)")


def gradient_partners(names: list[str], ctx: DocContext) -> list[str]:
    """The names that must be vectors with ``names``: a gradient has the shape of its point, so ``g = \\nabla f(x_k)``
    (an equation in force) with g a vector makes x_k one, and with x_k a vector makes g one (``v = \\nabla f_i(x) -
    \\nabla f_i(\\tilde x) + \\nabla F(\\tilde x)``: every point).  Only a right side that is a sum of gradients at
    names, each times a coefficient that is no vector (``\\nabla f(x) + \\lambda x`` is left alone)."""
    shaped = {*ctx.vectors, *names}
    out: list[str] = []
    for _ in range(3):  # g -> x_k -> h = \nabla q(x_k): a short chain
        grew = False
        for a in ctx.assume:
            m = _GRADIENT_EQUATION.fullmatch(a)
            if m is None:
                continue
            rest = re.sub(r"\\(?:[dt]?frac|cdot|left|right|[,;!])(?![A-Za-z])|[\d\s+\-(){}/.]", "",
                          _GRADIENT_AT.sub(" ", m.group("rhs")))
            if any(not _sized_or_signed(c, ctx) for c in re.findall(r"\\?[A-Za-z]+", rest)) or re.search(r"[^\\A-Za-z]", rest):
                continue  # a coefficient that may be a vector (g = a \nabla f(x) with a vector a, f(x) a number)
            points = [p.group("point") for p in _GRADIENT_AT.finditer(m.group("rhs"))]
            group = [m.group("name"), *points]
            if any(n in shaped for n in group):
                new = [n for n in dict.fromkeys(group) if n not in shaped and n not in ctx.matrices
                       and n not in ctx.functions]
                out += new
                shaped.update(new)
                grew = grew or bool(new)
        if not grew:
            break
    return out


def _bound_index(name: str, piece: str) -> bool:
    """The index of a sum or a product (``\\sum_{i=1}^n``)."""
    return re.search(r"\\(?:sum|prod)\s*_\s*\{?\s*" + re.escape(name) + r"(?![A-Za-z])", piece) is not None


_DEFINITION = re.compile(r"\s*(?P<f>\\?[A-Za-z]+(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?)\s*\((?P<args>[^()]*)\)\s*"
                         r"(?:=|:=|\\coloneqq)(?P<body>[^=<>]*)")


def _vector_arguments(latex: str, ctx: DocContext) -> list[str]:
    """The arguments of a function definition ``L(w) = \\frac12\\|Xw - y\\|^2 + ...`` that its body uses as vectors
    (inside a norm, times a matrix): the function's variable is a vector in later formulas too."""
    from symgd.latex.problem import parse_problem

    m = _DEFINITION.fullmatch(latex.replace("&", "").strip().rstrip(".,;"))
    if m is None:
        return []
    args = [a for a in _names_of(m.group("args")) if re.fullmatch(_NAME, a)]
    args = [a for a in args if a not in ctx.vectors and a not in ctx.matrices and a not in ctx.functions]
    if not args:
        return []
    try:
        p = parse_problem(f"{m.group('body')} = 0", declarations=ctx.declarations(), allow_unused=True)
        e = p.links[0][1].lhs
    except Exception:  # the body does not read alone: nothing is inferred
        return []
    found = {s.name for s in e.atoms(sp.MatrixSymbol) if s.shape[1] == 1 and s.shape[0] != 1} \
        if isinstance(e, sp.Basic) else set()
    times = [x for x in ctx.matrices if re.fullmatch(_NAME, x)]  # f(Ru) with R a matrix: u a vector
    return [a for a in args if a.replace("\\", "") in found or a in found or _after_matrix(a, m.group("body"), times)]


def _after_matrix(arg: str, body: str, matrices: list[str]) -> bool:
    """Whether ``arg`` stands right after a declared matrix in ``body`` (``R u``, ``A^T x``)."""
    return any(re.search(r"(?<![A-Za-z\\])" + re.escape(m) + r"\s*(?:\^\s*\{?\s*(?:T|\\top)\s*\}?)?\s*"
                         + re.escape(arg) + r"(?![A-Za-z0-9_])", body) for m in matrices)


def defined_shape(lhs: str, rhs: str, ctx: DocContext) -> str:
    """"vectors" or "matrices" when ``rhs`` reads (in the context's declarations) as an n-vector or an n x n matrix
    and ``lhs`` is a plain name; "" otherwise."""
    from symgd.core.claims import is_matrix
    from symgd.latex.problem import parse_problem

    if not re.fullmatch(r"\s*" + _NAME + r"(?:\^\{?\*\}?|\^\{?\\star\}?)?\s*", lhs):
        return ""
    try:
        p = parse_problem(f"{rhs} = {rhs}", declarations=ctx.declarations(), allow_unused=True)
        e = p.links[0][1].lhs
    except Exception:  # does not read alone: nothing is inferred
        return ""
    if not is_matrix(e):
        return ""
    sizes = {y for m in e.atoms(sp.MatrixSymbol) for d in m.shape for y in sp.sympify(d).free_symbols}
    unknown = [x for x in e.free_symbols - sizes if isinstance(x, sp.Symbol) and not isinstance(x, sp.MatrixSymbol)
               and not any(re.search(r"(?<![A-Za-z\\])" + re.escape(x.name) + r"(?![A-Za-z])", a) for a in ctx.assume)]
    if unknown:  # R u with u of unknown shape: a matrix only if u is a scalar, which nothing says
        return ""
    rows, cols = e.shape
    if cols == 1 and rows != 1:
        return "vectors"
    return "matrices" if rows == cols and rows != 1 else ""


def rectangular_refusal(chain: str, ctx: DocContext) -> str:
    """The one-line reason a link is not read, when it involves a rectangular matrix (read padded to a square one)
    through something the padding changes; "" otherwise."""
    rect = getattr(ctx, _RECTANGULAR, None)
    if not rect:
        return ""
    from symgd.latex.problem import parse_problem

    try:
        p = parse_problem(chain.replace("&", ""), declarations=ctx.declarations(), allow_unused=True)
    except Exception:  # the audit reports why it does not read
        return ""
    exprs = [x for _, c in p.links for x in (c.lhs, c.rhs)] + list(p.context.hypotheses)
    names = sorted(rect)
    written = any(_mentions(chain, n) for n in rect)
    faithful = _sizes_agree(exprs, ctx) and not any(  # traces and Frobenius norms of products whose sizes match
        isinstance(e, sp.Basic) and not e.free_symbols for e in exprs)  # ||A||_F^2 = 3: A is an example's, pinned
    for e in [*exprs, None]:
        uses = written if e is None else isinstance(e, sp.Basic) and any(
            s.name.split("_")[0].split("^")[0] in rect for s in e.atoms(sp.MatrixSymbol))
        if uses and (_written_inverse(chain) if e is None else _changed_by_padding(e, faithful)):  # SymPy cancels (X^T X)^{-1} X^T X
            return (f"{', '.join(names)} {'is a' if len(names) == 1 else 'are'} rectangular matrix (read padded with "
                    f"zeros to a square one); this link uses {_VALUE_CHANGING}, which the padding changes: declare "
                    "the sizes equal (\\mathbb{R}^{n\\times n}) if they are")
    return ""


def _written_inverse(chain: str) -> bool:
    """An inverse written of something that is not ``M + c I`` (``(X^T X)^{-1}``, ``X^{-1}``)."""
    for m in re.finditer(r"\^\s*\{\s*-\s*1\s*\}|⁻¹", chain):
        head = chain[: m.start()].rstrip()
        if head.endswith(")"):
            depth, k = 0, len(head) - 1
            while k >= 0:
                depth += (head[k] == ")") - (head[k] == "(")
                if depth == 0:
                    break
                k -= 1
            if re.search(r"(?<![A-Za-z\\])I(?![A-Za-z])", head[k:]):
                continue
        return True
    return False


def _changed_by_padding(e: sp.Basic, traces_kept: bool = False) -> bool:
    from symgd.core.claims import is_matrix
    from symgd.latex.opnorm import SpectralFunction
    from symgd.latex.shapes import Norm

    for node in sp.preorder_traversal(e):
        if isinstance(node, (SpectralFunction, sp.Determinant)):
            return True
        if isinstance(node, sp.Trace) and node.arg.shape != (1, 1) and not traces_kept:
            return True
        if isinstance(node, Norm) and is_matrix(node.args[0]) and 1 not in node.args[0].shape:
            return True
        if isinstance(node, sp.Inverse) and not _plus_identity(node.arg):
            return True
        if isinstance(node, sp.MatPow) and node.exp.is_negative and not _plus_identity(node.base):
            return True
    return False


class _Unequal(Exception):
    """Two sizes a link needs equal are different letters, or the link has a part whose padding is not tracked."""


def _sizes_agree(exprs: list, ctx: DocContext) -> bool:
    r"""Whether every product, sum and trace of the link is defined with the sizes the text states (``U \in
    \mathbb{R}^{m\times r}``, ``V \in \mathbb{R}^{n\times r}``; a matrix of no stated size takes the size its use
    forces: H in ``U + H``), and the link has no identity, inverse, power or explicit matrix.  Then padding every
    matrix with zeros to one square size changes no product (the padded factors multiply to the padded product),
    no sum, no trace and no Frobenius norm: a proof of the padded link proves the link, and a counterexample to it
    is one with the sizes equal.  ``\operatorname{tr}(UV^\top) = \operatorname{tr}(V^\top U)`` needs n = m: not."""
    from sympy.matrices.expressions.matexpr import MatrixElement

    from symgd.core.claims import is_matrix

    sizes: dict[str, tuple[str, str]] = ctx.__dict__.get(_SIZES, {})
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.get(a, a) != a:
            a = parent[a]
        return a

    def unify(a: str, b: str) -> None:
        a, b = find(a), find(b)
        if a == b:
            return
        if not a.startswith("?") and not b.startswith("?"):
            raise _Unequal(f"{a} and {b}")
        if a.startswith("?"):
            parent[a] = b
        else:
            parent[b] = a

    fresh = iter(f"?{k}" for k in range(10**6))

    def shape(e) -> tuple[str, str] | None:
        if isinstance(e, (sp.Identity, sp.ZeroMatrix, sp.Inverse, sp.MatPow, sp.Determinant, sp.MatrixBase,
                          MatrixElement)):
            raise _Unequal("not tracked")
        if isinstance(e, sp.MatrixSymbol):
            got = sizes.get(e.name) or sizes.get(e.name.split("_")[0])
            if got:
                return got
            rows, cols = e.shape
            return (next(fresh), "1" if cols == 1 and rows != 1 else next(fresh))
        if isinstance(e, sp.Transpose):
            inner = shape(e.arg)
            return (inner[1], inner[0]) if inner else None
        if isinstance(e, sp.Trace):
            inner = shape(e.arg)
            if inner:
                unify(*inner)
            return None
        if isinstance(e, sp.MatMul):
            out = None
            for a in e.args:
                got = shape(a)
                if got is None:
                    continue
                if out is not None:
                    unify(out[1], got[0])
                    out = (out[0], got[1])
                else:
                    out = got
            return out
        if isinstance(e, sp.MatAdd):
            out = None
            for a in e.args:
                got = shape(a)
                if got is not None and out is not None:
                    unify(out[0], got[0])
                    unify(out[1], got[1])
                out = out or got
            return out
        if is_matrix(e):
            raise _Unequal("not tracked")
        for a in getattr(e, "args", ()):
            if isinstance(a, sp.Basic):
                got = shape(a)
                if got is not None:  # a 1x1 product in a scalar expression (x^T x)
                    unify(got[0], got[1])
        return None

    try:
        for e in exprs:
            if isinstance(e, sp.Basic):
                got = shape(e)
                if got is not None and e.shape == (1, 1):
                    unify(got[0], got[1])
    except Exception:  # _Unequal, or a form not tracked: the padding may change the value
        return False
    # a counterexample has every size equal: none may be a number (U \in \mathbb{R}^{m\times 1}), a name the link
    # uses as a number, or one the text gives a value or a bound ("take r = 1")
    letters = {x for pair in sizes.values() for x in pair}
    scalars = {str(x) for e in exprs if isinstance(e, sp.Basic) for x in e.free_symbols if isinstance(x, sp.Symbol)}
    return not any(x.isdigit() or x in scalars or any(re.search(r"(?<![A-Za-z\\^{])" + re.escape(x) + r"(?![A-Za-z])", a)
                                                       and "\\in" not in a for a in ctx.assume) for x in letters)


def _plus_identity(m: sp.Basic) -> bool:
    """``M + c I`` with c a nonzero number or name (the padded block is c I: invertible, inverted apart)."""
    return isinstance(m, sp.MatAdd) and any(isinstance(a, sp.Identity) or (
        isinstance(a, sp.MatMul) and any(isinstance(b, sp.Identity) for b in a.args)) for a in m.args)


_INDEXED = "index_exponents"  # the context attribute: letter -> its section's heading line, assumed in N there
_SUBSCRIPT = re.compile(r"(?:\\[A-Za-z]+|[A-Za-z])\s*_\s*(?:\{\s*(?P<a>[a-z])\s*(?:[+-]\s*\d+\s*)?\}|(?P<b>[a-z])(?![A-Za-z]))")
_EXPONENT = re.compile(r"\^\s*(?:\{(?P<a>[^{}]*)\}|(?P<b>[A-Za-z]))")
_MATRIX_POWER = "a non-integer power needs a scalar, got a"


def integer_exponents(before: str, latex: str, after: str, ctx: DocContext, section: int) -> list[str]:
    """Letters an exponent of a matrix takes that the section uses as an index: ``A^k x_0`` beside ``x_{k+1} = A x_k
    / \\|A x_k\\|`` is the k-th matrix power, so k is assumed in N to the end of the section (a counterexample then
    never takes k = 1/2, and an explicit matrix to a symbolic power is computed in closed form).  Only when the
    formula does not read otherwise (a matrix to a power that is not known to be an integer) and the letter is a
    subscript in the section (``x_k``, ``x_{k+1}``, ``\\sum_{k=0}``); T stays a transpose (refused when ambiguous).
    Returns the letters assumed."""
    held: dict[str, int] = ctx.__dict__.setdefault(_INDEXED, {})
    for letter, where in list(held.items()):  # a letter is reused: the index of one section ends with it
        if where != section:
            del held[letter]
            a = f"{letter} \\in \\mathbb{{N}}"
            if a in ctx.assume:
                ctx.assume.remove(a)
    exps = {x for m in _EXPONENT.finditer(latex) for x in re.findall(r"(?<![A-Za-z\\])([a-z])(?![A-Za-z])",
                                                                          m.group("a") or m.group("b") or "")}
    if not exps:
        return []
    text = " ".join([*ctx.history[ctx.section_start:], before, latex, after])
    index = {m.group("a") or m.group("b") for m in _SUBSCRIPT.finditer(text)} | set(
        re.findall(r"\\(?:sum|prod)\s*_\s*\{\s*([a-z])\s*=", text))
    letters = sorted(x for x in exps & index if x not in ("e", "i") and not any(
        re.search(r"(?<![A-Za-z\\])" + x + r"(?![A-Za-z])", a) for a in ctx.assume))
    pieces = [p for p in _relation_pieces(latex) if _MATRIX_POWER in _reading_error(p, ctx.declarations())]
    added: list[str] = []
    for x in letters if pieces else ():  # only a letter that the matrix power needs (not n of \sum_{i=1}^n)
        a = f"{x} \\in \\mathbb{{N}}"
        if any(_reading_error(p, ctx.declarations((a,))).find(_MATRIX_POWER) < 0 for p in pieces) and \
                not ctx.add_assumption(a):
            held[x] = section
            added.append(x)
    return added


def _relation_pieces(latex: str) -> list[str]:
    from symgd.app.audit.classify import clean, pieces_with_connectives
    from symgd.latex.blocks import split_claims

    try:
        pieces = [p for c in split_claims(clean(latex)) for p, _ in pieces_with_connectives(c)]
    except Exception:  # unreadable blocks: the audit reports them
        return []
    return [p.replace("&", " ").strip() for p in pieces if re.search(r"=|<|>|\\le|\\ge", p)]


_MATRIX_ENV = re.compile(r"\\begin\{(?P<env>[pbvBV]?matrix\*?|array|smallmatrix)\}.*?\\end\{(?P=env)\}", re.S)


def unaligned(text: str) -> str:
    """``text`` without the alignment marks ``&`` of a chain, the column separators of a matrix written in it kept:
    ``A &= \\begin{pmatrix} 2 & 1 \\\\ 1 & 2 \\end{pmatrix}`` is ``A = \\begin{pmatrix} 2 & 1 ...``."""
    out, at = [], 0
    for m in _MATRIX_ENV.finditer(text):
        out += [text[at: m.start()].replace("&", ""), m.group(0)]
        at = m.end()
    return "".join([*out, text[at:].replace("&", "")])


_DECLARED = "declared_shapes"  # the context attribute: names the user declared vectors or matrices
_SCALAR_HERE = "scalar_here"  # the context attribute: vector name -> (its section, the assumptions set aside)


def scalar_arguments(latex: str, ctx: DocContext, section: int) -> list[str]:
    """Arguments of a function definition that an earlier section made vectors but whose body reads only with them
    scalars: ``f(w) = \\frac{a}{2}(w - c)^2`` with ``c \\in \\mathbb{R}`` after ``F(w) = f(w) + \\frac{\\lambda}{2}
    \\|w\\|^2`` (a square and a scalar shift: a one-dimensional example).  The name (and its family, w_k, w_{L2}) is
    a scalar to the end of the section, and the earlier sections' equations about it are set aside there; after
    it the name is a vector again and they hold again.  Never a name the user declared, one with a membership
    (``w \\in \\mathbb{R}^d``), or a body that reads either way."""
    from symgd.core.declarations import Declarations

    here: dict[str, tuple[int, list[str]]] = ctx.__dict__.setdefault(_SCALAR_HERE, {})
    for name, (where, aside) in list(here.items()):
        if where != section:
            del here[name]
            if not ctx.add_names("vectors", [name]):  # kept out if it no longer reads
                for a in aside:
                    ctx.add_assumption(a)
    m = _DEFINITION.fullmatch(latex.replace("&", "").strip().rstrip(".,;"))
    if m is None or m.group("f") in ctx.vectors:
        return []
    declared = ctx.__dict__.get(_DECLARED, set())
    args = [a for a in _names_of(m.group("args")) if a in ctx.vectors and a not in declared and not any(
        re.match(re.escape(a) + r"\s*\\in", x) for x in ctx.assume)]
    body = m.group("body").strip()
    if not args or not body or not _SHAPE_ERROR.search(_reading_error(f"{body} = {body}", ctx.declarations())):
        return []
    aside = [x for x in ctx.assume if "=" in x and "\\in" not in x and any(_mentions(x, a) for a in args)]
    decl = ctx.declarations()
    scalar = Declarations(tuple(x for x in decl.assume if x not in aside), tuple(v for v in decl.vectors if v not in args),
                          *(getattr(decl, k) for k in ("matrices", "symmetric", "positive_definite", "functions")))
    if _reading_error(f"{body} = {body}", scalar) or ctx._ok(scalar):
        return []
    for a in args:
        ctx.vectors.remove(a)
        here[a] = (section, aside if a == args[0] else [])
    ctx.assume[:] = [x for x in ctx.assume if x not in aside]
    return args


_ONE_D = re.compile(r"\b(?:one[- ]dimensional|in one dimension|1-?D\b|(?:the|a) scalar case|on the real line|"
                    r"univariate)|\b(?:take|let|set|with|consider|assume|suppose)\s+\$\s*[nd]\s*=\s*1\s*\$", re.I)
_TRANSPOSED = re.compile(r"(?P<name>(?<![\\A-Za-z])(?:\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?)"
                         r"\s*(?:\^\s*\{\s*(?:T|\\top|\\intercal)\s*\}|\^\s*(?:T|\\top|\\intercal)(?![A-Za-z])|ᵀ)")
_T_AS_NAME = re.compile(r"(?<![\^\\A-Za-z])T(?![A-Za-z])|\^\s*\{[^{}]*T[^{}]*[-+][^{}]*\}|\^\s*\{[^{}]*[-+][^{}]*T[^{}]*\}")


def one_dimensional(latex: str, ctx: DocContext, section_text: str, document: str) -> str:
    """``latex`` with the transposes of names of no shape dropped, in a section whose prose says the problem is one
    dimensional ("in one dimension", "one-dimensional", "$n = 1$"): there ``s^\\top y`` is the 1x1 product
    ``s y`` of two numbers.  Only when the formula does not read otherwise (a transpose of a scalar) and T is no
    name of the document (``\\sum_{t=0}^{T-1}``, ``x_T``: ``x^T`` may be a power); a declared or inferred vector or
    matrix keeps its transpose, and so does a capital (a Jacobian of a one-parameter fit may be a column)."""
    if not _ONE_D.search(section_text) or not _TRANSPOSED.search(latex):
        return latex
    if _T_AS_NAME.search(_TRANSPOSED.sub("", document.replace("\\top", ""))):
        return latex  # T is a count or a name somewhere: x^T stays ambiguous
    if not any("transpose of a scalar" in why or "^T of a scalar" in why
               for why in (_reading_error(p, ctx.declarations()) for p in _relation_pieces(latex))):
        return latex
    shaped = {n.split("_")[0] for n in (*ctx.vectors, *ctx.matrices)}

    def plain(m: re.Match) -> str:  # a capital (J^T J with J a column of a one-parameter fit) keeps its transpose
        name = m.group("name")
        return m.group(0) if name.split("_")[0] in shaped or not name.lstrip("\\")[0].islower() else name

    return _TRANSPOSED.sub(plain, latex)


_UNIT = "unit_dimensions"  # the context attribute: membership set aside -> its section's heading line
_ONE = re.compile(r"\s*(?P<d>[a-zA-Z])\s*=\s*1\s*[.,;]?\s*")


def unit_dimensions(latex: str, ctx: DocContext, section: int) -> list[str]:
    """Memberships ``\\lambda \\in \\mathbb{R}^m`` set aside in a section whose formulas set that size to one ("Take
    $n = 2$, $m = 1$"): a member of R^1 is a number, so there \\lambda (and its family) is a scalar; after the section
    the membership holds again.  The equations about those names (read with them vectors) are set aside with it.  Only the names of such a membership (a name declared by the user stays), and only when
    the rest still reads.  Returns the names made scalars."""
    aside: dict[str, int] = ctx.__dict__.setdefault(_UNIT, {})
    for a, where in list(aside.items()):
        if where != section:
            del aside[a]
            ctx.add_assumption(a)
    m = _ONE.fullmatch(latex)
    if m is None:
        return []
    size = m.group("d")
    pattern = re.compile(r"\s*(?P<names>" + _NAME + r"(?:\s*,\s*" + _NAME + r")*)\s*\\in\s*\\mathbb\{R\}\s*\^\s*\{?\s*"
                         + size + r"\s*\}?\s*")
    members = [a for a in ctx.assume if pattern.fullmatch(a)]
    if not members:
        return []
    declared = ctx.__dict__.get(_DECLARED, set())
    names = [n for a in members for n in _names_of(pattern.fullmatch(a).group("names"))]
    if any(n in declared for n in names):
        return []
    members += [a for a in ctx.assume if "=" in a and "\\in" not in a and any(_mentions(a, n) for n in names)]
    rest = [a for a in ctx.assume if a not in members]  # the equations about them were read with them vectors
    from symgd.core.declarations import Declarations

    decl = ctx.declarations()
    trial = Declarations(tuple(rest), tuple(v for v in decl.vectors if v not in names),
                         *(getattr(decl, k) for k in ("matrices", "symmetric", "positive_definite", "functions")))
    if ctx._ok(trial):
        return []
    ctx.assume[:] = rest
    for n in names:
        if n in ctx.vectors:
            ctx.vectors.remove(n)
    aside.update({a: section for a in members})
    return names
