"""One name, two meanings: a letter a section uses in two incompatible roles (a notation erratum, not a false
relation).  Real notes reuse letters: an EMA's averaging weight gamma (``m_{t+1} = \\gamma m_t + (1-\\gamma) g_t``)
that a later rule of the same section uses as its step size (``x_{t+1} = x_t - \\gamma \\nabla f(x_t)``); L the
loss and also its Lipschitz constant; k an iteration index and a condition number.

A ROLE is read only from strong evidence, in the formulas or in the words that introduce a name:

==============  =================================================================================================
role            evidence
==============  =================================================================================================
step            the whole coefficient of a gradient in an update rule (``x_{t+1} = x_t - \\eta \\nabla f(x_t)``) or
                in a step from a point (``y - \\eta \\nabla f(y)``, inside a prox too); "step size $\\eta$",
                "learning rate $\\eta$", "$\\eta$ is the step size"
weight          the coefficient of the previous member of a recursion with a gradient or a ``(1 - w)``
                (``m_{t+1} = \\beta m_t + (1 - \\beta) g_t``), or of a difference of iterates (``+ \\mu(x_t - x_{t-1})``);
                "momentum $\\beta$", "momentum parameter $b$"
function        defined (``L(\\theta) = ...``), a Latin letter applied to one name (``L(\\theta_t)``), ``f'(x)``,
                "$x$ is differentiable"
differentiated  ``\\nabla L``, ``\\nabla^2 f``, ``\\nabla_\\theta \\mathcal{L}``
objective       "$f$ is convex", "let $f$ be $L$-smooth", "the loss $F$"
constant        "$L$-smooth", "$\\mu$-strongly convex", "Lipschitz constant $L$", the bound of a Lipschitz inequality
                (``\\|\\nabla f(x) - \\nabla f(y)\\| \\le L\\|x - y\\|``)
condition       "condition number $\\kappa$"
index           a summation variable (``\\sum_{k=0}``), a subscript with arithmetic (``x_{k+1}``)
point           "a solution $f^{(k)}$", "the iterate $x_k$" (an iteration label k, n or t)
==============  =================================================================================================

Incompatible pairs (_INCOMPATIBLE): step and weight; any reading of a function and constant; index and constant
or condition; weight and constant; objective and point.  A step size that depends on t (``\\eta(t)``), a step
called t beside the index t, an index used as a number (``\\frac{1}{k}``), a flow x(t) beside iterates x_k, a
Frank-Wolfe step that is a convex weight are not clashes.  A clash is reported when no sentence between the two
roles (or the one that introduces the second) redefines the name ("now let $\\gamma$ denote", "we reuse", "from
here on", "instead"); in one section or across sections (the finding says which).  A role read from prose alone
waits for the next formula that writes the name; the finding sits on that formula.  Names are compared as written,
subscript included (``\\gamma_t`` is not ``\\gamma``); an iteration label in words (``f^{(k)}``) names its base.
One finding per name and pair of meanings.  The check never changes a verdict: it is a finding of its own kind
(run.py's Audit.notation), and the exit code treats it as a refutation (something to fix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symgd.latex.unicode import SYMBOLS

__all__ = ["Clash", "clashes"]

ROLES = {"step": "a step size", "weight": "a momentum / averaging weight", "function": "a function",
         "differentiated": "a function", "objective": "a function", "constant": "the constant of a property",
         "condition": "a condition number", "index": "an index", "point": "a point (its iterates)"}
# three readings of "a function": applied or defined, differentiated (nabla f), and an objective the words give a
# property ("$f$ is convex", "the loss $F$").  Only the last clashes with a point: a flow theta(t) beside iterates
# theta_k is usual, and so is a solution u_n of a differential equation beside nabla u
_INCOMPATIBLE = {frozenset(p) for p in (("step", "weight"), ("function", "constant"), ("differentiated", "constant"),
                                        ("objective", "constant"), ("index", "constant"), ("weight", "constant"),
                                        ("index", "condition"), ("objective", "point"))}
_SAME = {"objective": "function", "differentiated": "function"}


@dataclass(frozen=True)
class Clash:
    """One name in two incompatible roles: the formula where the clash shows (``line``, ``display`` from 1), the
    second role and where it appears (``second_line``: that line, or an earlier line of prose that stated it), and
    the first role and where it was read."""

    name: str
    line: int
    display: int
    role: str
    how: str
    second_line: int
    first_role: str
    first_line: int
    first_how: str
    same_section: bool

    def message(self) -> str:
        where = "here" if self.second_line == self.line else f"from line {self.second_line}"
        scope = "in the same section" if self.same_section else "earlier in the document"
        return (f"{self.name} is {ROLES[self.role]} {where} ({self.how}) but {ROLES[self.first_role]} at line "
                f"{self.first_line} ({self.first_how}), {scope}, and the text does not redefine it")

    def to_dict(self) -> dict:
        return {"kind": "notation", "line": self.line, "display": self.display, "name": self.name,
                "role": self.role, "evidence": self.how, "role_line": self.second_line, "first_role": self.first_role,
                "first_line": self.first_line, "first_evidence": self.first_how, "same_section": self.same_section,
                "message": self.message()}


@dataclass(frozen=True)
class _Use:
    name: str
    role: str
    pos: int  # offset in the text
    end: int  # end of the sentence that governs it (a formula: the sentence after it)
    line: int
    display: int  # 0: read from prose
    how: str


_GREEK = ("alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|rho|"
          "sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Sigma|Phi|Psi|Omega|ell")
_BASE = r"(?:\\(?:" + _GREEK + r")(?![A-Za-z])|\\mathcal\s*\{\s*[A-Za-z]\s*\}|(?<![A-Za-z\\])[A-Za-z](?![A-Za-z]))"
_SUB = r"(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9](?![A-Za-z0-9])|\\[A-Za-z]+))?"
_NAME = _BASE + _SUB
# a Greek letter pasted as Unicode (plain text) is its command: the parser's own table
_UNICODE = {c: v.strip()[1:] for c, v in SYMBOLS.items() if c.isalpha() and re.fullmatch(r"\\[A-Za-z]+ ", v)}


def _key(name: str) -> str:
    """A name as compared: braces and spaces out, Unicode Greek as its command (``γ`` and ``\\gamma`` agree)."""
    name = "".join("\\" + _UNICODE[c] if c in _UNICODE else c for c in name)
    name = re.sub(r"\\mathcal\s*\{\s*([A-Za-z])\s*\}", r"\\mathcal{\1}", name)
    return re.sub(r"(?<=_)\{([^{}]*)\}", r"\1", re.sub(r"\s+", "", name))


# --- formulas ----------------------------------------------------------------------------------------------------

_TEXT = re.compile(r"\\(?:text|mathrm|operatorname|textbf|textit|mbox)\s*\{([^{}]*)\}")
_RELATION = re.compile(r"\\leftarrow|\\gets|:=|\\coloneqq|(?<![<>!\\:])=")
_STEP = re.compile(r"(?<![A-Za-z\\])-\s*(?P<n>" + _NAME + r")\s*(?:\\cdot|\*|\\,|\\;|\\!|\\times)?\s*"
                   r"(?=\\nabla(?![A-Za-z])|\\text\{\s*grad|[A-Za-z]\s*'+\s*(?:\\left)?\()")
_POINT_BEFORE = re.compile(_NAME + r"(?:\s*\^\s*(?:\{[^{}]*\}|\\star|\*|\+))?\s*$")
_DIFFERENCE = r"\s*(?:\\left)?\(\s*(?P<b>{base})\s*_\s*(?:\{{[^{{}}]*\}}|\w)\s*-\s*(?P=b)\s*_\s*(?:\{{[^{{}}]*\}}|\w)" \
              r"\s*(?:\\right)?\)"
_NABLA = re.compile(r"\\nabla(?![A-Za-z])\s*(?:\^\s*\{?\s*2\s*\}?)?\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z]+)\s*)?"
                    r"(?P<n>" + _NAME + ")")
_PRIME = re.compile(r"(?P<n>" + _NAME + r")\s*'+\s*(?:\\left)?\(")
_APPLIED = re.compile(r"(?<![_^])(?<![_^]\{)(?<![_^] )(?P<n>(?:\\mathcal\s*\{\s*[A-Za-z]\s*\}|(?<![A-Za-z\\])[A-Za-z](?![A-Za-z]))" + _SUB + r")"
                      r"\s*(?:\\left)?\(\s*" + _NAME + r"(?:\s*\^\s*(?:\{[^{}]*\}|\\star|\*))?\s*(?:\\right)?\)")
_SUM = re.compile(r"\\(?:sum|prod)\s*_\s*\{\s*(?P<n>" + _BASE + r")\s*(?:=|\\in(?![A-Za-z]))")
_SHIFTED = re.compile(r"_\s*\{\s*(?P<n>" + _BASE + r")\s*[+-]\s*\d+\s*\}")
_NORM = r"(?:\\left)?(?:\\\||\|)"
_LIPSCHITZ_RHS = re.compile(r"\s*(?P<n>" + _NAME + r")\s*(?:\\cdot)?\s*" + _NORM + r"[^|]*-[^|]*" + _NORM.replace("left", "right")
                            + r"(?:_\s*\{?\s*2\s*\}?)?\s*$")


def _lipschitz_bound(piece: str) -> str:
    """The name L of ``\\|\\nabla f(x) - \\nabla f(y)\\| \\le L\\|x - y\\|`` (or ``|f(x) - f(y)| \\le L|x - y|``), or ""."""
    m = re.search(r"\\leq?(?![A-Za-z])", piece)
    if m is None:
        return ""
    lhs, rhs = piece[: m.start()].replace("&", "").strip(), piece[m.end():]
    bound = _LIPSCHITZ_RHS.match(rhs)
    if bound is None or not re.match(_NORM, lhs) or "-" not in lhs:
        return ""
    gradients = len(re.findall(r"\\nabla(?![A-Za-z])", lhs)) == 2
    values = len(re.findall(r"[A-Za-z]\s*(?:\\left)?\(", lhs)) == 2
    return bound.group("n") if gradients or values else ""


def _mask_text(latex: str) -> str:
    """``\\text{..}`` and the like, their letters blanked (same length): words are not names."""
    return _TEXT.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "#" * len(m.group(1)) + "}", latex)


def _depth(text: str, at: int) -> int:
    return sum(text.count(c, 0, at) for c in "([{") - sum(text.count(c, 0, at) for c in ")]}")


def _rows(latex: str) -> list[tuple[int, str]]:
    """(offset, piece) for each row of an aligned block and each piece between \\quad / \\implies / commas."""
    out, pos = [], 0
    for piece in re.split(r"(\\\\|\\q?quad(?![A-Za-z])|\\implies|\\Rightarrow|\\iff|,\s*(?=[^,]*=))", latex):
        if piece and not re.fullmatch(r"\\\\|\\q?quad|\\implies|\\Rightarrow|\\iff|,\s*", piece):
            out.append((pos, piece))
        pos += len(piece)
    return out


_DIFFERENTIATED = re.compile(r"(?:\\nabla|\\partial)\s*(?:\^\s*\{?2\}?)?\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z]+))?\s*$")
_SIDE_END = re.compile(r"\\(?:leq?|geq?|approx|le|ge)(?![A-Za-z])|(?<![<>!\\:])=|<|>")


def _side_end(piece: str, at: int) -> int:
    """Where the side that starts at ``at`` ends: the next relation outside brackets (or the end)."""
    return next((m.start() for m in _SIDE_END.finditer(piece, at) if _depth(piece, m.start()) == _depth(piece, at)),
                len(piece))


def _update_rule(piece: str) -> tuple[str, int] | None:
    """(the base name, where its right side starts) when ``piece`` is an update rule: an indexed name (``x_{t+1}``,
    ``x^{(k+1)}``, ``x^+``, or any name before ``\\leftarrow``) alone on the left, its base on the right."""
    m = _RELATION.search(piece)
    if m is None or _depth(piece, m.start()) != 0:
        return None
    lhs = piece[: m.start()].replace("&", "").strip()
    base = re.fullmatch(r"(?P<b>" + _BASE + r")\s*(?P<i>_\s*(?:\{[^{}]*\}|\w)|\^\s*\{\s*\([^()]*\)\s*\}|\^\s*\+|"
                        r"\^\s*\{\s*\+\s*\})?", lhs)
    if base is None or not (base.group("i") or m.group(0) in (r"\leftarrow", r"\gets")):
        return None
    b = base.group("b")
    pattern = (r"(?<!\\)" if b.startswith("\\") else r"(?<![A-Za-z\\])") + re.escape(b) + r"(?![A-Za-z])"
    return (b, m.end()) if re.search(pattern, piece[m.end():]) else None


def _formula_uses(latex: str, display: int, start: int, end: int, line0: int) -> list[_Use]:
    """The roles the formula gives to names (strong evidence only)."""
    text = _mask_text(latex)
    out: list[_Use] = []

    def add(name: str, role: str, at: int, how: str) -> None:
        out.append(_Use(_key(name), role, start, end, line0 + text.count("\n", 0, at), display, how))

    for off, piece in _rows(text):
        rule = _update_rule(piece)
        rhs_at = rule[1] if rule else 0
        rhs_end = _side_end(piece, rhs_at) if rule else len(piece)  # a rule's own right side, not the chain after it
        for m in _STEP.finditer(piece, rhs_at, rhs_end):
            point = _POINT_BEFORE.search(piece[: m.start()])
            if rule and _depth(piece[rhs_at:], m.start() - rhs_at) == 0:  # not inside a combination of gradients
                add(m.group("n"), "step", off + m.start(), "the coefficient of the gradient in the update rule")
            elif point and not _DIFFERENTIATED.search(piece[: point.start()]):  # x - eta grad f(x), prox(x - ...)
                add(m.group("n"), "step", off + m.start(), "the coefficient of the gradient in a step from a point")
        if rule:
            base, at = rule
            rhs = piece[at:rhs_end]
            for t in re.finditer(r"(?:^|(?<=[=+\-&]))\s*(?P<n>" + _NAME + r")\s*(?:\\cdot|\*|\\,)?\s*" + re.escape(base)
                                 + r"(?![A-Za-z])", rhs):
                name = t.group("n")
                ema = re.search(r"\(\s*1\s*-\s*" + re.escape(name) + r"\s*\)", rhs)  # m = b m + (1 - b) g
                if _depth(rhs, t.start()) == 0 and (ema or re.search(r"\\nabla|\\text\{\s*grad", rhs)):
                    add(name, "weight", off + at + t.start("n"), f"the coefficient of the previous {base} in its "
                        + ("average" if ema else "recursion with a gradient"))
            diff = re.compile(r"(?<![A-Za-z\\])[+-]\s*(?P<n>" + _NAME + r")\s*(?:\\cdot|\*|\\,)?" + _DIFFERENCE.format(
                base=_BASE))
            for t in diff.finditer(rhs):
                if _depth(rhs, t.start()) == 0:
                    add(t.group("n"), "weight", off + at + t.start("n"), "the coefficient of a difference of iterates")
        lip = _lipschitz_bound(piece)
        if lip:
            add(lip, "constant", off, "the bound of a Lipschitz inequality")
        m = _RELATION.search(piece)
        lhs = piece[: m.start()].replace("&", "").strip() if m else ""
        fdef = re.fullmatch(r"(?P<n>" + _NAME + r")\s*(?:\\left)?\(\s*" + _NAME + r"(?:\s*,\s*" + _NAME +
                            r")*\s*(?:\\right)?\)", lhs)
        if fdef and m.group(0) != r"\leftarrow":
            add(fdef.group("n"), "function", off, "defined as a function of " + lhs[fdef.end("n"):].strip())
    for rx, role, how in ((_NABLA, "differentiated", "differentiated"), (_PRIME, "function", "differentiated"),
                          (_APPLIED, "function", "applied to a point")):
        for m in rx.finditer(text):
            add(m.group("n"), role, m.start(), f"{how}: {' '.join(m.group(0).split())}")
    for m in _SUM.finditer(text):
        add(m.group("n"), "index", m.start(), "a summation variable")
    for m in _SHIFTED.finditer(text):
        add(m.group("n"), "index", m.start(), f"a shifted subscript {' '.join(m.group(0).split())}")
    return out


def _names(latex: str) -> set[str]:
    """Every name the formula writes."""
    return {_key(m.group(0)) for m in re.finditer(_NAME, _mask_text(latex))}


# --- prose -------------------------------------------------------------------------------------------------------

_MATH_NAME = r"(?:\$\s*(?P<@>" + _NAME + r")\s*(?=\$|=|<|>|\\le|\\ge|\\in(?![A-Za-z]))[^$]*\$|\\\(\s*(?P<@b>" + _NAME \
    + r")\s*\\\)|(?P<@c>(?<![\w\\$])[" + "".join(_UNICODE) + r"](?:_\w)?(?![\w$])))"
# in plain text a Latin letter stands bare too, but only where the words leave no doubt ("L-smooth", "L is called the
# Lipschitz constant"): "step size (i.e. ...)" must not read i as the step
_MATH_OR_LETTER = _MATH_NAME[:-1] + r"|(?P<@d>(?<![\w\\$])[B-HJ-Zb-z](?![\w'$.])))"
_PROSE = [
    ("constant", re.compile(_MATH_OR_LETTER.replace("@", "n") + r"\s*-\s*(?P<w>smooth|Lipschitz|strongly[ -]convex)\b")),
    ("constant", re.compile(r"\b(?P<w>Lipschitz constant|smoothness constant|strong[ -]convexity (?:constant|parameter|"
                            r"modulus))\s+(?:is\s+|of\s+\S+\s+)?" + _MATH_NAME.replace("@", "n"), re.I)),
    ("constant", re.compile(_MATH_OR_LETTER.replace("@", "n") + r"\s+is\s+(?:called\s+)?the\s+(?P<w>Lipschitz constant|"
                            r"smoothness constant)", re.I)),
    ("condition", re.compile(r"\b(?P<w>condition number)\s+(?:is\s+)?" + _MATH_NAME.replace("@", "n"), re.I)),
    ("condition", re.compile(_MATH_NAME.replace("@", "n") + r"\s+is\s+(?:called\s+)?the\s+(?P<w>condition number)",
                             re.I)),
    ("step", re.compile(r"\b(?P<w>step[ -]?sizes?|learning[ -]rates?|step lengths?)\s*(?:,\s*|\(\s*)?(?:is\s+|of\s+|"
                        r"parameter\s+)?" + _MATH_NAME.replace("@", "n"), re.I)),
    ("step", re.compile(_MATH_NAME.replace("@", "n") + r"\s*(?:\(\s*\w+\s*\)\s*)?(?:is|denotes)\s+(?:the|a|our)\s+(?:fixed\s+|"
                        r"constant\s+)?(?P<w>step[ -]?size|learning[ -]rate|step length)", re.I)),
    ("weight", re.compile(r"\b(?P<w>momentum(?: parameter| coefficient| weight)?)\s*(?:,\s*)?(?:is\s+)?"
                          + _MATH_NAME.replace("@", "n"), re.I)),
    ("objective", re.compile(r"\b(?P<w>the (?:loss|objective)(?: function)?|(?:convex|smooth|differentiable|loss|"
                            r"objective) function)\s+" + _MATH_NAME.replace("@", "n"), re.I)),
    ("objective", re.compile(_MATH_NAME.replace("@", "n") + r"\s+(?:is|be)\s+(?:also\s+)?(?P<w>(?:\S+-)?(?:strongly\s+)?"
                             r"convex|\S+-smooth)\b(?!\s+(?:combination|set|hull|cone|subset|region|domain|polytope))",
                             re.I)),
    # a trajectory is differentiable too (x(t), x'(t) beside the iterates x_k): a function, not an objective
    ("function", re.compile(_MATH_NAME.replace("@", "n") + r"\s+(?:is|be)\s+(?:also\s+)?(?:twice\s+)?(?P<w>differentiable)\b",
                            re.I)),
    # "a solution $f^{(k)}$", "the iterate $x_k$": the name's members are points (the label is the iteration's)
    ("point", re.compile(r"\b(?P<w>solution|iterate|point|minimizer)s?\s+(?:is\s+)?\$\s*(?P<n>" + _BASE + r")\s*(?:\^\s*"
                         r"\{\s*\(\s*[knt](?:\s*[+-]\s*1)?\s*\)\s*\}|_\s*(?:\{\s*[knt](?:\s*[+-]\s*1)?\s*\}|[knt]))\s*\$")),
]
_REDEFINE = re.compile(r"\b(let|denot\w*|defin\w*|redefin\w*|reus\w*|overload\w*|now|instead|henceforth|hereafter|"
                       r"this time|from here on|abuse of notation|stands? for|renam\w*|we (?:now )?(?:write|use))\b",
                       re.I)
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)[.!?](?=\s)|\n\s*\n|\n\s*[-*]\s")


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The sentence around offset ``at`` (a blank line or a list item also ends one)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 600), at)), default=max(0, at - 600))
    m = _SENTENCE_END.search(text, at)
    return start, m.end() if m else len(text)


def _prose_uses(text: str, line_of) -> list[_Use]:
    out = []
    for role, rx in _PROSE:
        for m in rx.finditer(text):
            name = next(m.group(g) for g in ("n", "nb", "nc", "nd") if g in rx.groupindex and m.group(g))
            if role == "weight" and m.group("w").lower() == "momentum" and not re.match(r"\\[A-Za-z]|[^\x00-\x7f]", name):
                continue  # "the momentum $m_t$": the buffer, not its weight
            at = m.start()
            out.append(_Use(_key(name), role, at, _sentence(text, at)[1], line_of(at), 0,
                            f"'{' '.join(m.group(0).split())}'"))
    return out


def _redefinitions(text: str, names: set[str]) -> dict[str, list[int]]:
    """Offsets of the sentences that (re)introduce a name with a redefining word, per name."""
    out: dict[str, list[int]] = {}
    for m in re.finditer(r"\$[^$]+\$|\\\(.+?\\\)|[" + "".join(_UNICODE) + "]", text):
        inner = m.group(0).strip("$").removeprefix("\\(").removesuffix("\\)")
        found = {_key(n.group(0)) for n in re.finditer(_NAME, _mask_text(inner))} & names
        if not found:
            continue
        s, e = _sentence(text, m.start())
        words = re.sub(r"\$[^$]*\$|\\\(.*?\\\)", " ", text[s:e])
        if _REDEFINE.search(words):
            for n in found:
                out.setdefault(n, []).append(m.start())
    return out


# --- the check ---------------------------------------------------------------------------------------------------


def clashes(text: str, displays, sections: list[int]) -> list[Clash]:
    """Every name the text uses in two incompatible roles with no redefinition between them, reported once per
    name and pair of roles, on the formula where the second role appears (or, when the second role is stated in
    words, on the next formula that writes the name).  ``sections``: the lines of the headings."""
    import bisect

    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    uses: list[_Use] = []
    for i, d in enumerate(displays, 1):
        after = _SENTENCE_END.search(text, d.end)
        end = after.end() if after else len(text)
        uses += _formula_uses(d.latex, i, d.start, end, d.line + d.offset)
        uses += [_Use(n, "", d.start, end, d.line + d.offset, i, "") for n in _names(d.latex)]  # mentions
    uses += _prose_uses(text, lambda at: bisect.bisect_right(starts, at))
    uses.sort(key=lambda u: (u.pos, u.display == 0, u.role == ""))
    redefined = _redefinitions(text, {u.name for u in uses})

    out: list[Clash] = []
    first: dict[tuple[str, str], _Use] = {}  # (name, role) -> its first use since the name was last (re)defined
    pending: list[tuple[_Use, _Use]] = []  # a clash read from prose, waiting for a formula that writes the name
    reported: set[tuple[str, frozenset]] = set()

    def report(at: _Use, second: _Use, earlier: _Use) -> None:
        pair = (at.name, frozenset(_SAME.get(r, r) for r in (earlier.role, second.role)))  # once per two meanings
        if pair not in reported:
            reported.add(pair)
            same = bisect.bisect_right(sections, earlier.line) == bisect.bisect_right(sections, at.line)
            out.append(Clash(at.name, at.line, at.display, second.role, second.how, second.line, earlier.role,
                             earlier.line, earlier.how, same))

    for u in uses:
        for key in [k for k, f in first.items() if k[0] == u.name and any(
                f.end < r <= u.end for r in redefined.get(u.name, ()))]:  # "now let $\gamma$ denote ...": a new start
            del first[key]
        pending = [(a, b) for a, b in pending if first.get((a.name, a.role)) is a]
        if u.display:
            for a, b in [p for p in pending if p[0].name == u.name]:
                pending.remove((a, b))
                report(u, b, a)
        if not u.role:
            continue
        for (name, role), f in list(first.items()):
            if name == u.name and frozenset((role, u.role)) in _INCOMPATIBLE:
                if u.display:
                    report(u, u, f)
                else:
                    pending.append((f, u))
        first.setdefault((u.name, u.role), u)
    out.sort(key=lambda c: c.line)
    return out
