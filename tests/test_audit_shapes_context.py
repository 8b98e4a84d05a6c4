"""Shapes read from the context of a document (symgd/app/audit/shapes.py, symgd/latex/shapes.py, tuples.py): what
the text tells about the names makes a link readable; what stays ambiguous is still refused.  Each behaviour has a
true document (proved) and a false twin (refuted, or at least never proved); every value was computed by hand in
the comments."""

from __future__ import annotations

from symgd.app.audit import audit


def _claims(text: str, name: str = "note.md") -> dict[str, str]:
    return {r.link: r.verdict for r in audit(text, name, timeout=2.0).results if r.kind == "claim"}


# A title block with a LaTeX line break \\[2pt] is no display: the \[ .. \] after it is the display that defines f.
# f(x) = (x_1 - 1)^2 + 3 x_2^2: grad f = (2(x_1 - 1), 6 x_2); at (0, 1): (-2, 6).
TEX = r"""\documentclass{article}
\begin{document}
\begin{center}
{\large Exercise sheet}\\[2pt]
Gradients in coordinates
\end{center}
Let
\[
  f(x) = (x_1 - 1)^2 + 3 x_2^2 .
\]
Then
\begin{equation}
  \nabla f(x) = \bigl(2(x_1 - 1),\; 6 x_2\bigr)
\end{equation}
and at $x^{(0)} = (0, 1)$ we get $\nabla f(x^{(0)}) = (-2, %s)$.
\end{document}
"""


def test_a_line_break_with_spacing_opens_no_display() -> None:
    good = _claims(TEX % "6", "sheet.tex")
    assert good and set(good.values()) == {"proved"}, good
    bad = _claims(TEX % "3", "sheet.tex")
    assert bad["\\nabla f(x^{(0)}) = (-2, 3)"] == "refuted", bad
    assert "proved" not in {v for k, v in bad.items() if "(-2, 3)" in k}
