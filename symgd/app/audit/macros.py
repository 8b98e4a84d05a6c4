"""``\\newcommand`` macros of a LaTeX source, expanded by text substitution -- no TeX runs.

Only ``\\newcommand{\\name}[k]{body}`` / ``\\renewcommand`` / ``\\newcommand\\name{body}`` with ``#1..#9``
are read; expansion is bounded (depth and output length), so a recursive macro ends in an error message,
not a hang.
"""

from __future__ import annotations

import re

from symgd.core.errors import BadInput

__all__ = ["MAX_DEPTH", "expand_macros", "read_macros"]

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
        out[m.group("a") or m.group("b")] = (int(m.group("k") or 0), g[0])
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
            out.append(latex[pos : m.start()] + "{" + rep + "}")
            pos, changed = i, True
        out.append(latex[pos:])
        latex = "".join(out)
        if len(latex) > MAX_GROWTH:
            raise BadInput(f"a macro expands beyond {MAX_GROWTH} characters (recursive \\newcommand?)")
        if not changed:
            return latex
    raise BadInput(f"macros still expand after {MAX_DEPTH} rounds (a recursive \\newcommand?)")
