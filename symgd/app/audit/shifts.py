r"""A definition of a family member holds at every index: ``v_{t+1} = \mu v_t - \alpha g_t`` also says
``v_t = \mu v_{t-1} - \alpha g_{t-1}``.  A later claim that restates the rule with another index (a heavy-ball
form ``x_{t+1} - x_t = \mu(x_t - x_{t-1}) - \alpha g_t`` after a velocity form, ``m_t`` unrolled two steps)
is checked with those shifted instances substituted too.

Soundness: only an index that is a free integer symbol of the definition is shifted: one Latin letter that
occurs in the definition only as a subscript ``_t``, ``_{t+1}``, ``_{t-2}``, an iterate label ``^{(t+1)}`` or
an exponent ``^t``, ``^{t+1}``; any other occurrence (``\eta t``, ``\mathrm{at}``, ``_{t,i}``, ``_{2t}``) leaves
the definition unshifted.  The caller never shifts onto a name the document defines itself, never lets two
instances define one name, and drops the shifted instances with their definition.
"""

from __future__ import annotations

import re

__all__ = ["SHIFTS", "canonical", "closed_form_members", "consistent", "family_rule", "index_of", "instances_for", "members_past_start", "register", "shift", "tied_members"]

SHIFTS = (-1, -2, 1)  # the instances added for each shiftable definition (deeper ones: see chain.py's guard)

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+|\s+|.", re.S)


def _forms(i: str) -> re.Pattern:
    """The occurrences of index ``i`` a shift rewrites: (prefix, sign, number, suffix) groups."""
    off = r"\s*(?:([+-])\s*(\d+))?\s*"
    return re.compile(r"(_\s*\{\s*|\^\s*\{\s*\(\s*|\^\s*\{\s*)" + i + off + r"(\)\s*\}|\})"
                      r"|(_\s*|\^\s*)" + i + r"()()()(?![A-Za-z])")


def index_of(lhs: str) -> str:
    """The index letter of a family member on the left of a definition (``x_{t+1}``, ``v_t``, ``x^{(k)}``), or ''."""
    m = re.fullmatch(r"\s*(?:\\[A-Za-z]+\s*\{\s*)?\\?[A-Za-z]+\s*\}?\s*(?:_\s*\{\s*([a-z])\s*(?:[+-]\s*\d+)?\s*\}|"
                     r"_\s*([a-z])|\^\s*\{\s*\(\s*([a-z])\s*(?:[+-]\s*\d+)?\s*\)\s*\})\s*", lhs)
    return next((g for g in m.groups() if g), "") if m else ""


def shift(link: str, index: str, by: int) -> str | None:
    """``link`` with ``index`` replaced by ``index + by`` everywhere, or None when the index occurs in a form
    that is not a subscript, an iterate label or an exponent (then it may not be a free integer)."""
    form = _forms(re.escape(index))
    covered: set[int] = set()
    for m in form.finditer(link):
        covered.update(range(m.start(), m.end()))
    pos = 0
    for tok in _TOKEN.findall(link):
        if tok == index and pos not in covered:
            return None
        pos += len(tok)

    def rewrite(m: re.Match) -> str:
        if m.group(5) is not None:  # _t or ^t
            prefix, sign, num = m.group(5), None, None
        else:
            prefix, sign, num = m.group(1), m.group(2), m.group(3)
        k = (int(num) if num else 0) * (-1 if sign == "-" else 1) + by
        inner = index + (f"+{k}" if k > 0 else f"-{-k}" if k < 0 else "")
        if m.group(5) is not None or (k == 0 and prefix.startswith("_")):  # x_t, as texts write it
            return f"{prefix[0]}{inner}" if k == 0 else f"{prefix[0]}{{{inner}}}"
        label = prefix.replace(" ", "").endswith("(")
        return f"{prefix.split('{')[0].strip()}{{{'(' if label else ''}{inner}{')' if label else ''}}}"

    return form.sub(rewrite, link)


def _base(lhs: str, index: str) -> str:
    """The family's name without its index: ``x_{t+1}`` -> ``x``, ``x^{(t)}`` -> ``x``."""
    m = re.match(r"\s*(.+?)\s*(?:_\s*\{?\s*|\^\s*\{\s*\(\s*)" + re.escape(index) + r"(?![A-Za-z])", lhs)
    return m.group(1) if m else ""


def _mentions(text: str, base: str) -> bool:
    return bool(re.search(r"(?<![A-Za-z\\])" + re.escape(base) + r"\s*(?:_|\^\s*\{\s*\()", text))


def register(ctx, key: str, lhs: str, link: str, line: int) -> None:
    """Record the shifted instances of a definition just made (``ctx.shiftable``), when its index may be shifted:
    a letter that nothing defines or specializes (an index given a value is no free integer)."""
    index = index_of(lhs)
    if not index or index in ctx.defined or index in ctx.local:
        return
    base = _base(lhs, index)
    shifted = [(s, shift(link, index, s)) for s in SHIFTS]
    if not base or any(x is None for _, x in shifted):
        return
    from symgd.app.audit.classify import lhs_of, name_key

    ctx.shiftable[key] = (link, index, base, line, [(name_key(lhs_of(x)), x) for _, x in shifted])


def canonical(key: str) -> str:
    """A name's key with a one-letter subscript unbraced (``x_{t}`` and ``x_t`` are one name)."""
    return re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", re.sub(r"\s+", "", key))


def family_rule(lhs: str, ctx) -> int:
    """The line of the rule in force that defines the family of the name ``lhs`` (another member of it: ``m_{t+1}``
    after ``m_t = \\beta m_{t-1} + ...``), or 0."""
    for key, (link, index, base, line, _) in ctx.shiftable.items():
        if ctx.defined.get(key) == link and index_of(lhs) == index and re.sub(r"\s+", "", _base(lhs, index)) == \
                re.sub(r"\s+", "", base) and canonical(key) != canonical(lhs):
            return line
    return 0


def instances_for(chain: str, ctx) -> list[str]:
    """The shifted instances a claim may need: those of the definitions still in force (their link unchanged)
    whose family the claim mentions, or that an instance taken mentions; none that defines a name the document
    defines itself, and one per name."""
    rules = [(k, v) for k, v in ctx.shiftable.items() if ctx.defined.get(k) == v[0] and v[1] not in ctx.defined
             and v[1] not in ctx.local]
    texts, taken, out, keys = [chain], set(), [], set()
    defined = {canonical(k) for k in ctx.defined}
    changed = True
    while changed:
        changed = False
        for k, (_, _, base, _, shifted) in rules:
            if k in taken or not any(_mentions(t, base) for t in texts):
                continue
            taken.add(k)
            changed = True
            for sk, sl in shifted:
                if canonical(sk) in defined or canonical(sk) in keys:
                    continue
                keys.add(canonical(sk))
                out.append(sl)
                texts.append(sl)
    return out


def tied_members(cex: dict, ctx) -> list[str]:
    """Members of one family (its rule in force) to which a counterexample gives values of their own, two or
    more: the rule ties them (an index deeper than the instances taken), so the values are not arbitrary."""
    out = []
    for key, (link, index, base, _, _) in ctx.shiftable.items():
        if ctx.defined.get(key) != link:
            continue
        pattern = re.escape(re.sub(r"\s+", "", base)) + r"(?:_\{?|\^\{\()" + re.escape(index) + r"(?![A-Za-z])"
        found = [k for k in cex if re.match(pattern, re.sub(r"\s+", "", str(k)))]
        if len(found) >= 2:
            out += found
    return out


def consistent(cex: dict, instances: list[str], ctx) -> bool:
    """Whether a counterexample found without the shifted instances may still be one with them: no instance
    defines a name the counterexample sets while it also sets every member of a family the instance's right side
    uses (``x_t = x_{t-1} + v_t`` with x_t, x_{t-1} and v_t all given values of their own is broken; with x_{t-1}
    left free it can be kept)."""
    from symgd.app.audit.classify import lhs_of, relations

    keys = {canonical(str(k)) for k in cex}
    bases = [(re.sub(r"\s+", "", base), index) for _, index, base, _, _ in ctx.shiftable.values()]
    rules = []
    for inst in instances:
        rhs = inst[relations(inst)[0].end():]
        used = {canonical(m.group(0)) for b, i in bases for m in re.finditer(
            r"(?<![A-Za-z\\])" + re.escape(b) + r"\s*(?:_\s*\{[^{}]*\}|_\s*[A-Za-z0-9]|\^\s*\{\s*\([^{}()]*\)\s*\})", rhs)
            if re.search(r"(?<![A-Za-z])" + re.escape(i) + r"(?![A-Za-z])", m.group(0)[len(b):])}
        if used:
            rules.append((canonical(lhs_of(inst)), used))
    fixed = set(keys)  # the names whose values the counterexample fixes, directly or through an instance
    changed = True
    while changed:
        changed = False
        for name, used in rules:
            if used <= fixed and name not in fixed - keys:
                if name in keys:
                    return False  # given a value of its own and fixed by the values of its rule's right side
                fixed.add(name)
                changed = True
    return True


def _bare(latex: str, index: str) -> bool:
    """Whether ``index`` occurs in ``latex`` as a value (an exponent, a factor, a sum's bound), not only as the
    subscript or label of a family member."""
    member = re.compile(r"(_\s*\{[^{}]*\}|_\s*[A-Za-z0-9]|\^\s*\{\s*\([^{}()]*\)\s*\})")
    stripped = member.sub(" ", latex)
    pos = 0
    for tok in _TOKEN.findall(stripped):
        if tok == index:
            return True
        pos += len(tok)
    return False


def _recursions(ctx):
    """(index, family base as a pattern) of each recursively defined family whose rule is in force (``m_t = \\beta m_{t-1}
    + ...``, not ``e_k = x_k - x^*``)."""
    for key, (rule, index, base, _, _) in ctx.shiftable.items():
        if ctx.defined.get(key) == rule and re.search(r"(?<![A-Za-z\\])" + re.escape(base.strip())
                                                      + r"\s*(?:_|\^\s*\{\s*\()", rule.split("=", 1)[1]):
            yield index, re.escape(re.sub(r"\s+", "", base))


def closed_form_members(link: str, cex: dict, ctx) -> list[str]:
    """Members of a recursively defined family (its rule in force: ``m_t = \\beta m_{t-1} + ...``) to which a
    counterexample gives values of their own, in a claim that uses the index as a value (``\\beta^t``, a sum up
    to t): such a claim relates the members to the start of the recursion, which ties them; a value of their
    own is no refutation (a closed form is proved by induction, not by a sample)."""
    return [k for index, b in _recursions(ctx) if _bare(link, index) for k in cex
            if re.match(b + r"(?:_\{?|\^\{\()" + re.escape(index) + r"(?![A-Za-z])", re.sub(r"\s+", "", str(k)))]


def members_past_start(cex: dict, ctx) -> list[str]:
    """Members ``x_k`` of a recursively defined family that a counterexample sets while an assumption in force
    puts the index at 1 or more (``k \\ge 1``): such a member is a value of the rule, not the free start."""
    return [str(k) for index, b in _recursions(ctx) if any(re.fullmatch(
        rf"\s*{re.escape(index)}\s*(?:(?:\\geq?|>=)\s*[1-9]\d*|>\s*\d+)\s*", a) for a in ctx.assume) for k in cex
        if re.fullmatch(b + r"(?:_\{?|\^\{\()" + re.escape(index) + r"\}?\)?\}?", re.sub(r"\s+", "", str(k)))]
