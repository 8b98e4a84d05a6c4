"""Check a LaTeX claim: proved, refuted (with a counterexample) or undecided, within a budget.

``check(r"(1-\\eta\\lambda)^2 = 1 - 2\\eta\\lambda + \\eta^2\\lambda^2")`` reads the claim with the
notation layer (:mod:`symgd.latex.notation`), turns it into :class:`symgd.core.claims.Claim` objects -- one
per link of a chain ``a = b \\le c`` or of an ``align`` block -- and decides each with
:func:`symgd.decide.decide`.  Assumptions are LaTeX too (``\\eta > 0``, ``0 < \\beta_2 < 1``,
``t \\in \\mathbb{N}``, ``x \\in \\mathbb{R}^d``, ``\\eta = 1/L``) and read by the same parser:
a sign against 0 becomes an assumption of the symbol, a definition ``name = expr`` is
substituted, any other relation becomes a hypothesis of the :class:`symgd.core.claims.Context`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.budget import DEFAULT_TIMEOUT
from symgd.core.claims import Claim, Context, Rel
from symgd.core.errors import BadInput
from symgd.core.verdict import Status, Verdict
from symgd.decide import decide
from symgd.latex.notation import (
    MAX_LENGTH,
    Notation,
    Side,
    _Parser,
    is_mat,
    remove_remainders,
    split_relations,
    tokenize,
)

__all__ = ["CheckedLink", "FileItem", "Problem", "check", "check_file", "check_links", "parse_problem", "split_claims"]

ENVIRONMENTS = ("align", "align*", "aligned", "equation", "equation*", "gather", "gather*", "gathered",
                "split", "multline", "multline*", "eqnarray", "eqnarray*", "displaymath", "math")
_REL_START = re.compile(r"^\s*&?\s*(=|<|>|\\le\b|\\leq\b|\\ge\b|\\geq\b|\\leqslant\b|\\geqslant\b|\\lt\b|\\gt\b)")
MAX_FILE = 2_000_000  # characters of a claims file
MAX_CLAIMS = 1000  # claims of a file
_RELS = {"=": Rel.EQ, "<=": Rel.LE, "<": Rel.LT, ">=": Rel.GE, ">": Rel.GT}


@dataclass(frozen=True)
class CheckedLink:
    """One link ``lhs rel rhs`` of a claim, its SymPy claim and its verdict."""

    text: str
    claim: Claim
    verdict: Verdict

    def to_dict(self) -> dict:
        return {"link": self.text, "claim": str(self.claim), **self.verdict.to_dict()}


@dataclass(frozen=True)
class Problem:
    """A parsed claim, ready to decide: its links and the context they are checked in."""

    links: tuple[tuple[str, Claim], ...]
    context: Context


# --------------------------------------------------------------------------- splitting


def split_claims(text: str) -> list[str]:
    """The claims of a text: each display block (``\\[..\\]``, ``$$..$$``, an environment) is one
    claim, its lines (``\\\\``) chained when a line starts with a relation; outside blocks, one per line."""
    if not isinstance(text, str):
        raise BadInput("the claim must be text")
    if "\x00" in text:
        raise BadInput("binary data (a NUL byte)", text.index("\x00"))
    if len(text) > MAX_FILE:
        raise BadInput(f"input too long ({len(text)} characters; the limit is {MAX_FILE})")
    out: list[str] = []
    pattern = re.compile(r"\\\[(.*?)\\\]|\$\$(.*?)\$\$|\\begin\{([a-z]+\*?)\}(.*?)\\end\{\3\}", re.S)
    pos = 0
    for m in pattern.finditer(text):
        out.extend(_lines(text[pos : m.start()]))
        body = next(g for g in (m.group(1), m.group(2), m.group(4)) if g is not None)
        if m.group(3) is not None and m.group(3) not in ENVIRONMENTS:
            raise BadInput(f"unknown environment {m.group(3)!r}", m.start())
        out.extend(_block(body, m.start()))
        pos = m.end()
    out.extend(_lines(text[pos:]))
    return out


def _lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        if line.startswith("\\begin") or line.startswith("\\end"):
            raise BadInput(f"an environment is not closed: {line[:40]!r}")
        if line.startswith("$") and line.endswith("$") and len(line) > 1:
            line = line.strip("$")
        out.append(line)
    return out


def _block(body: str, where: int) -> list[str]:
    inner = re.sub(r"\\(begin|end)\{([a-z]+\*?)\}(\{[^}]*\})?", lambda m: _env(m, where), body)
    claims: list[str] = []
    for line in re.split(r"\\\\(?:\[[^\]]*\])?", inner):
        line = line.strip()
        if not line or line == "&":
            continue
        if _REL_START.match(line) and claims:
            claims[-1] = claims[-1] + " " + line
        else:
            claims.append(line)
    return claims


def _env(m: re.Match, where: int) -> str:
    if m.group(2) not in ENVIRONMENTS:
        raise BadInput(f"unknown environment {m.group(2)!r}", where)
    return " "


# --------------------------------------------------------------------------- parsing


def _order(spec: Any, nt: Notation) -> tuple[sp.Symbol, int] | None:
    if spec is None or spec == "":
        return None
    if isinstance(spec, tuple):
        var, k = spec
        name = var.name if isinstance(var, sp.Symbol) else str(var)
    else:
        if not isinstance(spec, str) or spec.count(":") != 1:
            raise BadInput(f"--order must look like eta:3, got {spec!r}")
        name, k = spec.split(":")
    try:
        k = int(k)
    except (TypeError, ValueError):
        raise BadInput(f"the order must be a whole number, got {k!r}") from None
    if k < 1 or k > 20:
        raise BadInput(f"the order must be between 1 and 20, got {k}")
    name = name.strip()
    head = re.match(r"[A-Za-z]+", name)
    if head is not None and head.group(0) in _greek() and head.group(0) != "pi":  # eta:3, beta_2:2
        name = "\\" + name
    toks = tokenize(name)
    p = _Parser(toks, nt)
    var = p.primary()
    if p.peek() is not None or not isinstance(var, sp.Symbol):
        raise BadInput(f"the order variable must be one scalar name, got {name!r}")
    return var, k


def _greek() -> set[str]:
    from symgd.latex.notation import GREEK

    return set(GREEK)


def _single_name(side: Side, nt: Notation) -> str | None:
    """The name a side consists of, if it is just one name."""
    try:
        p = _Parser(list(side.toks), nt)
        name = p.name()
    except BadInput:
        return None
    return name if p.peek() is None else None


def _membership(lhs: Side, rhs: Side, nt: Notation) -> None:
    """``x, y \\in \\mathbb{R}^d`` and friends: declarations, not hypotheses."""
    text = "".join(t.text for t in rhs.toks)
    names: list[str] = []
    p = _Parser(list(lhs.toks), nt)
    while True:
        names.append(p.name())
        if p.peek() is None:
            break
        p.expect_op(",")
    space = re.fullmatch(r"mathbb\{([RNZ])\}(.*)", text)
    if space is None:
        raise BadInput(f"unknown set in an assumption: {rhs.text!r}", rhs.pos)
    kind, rest = space.groups()
    flags: dict[str, bool] = {}
    if kind == "N":
        flags = {"integer": True, "nonnegative": True}
    elif kind == "Z":
        flags = {"integer": True}
    elif rest in ("^{+}", "^+", "_{+}", "_+", "_{>0}", "^{>0}"):
        flags = {"positive": True}
    elif rest in ("_{\\ge0}", "_{\\geq0}", "_{>=0}", "^{\\ge0}"):
        flags = {"nonnegative": True}
    elif rest:
        m = re.fullmatch(r"\^\{?([a-zA-Z])\}?|\^\{([a-zA-Z])(\\times)([a-zA-Z])\}", rest)
        if m is None:
            raise BadInput(f"unknown set in an assumption: {rhs.text!r}", rhs.pos)
        for name in names:
            (nt.vectors if m.group(1) else nt.matrices).add(nt.base(name))
        return
    for name in names:
        nt.flags.setdefault(name, {}).update(flags)


def _assumption_links(assume: Iterable[str]) -> list[tuple[Side, str, Side]]:
    links = []
    for a in assume:
        if not isinstance(a, str):
            raise BadInput(f"an assumption must be LaTeX text, got {type(a).__name__}")
        for part in split_claims(a):
            sides, rels = split_relations(part)
            if not rels:
                raise BadInput(f"an assumption must be a relation: {part!r}")
            links.extend((sides[i], rels[i].rel, sides[i + 1]) for i in range(len(rels)))
    return links


_SIGN = {("gt", "0"): "positive", ("ge", "0"): "nonnegative", ("lt", "0"): "negative", ("le", "0"): "nonpositive"}


def _flag_of(lhs: Side, rel: str, rhs: Side, nt: Notation) -> tuple[str, str] | None:
    """``\\eta > 0`` / ``0 < \\eta``: (name, flag) when the link is a sign condition on one name."""
    flip = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "!=": "!="}
    is_zero = [len(s.toks) == 1 and s.toks[0].kind == "num" and float(s.toks[0].text) == 0 for s in (lhs, rhs)]
    if rel not in flip or is_zero[0] == is_zero[1]:
        return None
    side, r = (lhs, rel) if is_zero[1] else (rhs, flip[rel])
    name = _single_name(side, nt)
    if name is None or nt.kind(name) != "scalar" or nt.is_function(name):
        return None
    flag = {">": "positive", ">=": "nonnegative", "<": "negative", "<=": "nonpositive", "!=": "nonzero"}[r]
    return name, flag


def parse_problem(
    latex: str,
    assume: Sequence[str] = (),
    vectors: Iterable[str] = (),
    matrices: Iterable[str] = (),
    symmetric: Iterable[str] = (),
    functions: Iterable[str] = (),
    order: Any = None,
    *,
    positive_definite: Iterable[str] = (),
) -> Problem:
    """Read a claim and its assumptions into claims and a context (BadInput on anything unclear).

    ``positive_definite`` names symmetric positive definite matrices (``d^T P d >= 0`` is then proved)."""
    if isinstance(assume, str):
        assume = [assume]
    pd_names = Notation.make(symmetric=positive_definite).symmetric
    nt = Notation.make(vectors, matrices, [*symmetric, *pd_names], functions)
    alinks = _assumption_links(assume)
    rest = []
    for lhs, rel, rhs in alinks:  # declarations and signs first: they decide what symbols are
        if rel == "in":
            _membership(lhs, rhs, nt)
        else:
            rest.append((lhs, rel, rhs))
    hyps: list[tuple[Side, str, Side]] = []
    for lhs, rel, rhs in rest:
        flag = _flag_of(lhs, rel, rhs, nt)
        if flag is not None:
            nt.flags.setdefault(flag[0], {})[flag[1]] = True
        else:
            hyps.append((lhs, rel, rhs))
    for name, flags in nt.flags.items():
        try:
            sp.Symbol(name, real=True, **flags)
        except Exception:  # sympy's InconsistentAssumptions
            raise BadInput(f"contradictory assumptions on {name}: {', '.join(sorted(flags))}") from None
    if isinstance(latex, str) and len(latex) > MAX_LENGTH:
        raise BadInput(f"input too long ({len(latex)} characters; the limit is {MAX_LENGTH})")
    chains = split_claims(latex)
    if not chains:
        raise BadInput("empty input", 0)
    parsed = [split_relations(c) for c in chains]
    for sides, _ in parsed:
        for s in sides:
            nt._infer(s.toks)
    for lhs, _, rhs in hyps:
        nt._infer(lhs.toks)
        nt._infer(rhs.toks)
    subs: dict = {}
    hypotheses = []
    for lhs, rel, rhs in hyps:
        a, b = (_as_scalar(nt.expression(side)) for side in (lhs, rhs))
        if is_mat(a) or is_mat(b):
            raise BadInput(f"assumptions relate scalars: {lhs.text} {rel} {rhs.text}", lhs.pos)
        if rel == "!=":
            raise BadInput(f"only a name can be assumed nonzero (x \\ne 0): {lhs.text} \\ne {rhs.text}", lhs.pos)
        if rel == "=":
            if not isinstance(a, sp.Symbol) or a in b.free_symbols:
                raise BadInput(f"an equality assumption must define a name: {lhs.text} = ...", lhs.pos)
            subs[a] = b
            for flag, value in nt.flags.get(a.name, {}).items():  # a defined name keeps its sign assumption
                rel_of = {"positive": sp.Gt, "nonnegative": sp.Ge, "negative": sp.Lt, "nonpositive": sp.Le,
                          "nonzero": sp.Ne}
                if flag not in rel_of:
                    raise BadInput(f"{a.name} is both defined and declared {flag}", lhs.pos)
                if value:
                    hypotheses.append(rel_of[flag](b, 0))
            continue
        hypotheses.append({"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}[rel](a, b))
    order_spec = _order(order, nt)
    links: list[tuple[str, Claim]] = []
    for sides, rels in parsed:
        if not rels:
            raise BadInput("a claim needs a relation (=, <, >, \\le, \\ge)", sides[0].pos)
        exprs = [nt.expression(s) for s in sides]
        for i, r in enumerate(rels):
            if r.rel == "in":
                raise BadInput("\\in belongs in an assumption, not in a claim", r.pos)
            if r.rel == "!=":
                raise BadInput("the relation \\ne cannot be checked (use =, <, >, \\le, \\ge)", r.pos)
            lhs, rhs = exprs[i], exprs[i + 1]
            lhs, rhs = _substitute(lhs, subs), _substitute(rhs, subs)
            claim = _claim(lhs, r.rel, rhs, order_spec, r.pos)
            links.append((f"{sides[i].text} {r.rel} {sides[i + 1].text}", claim))
    _distinct_names([c for _, c in links], hypotheses)
    hyp_syms = [_substitute(h, subs) for h in hypotheses]
    for h in hyp_syms:
        if h is sp.false:
            raise BadInput(f"an assumption is false: {h}")
    hyp_syms = [h for h in hyp_syms if h is not sp.true]
    pd = {m for m in nt.symmetric_symbols() if nt.base(m.name) in pd_names}
    context = Context.make(hyp_syms, symmetric=nt.symmetric_symbols(), positive_definite=pd)
    return Problem(tuple(links), context)


def _as_scalar(x: Any) -> Any:
    """A 1x1 matrix expression (``\\|g\\|^2``) as the scalar it stands for in a hypothesis."""
    return sp.Trace(x) if is_mat(x) and x.shape == (1, 1) else x


def _distinct_names(claims: list[Claim], hypotheses: list) -> None:
    """One name, one meaning: ``f'(f)`` (f a function and a variable) is refused, not guessed."""
    exprs = [e for c in claims for e in (c.lhs, c.rhs)] + list(hypotheses)
    funcs = {type(f).__name__ for e in exprs if isinstance(e, sp.Basic) for f in e.atoms(AppliedUndef)}
    names = {str(s) for e in exprs if isinstance(e, sp.Basic) for s in e.free_symbols}
    clash = sorted(funcs & names)
    if clash:
        raise BadInput(f"{clash[0]} is used both as a function and as a variable")


def _substitute(expr: Any, subs: dict) -> Any:
    """Apply definitions ``name = expr`` until none is left (a cycle is refused)."""
    for _ in range(len(subs) + 1):
        new = expr.xreplace(subs) if subs else expr
        if new == expr:
            return new
        expr = new
    raise BadInput("the equality assumptions define names in a cycle")


def _claim(lhs: Any, rel: str, rhs: Any, order: tuple[sp.Symbol, int] | None, pos: int) -> Claim:
    lhs, rhs, found = remove_remainders(lhs, rhs, pos)
    if is_mat(lhs) != is_mat(rhs):
        m, s = (lhs, rhs) if is_mat(lhs) else (rhs, lhs)
        if m.shape == (1, 1):
            s = s * sp.Identity(1)
        elif s == 0:
            s = sp.ZeroMatrix(*m.shape)
        else:
            raise BadInput(f"a {m.shape[0]}x{m.shape[1]} side related to a scalar", pos)
        lhs, rhs = (m, s) if is_mat(lhs) else (s, m)
    elif is_mat(lhs) and lhs.shape != rhs.shape:
        raise BadInput("the two sides have different shapes", pos)
    if rel != "=" and is_mat(lhs) and lhs.shape != (1, 1):
        raise BadInput("an inequality between vectors or matrices is not understood", pos)
    if found is not None or order is not None:
        if rel != "=":
            raise BadInput("O(...) remainders go with '=' only", pos)
        if found and order and found[0] != order[0]:
            raise BadInput(f"the remainder is in {found[0]} but --order names {order[0]}", pos)
        var, k = found or order  # type: ignore[misc]
        if found and order:
            k = min(found[1], order[1])
        return Claim(lhs, Rel.APPROX, rhs, order=(var, k))
    return Claim(lhs, _RELS[rel], rhs)


# --------------------------------------------------------------------------- checking


def check_links(latex: str, assume: Sequence[str] = (), vectors: Iterable[str] = (), matrices: Iterable[str] = (),
                symmetric: Iterable[str] = (), functions: Iterable[str] = (), order: Any = None,
                timeout: float = DEFAULT_TIMEOUT, *, positive_definite: Iterable[str] = ()) -> list[CheckedLink]:
    """Every link of the claim(s) in ``latex``, each decided within ``timeout`` seconds."""
    problem = parse_problem(latex, assume, vectors, matrices, symmetric, functions, order,
                            positive_definite=positive_definite)
    return [CheckedLink(text, claim, decide(claim, problem.context, timeout=timeout))
            for text, claim in problem.links]


def combine(links: Sequence[CheckedLink]) -> Verdict:
    """One verdict for a chain: refuted if a link is, proved if every link is, else undecided."""
    if len(links) == 1:
        return links[0].verdict
    seconds = sum(lk.verdict.seconds for lk in links)
    for i, lk in enumerate(links, 1):
        if lk.verdict.refuted:
            v = lk.verdict
            return Verdict(Status.REFUTED, f"link {i} of {len(links)} ({lk.text}) is refuted: {v.method}",
                           v.counterexample, v.detail, seconds)
    if all(lk.verdict.proved for lk in links):
        how = "; ".join(f"link {i}: {lk.verdict.method}" for i, lk in enumerate(links, 1))
        return Verdict(Status.PROVED, f"every link proved ({how})", seconds=seconds)
    open_ = [f"link {i} ({lk.text}): {lk.verdict.method}" for i, lk in enumerate(links, 1) if lk.verdict.undecided]
    return Verdict(Status.UNDECIDED, "; ".join(open_), seconds=seconds)


def check(latex: str, assume: Sequence[str] = (), vectors: Iterable[str] = (), matrices: Iterable[str] = (),
          symmetric: Iterable[str] = (), functions: Iterable[str] = (), order: Any = None,
          timeout: float = DEFAULT_TIMEOUT, *, positive_definite: Iterable[str] = ()) -> Verdict:
    """Decide a LaTeX claim (a chain or an align block link by link): a :class:`Verdict`.

    Raises :class:`symgd.core.errors.BadInput` (one line, with the position when known) for input it
    cannot read.  ``order="eta:3"`` checks ``=`` up to O(eta^3).  Each link gets ``timeout`` s.
    """
    start = time.monotonic()
    links = check_links(latex, assume, vectors, matrices, symmetric, functions, order, timeout,
                        positive_definite=positive_definite)
    v = combine(links)
    return Verdict(v.status, v.method, v.counterexample, v.detail, time.monotonic() - start)


@dataclass(frozen=True)
class FileItem:
    """One claim of a file: where it is, its text, and its links or the reason it could not be read."""

    index: int
    latex: str
    links: tuple[CheckedLink, ...] = ()
    error: str = ""

    @property
    def status(self) -> str:
        return "bad input" if self.error else combine(self.links).status.value

    def to_dict(self) -> dict:
        if self.error:
            return {"index": self.index, "latex": self.latex, "status": "bad input", "error": self.error}
        return {"index": self.index, "latex": self.latex, **combine(self.links).to_dict(),
                "links": [lk.to_dict() for lk in self.links]}


def check_file(text: str, assume: Sequence[str] = (), vectors: Iterable[str] = (), matrices: Iterable[str] = (),
               symmetric: Iterable[str] = (), functions: Iterable[str] = (), order: Any = None,
               timeout: float = DEFAULT_TIMEOUT, *, positive_definite: Iterable[str] = ()) -> list[FileItem]:
    """Every claim of a file (see :func:`split_claims`), each checked on its own; a claim that
    cannot be read is reported as such and the others are still checked."""
    claims = split_claims(text)
    if len(claims) > MAX_CLAIMS:
        raise BadInput(f"too many claims ({len(claims)}; the limit is {MAX_CLAIMS} per file)")
    items = []
    for i, claim in enumerate(claims, 1):
        try:
            links = check_links(claim, assume, vectors, matrices, symmetric, functions, order, timeout,
                                positive_definite=positive_definite)
            items.append(FileItem(i, claim, tuple(links)))
        except BadInput as exc:
            items.append(FileItem(i, claim, error=str(exc)))
    return items

