r"""Vectors written entry by entry with ``\vdots``: an index pattern that does not progress is an indexing slip.

A column ``\begin{bmatrix} x^{(1)} \\ x^{(2)} \\ \vdots \\ x^{(m)} \end{bmatrix}`` (also ``pmatrix``, ``vmatrix``,
``matrix``, a one-column ``array``) lists its entries by an index: the written entries differ only in their
index slots (``_1``, ``_{k}``, ``^{(2)}``, ``^{(i,i)}``).  Read before parsing (the parser does not read
``\vdots``), the column is a slip when

* the entries before ``\vdots`` repeat the index (``x^{(2)}, x^{(2)}``; other steps may be meant: every other
  entry, powers of two, a reversed column);
* a diagonal pattern (``G^{(1,1)}, G^{(2,2)}``) ends off the diagonal (``G^{(n,m)}``);
* a column of a display whose columns are related entry by entry (no matrix between them) ends where the others
  end but starts elsewhere (``y^{(2)}, y^{(3)}, ..., y^{(d)}`` beside ``x^{(1)}, x^{(2)}, ..., x^{(d)}`` and
  ``g^{(1)}, ...``: a skipped first index), held to the others only where two or more correct columns agree.

A column whose entries are not one template with index slots (``a, b, \vdots, z``), or whose slots do not read as
a whole number, a letter or a letter plus or minus a whole number (``a_{11}, a_{21}``), is left alone: a correct
enumerated column is never reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Column", "columns", "indexing_slips"]

_ENV = re.compile(r"\\begin\{(bmatrix|pmatrix|vmatrix|Bmatrix|Vmatrix|matrix|array)\}(\{[^{}]*\})?(.*?)\\end\{\1\}", re.S)
_SLOT = re.compile(r"\^\s*\{\s*\(([^{}()]*)\)\s*\}|\^\s*\(([^{}()]*)\)|_\s*\{([^{}]*)\}|_\s*([A-Za-z0-9])")
_PART = re.compile(r"\s*(?:(\d+)|([A-Za-z])\s*(?:([+-])\s*(\d+))?)\s*")


@dataclass(frozen=True)
class Column:
    """One enumerated column: its entries before ``\\vdots`` and its last entry, as (template, slot values)."""

    text: str
    first: list[list[str]]  # each written entry's slot values, before \vdots
    last: list[str]  # the last entry's slot values
    progressing: list[int]  # the slots that change between entries


def _entry(text: str) -> tuple[str, list[str]]:
    """(the entry with its slots blanked, the slots' contents)."""
    values = []

    def blank(m: re.Match) -> str:
        values.append(next(g for g in m.groups() if g is not None).replace(" ", ""))
        return "#"

    return re.sub(r"\s+", "", _SLOT.sub(blank, text)), values


def _parts(value: str) -> list[tuple[str, int]] | None:
    """A slot as its comma-separated parts, each (letter or '', offset): ``2`` -> [('', 2)], ``n-1`` -> [('n', -1)]."""
    out = []
    for part in value.split(","):
        m = _PART.fullmatch(part)
        if m is None:
            return None
        if m.group(1) is not None:
            out.append(("", int(m.group(1))))
        else:
            out.append((m.group(2), (-1 if m.group(3) == "-" else 1) * int(m.group(4) or 0)))
    return out


def columns(latex: str) -> list[Column]:
    """The enumerated columns of a display (one column, a ``\\vdots`` row, one template, readable slots)."""
    out = []
    for m in _ENV.finditer(latex):
        body = m.group(3)
        if "&" in body or r"\vdots" not in body:
            continue
        rows = [r.strip() for r in re.split(r"\\\\", body) if r.strip()]
        k = next((i for i, r in enumerate(rows) if re.fullmatch(r"\\vdots", r)), None)
        if k is None or k == 0 or k != len(rows) - 2:
            continue
        entries = [_entry(r) for r in rows[:k] + rows[-1:]]
        if len({t for t, _ in entries}) != 1 or not entries[0][1] or len({len(v) for _, v in entries}) != 1:
            continue
        values = [v for _, v in entries]
        if any(_parts(x) is None for v in values for x in v):
            continue
        progressing = [j for j in range(len(values[0])) if len({v[j] for v in values}) > 1]
        if progressing:
            out.append(Column(m.group(0), values[:-1], values[-1], progressing))
    return out


def _own(col: Column, end: str = "") -> list[str]:
    """The slips inside one column, each with the pattern found and the one expected (``end``: the last index the
    display's other columns use, for the diagonal)."""
    out = []
    for j in col.progressing:
        seq = [_parts(v[j]) for v in col.first]
        last = _parts(col.last[j])
        for a, b in pairwise(seq):
            if len(a) != len(b) or any(x[0] != y[0] for x, y in zip(a, b, strict=True)):
                continue
            steps = {y[1] - x[1] for x, y in zip(a, b, strict=True)}
            if steps == {0}:  # other steps may be meant (every other entry, 1, 2, 4, ...; a reversed column)
                out.append(f"the index repeats ({' then '.join(v[j] for v in col.first)}) where it should progress")
        diagonal = all(len(p) > 1 and len(set(p)) == 1 for p in seq) and len(seq) >= 2
        if diagonal and len(last) > 1 and len(set(last)) > 1:
            ends = [end] if end in {x[0] for x in last} else sorted({x[0] for x in last if x[0]})
            expected = " or ".join("(" + ",".join([e] * len(last)) + ")" for e in ends) or "a diagonal entry"
            out.append(f"the diagonal pattern ({', '.join('(' + v[j] + ')' for v in col.first)}) ends off the "
                       f"diagonal at ({col.last[j]}); expected {expected}")
    return out


def _ends(col: Column) -> tuple[str, str]:
    """The column's first index and last index (of its first progressing slot's first part)."""
    j = col.progressing[0]
    return col.first[0][j].split(",")[0], col.last[j].split(",")[0]


def indexing_slips(latex: str) -> list[str]:
    """Each indexing slip of the display's enumerated columns, described with the pattern found and the one
    expected; [] when every column progresses and the columns agree.  The columns are held to each other only
    where those without a slip of their own agree (two at least, more than the rest)."""
    cols = columns(latex)
    ends = Counter(_ends(c)[1] for c in cols).most_common()
    own = {c.text: _own(c, ends[0][0] if ends else "") for c in cols}
    out = [f"{_short(c)}: {why}" for c in cols for why in own[c.text]]
    clean = [c for c in cols if not own[c.text] and _rising(c)]
    outside = latex
    for c in cols:
        outside = outside.replace(c.text, " ")
    if re.search(r"(?<![\\A-Za-z])[A-Z]|\\math(?:bf|bb)|\\boldsymbol|\\top|\^\s*T\b", outside):
        return list(dict.fromkeys(out))  # a matrix between the columns: they need not match entry by entry
    if clean:
        (common, n), *_ = Counter(_ends(c)[0] for c in clean).most_common()
        ends = {_ends(c)[1] for c in clean if _ends(c)[0] == common}
        if n >= 2 and n > len(clean) - n:  # a clear pattern: a column that ends alike but starts elsewhere is short
            for c in clean:
                if _ends(c)[0] != common and _ends(c)[1] in ends:
                    out.append(f"{_short(c)}: starts at index {_ends(c)[0]} while the other columns start at {common} "
                               f"and all end at {_ends(c)[1]}")
    return list(dict.fromkeys(out))


def _rising(col: Column) -> bool:
    """Whether the column's first progressing slot goes up by one between its written entries."""
    j = col.progressing[0]
    seq = [_parts(v[j]) for v in col.first]
    return all(len(a) == len(b) and all(y[1] - x[1] == 1 and x[0] == y[0] for x, y in zip(a, b, strict=True))
               for a, b in pairwise(seq)) and len(seq) >= 2


def _short(col: Column) -> str:
    rows = [r.strip() for r in re.split(r"\\\\", _ENV.match(col.text).group(3)) if r.strip()]
    return "the column " + ", ".join(rows[:2]) + ", ..., " + rows[-1]
