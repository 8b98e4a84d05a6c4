"""Indexed families defined or constrained by an assumption.

- A definition of a member by its index, ``\\eta_t = \\frac{1}{\\alpha t}`` (the index letter t appears on the
  right), defines every member: ``\\eta_3`` is ``\\frac{1}{3\\alpha}`` and under ``\\sum_{k=1}^{T} \\eta_k`` the bound
  index maps to the family (the sum of ``\\frac{1}{\\alpha k}``).  It is applied to the tokens of the claim and of
  the other assumptions before anything is read (:func:`expand_families`), so a member is never a free symbol
  unrelated to its definition.  ``x_s = A^{-1} b`` (s absent on the right) defines one name, as before.
- An assumption on ``b_i`` where the claim sums over i (``\\eta_t > 0`` with ``\\sum_{t=1}^{3} \\eta_t``) holds
  for every i: :func:`member_instances` gives its copy at i = s for each member b_s the claim uses (``\\eta_1 > 0``,
  ...).  So does a recurrence ``m_t = \\beta m_{t-1} + (1 - \\beta) g_t`` (its copies at t = 1, 2, 3 define m_1,
  m_2, m_3, which unroll); it is not a closed form, so it defines no member outside such a sum.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from symgd.latex.tokens import Side, Tok
from symgd.latex.vocabulary import GREEK

__all__ = ["Family", "bound_indices", "expand_families", "family_definitions", "member_at", "member_instances",
           "recurrences"]


@dataclass(frozen=True)
class Family:
    """``base_index = rhs``: the base's tokens, the index letter (a token text) and the right side's tokens."""

    base: tuple[Tok, ...]
    index: Tok
    rhs: tuple[Tok, ...]


def _same(a: Tok, b: Tok) -> bool:
    return a.kind == b.kind and a.text == b.text


# Letters read as an index for every value when the claim does not name them (\eta_t \le 1 for a claim about \eta_3);
# another letter is a label (L_f, \sigma_x, \mu_g: -a 'L_f \le 1' proved L_g \le 1 when every letter was an index).
_ITERATION_INDICES = {"i", "j", "k", "l", "n", "s", "t", "tau"}


def _index_token(t: Tok) -> bool:
    """An index letter: a Latin or Greek letter (\\tau), never a label such as \\min or \\max (read as an index,
    an assumption on \\lambda_{\\min} held for \\lambda_{\\max}: \\eta\\lambda_{\\min} < 2 proved \\eta\\lambda_{\\max} < 2)."""
    return t.kind == "letter" or (t.kind == "cmd" and t.text in GREEK)


def _subscript(toks: tuple[Tok, ...] | list[Tok], k: int) -> tuple[list[Tok], int] | None:
    """The subscript's tokens after the ``_`` at ``k`` (a group's inside or one token) and the index after it."""
    if k + 1 >= len(toks):
        return None
    if not toks[k + 1].is_op("{"):
        return [toks[k + 1]], k + 2
    depth = 0
    for j in range(k + 1, len(toks)):
        depth += toks[j].is_op("{") - toks[j].is_op("}")
        if depth == 0:
            return list(toks[k + 2 : j]), j + 1
    return None


def _name_continues(toks: tuple[Tok, ...] | list[Tok], j: int) -> bool:
    """Does the name go on at ``j`` (a second subscript, a prime, ``^*``, ``^{(k)}``): then it is another name."""
    if j >= len(toks):
        return False
    t = toks[j]
    if t.is_op("_", "'"):
        return True
    if t.is_op("^") and j + 1 < len(toks):
        q = toks[j + 1]
        if q.is_op("*", "+") or q.is_cmd("star", "ast", "prime", "dagger"):
            return True
        if q.is_op("{") and j + 2 < len(toks) and (toks[j + 2].is_op("(", "*", "+") or toks[j + 2].is_cmd(
                "star", "ast", "prime", "dagger")):
            return True
    return False


def member_at(toks: tuple[Tok, ...] | list[Tok], k: int, base: tuple[Tok, ...]) -> tuple[list[Tok], int] | None:
    """A member ``base_{sub}`` of the family starting at ``k``: (the subscript's tokens, the index after it)."""
    n = len(base)
    if k + n >= len(toks) or not all(_same(toks[k + m], base[m]) for m in range(n)) or not toks[k + n].is_op("_"):
        return None
    if k > 0 and (toks[k - 1].is_cmd(*_ACCENT_LIKE) or (toks[k - 1].is_op("{") and k > 1
                  and toks[k - 2].kind == "cmd" and toks[k - 2].text not in ("frac", "dfrac", "tfrac", "sqrt"))):
        return None  # \hat{\eta}_t: the inner letter of another name
    got = _subscript(toks, k + n)
    if got is None or not got[0] or _name_continues(toks, got[1]):
        return None
    return got


_ACCENT_LIKE = ("hat", "widehat", "bar", "overline", "tilde", "widetilde", "vec", "dot", "ddot", "check", "breve",
                "mathbf", "boldsymbol", "bm", "mathrm", "mathit", "mathsf", "operatorname", "mathcal", "text")


def _base_end(toks: tuple[Tok, ...]) -> int | None:
    """The index of the ``_`` after the base of a name at the start of ``toks`` (``\\eta``, ``\\hat{m}``)."""
    if not toks:
        return None
    t = toks[0]
    if t.kind == "letter" or (t.kind == "cmd" and t.text.isalpha() and t.text not in _ACCENT_LIKE):
        return 1
    if t.is_cmd(*_ACCENT_LIKE) and len(toks) > 3 and toks[1].is_op("{"):
        end = next((j for j in range(2, len(toks)) if toks[j].is_op("}")), None)
        return None if end is None else end + 1
    return None


def family_definitions(links: list) -> tuple[list, list[Family]]:
    """The links ``b_i = rhs`` whose index letter i, an iteration index (i, j, k, t, ...), appears on the right
    (definitions of a whole family), and the other links (``f_x = 2x`` defines the one name f_x: f_y is another
    object, a partial derivative or a label, and read as a member ``f_y = 2y`` was proved)."""
    rest, fams = [], []
    for link in links:
        lhs, rel, rhs = link
        toks = tuple(lhs.toks)
        end = _base_end(toks) if rel == "=" else None
        got = _subscript(toks, end) if end is not None and end < len(toks) and toks[end].is_op("_") else None
        if got is None or got[1] != len(toks) or len(got[0]) != 1 or not _index_token(got[0][0]):
            rest.append(link)
            continue
        index = got[0][0]
        if not any(_same(x, index) for x in rhs.toks) or index.text not in _ITERATION_INDICES:
            rest.append(link)  # x_s = A^{-1} b, f_x = 2x (a partial derivative, a label): one name
            continue
        rtoks = tuple(rhs.toks)
        if any((m := member_at(rtoks, k, toks[:end])) is not None and any(_same(x, index) for x in m[0])
               for k in range(len(rtoks))):
            rest.append(link)  # m_t = \beta m_{t-1} + ...: a recurrence, not a closed form (see member_instances)
            continue
        fams.append(Family(toks[:end], index, rtoks))
    return rest, fams


def recurrences(links: list) -> list[tuple[Any, list[list[Tok]]]]:
    """The recurrences among ``links``: ``(link, [the tokens of each member of its own family on the right])`` for
    ``m_t = \\beta m_{t-1} + (1 - \\beta) g_t`` (its index on the right inside a member of the same base)."""
    out = []
    for lhs, rel, rhs in links:
        toks = tuple(lhs.toks)
        end = _base_end(toks) if rel == "=" else None
        got = _subscript(toks, end) if end is not None and end < len(toks) and toks[end].is_op("_") else None
        if got is None or got[1] != len(toks) or len(got[0]) != 1 or not _index_token(got[0][0]):
            continue
        rtoks, own = tuple(rhs.toks), []
        for k in range(len(rtoks)):
            m = member_at(rtoks, k, toks[:end])
            if m is not None and any(_same(x, got[0][0]) for x in m[0]):
                own.append(list(rtoks[k : m[1]]))
        if own:
            out.append(((lhs, rel, rhs), own))
    return out


def _instantiate(rhs: tuple[Tok, ...], index: Tok, sub: list[Tok]) -> list[Tok]:
    """``rhs`` with the index replaced by ``sub``: raw inside a subscript (``m_{t+1}`` -> ``m_{k+1}``), as a
    group elsewhere (``\\alpha t`` -> ``\\alpha {k+1}``, ``\\beta^{t}`` -> ``\\beta^{{k+1}}``)."""
    out: list[Tok] = []
    sub_depth = None  # the brace depth of the subscript group we are in
    depth = 0
    after_underscore = False
    for t in rhs:
        if _same(t, index):
            in_sub = after_underscore or (sub_depth is not None and depth >= sub_depth)
            if in_sub:
                out.extend(sub if not after_underscore or len(sub) == 1 else
                           [Tok("op", "{", t.pos), *sub, Tok("op", "}", t.pos)])
            else:
                out.extend([Tok("op", "{", t.pos), *sub, Tok("op", "}", t.pos)])
            after_underscore = False
            continue
        if after_underscore and t.is_op("{"):
            sub_depth = depth + 1
        after_underscore = t.is_op("_")
        depth += t.is_op("{") - t.is_op("}")
        if sub_depth is not None and depth < sub_depth:
            sub_depth = None
        out.append(t)
    return out


def expand_families(toks: tuple[Tok, ...] | list[Tok], fams: list[Family]) -> list[Tok]:
    """Every member of a defined family in ``toks`` replaced by its definition (as a double group ``{{...}}``:
    never read as an application's argument or an iterate label), except the members the definition itself
    names (``\\eta_0`` in ``\\eta_t = \\eta_0 / \\sqrt{t}``)."""
    toks = list(toks)
    for fam in fams:
        given = [[x.text for x in got[0]] for k in range(len(fam.rhs)) if (got := member_at(fam.rhs, k, fam.base))]
        out: list[Tok] = []
        k = 0
        while k < len(toks):
            got = member_at(toks, k, fam.base)
            if got is None or [x.text for x in got[0]] in given:  # \eta_0 in \eta_t = \eta_0/\sqrt{t}: a given name
                out.append(toks[k])
                k += 1
                continue
            sub, after = got
            pos = toks[k].pos
            out.extend([Tok("op", "{", pos), Tok("op", "{", pos), *_instantiate(fam.rhs, fam.index, sub),
                        Tok("op", "}", pos), Tok("op", "}", pos)])
            k = after
        toks = out
    return toks


def expand_side(side: Side, fams: list[Family]) -> Side:
    return side if not fams else replace(side, toks=tuple(expand_families(side.toks, fams)))


def bound_indices(toks: tuple[Tok, ...] | list[Tok]) -> set[str]:
    """The index letters bound by ``\\sum_{i=...}`` / ``\\prod_{i \\ge ...}`` in ``toks``."""
    out = set()
    for k, t in enumerate(toks):
        if t.is_cmd("sum", "prod") and k + 3 < len(toks) and toks[k + 1].is_op("_") and toks[k + 2].is_op("{"):
            idx, rel = toks[k + 3], toks[k + 4] if k + 4 < len(toks) else None
            if _index_token(idx) and rel is not None and (rel.is_op("=") or rel.is_cmd("ge", "geq")):
                out.add(idx.text)
    return out


def member_instances(links: list, claim_toks: list[Tok], members: dict[str, list[list[Tok]]]) -> list[list]:
    """The assumptions about a family member ``b_i`` read for every i, instantiated at each member the claim
    uses: groups of links, one group per value of i.  i is read for every value when a sum of the claim binds it,
    or when the claim does not name it at all (``\\eta_{t+1} \\le \\eta_t`` for a claim about \\eta_3 and
    \\eta_1: about one t it would say nothing of them).  A group holds every assumption that names i (so ``t \\ge 1``
    at t = 0 is false, and the caller drops that value); numeric members give every whole value between the
    smallest and the largest (\\eta_1, \\eta_3: i = 1, 2, 3).  ``members``: base text -> the subscripts of the
    members written in the claim or written out from its sums."""
    bound = bound_indices(claim_toks)
    named = {t.text for t in claim_toks if _index_token(t)}
    found: dict[str, tuple[Tok, set[str]]] = {}  # index text -> (its token, the bases it indexes)
    for lhs, rel, rhs in links:
        for side in (lhs, rhs):
            toks = tuple(side.toks)
            for k in range(len(toks)):
                end = _base_end(toks[k:])
                if rel == "in" or end is None or k + end >= len(toks) or not toks[k + end].is_op("_"):
                    continue
                base = toks[k : k + end]
                got = member_at(toks, k, base)
                if got is None or len(got[0]) != 1 or not _index_token(got[0][0]):
                    continue
                index = got[0][0]
                if index.text in bound or (index.text not in named and index.text in _ITERATION_INDICES):
                    found.setdefault(index.text, (index, set()))[1].add("".join(x.text for x in base))
    groups: list[list] = []
    for index, bases in found.values():
        group = [lk for lk in links if lk[1] != "in" and any(_same(x, index) for s in (lk[0], lk[2]) for x in s.toks)]
        for sub in _values(index, [sub for b in sorted(bases) for sub in members.get(b, [])]):
            groups.append([(_at(lhs, index, sub), rel, _at(rhs, index, sub)) for lhs, rel, rhs in group])
    return groups


def _values(index: Tok, subs: list[list[Tok]]) -> list[list[Tok]]:
    """The subscripts to instantiate at: each one that does not contain the index, and every whole number
    between the smallest and the largest numeric one (at most 200)."""
    out: list[list[Tok]] = []
    texts: list[str] = []
    numbers = [int(s[0].text) for s in subs if len(s) == 1 and s[0].kind == "num" and s[0].text.isdigit()]
    pos = index.pos
    if numbers and max(numbers) - min(numbers) <= 200:
        subs = [*subs, *([Tok("num", str(v), pos)] for v in range(min(numbers), max(numbers) + 1))]
    for sub in subs:
        text = " ".join(x.text for x in sub)
        if text not in texts and not any(_same(x, index) for x in sub):
            texts.append(text)
            out.append(sub)
    return out


def _at(side: Side, index: Tok, sub: list[Tok]) -> Side:
    """``side`` with every occurrence of the index written for ``sub`` (the assumption at i = 1 for the member
    b_1: ``\\eta_{i+1} \\le \\eta_i`` becomes ``\\eta_{1+1} \\le \\eta_1``, that is \\eta_2 <= \\eta_1)."""
    return replace(side, toks=tuple(_instantiate(tuple(side.toks), index, sub)))
