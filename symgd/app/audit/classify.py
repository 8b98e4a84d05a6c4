"""What each formula is: a definition, an assumption, a claim, or an expression with no relation.

A display is cleaned (labels, tags, equation numbers, trailing punctuation, side remarks in ``\\text``),
cut into chains (lines of an ``aligned`` block, pieces separated by ``\\quad``, ``\\implies``, ``,``
between relations) and each chain classified from its own form and the prose before it:

* definition: ``:=``, ``\\coloneqq``, ``\\triangleq``; or a name (``\\kappa``, ``x_{t+1}``) or a function
  of names (``m_s(x)``) alone on the left of ``=`` that is new, or that the prose introduces
  ("let", "define", "denote", "we write", "update", "is given by");
* assumption: ``\\in`` (membership), a sign or range of one name (``\\eta > 0``, ``0 < \\beta < 1``), ``\\succ 0``;
* claim: any other relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Chain", "chains_of", "classify", "clean", "is_name", "lhs_of", "norm", "pieces_with_connectives"]

_FONT = re.compile(r"(\^\s*\{?\s*)\\(?:mathrm|textrm|text|mathsf|rm)\s*(?=\{)")  # p^{\mathrm{C}}: the parser's p^{C}


def norm(name: str) -> str:
    """A name as counterexample keys and definitions compare it: no spaces or braces, a roman label as written."""
    return re.sub(r"[\s{}]", "", _FONT.sub(r"\1", name))


DEFINE_WORDS = re.compile(r"\b(let|define[sd]?|definition|denote[sd]?|we write|we can write|updates?|rule|given by|"
                          r"as follows|becomes|consider|suppose|defined by|defined as|instead)\b", re.I)
_RESTATING = re.compile(r"\b(?:multiply\w* out|expand\w*|rearrang\w*|simplif\w*|collecting|rewrit\w*|equivalently)\b",
                        re.I)  # the same function written out again: a claim about it, not a new definition
DEFINED_BY = re.compile(r"\b(defined by|defined as|define|let|denote|we write|(?<!which )(?<!this )(?<!that )means)\b[^.:]{0,60}[:,]?\s*$", re.I)
_REL = re.compile(r":=|\\coloneqq|\\triangleq|\\stackrel\{[^{}]*\}\{=\}|\\overset\{[^{}]*\}\{=\}|\\equiv|"
                  r"\\approx|\\leq?(?![A-Za-z])|\\geq?(?![A-Za-z])|\\ne(?:q)?(?![A-Za-z])|\\lt(?![A-Za-z])|"
                  r"\\gt(?![A-Za-z])|\\in(?![A-Za-z])|\\succ(?:eq|curlyeq)?(?![A-Za-z])|\\preceq?(?![A-Za-z])|"
                  r"\\sim(?![A-Za-z])|\\propto(?![A-Za-z])|\\to(?![A-Za-z])|\\rightarrow(?![A-Za-z])|"
                  r"(?<![<>\\])=|(?<!\\)<|(?<!\\)>|[≤≥≠≈∈]")  # Unicode: a plain line the parser reads later
_DEFINES = re.compile(r":=|\\coloneqq|\\triangleq|\\stackrel\{[^{}]*\}\{=\}|\\overset\{[^{}]*\}\{=\}|\\equiv")
_SIGN = re.compile(r"^\s*(?P<a>[^=<>]+?)\s*(?P<r>>|<|\\geq?|\\leq?|\\ge|\\le|\\gt|\\lt|\\neq?)\s*(?P<b>[^=<>]+?)\s*$")
_NAME = re.compile(r"""^\s*(?:\\(?:hat|tilde|bar|widehat|widetilde|overline|mathbf|boldsymbol|vec|mathcal|mathrm|
                        mathbb|operatorname)\s*\{\s*)*\\?[A-Za-z]+\s*\}*
                        (?:\s*(?:_|\^)\s*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\\?[A-Za-z0-9*]+|\\star|\*)|\s*_\s*[+-](?![\w\\{]))*\s*$""",
                    re.X)  # x_+ (the next point): a name being defined; x^+ is left a claim (reading3)
_CUT = re.compile(r"\\q?quad|\\implies|\\Longrightarrow|\\Rightarrow|\\iff|\\Leftrightarrow|\\text\{\s*(?:and|or|for|"
                  r"if|when|whenever|provided|with|where|since|so|hence|thus)\b[^{}]*\}|,\s*(?=[^,]*(?:=|\\le|\\ge|<|>))")
_CONDITION_CUT = re.compile(r"\\text\{\s*(?:if|when|whenever|provided)\b")


@dataclass(frozen=True)
class Chain:
    """One chain of a display: its LaTeX (``=`` for ``:=``), its kind and why."""

    latex: str
    kind: str  # "definition", "assumption", "claim", "expression"
    why: str = ""


def _evaluation_brackets(latex: str) -> str:
    """``\\left[ E \\right]_{t=0}`` (an evaluation bracket: its subscript is an equation) written as
    ``\\left.\\left( E \\right)\\right|_{t=0}``, the spelling the parser reads."""
    for m in reversed(list(re.finditer(r"\\right\s*\]\s*_\s*\{[^{}=]+=[^{}]+\}", latex))):
        depth, i = 0, m.start()
        while i > 0:
            i -= 1
            if latex.startswith(r"\right", i):
                depth += 1
            elif latex.startswith(r"\left", i):
                if depth == 0:
                    break
                depth -= 1
        if not latex.startswith(r"\left[", i) and not re.match(r"\\left\s*\[", latex[i:]):
            continue
        opening = re.match(r"\\left\s*\[", latex[i:]).end()
        sub = latex[m.start():m.end()].split("_", 1)[1]
        latex = (latex[:i] + r"\left.\left(" + latex[i + opening: m.start()] + r"\right)\right|_" + sub
                 + latex[m.end():])
    return latex


def clean(latex: str) -> str:
    """Labels, tags, equation numbers, ``\\nonumber``, ``\\left.``/``\\displaystyle`` and trailing punctuation off;
    evaluation brackets ``\\left[..\\right]_{t=0}`` in the parser's spelling."""
    latex = _evaluation_brackets(latex)
    if "cases}" in latex:  # each condition after a word: a row reads after the audit drops its &
        from symgd.latex.cases import explicit_conditions

        latex = explicit_conditions(latex)
    latex = re.sub(r"\\(label|tag\*?|eqref|ref)\s*\{[^{}]*\}", " ", latex)
    latex = re.sub(r"\^\s*\{\s*((?:\\prime\s*)+)\}|\^\s*\\prime(?![A-Za-z])",  # f^{\prime\prime}(x) is f''(x)
                   lambda m: "'" * max(1, (m.group(1) or "").count("prime")), latex)
    latex = re.sub(r"\\succcurlyeq(?![A-Za-z])", r"\\succeq", latex)
    latex = re.sub(r"(?<!\\)\\[,;!:]", " ", latex)  # thin spaces, also before a letter (2c\mu\,t_{\min})
    latex = re.sub(r"\\(nonumber|notag|displaystyle|textstyle)(?![A-Za-z])", " ", latex)
    latex = re.sub(r"\\quad\s*\(\s*\d+(\.\d+)*\s*\)", " ", latex)
    latex = re.sub(r"^\s*\\(?:rightarrow|Rightarrow|longrightarrow|Longrightarrow|implies|to)(?![A-Za-z])\s*", "",
                   latex)  # a leading arrow relates nothing (nothing on its left): a connective, "so"
    # an aligned row's "&& \text{(Swap ...)}" column is a remark on the step, not part of the formula
    latex = re.sub(r"&&\s*(?:\\q?quad\s*)*\\(?:text|mbox|textrm)\s*\{.*?(?=\\\\|\\end\{|\Z)", " ", latex, flags=re.S)
    latex = re.sub(r"\s*\\(mbox|text|textrm|mathrm)\{\s*\}", " ", latex)
    latex = re.sub(r"[\s.,;]+$", "", latex.strip())
    latex = re.sub(r"[.,;]\s*(\\\\|\\end\{)", r" \1", latex)
    return latex.strip()


def _top_level_split(latex: str, pattern: re.Pattern) -> list[str]:
    """Cut at matches of ``pattern`` outside braces, brackets and parentheses."""
    return [p for p, _ in _split_with_cuts(latex, pattern) if p.strip()]


def _split_with_cuts(latex: str, pattern: re.Pattern) -> list[tuple[str, str]]:
    """Each piece between top-level matches of ``pattern`` (blank ones too), with the match before it."""
    parts, last, cut = [], 0, ""
    spans = [(m.start(), m.end()) for m in pattern.finditer(latex)]
    level = _levels(latex)
    for s, e in spans:
        if level[s] == 0 and s >= last:
            parts.append((latex[last:s], cut))
            last, cut = e, latex[s:e]
    parts.append((latex[last:], cut))
    return parts


def relations(latex: str) -> list[re.Match]:
    """The relation symbols of a chain at the top level."""
    level = _levels(latex)
    return [m for m in _REL.finditer(latex) if level[m.start()] == 0]


def _levels(latex: str) -> list[int]:
    """The bracket depth at each character: braces, brackets, parentheses and ``\\langle .. \rangle`` (a comma
    inside an inner product separates no chains)."""
    depth, level, i = 0, [], 0
    while i < len(latex):
        if latex.startswith((r"\langle", r"\rangle"), i):
            level.extend([depth] * 7)
            depth += 1 if latex[i + 1] == "l" else -1
            i += 7
            continue
        if latex.startswith((r"\begin{cases}", r"\end{cases}", r"\begin{dcases}", r"\end{dcases}"), i):
            n = (13 if latex[i + 1] == "b" else 11) + (latex[i + 5 if latex[i + 1] == "e" else i + 7] == "d")  # conditions
            depth -= latex[i + 1] == "e"
            level.extend([depth] * n)
            depth += latex[i + 1] == "b"
            i += n
            continue
        level.append(depth)
        depth += (latex[i] in "{([") - (latex[i] in "})]")
        i += 1
    return level


def lhs_of(latex: str) -> str:
    rels = relations(latex)
    return latex[: rels[0].start()].strip() if rels else latex


def is_name(text: str) -> bool:
    """A name (``\\kappa``, ``x_{t+1}``, ``\\hat{m}_t``, ``\\theta_{\\mathrm{GD}}``) or a function of names (``m_s(x)``)."""
    text = text.replace("&", "").strip()
    text = re.sub(r"\\(hat|tilde|bar|widehat|widetilde|overline|vec|mathbf|boldsymbol)\s+(\\[A-Za-z]+|[A-Za-z])",
                  r"\\\1{\2}", text)  # \hat m_t is \hat{m}_t
    if re.match(r"e\s*\^", text):  # e^{...} is the exponential, not a name
        return False
    if re.match(r"\s*[A-Za-z]{2}", text):  # Ax, xy: TeX writes a product of letters (a name takes \mathrm{..})
        return False
    m = re.fullmatch(r"(.+?)\s*(?:\\left)?\(\s*([^()]*)\s*(?:\\right)?\)", text)
    if m and _NAME.match(m.group(1)) and all(_NAME.match(a) for a in m.group(2).split(",")):
        return True
    return bool(_NAME.match(text)) and not re.fullmatch(r"\s*\d+\s*", text)


def _chain_pieces(latex: str) -> list[str]:
    """A chain's pieces: cut at ``\\quad``, ``\\implies``, connective ``\\text{..}`` and commas before relations."""
    return [p for p, _ in pieces_with_connectives(latex)]


def pieces_with_connectives(latex: str) -> list[tuple[str, str]]:
    """A chain's pieces, each with the connective before it: 'implies' (``\\implies``, ``\\Rightarrow``,
    ``\\Longrightarrow``), 'iff' (``\\iff``, ``\\Leftrightarrow``), 'condition' (after ``\\text{if|when|whenever|
    provided}``, and the pieces a comma adds to it) or '' (a first piece, a comma, ``\\quad``)."""
    out, carried = [], ""
    latex = re.sub(r"[ \t]*\n\s*", " ", latex)  # one chain: an aligned row's line breaks ("LHS \n &\le A") are spaces
    for p, cut in _split_with_cuts(latex, _CUT):
        kind = ("iff" if re.search(r"iff|Leftrightarrow", cut) else
                "implies" if re.search(r"implies|Rightarrow", cut) else "")
        if _CONDITION_CUT.match(p.strip()) or _CONDITION_CUT.match(cut) or (carried == "condition" and cut.startswith(",")):
            kind = "condition"  # "\quad\text{when } c = \rho, t_0 \ge 1/L": conditions of the display's other links
        p = re.sub(r"\\text\{[^{}]*\}\s*$", "", p).strip()
        p = re.sub(r"^\s*\\text\{[^{}]*\}(?!\s*\\?[A-Za-z]+\s*(?:_\{?\w+\}?)?\s*\()", "", p).strip()  # not \text{grad } f(x)
        if p:
            out.append((p, kind or carried))
            carried = "condition" if (kind or carried) == "condition" else ""
        else:
            carried = kind or carried
    return out


def chains_of(latex: str) -> list[str]:
    """The chains of a cleaned display (``aligned`` lines that start with a relation continue a chain)."""
    from symgd.latex.blocks import split_claims

    out = []
    for chain in split_claims(latex):
        out.extend(_chain_pieces(chain))
    return out


def classify(chain: str, prose: str, defined: dict[str, str] | set[str]) -> Chain:
    """The kind of one chain, given the prose before its display and the names defined so far (with the
    first link that defined each: the same definition written again is a claim, proved from the first)."""
    defined = defined if isinstance(defined, dict) else dict.fromkeys(defined, "")
    rels = relations(chain)
    if not rels:
        return Chain(chain, "expression", "no relation")
    first = rels[0].group(0)
    if _DEFINES.fullmatch(first):
        return Chain(chain[: rels[0].start()] + "=" + chain[rels[0].end():], "definition", f"'{first}'")
    if any(r.group(0) in (r"\in",) for r in rels):
        return Chain(chain, "assumption", "membership")
    if re.search(r"\\succ(?:eq|curlyeq)?\s*0\s*$", chain) and is_name(chain[: rels[0].start()]):
        return Chain(chain, "assumption", "definiteness")
    if all(r.group(0) not in ("=",) for r in rels) and len(rels) <= 2:
        m = _SIGN.match(chain) if len(rels) == 1 else None
        one_name = (m and ((is_name(m.group("a")) and _bound(m.group("b"))) or
                           (is_name(m.group("b")) and _bound(m.group("a")))))
        two = len(rels) == 2 and _range(chain, rels)
        if (one_name or two) and _determined_sides(chain, rels, defined) and not _ASSUMES.search(prose[-80:]):
            return Chain(chain, "claim", "a relation between quantities the text has defined: a claim")
        if one_name or two:
            return Chain(chain, "assumption", "sign or range of one name")
    lhs = chain[: rels[0].start()].replace("&", "").strip()
    if first == "=" and len(rels) == 1 and is_name(lhs) and _number(chain[rels[0].end():]):
        return Chain(chain, "definition", "a value (for an example)")
    if first == "=" and is_name(lhs) and _uses_itself(lhs, chain[rels[0].end():]):
        return Chain(chain, "claim", "the name on the left is used on the right")
    if first == "=" and is_name(lhs):
        key = name_key(lhs)
        if key not in defined:
            return Chain(chain, "definition", "a new name on the left")
        last = re.split(r"(?<=[.!?])\s+", prose.rstrip())[-1]  # "... denotes the norm. Multiplying out the square,"
        restated = bool(_RESTATING.search(last)) and not DEFINE_WORDS.search(last)
        if defined[key] != _first_link(chain) and DEFINE_WORDS.search(prose[-100:]) and not restated:
            return Chain(chain, "definition", "the prose introduces it (redefinition)")
        if defined[key] != _first_link(chain) and _function_form(lhs) and not restated:
            return Chain(chain, "definition", "a function of names on the left (redefinition)")
    derivative = re.fullmatch(r"(\\?[A-Za-z]+(?:_\{?\\?\w+\}?)?)\s*'+\s*(?:\\left)?\(.*\)", lhs, re.S)
    if derivative and name_key(derivative.group(1)) in defined:  # f'(x) after f(x) = ...: the text derived it
        return Chain(chain, "claim", "a derivative of a defined function on the left")
    cue = DEFINED_BY.search(prose[-100:])
    if cue and (first == "=" or cue.group(1).lower() == "means"):
        return Chain(chain, "definition", "the prose defines it ('" + cue.group(1) + "')")
    return Chain(chain, "claim")


_ASSUMES = re.compile(r"\b(let|assum\w*|suppose[sd]?|if|when|whenever|provided|unless|require[sd]?|need|for all|for "
                      r"(?:any|every|each)|where|with|given|such that|fix|take|choose|set|consider|define[sd]?|"
                      r"denote[sd]?)\b[^.;:]{0,60}$", re.I)


def _determined_sides(chain: str, rels: list[re.Match], defined: dict[str, str]) -> bool:
    """Whether every side of a sign or range that is a name is one the text has defined (``h_k`` after ``h_k =
    ...``), or a member of a defined family at another index (``e_{k+1}`` after ``e_k = ...``): then the relation
    is a claim about them, not an assumption that constrains something free."""
    cuts = [0, *[x for r in rels for x in (r.start(), r.end())], len(chain)]
    sides = [chain[cuts[i]: cuts[i + 1]].replace("&", "").strip() for i in range(0, len(cuts), 2)]
    names = [x for x in sides if is_name(x) and not _number(x)]
    return bool(names) and all(_defined_name(x, defined) for x in names)


def _defined_name(name: str, defined: dict[str, str]) -> bool:
    key = name_key(name)
    if key in defined or re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", key) in defined:
        return True
    m = re.fullmatch(r"(.+?)_\{?([a-z])\s*(?:[+-]\s*\d+)?\}?", key)  # e_{k+1}: the family e_k
    return bool(m) and any(re.fullmatch(re.escape(m.group(1)) + r"_\{?" + m.group(2) + r"\s*(?:[+-]\s*\d+)?\}?", k)
                           for k in defined)


def _uses_itself(lhs: str, rest: str) -> bool:
    """``f(x) = f(x_0) + ...``: a function applied on both sides is a claim about it, not its definition."""
    m = re.fullmatch(r"(.+?)\s*(?:\\left)?\(.*\)\s*", lhs, re.S)
    if m is None:
        return False
    return bool(re.search(re.escape(m.group(1).strip()) + r"\s*(?:\\left)?\(", rest))


def _function_form(lhs: str) -> bool:
    """``f(x)``, ``L(x, y)``: a function applied to names only, as a definition writes it."""
    return bool(re.fullmatch(r".+?\s*(?:\\left)?\(.*\)\s*", lhs, re.S)) and is_name(lhs)


def _first_link(chain: str) -> str:
    rels = relations(chain)
    lhs = chain[: rels[0].start()].replace("&", "").strip()
    rhs = chain[rels[0].end(): rels[1].start() if len(rels) > 1 else len(chain)].replace("&", "").strip()
    return f"{lhs} = {rhs}"


def name_key(lhs: str) -> str:
    """The defined name without spaces (``x_{t+1}``, ``m_s`` of ``m_s(x)``)."""
    m = re.fullmatch(r"(.+?)\s*(?:\\left)?\(.*", lhs.strip(), re.S)
    return re.sub(r"\s+", "", m.group(1) if m else lhs)


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"\s*-?\s*(\d+(\.\d+)?|\\frac\{\d+\}\{\d+\}|\d+/\d+|\\infty)\s*", text))


def _bound(text: str) -> bool:
    """A number, or a short expression of names without a function or an operator of calculus (``1/L``,
    ``2/\\lambda_{\\max}``): what a condition on a step size or a parameter is compared with."""
    return _number(text) or (len(text) < 40 and not re.search(r"\(|\\nabla|\\partial|\\sum|\\int|\\\|", text))


def _range(chain: str, rels: list[re.Match]) -> bool:
    a = chain[: rels[0].start()]
    b = chain[rels[0].end(): rels[1].start()]
    c = chain[rels[1].end():]
    return _bound(a) and is_name(b) and _bound(c)
