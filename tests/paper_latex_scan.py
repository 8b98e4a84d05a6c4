"""The text-mode scanner of tests/test_paper_latex.py: what of a generated .tex is prose (outside math), and which
ASCII pseudo-math it contains (``theta_{0}``, ``x^2``, ``||g||``, ``eta``, ``grad f``, ``sum_``)."""

from __future__ import annotations

import re

__all__ = ["PSEUDO_MATH", "pseudo_math", "sections", "text_mode"]

# In the .tex, prose has been through render.escape_text: _ is \_, ^ is \textasciicircum{}, | is $|$.
PSEUDO_MATH = {
    "_{": r"\\_\\\{",
    "^": r"\\textasciicircum",
    "||": r"\$\|\$\s*\$\|\$",
    "eta": r"(?<![A-Za-z\\])eta(?![A-Za-z])",
    "grad": r"(?<![A-Za-z\\])grad(?![A-Za-z])",
    "sum_": r"(?<![A-Za-z\\])sum\\_",
    "x_s (underscore shown)": r"(?<![\\{])\b[A-Za-z]+\\_[A-Za-z0-9]\b",
    "lambda/theta/sigma as words": r"(?<![A-Za-z\\])(?:lambda|theta|sigma|beta|nabla)(?![A-Za-z])",
    "a LaTeX command outside $...$": r"\\textbackslash",
    # a value or relation as SymPy's str prints it (a verdict's detail, a counterexample)
    "** (a power as Python writes it)": r"\*\*",
    "<= or >= typed in prose": r"\$[<>]\$=",
    "-> typed in prose": r"-\$>\$",
}

_ENVS = r"align\*|multline\*|equation\*|gather\*|aligned|bmatrix"


def text_mode(tex: str) -> str:
    """The prose of ``tex``: display and inline math removed, the justifications inside ``align*`` kept (they are
    the ``\\parbox`` bodies), ``\\texttt{...}`` (module names) and ``\\cite``/``\\label`` arguments removed."""
    notes = re.findall(r"\\raggedright\\small (.*?)}(?: \\\\)?$", tex, flags=re.M)
    body = re.sub(rf"\\begin\{{({_ENVS})\}}.*?\\end\{{\1\}}", " ", tex, flags=re.S)
    body = body + "\n" + "\n".join(notes)
    body = re.sub(r"\\\[.*?\\\]", " ", body, flags=re.S)
    body = re.sub(r"(?<!\\)\$\|\$", "$|$", body)
    body = re.sub(r"\\(?:texttt|cite|label|ref|includegraphics|bibitem)(?:\[[^\]]*\])?\{[^}]*\}", " ", body)
    return body


def _strip_inline(line: str) -> str:
    # keep the $|$, $<$ and $>$ of escaped characters (they are prose), drop every other $...$ segment
    kept = {"$|$": "\x00", "$<$": "\x01", "$>$": "\x02"}
    for esc, mark in kept.items():
        line = line.replace(esc, mark)
    line = re.sub(r"(?<!\\)\$.*?(?<!\\)\$", " ", line)
    for esc, mark in kept.items():
        line = line.replace(mark, esc)
    return line


def pseudo_math(tex: str) -> list[tuple[str, str]]:
    """(pattern name, line) for every line of prose in ``tex`` with ASCII pseudo-math."""
    found = []
    for line in text_mode(tex).splitlines():
        prose = _strip_inline(line)
        for name, pattern in PSEUDO_MATH.items():
            if re.search(pattern, prose):
                found.append((name, line.strip()[:160]))
                break
    return found


def sections(tex: str) -> dict[str, str]:
    """Module name -> the .tex of its section (from ``\\label{sec:NAME}`` to the next section)."""
    parts = re.split(r"(?=\\section\{)", tex)
    out = {}
    for part in parts:
        m = re.search(r"\\label\{sec:([A-Za-z0-9_]+)\}", part)
        if m:
            out[m.group(1)] = part
    return out
