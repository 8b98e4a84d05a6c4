"""The claims of a text: display blocks, environments and lines, each one claim (a chain of relations)."""

from __future__ import annotations

import re

from symgd.core.errors import BadInput

__all__ = ["ENVIRONMENTS", "MAX_FILE", "split_claims"]

ENVIRONMENTS = ("align", "align*", "aligned", "equation", "equation*", "gather", "gather*", "gathered",
                "split", "multline", "multline*", "eqnarray", "eqnarray*", "displaymath", "math")
_REL_START = re.compile(r"^\s*&?\s*(=|<|>|\\le\b|\\leq\b|\\ge\b|\\geq\b|\\leqslant\b|\\geqslant\b|\\lt\b|\\gt\b)")
_MATRIX = re.compile(r"\\begin\{([bpBvV]?matrix|d?cases)\}.*?\\end\{\1\}", re.S)  # expressions: kept whole
MAX_FILE = 2_000_000  # characters of a claims file


def split_claims(text: str) -> list[str]:
    """The claims of a text: each display block (``\\[..\\]``, ``$$..$$``, an environment) is one
    claim, its lines (``\\\\``) chained when a line starts with a relation; outside blocks, one per line."""
    if not isinstance(text, str):
        raise BadInput("the claim must be text")
    if "\x00" in text:
        raise BadInput("binary data (a NUL byte)", text.index("\x00"))
    if len(text) > MAX_FILE:
        raise BadInput(f"input too long ({len(text)} characters; the limit is {MAX_FILE})")
    if "\ue000" in text:
        raise BadInput("unexpected character '\\ue000'", text.index("\ue000"))
    matrices: list[str] = []  # matrix environments are expressions: kept whole, their \\\\ are not line breaks

    def keep(m: re.Match) -> str:
        matrices.append(m.group(0))
        return f"\ue000{len(matrices) - 1}\ue000"

    text = _MATRIX.sub(keep, text)
    out: list[str] = []
    pattern = re.compile(r"\\\[(.*?)\\\]|\$\$(.*?)\$\$|\\begin\{([a-z]+\*?)\}(.*?)\\end\{\3\}", re.S)
    pos = 0
    for m in pattern.finditer(text):
        out.extend(_lines(text[pos : m.start()]))
        body = next(g for g in (m.group(1), m.group(2), m.group(4)) if g is not None)
        if m.group(3) is not None and m.group(3) not in ENVIRONMENTS:
            raise BadInput(f"unknown environment {m.group(3)!r}", m.start())
        out.extend(_block(body, m.start()))
        pos = m.end()
    out.extend(_lines(text[pos:]))
    return [re.sub("\ue000(\\d+)\ue000", lambda m: matrices[int(m.group(1))], c) for c in out]


def _lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        if line.startswith("\\begin") or line.startswith("\\end"):
            raise BadInput(f"an environment is not closed: {line[:40]!r}")
        if line.startswith("$") and line.endswith("$") and len(line) > 1:
            line = line.strip("$")
        out.append(line)
    return out


def _block(body: str, where: int) -> list[str]:
    inner = re.sub(r"\\(begin|end)\{([a-z]+\*?)\}(\{[^}]*\})?", lambda m: _env(m, where), body)
    claims: list[str] = []
    for line in re.split(r"\\\\(?:\[[^\]]*\])?", inner):
        line = line.strip()
        if not line or line == "&":
            continue
        if _REL_START.match(line) and claims:
            claims[-1] = claims[-1] + " " + line
        else:
            claims.append(line)
    return claims


def _env(m: re.Match, where: int) -> str:
    if m.group(2) not in ENVIRONMENTS:
        raise BadInput(f"unknown environment {m.group(2)!r}", where)
    return " "
