"""A claim and its declarations, read into :class:`symgd.core.claims.Claim` objects -- one per link of a
chain ``a = b \\le c`` or of an ``align`` block -- and the :class:`symgd.core.claims.Context` they are
checked in.  Everything unclear is refused (BadInput), never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Unpack

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.core.declarations import DeclarationKeywords, Declarations
from symgd.core.errors import BadInput
from symgd.latex.assumptions import assumption_links, declare, definite_matrices, hypotheses, substitute
from symgd.latex.blocks import split_claims
from symgd.latex.coordinate_names import refuse_vector_beside_coordinate
from symgd.latex.families import expand_side, family_definitions, member_instances, recurrences
from symgd.latex.matrix_notation import concrete_size_at, loewner_assumptions, loewner_claim, refuse_energy_norms
from symgd.latex.notation import FUNCS, GREEK, MAX_LENGTH, BigO, Notation, remove_remainders, split_relations, tokenize
from symgd.latex.plusminus import split_plus_minus
from symgd.latex.symbolic_families import for_every_member
from symgd.latex.tuples import tuple_size
from symgd.latex.unicode import latex_text

__all__ = ["ParsedClaims", "notation_of", "parse_assumptions", "parse_problem"]

_RELS = {"=": Rel.EQ, "<=": Rel.LE, "<": Rel.LT, ">=": Rel.GE, ">": Rel.GT}


@dataclass(frozen=True)
class ParsedClaims:
    """A parsed claim, ready to decide: its links (their LaTeX text and claim) and the context."""

    links: tuple[tuple[str, Claim], ...]
    context: Context
    unused: tuple[str, ...] = ()  # assumptions that share no symbol with the claim (see ``parse_problem``)


def notation_of(decl: Declarations) -> Notation:
    """The notation the declared names make (positive definite matrices are symmetric)."""
    pd_names = Notation.make(symmetric=decl.positive_definite).symmetric
    nt = Notation.make(decl.vectors, decl.matrices, [*decl.symmetric, *pd_names], decl.functions)
    nt.random = Notation.make(functions=decl.random).functions  # random names by base (symgd.latex.expectation)
    return nt


def parse_assumptions(decl: Declarations) -> tuple[Notation, list, dict]:
    """The declarations' assumptions alone: the notation (``notation.flags``: sign and integer assumptions
    of names), the hypotheses (SymPy relations) and the definitions ``{name: expr}``."""
    decl = _with_definite(decl)
    nt = notation_of(decl)
    links = split_plus_minus(assumption_links(decl.assume))
    hyps = declare(links, nt)
    _tie_dimension(nt, links)
    if (size := next((k for _, _, rhs in hyps if (k := _concrete_size(list(rhs.toks))) is not None), None)):
        nt.dim = sp.Integer(size)  # x = (1, 2)^T: the size of the vectors where x is used
    for lhs, _, rhs in hyps:
        nt.infer(lhs.toks)
        nt.infer(rhs.toks)
    exprs, subs = hypotheses(hyps, nt)
    return nt, exprs, subs


def parse_problem(latex: str, assume: Any = (), *, declarations: Declarations | None = None,
                  allow_unused: bool = False, **declared: Unpack[DeclarationKeywords]) -> ParsedClaims:
    """Read a claim and its declarations (``declarations=`` or the keywords of
    :class:`symgd.core.declarations.Declarations`) into claims and a context (BadInput on anything unclear).

    ``positive_definite`` names symmetric positive definite matrices (``d^T P d >= 0`` is then proved).
    An assumption that shares no symbol with the claim is refused (a misspelt name would otherwise
    constrain nothing, silently); ``allow_unused=True`` lists such assumptions in ``unused`` instead
    (a file's claims share one list of assumptions)."""
    decl = _with_definite(Declarations.of(declarations, assume=assume, **declared))
    pd_names = Notation.make(symmetric=decl.positive_definite).symmetric
    nt = notation_of(decl)
    all_links = split_plus_minus(assumption_links(decl.assume))  # z_{1,2} = a \pm b: two definitions
    rest, fams = family_definitions(all_links)  # \eta_t = \frac{1}{\alpha t}: every member \eta_k, written out
    rest = [(lhs if rel == "in" else expand_side(lhs, fams), rel, expand_side(rhs, fams))  # e_k \in R^n names e_k
            for lhs, rel, rhs in rest]
    hyps = declare(rest, nt)
    _tie_dimension(nt, all_links)
    if isinstance(latex, str) and len(latex) > MAX_LENGTH:
        raise BadInput(f"input too long ({len(latex)} characters; the limit is {MAX_LENGTH})")
    written_chains = split_claims(latex)
    chains = [loewner_claim(c) for c in written_chains]  # P \succeq Q: symgd.latex.matrix_notation
    if not chains:
        raise BadInput("empty input", 0)
    written = [split_relations(c) for c in chains]
    parsed = [([expand_side(x, fams) for x in sides], rels) for sides, rels in written]
    hyps, given = _concrete_used(hyps, {t.text for sides, _ in parsed for x in sides for t in x.toks})
    size = next((k for x in [*(x for sides, _ in parsed for x in sides), *given]  # each side; x = (1, 2)^T used here
                 if (k := _concrete_size(list(x.toks))) is not None), None)
    if size is not None:  # a concrete k x k matrix or k-vector: declared vectors and matrices have size k
        nt.dim = sp.Integer(size)
    for sides, _ in parsed:
        for s in sides:
            nt.infer(s.toks)
    for lhs, _, rhs in hyps:
        nt.infer(lhs.toks)
        nt.infer(rhs.toks)
    hyp_exprs, subs = hypotheses(hyps, nt)
    nt.stated = list(hyp_exprs)  # \max_{\lambda \in [\mu, L]} under \mu \le L (symgd.latex.parser_series)
    order_spec = _order(decl.order, nt)
    links: list[tuple[str, Claim]] = []
    side_exprs = []
    for sides, rels in parsed:
        if not rels:
            raise BadInput("a claim needs a relation (=, <, >, \\le, \\ge)", sides[0].pos)
        side_exprs.append([nt.expression(s) for s in sides])
    for group in _member_assumptions(rest, parsed, side_exprs):  # \eta_t \ge 1 for each \eta_1, ... of a sum
        more_hyps, more_subs = hypotheses(group, nt)
        if sp.false not in more_hyps:  # t \ge 1 at t = 0: outside the index's range
            hyp_exprs, subs = [*hyp_exprs, *(h for h in more_hyps if h is not sp.true)], {**more_subs, **subs}
    _refuse_open_recurrences(rest, side_exprs, subs, nt)
    for (sides, rels), exprs in zip(parsed, side_exprs, strict=True):
        for i, r in enumerate(rels):
            if r.rel == "in":
                raise BadInput("\\in belongs in an assumption, not in a claim", r.pos)
            if r.rel == "!=":
                raise BadInput("the relation \\ne cannot be checked (use =, <, >, \\le, \\ge)", r.pos)
            lhs, rhs = substitute(exprs[i], subs), substitute(exprs[i + 1], subs)
            claim = _claim(lhs, r.rel, rhs, order_spec, r.pos)
            links.append((f"{sides[i].text} {r.rel} {sides[i + 1].text}", claim))
    at = 0
    for chain, written_chain, (_, rels) in zip(chains, written_chains, parsed, strict=True):
        if chain != written_chain:  # a Loewner claim: named as written
            links[at] = (written_chain.strip(), links[at][1])
        at += len(rels)
    _distinct_names([c for _, c in links], hyp_exprs)
    sizes = {s.name for _, c in links for e in (c.lhs, c.rhs) if isinstance(e, sp.Basic)
             for m in e.atoms(sp.MatrixSymbol, sp.Identity) for d in m.shape
             for s in sp.sympify(d).free_symbols}  # n, the size of the claim's vectors and matrices
    unused = _unused(all_links, [t for sides, _ in written for x in sides for t in x.toks], subs, sizes)
    if unused and not allow_unused:
        raise BadInput(f"the assumption '{unused[0]}' shares no symbol with the claim; check its names "
                       "(they must be written as in the claim)")
    hyp_syms = [substitute(h, subs) for h in hyp_exprs]
    for h in hyp_syms:
        if h is sp.false:
            raise BadInput(f"an assumption is false: {h}")
    hyp_syms = [h for h in hyp_syms if h is not sp.true]
    refuse_vector_beside_coordinate([*(e for _, c in links for e in (c.lhs, c.rhs)), *hyp_syms])  # g_t, g_{t,i}
    links, hyp_syms = for_every_member(links, hyp_syms, nt.function_families)  # E[g_i^2] = s^2 with \sum_{i=1}^t
    pd = {m for m in nt.symmetric_symbols() if nt.base(m.name) in pd_names}
    refuse_energy_norms(nt, pd)  # \|x\|_A: symgd.latex.matrix_notation
    context = Context.make(hyp_syms, symmetric=nt.symmetric_symbols(), positive_definite=pd)
    return ParsedClaims(tuple(links), context, tuple(unused))


def _member_assumptions(links: list, parsed: list, side_exprs: list) -> list[list]:
    """``\\eta_t > 0`` where the claim sums over t: the same assumption of each member of the family the claim
    uses (``\\eta_1 > 0``, ... for the members a sum wrote out), groups of links, one per value of the index
    (:func:`symgd.latex.families.member_instances`)."""
    members: dict[str, list[list]] = {}
    for exprs in side_exprs:
        for e in exprs:
            for s in e.free_symbols if isinstance(e, sp.Basic) else ():
                m = re.fullmatch(r"(.+?)_\{(.+)\}", getattr(s, "name", ""))
                if m is not None and "_" not in m.group(1) and "^" not in m.group(1):
                    base = "".join(t.text for t in tokenize(m.group(1)))
                    sub = list(tokenize(m.group(2)))
                    if [t.text for t in sub] not in [[t.text for t in x] for x in members.get(base, [])]:
                        members.setdefault(base, []).append(sub)
    claim_toks = [t for sides, _ in parsed for x in sides for t in x.toks]
    return member_instances(links, claim_toks, members)


def _refuse_open_recurrences(links: list, side_exprs: list, subs: dict, nt: Notation) -> None:
    """A recurrence ``m_t = \\beta m_{t-1} + (1 - \\beta) g_t`` substituted for m_t leaves m_{t-1} free when the
    claim does not name it: then a claim that holds by induction (a closed form of m_t) would be refuted at an
    arbitrary m_{t-1}.  Refused; a step in m_t and m_{t-1}, or members written out (m_3, or a sum to 3), read."""
    names = {s.name for exprs in side_exprs for e in exprs if isinstance(e, sp.Basic) for s in e.free_symbols
             if hasattr(s, "name")}
    defined = {getattr(k, "name", None) for k in subs}
    for (lhs, _, rhs), own in recurrences(links):
        name = nt.name_of(lhs.toks)
        free = [e for e in (nt.name_of(m) for m in own) if e is not None and e not in names and e not in defined]
        if name in names and free:
            shown = free[0]
            third = re.sub(r"_\{[^{}]*\}$", "_3", name)
            raise BadInput(f"'{lhs.text} = {rhs.text}' is a recurrence: substituted, it leaves {shown} free (induction "
                           f"from a first member is not modelled): check one step (a claim in {name} and {shown}) or "
                           f"members written out ({third})")


def _tie_dimension(nt: Notation, links: list) -> None:
    """``x \\in \\mathbb{R}^d``: the name d in the claim is the size of the vectors (a positive integer), when
    one letter names every declared size."""
    letters = set()
    for _, rel, rhs in links:
        text = "".join(t.text for t in rhs.toks)
        m = re.fullmatch(r"mathbb\{R\}\^(?:\{?([A-Za-z])\}?|\{([A-Za-z])times\2\})", text) if rel == "in" else None
        if m is not None:
            letters.add(m.group(1) or m.group(2))
    if len(letters) == 1 and (letter := letters.pop()) not in nt.vectors | nt.matrices | nt.functions:
        nt.dim_name = letter
        nt.dim = sp.Symbol(letter, integer=True, positive=True)


def _with_definite(decl: Declarations) -> Declarations:
    """Move ``A \\succ 0`` from the assumptions to the positive definite matrices (assumptions in Unicode,
    ``θ ∈ [0, 1]``, ``A ≻ 0``, first in their LaTeX spelling: some are recognised by pattern)."""
    if any(isinstance(a, str) and not a.isascii() for a in decl.assume):
        decl = replace(decl, assume=tuple(latex_text(a) for a in decl.assume))
    loewner, symmetric = loewner_assumptions(decl.assume)  # \mu I \preceq H \preceq L I: symgd.latex.matrix_notation
    if symmetric or loewner != decl.assume:
        decl = replace(decl, assume=loewner, symmetric=(*decl.symmetric, *symmetric))
    rest, names = definite_matrices(decl.assume)
    if not names:
        return decl
    return replace(decl, assume=tuple(rest), positive_definite=(*decl.positive_definite, *names))


def _concrete_used(hyps: list, written: set[str]) -> tuple[list, list]:
    """The hypotheses without the definitions by a concrete vector or matrix (``x = (1, 2)^T``) of names the claim does
    not use (directly or through another kept assumption), and the sides that give a concrete size to those kept: a
    numeric example fixes the size only of the claims about it."""
    concrete = [h for h in hyps if h[1] == "=" and _concrete_size(list(h[2].toks)) is not None]
    if not concrete:
        return hyps, []
    needed = set(written)
    for _ in range(len(hyps)):
        for lhs, _, rhs in hyps:
            if {t.text for t in lhs.toks} & needed:
                needed |= {t.text for t in rhs.toks}
    drop = [h for h in concrete if not {t.text for t in h[0].toks if t.kind in ("letter", "cmd")} & needed]
    return [h for h in hyps if h not in drop], [h[2] for h in concrete if h not in drop]


def _concrete_size(toks: list) -> int | None:
    """The number of rows of the first matrix environment among ``toks``, if any."""
    for k, t in enumerate(toks):
        if (entries := tuple_size(toks, k)) is not None:  # (1, 2)^T: symgd.latex.tuples
            return entries
        if (entries := concrete_size_at(toks, k)) is not None:  # [[2, 1], [1, 1]]: symgd.latex.matrix_notation
            return entries
        if t.is_cmd("begin"):
            rows, depth = 1, 0
            for x in toks[k + 1 :]:
                if x.is_cmd("end"):
                    trailing = toks[toks.index(x) - 1].is_cmd("\\")
                    return rows - trailing
                depth += x.is_op("{", "(", "[") - x.is_op("}", ")", "]")
                rows += depth == 0 and x.is_cmd("\\")
            return None
    return None


_STRUCTURE = frozenset({"frac", "dfrac", "tfrac", "left", "right", "sqrt", "cdot", "times", "le", "ge", "leq", "geq",
                        "in", "mathbb", "mathbf", "mathrm", "operatorname", "boldsymbol", "infty", "sum", "prod",
                        "int", "partial", "nabla", "langle", "rangle", "begin", "end", "bmatrix", "pmatrix", "top",
                        "evalopen", "evalclose", "evalnone", "substack", "limits", *FUNCS})


def _words(toks: Any) -> set[str]:
    """The letters and command names of a side (``\\beta_2`` gives beta; structure words and the set
    of ``\\mathbb{N}`` left out)."""
    toks = list(toks)
    out = set()
    skip = 0
    for k, t in enumerate(toks):
        if skip:
            skip -= 1
        elif t.is_cmd("mathbb", "mathcal") and k + 1 < len(toks) and toks[k + 1].is_op("{"):
            skip = 2 if t.text == "mathbb" else 0
        elif t.kind in ("letter", "cmd"):
            out.add(t.text)
    return out - _STRUCTURE


def _unused(links: list, claim_toks: list, subs: dict, sizes: set[str]) -> list[str]:
    """The texts of the assumption links connected to no name written in the claim: an assumption counts
    when it shares a name with the claim, with a definition the claim uses, or with another assumption that
    counts (``j \\in \\mathbb{N}`` with ``j + 1 \\le N`` for a claim in N).  Compared on the letters and
    Greek names written, before any reading, so nothing is parsed twice."""
    mine = _words(claim_toks) | sizes
    named = [(_words([*lhs.toks, *rhs.toks]), (lhs, rel, rhs)) for lhs, rel, rhs in links]
    defs = [(set(re.findall(r"[A-Za-z]+", k.name)),
             {w for x in v.free_symbols if hasattr(x, "name") for w in re.findall(r"[A-Za-z]+", x.name)})
            for k, v in subs.items()]
    used = [not names for names, _ in named]
    grown = True
    while grown:
        grown = False
        for name, words in defs:
            if name & mine and not words <= mine:
                mine |= words
                grown = True
        for k, (names, _) in enumerate(named):
            if not used[k] and names & mine:
                used[k] = grown = True
                mine |= names
    out = []
    for (_, (lhs, rel, rhs)), ok in zip(named, used, strict=True):
        if not ok:
            shown = {"<=": "\\le", ">=": "\\ge", "in": "\\in", "!=": "\\ne"}.get(rel, rel)
            out.append(f"{lhs.text} {shown} {rhs.text}")
    return out


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
    if head is not None and head.group(0) in GREEK and head.group(0) != "pi":  # eta:3, beta_2:2
        name = "\\" + name
    var = nt.variable(tokenize(name))
    if var is None:
        raise BadInput(f"the order variable must be one scalar name, got {name!r}")
    return var, k



def _distinct_names(claims: list[Claim], hypotheses: list) -> None:
    """One name, one meaning: ``f'(f)`` (f a function and a variable) is refused, not guessed."""
    exprs = [e for c in claims for e in (c.lhs, c.rhs)] + list(hypotheses)
    funcs = {type(f).__name__ for e in exprs if isinstance(e, sp.Basic) for f in e.atoms(AppliedUndef)}
    names = {str(s) for e in exprs if isinstance(e, sp.Basic) for s in e.free_symbols}
    clash = sorted(funcs & names)
    if clash:
        raise BadInput(f"{clash[0]} is used both as a function and as a variable")



def _claim(lhs: Any, rel: str, rhs: Any, order: tuple[sp.Symbol, int] | None, pos: int) -> Claim:
    if rel != "=" and any(isinstance(s, sp.Basic) and s.has(BigO) for s in (lhs, rhs)):
        raise BadInput("O(...) remainders go with '=' only", pos)
    lhs, rhs, found = remove_remainders(lhs, rhs, pos)
    if is_matrix(lhs) != is_matrix(rhs):
        m, s = (lhs, rhs) if is_matrix(lhs) else (rhs, lhs)
        if m.shape == (1, 1):
            try:
                s = s * sp.Identity(1)
            except (TypeError, AttributeError):  # SymPy cannot rebuild a Trace inside an integral or sum: compare as scalars
                m = sp.Trace(m)
        elif s == 0:
            s = sp.ZeroMatrix(*m.shape)
        else:
            raise BadInput(f"a {m.shape[0]}x{m.shape[1]} side related to a scalar", pos)
        lhs, rhs = (m, s) if is_matrix(lhs) else (s, m)
    elif is_matrix(lhs) and lhs.shape != rhs.shape:
        if isinstance(rhs, sp.ZeroMatrix) or isinstance(lhs, sp.ZeroMatrix):  # A = \mathbf{0}: zero of A's shape
            lhs, rhs = (lhs, sp.ZeroMatrix(*lhs.shape)) if isinstance(rhs, sp.ZeroMatrix) else (sp.ZeroMatrix(*rhs.shape), rhs)
        else:
            raise BadInput("the two sides have different shapes", pos)
    if rel != "=" and is_matrix(lhs) and lhs.shape != (1, 1):
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
