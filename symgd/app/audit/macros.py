"""``\\newcommand`` macros of a LaTeX source, expanded by text substitution -- no TeX runs.

Only ``\\newcommand{\\name}[k]{body}`` / ``\\renewcommand`` / ``\\newcommand\\name{body}`` with ``#1..#9``
are read; expansion is bounded (depth and output length), so a recursive macro ends in an error message,
not a hang.  As in TeX, a body that is one symbol (``\\mathbf{x}``, ``\\nabla``, ``x_\\star``) replaces the use
as it stands (``\\vx_k`` is ``\\mathbf{x}_k``); a longer body is kept in braces, so ``\\err^2`` squares all of it.
:func:`standard_spellings` writes amsmath's delimiter synonyms (``\\lVert``) the way the parser reads them.
"""

from __future__ import annotations

import re

from symgd.core.errors import BadInput

__all__ = ["MAX_DEPTH", "expand_macros", "read_macros", "standard_spellings"]

MAX_DEPTH = 20  # rounds of expansion
MAX_GROWTH = 50_000  # characters of one expanded formula

_HEAD = re.compile(r"\\(?:re)?newcommand\*?\s*(?:\{\s*\\(?P<a>[A-Za-z]+)\s*\}|\\(?P<b>[A-Za-z]+))\s*(?:\[(?P<k>\d)\])?")
_DECLARE_OP = re.compile(r"\\DeclareMathOperator\*?\s*\{\s*\\(?P<name>[A-Za-z]+)\s*\}\s*\{(?P<body>[^{}]*)\}")


def _group(text: str, i: int) -> tuple[str, int] | None:
    """The balanced ``{...}`` group starting at ``text[i]`` (after spaces): (inside, index after it)."""
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text) or text[i] != "{":
        return None
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{" and (j == 0 or text[j - 1] != "\\"):
            depth += 1
        elif text[j] == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j], j + 1
    return None


def read_macros(text: str) -> dict[str, tuple[int, str]]:
    """``{name: (number of arguments, body)}`` of the source's ``\\newcommand`` lines."""
    out: dict[str, tuple[int, str]] = {}
    for m in _HEAD.finditer(text):
        g = _group(text, m.end())
        if g is None:
            continue
        out[m.group("a") or m.group("b")] = (int(m.group("k") or 0), " ".join(g[0].split("\n")))  # lines kept
    for m in _DECLARE_OP.finditer(text):
        out[m.group("name")] = (0, rf"\operatorname{{{m.group('body')}}}")
    return out


def expand_macros(latex: str, macros: dict[str, tuple[int, str]]) -> str:
    """``latex`` with every macro use replaced by its body (arguments substituted), at most MAX_DEPTH rounds."""
    if not macros:
        return latex
    pattern = re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros), key=len, reverse=True)) + r")(?![A-Za-z])")
    for _ in range(MAX_DEPTH):
        out, pos, changed = [], 0, False
        for m in pattern.finditer(latex):
            if m.start() < pos:
                continue
            k, body = macros[m.group(1)]
            i, args = m.end(), []
            for _ in range(k):
                g = _group(latex, i)
                if g is None:  # a one-token argument: \norm x
                    j = i
                    while j < len(latex) and latex[j].isspace():
                        j += 1
                    if j >= len(latex):
                        break
                    t = re.match(r"\\[A-Za-z]+|.", latex[j:])
                    args.append(t.group(0))
                    i = j + len(t.group(0))
                else:
                    args.append(g[0])
                    i = g[1]
            if len(args) < k:
                continue
            rep = re.sub(r"#(\d)", lambda a, args=args, k=k: args[int(a.group(1)) - 1] if int(a.group(1)) <= k
                         else a.group(0), body)
            if re.match(r"\s*[_^]", rep):  # a script alone (\T = ^{\top}, \inv = ^{-1}): attaches to what precedes
                rep = rep.strip()
            elif _one_symbol(rep):
                rep = rep.strip() + (" " if re.search(r"\\[A-Za-z]+$", rep.strip()) and latex[i:i + 1].isalpha() else "")
            elif k == 0 and re.match(r"\s*(?:\\left)?\(", latex[i:]) and _operator_on_function(rep):
                rep = rf"\operatorname{{{m.group(1)}}}"  # \menv(x) with \menv = e_\lambda f: one function's name
            else:
                rep = "{" + rep + "}"
            out.append(latex[pos : m.start()] + rep)
            pos, changed = i, True
        out.append(latex[pos:])
        latex = "".join(out)
        if len(latex) > MAX_GROWTH:
            raise BadInput(f"a macro expands beyond {MAX_GROWTH} characters (recursive \\newcommand?)")
        if not changed:
            return latex
    raise BadInput(f"macros still expand after {MAX_DEPTH} rounds (a recursive \\newcommand?)")


def _operator_on_function(body: str) -> bool:
    """``e_\\lambda f``, ``T_\\eta g``, ``\\mathcal{M} f``: an operator written before a function's letter, which
    ``(x)`` then applies as one function; not a sum (``x - y``) or a product of numbers and names (``2\\alpha``)."""
    return (bool(re.search(r"(?:\s|\})[A-Za-z]\s*$", body)) and not re.search(r"[+\-=<>]", body)
            and not re.match(r"\s*\d", body))


_GROUP = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"  # a brace group, three levels deep
_ATOM = rf"(?:\\[A-Za-z]+\s*(?:{_GROUP}\s*)*|[A-Za-z0-9]|{_GROUP})"
_ONE_SYMBOL = re.compile(rf"\s*{_ATOM}(?:\s*[_^]\s*(?:\\[A-Za-z]+|{_GROUP}|[A-Za-z0-9*']))*\s*")


def _one_symbol(body: str) -> bool:
    """One symbol: a command with its brace groups (``\\mathbf{x}``, ``\\sqrt{\\kappa}``) or a letter, with
    sub- and superscripts (``x_\\star``, ``f^{*}``) -- used bare, as TeX does; anything longer is grouped."""
    return bool(_ONE_SYMBOL.fullmatch(body)) and not re.match(r"\s*\\(left|right|big|Big)\b", body)


_SPELLINGS = ((re.compile(r"\\[lr]?Vert(?![A-Za-z])"), r"\\|"), (re.compile(r"\\[lr]?vert(?![A-Za-z])"), "|"),
              (re.compile(r"(?<!\\)([_^])\s*\*"), r"\1{*}"),
              # an upright T in a superscript is the transpose (x^{\mathsf T}, x^\intercal); an italic T may be a power
              (re.compile(r"\^\s*(?P<open>\{\s*)?(?:\\intercal(?![A-Za-z])|\\(?:mathsf|mathrm|textsf|textrm|rm|sf)\s*"
                          r"(?:\{\s*T\s*\}|T(?![A-Za-z])))(?(open)\s*\})"), r"^{\\top}"),
              (re.compile(r"\\mathop\s*\{\s*\\(?:mathrm|rm|operatorname)\s*\{?\s*arg\s*(min|max)\s*\}?\s*\}"),
               r"\\operatorname*{arg\1}"),  # \mathop{\mathrm{argmin}}
              (re.compile(r"\\(?:leqslant|leqq)(?![A-Za-z])"), r"\\le "),  # amssymb's spellings of the order
              (re.compile(r"\\(?:geqslant|geqq)(?![A-Za-z])"), r"\\ge "))
_OVER = re.compile(r"\{(?P<a>[^{}]*?)\\over(?![A-Za-z])(?P<b>[^{}]*)\}")  # TeX's {a \over b}


_ARG = rf"(?:{_GROUP}|\\[A-Za-z]+|[A-Za-z0-9])"
_FRAC = re.compile(rf"\\(?P<cmd>[dt]?frac)(?![A-Za-z])\s*(?P<a>{_ARG})\s*(?P<b>{_ARG})")


def _braced(arg: str) -> str:
    return arg if arg.startswith("{") else "{" + arg + "}"


_PLUS = re.compile(r"(?P<close>\\right\s*\)|\\right\s*\]|\\big[gr]?\s*\)|\\Big[gr]?\s*\)|\)|\])\s*_\s*(?:\+|\{\s*\+\s*\})")


def positive_parts(latex: str) -> str:
    r"""``(a - b)_+``, ``[1 - t\lambda]_+``, ``\left(x\right)_{+}``: the positive part, ``\max(a - b, 0)``; a bracket
    that does not close where it should is left as written."""
    for _ in range(8):
        m = next((m for m in _PLUS.finditer(latex)), None)
        if m is None:
            return latex
        closing = m.group("close")
        want = "(" if closing.endswith(")") else "["
        other = ")" if want == "(" else "]"
        depth, i = 0, m.start("close") + len(closing) - 1
        while i >= 0:
            c = latex[i]
            depth += (c == other) - (c == want)
            if depth == 0:
                break
            i -= 1
        if i < 0:
            return latex
        start = i
        opener = re.search(r"(\\left|\\big[gl]?|\\Big[gl]?)\s*$", latex[:start])
        start = opener.start() if opener else start
        inner = latex[i + 1: m.start("close")]
        latex = latex[:start] + r"\max(" + inner + ", 0)" + latex[m.end():]
    return latex


def standard_spellings(latex: str) -> str:
    """amsmath's delimiter synonyms in the parser's spelling: ``\\lVert x \\rVert`` is ``\\| x \\|``,
    ``\\lvert x \\rvert`` is ``| x |``; a one-token star index in braces, as TeX reads it (``F_*`` is ``F_{*}``);
    the one-token arguments of a fraction too (``\\frac1\\kappa`` is ``\\frac{1}{\\kappa}``)."""
    for pattern, spelling in _SPELLINGS:
        latex = pattern.sub(spelling, latex)
    latex = positive_parts(latex)
    for _ in range(4):  # {1 \over 2}: \frac{1}{2}, the innermost group first
        latex, n = _OVER.subn(lambda m: f"{{\\frac{{{m.group('a').strip()}}}{{{m.group('b').strip()}}}}}", latex)
        if not n:
            break
    return _FRAC.sub(lambda m: f"\\{m.group('cmd')}{_braced(m.group('a'))}{_braced(m.group('b'))}", latex)
