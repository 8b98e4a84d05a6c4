"""Formulas written as plain text, as a PDF or a web page pastes them (``xs+1 = xs - ηs ∇f(xs )``), and the
``rename`` declaration that says what a spelling with a lost subscript stands for.

A line outside every ``$..$``/``\\(..\\)``/display is a formula when, after an optional short label ending in a
colon ("Newton's method model: ..."), it holds a relation (or the line before it ends with a colon: "its gradient
is:"), at least one Unicode math character (``η``, ``∇``,
``‖``, ``⟨``, ``²`` ...) and no word of prose (a run of three or more letters that is not an operator name such
as ``argmin``, ``log``, ``max``, nor a declared spelling).  Unicode becomes LaTeX through
:func:`symgd.latex.unicode.latex_text` (the parser's own table, not a copy).  Formulas inside sentences of
prose are not read: a sentence does not say where its formula ends.
"""

from __future__ import annotations

import re

__all__ = ["plain_formulas", "prose_formulas", "rename"]

_OPERATORS = {"argmin", "argmax", "min", "max", "sup", "inf", "log", "ln", "exp", "sin", "cos", "tan", "det", "diag",
              "lim", "sqrt", "grad", "sgn", "sign", "tanh", "softmax", "var", "cov"}
_RELATION = re.compile(r"(?<![<>=!:])=(?!=)|[≤≥<>≠≈⟺⇔⟹⇒∈≼≽⪯⪰]|:=")
_LABEL = re.compile(r"^\s*(?:[-*•]\s+)?(?:\d+\.\s+)?(?P<label>[A-Za-z][\w'’ ()-]{0,60}?):\s+(?=\S)")
_TAG = re.compile(r"(?:\s{2,}|(?<=[.,;])\s*)\(\s*(?:\d+(?:\.\d+)*[a-z]?|[A-Za-z]|[ivxIVX]+|[★☆*†‡§]+)\s*\)\s*$")  # (2.3), (★)
_BULLET = re.compile(r"^\s*(?:[-*•]\s+|\d+\.\s+)")


def _math_chars() -> set[str]:
    from symgd.latex.unicode import SUBSCRIPTS, SUPERSCRIPTS, SYMBOLS

    return {c for c in (*SYMBOLS, *SUPERSCRIPTS, *SUBSCRIPTS) if not SYMBOLS.get(c, "x").isspace()}


def rename(text: str, renames: dict[str, str] | None) -> str:
    """``text`` with each declared spelling replaced where it stands alone (no letter or backslash before it,
    no letter or digit after it: ``2xs`` is renamed, ``xsq`` and ``\\xs`` are not), longest spelling first."""
    if not renames:
        return text
    keys = sorted(renames, key=len, reverse=True)
    pattern = re.compile("|".join(r"(?<![^\W\d_])(?<!\\)" + re.escape(k) + (r"(?![^\W_])" if k[-1].isalnum() else "")
                                  for k in keys))
    return pattern.sub(lambda m: renames[m.group(0)], text)


_SUBSCRIPT_WORD = re.compile(r"_\{[^{}]*\}|_[A-Za-z]+")
_STAR = re.compile(r"(?P<base>(?<![\w\\])[A-Za-z](?:_\{[^{}]*\}|_[A-Za-z0-9]+)?)\*"
                   r"(?:(?P<t>ᵀ)|(?=\s*(?:$|[=<>≤≥),;:+\-−‖|⟩\]])))")
_DERIVATIVE = re.compile(r"(?<![\w\\])(?P<d>d|∂)\s*/\s*(?P=d)\s*(?P<v>[A-Za-z]|[α-ω])(?![\w(])")
_OPERATOR_WORD = re.compile(r"(?<![\\A-Za-z])(argmin|argmax|max|min|sup|inf|log|ln|exp|sin|cos|tanh|tan|det|lim)(?![A-Za-z])")


def _stars(body: str) -> str:
    """``w*`` (no operand after the star) as ``w^*``; ``w*ᵀ`` as ``(w^*)ᵀ``, one superscript each; a subscript
    word ``η_opt`` as ``η_{opt}`` (plain text has no braces: the word is the subscript); ``max``, ``log`` ... as the
    operators."""
    body = re.sub(r"_([A-Za-z]{2,})(?![\w{])", r"_{\1}", body)
    body = _DERIVATIVE.sub(lambda m: ("\\frac{d}{d" if m.group("d") == "d" else "\\frac{\\partial}{\\partial ")
                           + m.group("v") + "} ", body)  # d/dz log(1 + e^(-z)): the derivative, not (d/d)(z log ..)
    body = _OPERATOR_WORD.sub(lambda m: "\\" + m.group(1).replace("arg", "arg\\") + " ", body)  # max_i: not m a x_i
    body = re.sub(r"(?<![\\A-Za-z])(tr|Tr|diag)(?=\s*\()", r"\\operatorname{\1}", body)  # tr(H), diag(p): matrix_notation
    return _STAR.sub(lambda m: f"({m.group('base')}^*)ᵀ" if m.group("t") else f"{m.group('base')}^*", body)


def _word_name(lhs: str) -> bool:
    """A left side that is one word of two small or two capital letters or more (``lr``, ``bs``, ``LR``), not an operator or a Greek
    letter's name: a setting named as in code, which read as math would be a product of letters."""
    from symgd.latex.vocabulary import GREEK

    word = lhs.strip()  # Ax = b: a matrix times a vector (a capital, then a small letter), read as before
    return (bool(re.fullmatch(r"[a-z]{2,}|[A-Z]{2,}", word)) and word.lower() not in _OPERATORS
            and word not in GREEK)


def _prose_word(piece: str, declared: set[str]) -> bool:
    piece = _SUBSCRIPT_WORD.sub("_", piece)  # η_opt, h_{max}: subscripts, not words
    for w in re.findall(r"(?<![\\A-Za-z])[A-Za-z]{3,}", piece):
        if w.lower() in _OPERATORS or w in declared or any(w.startswith(op) for op in ("argmin", "argmax")):
            continue
        return True
    return False


def plain_formulas(text: str, taken: list[bool], renames: dict[str, str] | None = None,
                   ascii_lines: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, LaTeX) of each plain-text formula line of ``text`` (characters where ``taken`` is true
    belong to math already found, or to code); ``ascii_lines``: a document without any delimited math, where a line
    of ASCII math alone between lines of prose ("The gradient is / f'(x) = a x / and one step ...") is a formula
    too, when both sides of its relation are written."""
    math = _math_chars()
    declared = {w for k in (renames or {}) for w in re.findall(r"[A-Za-z]{3,}", k)}
    out = []
    pos, previous, last = 0, "", -2  # last: the source line where the last formula found ends
    lines = text.split("\n")
    for n, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        if out and last == n - 1 and line.strip() and (_CONTINUED.match(line) or _OPEN_END.search(lines[n - 1])) \
                and not any(taken[start:start + len(line)]):  # "... + \n (Lη²/2)‖G‖²": the line before is not done
            body = _reasons_off(_TAG.sub("", line.rstrip()), declared)  # "     ≤ f(x) − η‖G‖²": the line before goes on
            if not _prose_word(body, declared):
                out[-1] = (out[-1][0], start + len(line.rstrip()), out[-1][2] + "\n" + _latex(body, renames))
                last = n
                continue
        apart = (re.match(r"(?: {2,}|\t)\S", line) is not None and (n == 0 or not lines[n - 1].strip())
                 and (n + 1 == len(lines) or not lines[n + 1].strip()))  # set apart like a web page's display
        announced, previous = previous.rstrip().endswith(":"), line if line.strip() else previous
        table = line.lstrip().startswith("|") and line.rstrip().endswith("|") and " | " in line  # | a | b |, not |x| < 1
        if not line.strip() or any(taken[start:start + len(line)]) or table or line.lstrip().startswith(("#", ">")):
            continue
        m = _LABEL.match(line)
        body_at = m.end() if m else (_BULLET.match(line).end() if _BULLET.match(line) else 0)
        body = _reasons_off(_TAG.sub("", line[body_at:].rstrip()), declared)
        rel = _RELATION.search(body)
        opens = (rel is None and n + 1 < len(lines) and _CONTINUED.match(lines[n + 1]) is not None
                 and not any(taken[pos:pos + len(lines[n + 1])]))  # "a² + b²" / "   ≥ 2ab": a chain's first line
        both = (rel is not None and body[:rel.start()].strip() and body[rel.end():].strip(" .,;")
                and not any(w.lower() not in _OPERATORS for w in re.findall(r"(?<![\\A-Za-z_])[A-Za-z]{2,}",
                                                                           _SUBSCRIPT_WORD.sub("_", body)))
                and not re.search(r"[<>|*]|\^\s*\(", body))
        # (an ASCII line with a word of two letters, lr = 0.1, is a setting written as code, not a product l r; one
        # with <, >, |, * or ^( may write <x, y>, ||x||, x**2 or x^(k+1) as code does: only = lines are read)
        if not body or not (rel or announced or opens) or not (apart or any(c in math for c in body)
                                                               or (ascii_lines and both)):
            continue
        if _prose_word(body, declared) or re.search(r"[.!?]\s+[A-Z]", body):
            continue
        if (rel is not None and _word_name(body[:rel.start()])) or _ASCII_INNER.search(body):  # lr = 0.1 alone on
            continue  # its line: a setting; ‖x‖² - 2<x, y>: an inner product written with < and >, not two relations
        out.append((start + body_at, start + len(line.rstrip()), _latex(body, renames)))
        last = n
    return out


_REASON_TAG = re.compile(r"\s{2,}\((?P<note>[^()]*)\)[\s.,;]*$")  # "a² + b² ≥ 2ab    (AM–GM)": the step's reason
_REASON = re.compile(r",?\s+(?:since|because|by|using)\s+\S.*$")  # "(a + b)² ≥ 4ab,  since (a − b)² ≥ 0."


def _reasons_off(body: str, declared: set[str]) -> str:
    """A formula line without the reason written after it: a parenthesis of words after two spaces or more ("(AM–GM)",
    "(by convexity)"), or a clause "since ...", "because ...", "by ...", "using ..." (a justification, never a
    condition: "for", "if", "where" clauses are kept, and the line stays prose).  Kept as it is when what is left
    holds no relation or a word of prose."""
    m = _REASON_TAG.search(body)
    if m and re.fullmatch(r"[A-Za-z][A-Za-z'’.\- –—]*", m.group("note").strip()) and (
            _prose_word(m.group("note"), declared) or re.fullmatch(r"[A-Z]{1,4}\s*[-–—]\s*[A-Z]{1,4}", m.group("note").strip())):
        body = body[:m.start()]
    m = _REASON.search(body)
    if m and _RELATION.search(body[:m.start()]) and not _prose_word(body[:m.start()], declared):
        body = body[:m.start()]
    return body


_ASCII_INNER = re.compile(r"<[^<>=]*,[^<>=]*>|(?<![A-Za-z\\])[A-DF-Za-df-z]\^\(")  # <x, y>: an inner product in ASCII
# brackets; x^(k+1): the iterate's label or a power of x? (e^(-t) and (1 - a)^(k+1) are powers)
_OPEN_END = re.compile(r"(?:[-+=<>(−·×≤≥]|\\cdot)\s*$")  # a formula line that ends with an operator goes on
_CONTINUED = re.compile(r"^\s*(?:=|≤|≥|<|>|≈|⪯|⪰|≼|≽)")  # a line that starts with a relation


def _latex(body: str, renames: dict[str, str] | None) -> str:
    from symgd.core.errors import BadInput
    from symgd.latex.unicode import latex_text

    try:
        return latex_text(_stars(rename(body, renames)))
    except BadInput:  # a character the parser refuses: the formula is reported by the parser when read
        return _stars(rename(body, renames))


_SHORT_WORDS = {"is", "of", "to", "in", "if", "at", "so", "by", "as", "or", "on", "be", "we", "it", "an", "no", "do",
                "us", "up", "my", "he", "me", "am", "vs", "ie", "eg"}
_PUNCT = ".,;:!?"


def _prose_token(token: str, declared: set[str]) -> bool:
    """A word of prose: three or more letters (not an operator name nor a declared spelling), or a short English
    word; a letter with a subscript (``max_i``, ``h_1``) or any digit or math character is math."""
    word = token.strip(_PUNCT + "()[]\"'’")
    if not word or not re.fullmatch(r"[A-Za-z]+(?:'s)?", word):
        return False
    return word.lower() in _SHORT_WORDS or (len(word) >= 3 and word.lower() not in _OPERATORS and word not in declared)


def prose_formulas(text: str, taken: list[bool], renames: dict[str, str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, LaTeX) of each formula written inside a sentence of a plain-text document (no ``$`` math at
    all: a text copied from a web page), e.g. "Because ∇L(w) = H(w − w*), the error ...": a run of words that are
    not prose, holding one relation with two sides; a run of such formulas joined by top-level commas ("n = 2,
    d = 1") is cut into them.  Read as inline formulas, so they are claims only where the prose makes them so."""
    from symgd.core.errors import BadInput
    from symgd.latex.unicode import latex_text

    declared = {w for k in (renames or {}) for w in re.findall(r"[A-Za-z]{3,}", k)}
    out = []
    previous = ""  # the line before, when it is prose that goes on ("... the accepted step satisfies")
    for m in re.finditer(r"[^\n]+", text):
        words = sum(_prose_token(t, declared) for t in m.group(0).split())
        going_on = words >= 1 and _goes_on(previous, declared, text[m.start() - 2:m.start()])
        previous = "" if any(taken[m.start():m.end()]) else m.group(0)
        if any(taken[m.start():m.end()]) or (words < 2 and not going_on):
            continue  # not a sentence (a line of math alone is a formula line or nothing); a line that ends a
            # sentence of the line before ("t ≥ (1 − c)/L whenever L ≥ 2(1 − c).") is one
        for a, b in _runs(m.group(0), declared):
            if _ASCII_INNER.search(m.group(0)[a:b]):  # 2<x, y>: an inner product, not the relations < and >;
                continue  # x^(k+1): a label or a power, not said
            for a2, b2 in _comma_parts(m.group(0), a, b):
                piece = m.group(0)[a2:b2]
                rel = _RELATION.search(piece)
                if not rel or not piece[:rel.start()].strip() or not piece[rel.end():].strip():
                    continue
                if _word_name(piece[:rel.start()]) or _ASCII_INNER.search(piece):  # "We set lr = 0.1": a setting
                    continue  # named by a word, not l r; 2<x, y>: an inner product, not the relations < and >
                try:
                    latex = latex_text(_stars(rename(piece, renames)))
                except BadInput:
                    latex = _stars(rename(piece, renames))
                out.append((m.start() + a2, m.start() + b2, latex))
    return out


def _goes_on(previous: str, declared: set[str], gap: str) -> bool:
    """Is ``previous`` (the line right before, ``gap`` the characters between) a line of prose whose sentence goes
    on in the next line: two words of prose or more, no blank line between, not ending a sentence or announcing a
    display with a colon?"""
    line = previous.rstrip()
    return (bool(line) and "\n\n" not in gap and sum(_prose_token(t, declared) for t in line.split()) >= 2
            and not line.endswith((".", ":", "!", "?")))


def _runs(line: str, declared: set[str]) -> list[tuple[int, int]]:
    """Spans of the line made of consecutive non-prose tokens (brackets kept together), end punctuation off."""
    tokens = [(t.start(), t.end()) for t in re.finditer(r"\S+", line)]
    merged: list[list[int]] = []
    depth = 0
    for a, b in tokens:  # a bracket opened in one token and closed in a later one: one token
        if depth > 0 and merged:
            merged[-1][1] = b
        else:
            merged.append([a, b])
        depth = max(0, depth + sum(line[a:b].count(c) for c in "([{⟨") - sum(line[a:b].count(c) for c in ")]}⟩"))
    runs, current = [], None
    for a, b in merged:
        if _prose_token(line[a:b], declared):
            current = None
            continue
        if current is None:
            current = [a, b]
            runs.append(current)
        else:
            current[1] = b
        if line[a:b][-1] in ".;:!?" and not re.search(r"\d\.$", line[a:b][-2:] if b - a > 1 else ""):
            current = None  # a sentence or clause ends here
    out = []
    for a, b in runs:
        while b > a and line[b - 1] in _PUNCT:
            b -= 1
        out.append((a, b))
    return out


def _comma_parts(line: str, a: int, b: int) -> list[tuple[int, int]]:
    """The run cut at its top-level ', ' when every part holds a relation; else the run whole."""
    cuts, depth = [], 0
    for i in range(a, b):
        depth += (line[i] in "([{⟨") - (line[i] in ")]}⟩")
        if depth == 0 and line[i] == "," and i + 1 < b and line[i + 1] == " ":
            cuts.append(i)
    parts = [(x, y) for x, y in zip([a, *[c + 2 for c in cuts]], [*cuts, b], strict=True)]
    return parts if len(parts) > 1 and all(_RELATION.search(line[x:y]) for x, y in parts) else [(a, b)]
