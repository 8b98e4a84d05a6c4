"""Tokens of the notation: a small tokenizer (positions kept for error messages), the removal of
spacing commands, and the split of a claim into sides at its top-level relation symbols."""

from __future__ import annotations

from dataclasses import dataclass

from symgd.core.errors import BadInput
from symgd.latex.unicode import to_latex
from symgd.latex.vocabulary import GREEK, PROSE_WORDS, RELATIONS, SPACING, TEXT_COMMANDS, WORD_COMMANDS

__all__ = ["MAX_LENGTH", "Relation", "Side", "Tok", "after_group", "canonical", "drop_spacing", "show",
           "split_relations", "tokenize"]

MAX_LENGTH = 20_000  # characters of one claim; longer input is refused before any parsing


@dataclass(frozen=True)
class Tok:
    kind: str  # "cmd" (text without backslash), "letter", "num", "op", "end"
    text: str
    pos: int

    def is_op(self, *texts: str) -> bool:
        return self.kind == "op" and self.text in texts

    def is_cmd(self, *names: str) -> bool:
        return self.kind == "cmd" and self.text in names


_OPS = set("+-*/=<>()[]{}^_,|'!&.:;~")


def tokenize(text: str) -> list[Tok]:
    """Split LaTeX into tokens; unknown characters are refused with their position.  A run of letters
    that spells a Greek letter (``eta``, ``lambda``) is that letter; one that spells a function or contains
    a Greek letter or a function name (``log``, ``etaL``) is refused with a suggestion -- never a product."""
    return _root_arguments(_words(_refuse_prose(_primes(_end_mark(_raw_tokens(text))))))


_END_MARKS = {"qed", "QED", "blacksquare", "square", "Box", "qedsymbol", "qedhere"}


def _end_mark(toks: list[Tok]) -> list[Tok]:
    """An end-of-proof mark (``\\qed``, ``\\blacksquare``, ``∎``, ``□``) as the last token of a formula, after
    spacing and punctuation, ends the proof and is no part of the formula: dropped.  Anywhere else it has no
    meaning symgd knows (``\\square`` may be an operator), and is refused."""
    k = len(toks)
    while k and (toks[k - 1].is_op(".", ",", ";") or (toks[k - 1].kind == "cmd" and toks[k - 1].text in SPACING)):
        k -= 1
    if k and toks[k - 1].kind == "cmd" and toks[k - 1].text in _END_MARKS:
        toks = toks[: k - 1] + toks[k:]
    for t in toks:
        if t.kind == "cmd" and t.text in ("qed", "QED", "qedsymbol", "qedhere"):
            raise BadInput("an end-of-proof mark inside a formula: it may only end one", t.pos)
    return toks


def _root_arguments(toks: list[Tok]) -> list[Tok]:
    """``\\sqrt\\kappa``, ``\\sqrt 2``, ``\\sqrt x``: TeX takes one token as the argument of ``\\sqrt`` without braces;
    here that token in braces.  Refused where TeX's reading is likely not what was meant: a script or a prime after
    it (``\\sqrt x_1`` is the radical of x with an index on it, ``\\sqrt\\kappa^2`` its square), a parenthesis
    (``\\sqrt x(1 - x)``), or a number of several digits (``\\sqrt10`` is TeX's sqrt(1) 0)."""
    out: list[Tok] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        out.append(t)
        k += 1
        nxt = toks[k] if k < len(toks) else None
        if not t.is_cmd("sqrt") or nxt is None or nxt.is_op("{", "["):
            continue
        one = nxt.kind == "letter" or (nxt.kind == "num" and nxt.text.isdigit()) or (
            nxt.kind == "cmd" and (nxt.text in GREEK or nxt.text in ("ell", "pi")))
        after = toks[k + 1] if k + 1 < len(toks) else None
        if not one or (nxt.kind == "num" and len(nxt.text) > 1) or (
                after is not None and after.is_op("_", "^", "'", "(")):
            raise BadInput("\\sqrt without braces takes one token as TeX does: write \\sqrt{..} around its "
                           "argument", t.pos)
        out.extend([Tok("op", "{", nxt.pos), nxt, Tok("op", "}", nxt.pos)])
        k += 1
    return out


def _primes(toks: list[Tok]) -> list[Tok]:
    """``f^{\\prime\\prime}``, ``f^{''}``, ``f^{\\prime}``: primes written as a superscript are the primes of ``f''``."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        j = i + 2
        while j < len(toks) and (toks[j].is_cmd("prime") or toks[j].is_op("'")):
            j += 1
        if toks[i].is_op("^") and i + 1 < len(toks) and toks[i + 1].is_op("{") and j > i + 2 and j < len(toks) \
                and toks[j].is_op("}"):
            out.extend(Tok("op", "'", t.pos) for t in toks[i + 2 : j])
            i = j + 1
            continue
        out.append(toks[i])
        i += 1
    return out


def _refuse_prose(toks: list[Tok]) -> list[Tok]:
    """``\\text{for all } x``, ``\\text{ if } x > 0``: prose inside the math is refused (read as a name, "for all"
    was the product forall of its letters: ``a = a \\quad \\text{for all } x`` was refuted).  A single word that
    is not prose (``\\text{softmax}``) is left to the parser, which reads or refuses it as an operator.  Inside
    ``\\begin{cases}`` the words of a condition (``\\text{if }``) are read by symgd.latex.cases."""
    cases = 0
    for k, t in enumerate(toks):
        if t.is_cmd("begin", "end") and "".join(x.text for x in toks[k + 1 : k + 9]).startswith(("{cases}", "{dcases}")):
            cases += 1 if t.text == "begin" else -1
        if cases or not (t.kind == "cmd" and t.text in TEXT_COMMANDS and k + 1 < len(toks) and toks[k + 1].is_op("{")):
            continue
        inner = toks[k + 2 : after_group(toks, k + 1) - 1]
        words: list[str] = []
        for j, x in enumerate(inner):
            if x.kind == "letter" and j and inner[j - 1].kind == "letter" and x.pos == inner[j - 1].pos + 1:
                words[-1] += x.text
            elif x.kind in ("letter", "num"):
                words.append(x.text)
        if len(words) > 1 or any(w.lower() in PROSE_WORDS for w in words) or any(x.is_op(".", ",") for x in inner):
            shown = "".join((" " if j and x.pos > inner[j - 1].pos + len(inner[j - 1].text) else "") + x.text
                            for j, x in enumerate(inner))
            raise BadInput(f"\\{t.text}{{{shown}}} is prose, not part of the formula: give a condition as an "
                           "assumption (--assume), or leave it out", t.pos)
    return toks


def _raw_tokens(text: str) -> list[Tok]:
    if not isinstance(text, str):
        raise BadInput("the claim must be text")
    if len(text) > MAX_LENGTH:
        raise BadInput(f"input too long ({len(text)} characters; the limit is {MAX_LENGTH})")
    latex, where = to_latex(text)  # Unicode math (‖x‖², √(ab), β₂) in its LaTeX spelling
    return _scan(latex, where)


def _scan(text: str, where: list[int]) -> list[Tok]:
    """The tokens of LaTeX ``text``; ``where[i]`` is the position in the user's input of character ``i``."""
    toks: list[Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif c == "%":  # a LaTeX comment runs to the end of the line
            while i < n and text[i] != "\n":
                i += 1
        elif c == "\\":
            j = i + 1
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            if j == i + 1:
                if j >= n:
                    raise BadInput("a lone backslash at the end", where[i])
                j += 1
            toks.append(Tok("cmd", text[i + 1 : j], where[i]))
            i = j
        elif c.isascii() and c.isalpha():
            toks.append(Tok("letter", c, where[i]))
            i += 1
        elif c.isascii() and c.isdigit():
            j = i
            while j < n and text[j].isascii() and text[j].isdigit():
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1].isascii() and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isascii() and text[j].isdigit():
                    j += 1
            toks.append(Tok("num", text[i:j], where[i]))
            i = j
        elif c in _OPS:
            toks.append(Tok("op", c, where[i]))
            i += 1
        else:
            raise BadInput(f"unexpected character {c!r}", where[i])
    return [t for t in toks if not (t.kind == "op" and t.text == "~")]


def _words(toks: list[Tok]) -> list[Tok]:
    """Read maximal runs of adjacent letters: Greek names become the letter, function names are refused."""
    out: list[Tok] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        end = k + 1
        if t.kind == "letter":
            while end < len(toks) and toks[end].kind == "letter" and toks[end].pos == toks[end - 1].pos + 1:
                end += 1
        if end - k < 2:
            out.append(t)
            k += 1
            continue
        word = "".join(x.text for x in toks[k:end])
        in_command_group = k >= 2 and toks[k - 1].is_op("{") and toks[k - 2].kind == "cmd"
        after_subscript = (k >= 1 and toks[k - 1].is_op("_")) or (in_command_group is False and k >= 2
                                                                 and toks[k - 1].is_op("{") and toks[k - 2].is_op("_"))
        following = toks[end] if end < len(toks) else None
        if in_command_group:  # \operatorname{tr}, \mathrm{eta}, \begin{bmatrix}: the command reads it
            out.extend(toks[k:end])
        elif word in ("min", "max") and after_subscript:  # \lambda_min, \lambda_{max}
            out.append(Tok("cmd", word, t.pos))
        elif word in GREEK:
            if following is not None and following.kind == "num" and following.pos == toks[end - 1].pos + 1:
                raise BadInput(f"'{word}{following.text}': write \\{word}_{following.text} for an index, or "
                               f"\\{word} \\cdot {following.text} for a product", t.pos)
            out.append(Tok("cmd", word, t.pos))
        elif word in WORD_COMMANDS:
            raise BadInput(f"'{word}' would be the product of its letters: did you mean \\{word}?", t.pos)
        elif len(word) >= 4 and (hit := _spelled_inside(word)) is not None:
            better = " ".join(word.replace(hit, f" \\{hit} ", 1).split())
            raise BadInput(f"'{word}' contains '{hit}': did you mean {better}?", t.pos)
        else:
            out.extend(toks[k:end])
        k = end
    return out


def _spelled_inside(word: str) -> str | None:
    """The longest Greek or function name of three letters or more inside ``word``, if any."""
    hits = [w for w in (*GREEK, *WORD_COMMANDS) if len(w) >= 3 and w in word]
    return max(hits, key=len) if hits else None


def after_group(toks: list[Tok], k: int) -> int:
    """The index after the brace group that opens at ``k`` (after the single token at ``k`` otherwise); the end
    of ``toks`` when the group is not closed."""
    if k >= len(toks) or not toks[k].is_op("{"):
        return k + 1
    depth = 0
    for m in range(k, len(toks)):
        depth += toks[m].is_op("{") - toks[m].is_op("}")
        if depth == 0:
            return m + 1
    return len(toks)


def drop_spacing(toks: list[Tok]) -> list[Tok]:
    """Drop spacing and sizing commands; ``\\left. X \\right|_{t=0}`` becomes an evaluation group."""
    out = []
    lefts: list[str] = []  # the delimiters of the open \left's
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.is_cmd("left") and nxt is not None:
            lefts.append(nxt.text)
            if nxt.is_op("."):  # \left. opens an invisible group: it may end in an evaluation bar
                out.append(Tok("cmd", "evalopen", t.pos))
                i += 2
                continue
        if t.is_cmd("right") and nxt is not None:
            opened = lefts.pop() if lefts else None
            if opened == ".":
                if nxt.is_op("|"):
                    out.append(Tok("cmd", "evalclose", nxt.pos))
                    i += 2
                    continue
                out.append(Tok("cmd", "evalclose", nxt.pos))
                out.append(Tok("cmd", "evalnone", nxt.pos))  # \left. X \right) : a plain group
                i += 2
                continue
        if t.kind == "cmd" and t.text in SPACING:
            if t.text in ("left", "right", "middle", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "bigg", "Bigg",
                          "biggl", "biggr", "Biggl", "Biggr") and nxt is not None and nxt.is_op("."):
                i += 1  # \right. is an invisible delimiter
            i += 1
            continue
        if t.kind == "cmd" and t.text in ("label", "tag"):  # \label{...}: skip the group
            i += 1
            if i < len(toks) and toks[i].is_op("{"):
                i = after_group(toks, i)
            continue
        out.append(t)
        i += 1
    return _evaluation_bars(out)


def _evaluation_bars(toks: list[Tok]) -> list[Tok]:
    """A bar ``|`` (``\\Big|``, ``\\right|``, ``\\vert``) followed by a subscript with ``=`` (``|_{t=0}``) is an
    evaluation bar (the parser's ``evalbar``, symgd.latex.evaluation); any other bar stays a bar.  Brackets
    ``[X]_{t=0}`` (``\\left[ X \\right]_{t=0}``) are the evaluation group ``\\left. X \\right|_{t=0}``."""
    out = list(toks)
    for k, t in enumerate(out):
        if (t.is_op("|") or t.is_cmd("vert", "rvert")) and k + 2 < len(out) and out[k + 1].is_op("_") and out[
                k + 2].is_op("{") and any(x.is_op("=") for x in out[k + 3 : after_group(out, k + 2)]):
            if sum(x.is_op("|") for x in out[:k]) % 2:  # |x|_{x=1}: it may close an absolute value
                raise BadInput("a bar that may close |...| is followed by a point (|x|_{x=1}): write "
                               "\\left. |x| \\right|_{x=1} for an evaluation", t.pos)
            out[k] = Tok("cmd", "evalbar", t.pos)
        elif t.is_op("]") and k + 2 < len(out) and out[k + 1].is_op("_") and out[k + 2].is_op("{") and any(
                x.is_op("=") for x in out[k + 3 : after_group(out, k + 2)]):  # [X]_{t=0}: X at t = 0
            depth = 0
            for j in range(k, -1, -1):
                depth += out[j].is_op("]") - out[j].is_op("[")
                if depth == 0:
                    out[j], out[k] = Tok("cmd", "evalopen", out[j].pos), Tok("cmd", "evalclose", t.pos)
                    break
    return out


# --------------------------------------------------------------------------- relations


@dataclass(frozen=True)
class Side:
    toks: tuple[Tok, ...]
    pos: int
    text: str


@dataclass(frozen=True)
class Relation:
    rel: str  # "=", "<=", "<", ">=", ">", "in"
    pos: int


def split_relations(text: str) -> tuple[list[Side], list[Relation]]:
    """Split a (chain of) relations at the top-level relation symbols: sides and relations."""
    toks = drop_spacing(tokenize(text))
    while toks and toks[-1].is_op(".", ","):  # a claim quoted from prose may end with punctuation
        toks.pop()
    sides: list[list[Tok]] = [[]]
    rels: list[Relation] = []
    depth = 0
    envs = 0  # inside \\begin{bmatrix} ... \\end{bmatrix}, & separates entries
    i = 0
    while i < len(toks):
        t = toks[i]
        envs += t.is_cmd("begin") - t.is_cmd("end")
        if t.is_op("(", "[", "{") or t.is_cmd("langle", "{", "evalopen"):
            depth += 1
        elif t.is_op(")", "]", "}") or t.is_cmd("rangle", "}", "evalclose"):
            depth -= 1
        rel = None
        if depth == 0 and envs == 0:  # the conditions of \\begin{cases} are no relations of the claim
            if t.is_op("=", "<", ">"):
                rel = t.text
                if t.text in "<>" and i + 1 < len(toks) and toks[i + 1].is_op("="):
                    rel += "="
                    i += 1
            elif t.is_op(":") and i + 1 < len(toks) and toks[i + 1].is_op("="):
                raise BadInput("':=' defines a name; a claim relates two expressions", t.pos)
            elif t.kind == "cmd" and "\\" + t.text in RELATIONS:
                rel = RELATIONS["\\" + t.text]
            elif t.is_cmd("ne", "neq"):
                rel = "!="  # only an assumption may say x \ne 0
            elif t.is_cmd("approx", "sim", "propto", "coloneqq", "equiv", "to", "rightarrow",
                          "iff", "implies", "Leftrightarrow", "Rightarrow", "ll", "gg"):
                raise BadInput(f"the relation \\{t.text} cannot be checked (use =, <, >, \\le, \\ge)", t.pos)
        if rel is not None:
            rels.append(Relation(rel, t.pos))
            sides.append([])
        elif not t.is_op("&") or envs > 0:
            sides[-1].append(t)
        i += 1
    out = []
    for k, s in enumerate(sides):
        if not s:
            where = rels[k - 1].pos if k else (rels[0].pos if rels else 0)
            raise BadInput("an empty side" if rels else "empty input", where)
        last = s[-1]
        if text.startswith("\\", last.pos):  # \eta
            end = last.pos + 1 + len(last.text)
        elif text.startswith(last.text, last.pos):  # x, 12, eta typed without its backslash
            end = last.pos + len(last.text)
        else:  # a Unicode character read as a command (η)
            end = last.pos + 1
        out.append(Side(tuple(s), s[0].pos, text[s[0].pos : end]))
    return out, rels



def show(t: Tok) -> str:
    return repr(("\\" if t.kind == "cmd" else "") + t.text)


def canonical(toks: list[Tok]) -> str:
    """The LaTeX text of a subscript, spaced canonically (x_{t + 1} and x_{t+1} are one name)."""
    out = []
    for k, t in enumerate(toks):
        if t.kind == "cmd":
            text = "\\" + t.text
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if t.text.isalpha() and nxt is not None and nxt.kind == "letter":
                text += " "
            out.append(text)
        else:
            out.append(t.text)
    return "".join(out)
