r"""A value given to a name the text already determines is a claim about it, not a definition: a member of an
update rule's family at a number (``x_2 = 2\eta b`` after ``x_{k+1} = x_k - \eta(a x_k - b)`` and ``x_0 = 0``; a
recursion determines members only above a start the text gives), a member of a family defined at every index at
another index (``r_{k+1}`` after "the residual $r_k = b - a x_k$"; never across a heading, where a new method's
rule begins), a value of a defined function (``f(x^*)``, ``f(3)`` after ``f(x) = ...``).  The instances of the
rules that determine it (down to the start) are what the claim is checked with.  A name the prose sets ("let",
"take", "set", "started at") is not claimed.
"""

from __future__ import annotations

import re

from symgd.app.audit.classify import relations
from symgd.app.audit.context import DocContext

__all__ = ["determined", "mentioned"]

_SETS = re.compile(r"\b(let|define[sd]?|denote[sd]?|we write|set|take|choose|fix|start\w*|initiali[sz]\w*|consider)\b"
                   r"[^.;:$]{0,40}$", re.I)
_MEMBER = re.compile(r"(.+?)\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))")


def determined(chain: str, d, ctx: DocContext) -> tuple[str, list[str]] | None:
    """``x_2 = 2\\eta b`` after the rule ``x_{k+1} = x_k - ...`` and ``x_0 = 0``; ``\\hat m_2 = ...`` after ``\\hat m_t =
    m_t / (1 - \\beta_1^t)``; ``f(x^*) = ...`` after ``f(x) = ...``: the name on the left is one the text already
    determines, so the value is a claim about it: (why, the instances of the rules that determine it, down to
    the defined start).  None when the text does not determine it, or the prose sets it ("let", "take")."""
    rels = relations(chain)
    if not rels or rels[0].group(0) != "=" or _SETS.search(d.before[-60:]):
        return None
    lhs = chain[: rels[0].start()].replace("&", "").strip()
    fm = re.fullmatch(r"(\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?)\s*(?:\\left)?\(\s*([^()]*?)\s*(?:\\right)?\)", lhs)
    if fm and fm.group(1) in ctx.fdefs:
        fdef = ctx.fdefs[fm.group(1)]
        params = [str(a) for a in fdef.args]
        arg = fm.group(2)
        plain = re.fullmatch(r"\\?[A-Za-z]+", arg.strip())
        if not plain and len(params) == 1 and "," not in arg:  # f(x^*), f(1), f(w_k): a value of f
            return (f"a member of the family of values of {fm.group(1)} (its definition, line {fdef.line}): a claim", [])
        return None
    shifted = _shifted_member(lhs, ctx)
    if shifted is not None and not any(shifted[2] < h < d.line for h in ctx.sections):  # a new section's rule
        return shifted[:2]
    if shifted is not None:  # may define a new method's member: not claimed
        return None
    m = _MEMBER.fullmatch(lhs)
    if m is None:
        return None
    instances = _instances(m.group(1), int(m.group(2) or m.group(3)), ctx, set())
    if instances is None:
        return None
    return (f"a member of the family the rule of line {instances[1]} defines, determined by the text: a claim",
            instances[0])


def _shifted_member(lhs: str, ctx: DocContext) -> tuple[str, list[str], int] | None:
    """``r_{k+1}`` after ``r_k = b - A x_k`` (a definition at every index that does not recur on itself): the member
    at another index is determined, (why, [the definition, its instance there], its line); None otherwise."""
    from symgd.app.audit.classify import lhs_of
    from symgd.app.audit.shifts import canonical, index_of, shift

    index = index_of(lhs)
    if not index:
        return None
    for key, link in ctx.defined.items():
        dl = lhs_of(link).strip()
        if index_of(dl) != index or canonical(key) == canonical(re.sub(r"\s+", "", lhs)):
            continue
        base = re.match(r"\s*(.+?)\s*_", dl)
        mine = re.match(r"\s*(.+?)\s*_", lhs)
        if not base or not mine or _flat(base.group(1)) != _flat(mine.group(1)):
            continue
        rhs = link.split("=", 1)[1]
        if re.search(r"(?<![A-Za-z\\])" + re.escape(base.group(1)) + r"\s*_", rhs):
            return None  # a recursion: its members are tied to a start (shifts.py)
        by = _offset(lhs, index) - _offset(dl, index)
        inst = shift(link, index, by) if by else None
        if inst is None:
            return None
        line = ctx.defined_at.get(key, 0)
        return (f"a member of the family the definition of line {line} gives at every index: a claim", [link, inst],
                line)
    return None


def _offset(lhs: str, index: str) -> int:
    m = re.search(r"_\s*\{?\s*" + index + r"\s*(?:([+-])\s*(\d+))?", lhs)
    return (int(m.group(2)) if m and m.group(2) else 0) * (-1 if m and m.group(1) == "-" else 1)


def mentioned(chain: str, d, ctx: DocContext) -> tuple[str, list[str]] | None:
    """A claim that mentions members of a family at numbers (``|m_1| / \\sqrt{v_1}``) the text determines (a rule
    and its start): (why, the instances that determine them), checked with them; None when there are none."""
    from symgd.app.audit.classify import classify
    from symgd.app.audit.shifts import canonical

    families = {_flat(f[2]) for f in _families(ctx)}
    if not families or classify(chain, d.before, ctx.defined).kind != "claim":
        return None
    out, seen = [], set()
    for mm in re.finditer(r"((?:\\(?:hat|tilde|bar|widehat|widetilde|overline|mathbf|boldsymbol)\s*\{?\s*)?\\?[A-Za-z]+\s*\}?)\s*_\s*(?:\{\s*(\d+)\s*\}|(\d))", chain):
        if _flat(mm.group(1)) not in families or ctx.defined.get(canonical(mm.group(0))):
            continue
        got = _instances(mm.group(1), int(mm.group(2) or mm.group(3)), ctx, seen)
        if got is None:
            return None  # one member the text does not pin down: the ordinary check (and its guards)
        out += got[0]
    return ("the members at numbers given by the rule and its start", list(dict.fromkeys(out))) if out else None


def _instances(base: str, n: int, ctx: DocContext, seen: set) -> tuple[list[str], int] | None:
    """The rule instances (and the start) that determine ``base_n``, with the rule's line; None when the text does
    not determine it (no rule for the family, a recursion without a defined start below n)."""
    from symgd.app.audit.shifts import canonical

    if len(seen) > 24 or (base, n) in seen:
        return None
    seen.add((base, n))
    for link, index, rule_base, line in _families(ctx):
        if _flat(rule_base) != _flat(base):
            continue
        lhs = link.split("=", 1)[0]
        off = re.search(r"_\s*\{?\s*" + index + r"\s*(?:([+-])\s*(\d+))?", lhs)
        if off is None:
            return None
        o = (int(off.group(2)) if off.group(2) else 0) * (-1 if off.group(1) == "-" else 1)
        recurs = bool(re.search(r"(?<![A-Za-z\\])" + re.escape(rule_base.strip()) + r"\s*_", link.split("=", 1)[1]))
        inst = _at(link, index, n - o, anywhere=not recurs)
        if inst is None:
            return None
        out = [inst]
        rhs = inst.split("=", 1)[1]
        families = {_flat(f[2]) for f in _families(ctx)}
        starts = [int(k.split("_", 1)[1].strip("{}")) for k in ctx.defined if re.fullmatch(
            r"\s*(.+?)_\{?\d+\}?", k) and _flat(k.split("_", 1)[0]) == _flat(base)]
        if re.search(r"(?<![A-Za-z\\])" + re.escape(base.strip()) + r"\s*_", rhs) and not any(s < n for s in starts):
            return None  # a recursion determines a member only above a start the text gives
        for mm in re.finditer(r"((?:\\(?:hat|tilde|bar|widehat|widetilde|overline|mathbf|boldsymbol)\s*\{?\s*)?\\?[A-Za-z]+\s*\}?)\s*_\s*(\{[^{}]*\}|\w)", rhs):
            b = mm.group(1)
            if _flat(b) not in families:
                continue  # g_1: not a family the text defines, a free name
            sub = mm.group(2).strip("{} ")
            if not sub.isdigit():
                return None  # v_{-1}, v_{t}: a member not pinned to a number
            k = int(sub)
            if (b, k) in seen:  # already determined (x_1 twice in the rule's instance)
                continue
            start = ctx.defined.get(canonical(f"{b}_{k}")) or ctx.defined.get(f"{b}_{{{k}}}")
            if start:
                out.append(start)
                continue
            deeper = _instances(b, k, ctx, seen)
            if deeper is None:
                return None
            out += deeper[0]
        return out, line
    return None


def _flat(name: str) -> str:
    """A family's base without braces and spaces: ``\\hat m`` and ``\\hat{m}`` are one name."""
    return re.sub(r"[{}\s]", "", name)


def _families(ctx: DocContext) -> list[tuple[str, str, str, int]]:
    """(link, index letter, base, line) of each family the text defines at every index: the update rules in force
    (shifts.py) and the definitions whose right side depends on the index without recurring (``h_k = 1/(k+1)^2``,
    ``\\hat m_t = m_t/(1 - \\beta_1^t)``; not ``g_i = g``, a value the same at every index, often a local hypothesis)."""
    from symgd.app.audit.classify import lhs_of
    from symgd.app.audit.shifts import _base, index_of

    out = [(link, index, base, line) for key, (link, index, base, line, _) in ctx.shiftable.items()
           if ctx.defined.get(key) == link]
    taken = {link for link, *_ in out}
    for key, link in ctx.defined.items():
        lhs = re.sub(r"\\(hat|tilde|bar)\s+([A-Za-z])", r"\\\1{\2}", lhs_of(link).strip())  # \hat m_t
        index = index_of(lhs)
        base = _base(lhs, index) if index else ""
        rhs = link.split("=", 1)[1] if "=" in link else ""
        if (not base or link in taken or "(" in lhs or not re.search(r"(?<![A-Za-z\\])" + index + r"(?![A-Za-z])", rhs)
                or re.search(r"(?<![A-Za-z\\])" + re.escape(base) + r"\s*_", rhs)):
            continue
        out.append((link, index, base, ctx.defined_at.get(key, 0)))
    return out


def _at(link: str, index: str, n: int, anywhere: bool = False) -> str | None:
    """``link`` at the integer ``n`` of its index: every subscript or exponent of the index evaluated, or None
    when the index occurs elsewhere (then it may not be a free integer) unless ``anywhere`` (a definition at every
    index that does not recur: ``h_k = 1/(k+1)^2``), where every other occurrence becomes ``(n)``."""
    from symgd.app.audit.shifts import shift

    if shift(link, index, 0) is None and not anywhere:
        return None

    def value(m: re.Match) -> str:
        k = n + (int(m.group(3)) if m.group(3) else 0) * (-1 if m.group(2) == "-" else 1)
        return f"{m.group(1)[0]}{{{k}}}" if m.group(1) else f"{m.group(5)[0]}{{{n}}}"

    form = re.compile(r"(_\s*\{\s*|\^\s*\{\s*)" + re.escape(index) + r"\s*(?:([+-])\s*(\d+))?\s*\}"
                      r"|()(_\s*|\^\s*)" + re.escape(index) + r"(?![A-Za-z])")
    out = form.sub(value, link)
    return re.sub(r"(?<![A-Za-z\\])" + re.escape(index) + r"(?![A-Za-z])", f"({n})", out) if anywhere else out
