r"""Values a sentence gives in words: two reasons why a counterexample to an inline computation is not the text's.

Both are about a claim that computes a number (``\tfrac12\|x - y\|_1^2 = \tfrac18``, ``\beta/(1-\beta) = 9``)
in a sentence that says, in prose, which object or which value it is about:

- **described**: the sentence introduces a name by a definite description, "For the uniform distribution $x$ on
  two points and ...": x is that distribution, not any vector (a universal "for every $x$" is not a description);
- **named value**: the sentence names a number in words, "With the popular choice of 0.9 for the decay this is
  $\beta/(1-\beta) = 9$", and the claim holds when its one free name takes it.

The guard of :mod:`symgd.app.audit.trust` calls :func:`described_in_words`; a refutation it explains is reported
undecided with the reason.
"""

from __future__ import annotations

import re

import sympy as sp

from symgd.app.audit.extract import MATH_SPANS as _MATH
from symgd.core.budget import BudgetExceeded, run_with_budget

__all__ = ["described_in_words", "described_subject", "under_a_case"]

_NUMBER_SIDE = re.compile(r"\s*-?\s*(?:\d+(?:\.\d+)?|\\[dt]?frac\{\d+\}\{\d+\}|\\[dt]?frac\d\d|\d+\s*/\s*\d+)\s*[.,;]?\s*")
_UNIVERSAL = re.compile(r"\b(?:every|all|any|each|arbitrary|some|a|an|generic|given)\b", re.I)
_PROSE_NUMBER = re.compile(r"(?<![\w.$\\{])(\d+(?:\.\d+)?|\d+/\d+)(?![\w.}]|\.\d)")


def _computes_a_number(link: str) -> bool:
    """One side of the relation is a number alone: the claim computes a value."""
    sides = re.split(r"(?<![<>!\\:])=", link)
    return len(sides) == 2 and any(_NUMBER_SIDE.fullmatch(s) for s in sides)


def _described(head: str, keys: set[str], norm) -> str:
    """The name among ``keys`` that ``head`` introduces as "the <a few words> $x$" (no quantifier among them)."""
    for m in re.finditer(r"\bthe\s+((?:[A-Za-z-]+\s+){1,4}?)(\$[^$]+\$|\\\([^)]*?\\\))", head, re.I):
        name = norm(m.group(2).strip("$").removeprefix("\\(").removesuffix("\\)"))
        if name in keys and not _UNIVERSAL.search(m.group(1)):
            return f"the {m.group(1).strip()} ${m.group(2).strip('$')}$"
    return ""


def _holds_at(link: str, key: str, value: sp.Rational, decl, norm) -> bool:
    """Whether the claim ``link`` holds exactly when the name ``key`` is ``value`` (and reads at all)."""
    from symgd.app.audit.logic import parse_lenient

    def check() -> bool:
        p, _ = parse_lenient(link, decl)
        if len(p.links) != 1:
            return False
        claim = p.links[0][1]
        hit = [s for s in claim.lhs.free_symbols | claim.rhs.free_symbols if norm(str(s)) == key]
        if len(hit) != 1 or (claim.lhs.free_symbols | claim.rhs.free_symbols) - set(hit):
            return False
        gap = sp.simplify((claim.lhs - claim.rhs).subs(hit[0], value))
        return claim.rel.value == "=" and gap == 0

    try:
        return bool(run_with_budget(check, timeout=1.0))
    except (BudgetExceeded, Exception):  # not read, or not decided: no reason from here
        return False


def described_in_words(link: str, keys: set[str], head: str, tail: str, display: bool, decl, norm) -> str:
    """Why a counterexample setting ``keys`` is not the one the sentence (``head`` before the claim, ``tail``
    after it) talks about, or ''."""
    if display or not keys or not _computes_a_number(link):
        return ""
    if found := _described(head, keys, norm):
        return f"its sentence describes the object it computes with in words ('{found}'), not by a value symgd read"
    if len(keys) == 1:
        (key,) = keys
        prose = _MATH.sub(" ", head + " " + tail)
        for text in dict.fromkeys(_PROSE_NUMBER.findall(prose)):
            value = sp.Rational(text)
            if _holds_at(link, key, value, decl, norm):
                return f"its sentence names the value {text} in words, at which it holds ({key} = {value})"
    return ""


_SUBJECT = re.compile(r"\bthe\s+((?:[a-z-]+\s+){0,3}?[a-z-]+)\s+(?:(?:then|still|always|therefore|thus)\s+)?"
                      r"(?:satisf(?:y|ies)|obeys?|is at (?:least|most)|must satisfy)\s*:?\s*$", re.I)


def described_subject(link: str, keys: set[str], head: str, is_name, norm) -> str:
    """A display whose sentence names its subject in words, "so the accepted step satisfies $$t \\ge ...$$": the
    claim bounds a particular value the text determines in words (the step the loop accepts), not any value of the
    letter, so a counterexample that sets that letter freely is not the text's.  '' unless a side of ``link`` is
    that one name alone, set by the counterexample (``keys``)."""
    m = _SUBJECT.search(_MATH.sub(" M ", head))
    if not m or _UNIVERSAL.search(m.group(1)) or " M " in f" {m.group(1)} ":
        return ""
    sides = [s.strip() for s in re.split(r"<=|>=|\\le(?:q)?(?![a-z])|\\ge(?:q)?(?![a-z])|<|>|=", link)]
    hit = [s for s in sides if is_name(s) and "(" not in s and norm(s) in keys]
    if len(sides) != 2 or not hit:
        return ""
    return (f"its sentence describes ${hit[0]}$ in words ('the {m.group(1)}'), a value the text determines, which the "
            "counterexample sets freely")


_CASE = re.compile(r"\b(?:case|suppose|assume|if)\b[^$.;]{0,30}?(\$[^$]+\$|\\\([^)]*?\\\))", re.I)
_ORDER = re.compile(r"<|>|\\le(?:q)?(?![a-z])|\\ge(?:q)?(?![a-z])|\\lt|\\gt|\\neq?(?![a-z])|≤|≥")


def under_a_case(before: str, keys: set[str], names, norm, assumed: tuple[str, ...] = ()) -> str:
    """The case its paragraph treats ("*Case $\\|g\\| > c$.* Then ...", "Suppose $x > 0$. Then ..."), a condition on
    names the counterexample sets: the claim is made under it, which the counterexample need not satisfy, or ''.
    A condition in force when the link was checked (``assumed``: the case's own display) binds the counterexample
    already."""
    held = {re.sub(r"\s+", "", a) for a in assumed}
    for paragraph in _case_paragraphs(before):
        for m in _CASE.finditer(paragraph):
            cond = m.group(1).strip("$").removeprefix("\\(").removesuffix("\\)")
            if re.sub(r"\s+", "", cond) in held:
                continue
            hit = sorted(keys & names(cond)) if _ORDER.search(cond) else []
            if hit:
                return (f"its paragraph treats the case ${cond.strip()}$ ('{m.group(0).split()[0]} ...'), which the "
                        f"counterexample's {', '.join(hit)} need not satisfy")
    return ""


_OPENS = re.compile(r"\s*(?:>\s*)?(?:#|\*\*|__|\*[A-Z]|_[A-Z]|\\(?:sub)*(?:section|paragraph)|\\textbf|\\begin\{|\\end\{|"
                    r"(?:in (?:every|each|both|all|either) cases?|combining|putting|together|overall|in general|"
                    r"back to|for (?:every|any|all|a general))\b)", re.I)


def _case_paragraphs(before: str) -> list[str]:
    """The paragraphs of the case a claim may stand in, last first: back over the displays and the paragraphs that
    continue it, up to one that opens with a title, a heading or a summing-up ("In every case", "Combining") --
    a case opened there reaches the claim, one before it does not."""
    out = []
    for paragraph in reversed(re.split(r"\n\s*\n", before)[-8:]):
        out.append(paragraph)
        if paragraph.strip() and not paragraph.strip().startswith(("$$", "\\[", "\\begin{equation", "\\begin{align")) \
                and _OPENS.match(paragraph):
            break
    return out
