"""An example's function body stays in its section: a note that states properties of a generic f, then gives an
example f(x) = x^2 + 3\\sin^2 x in a section of its own, then goes back to the general f (the situation of
tests/audit/fresh/pl_armijo.tex, where the example's body turned a planted slip into a proof)."""

from __future__ import annotations

from symgd.app.audit import audit
from symgd.app.audit.context import DocContext, substituted
from symgd.latex.problem import parse_problem

NOTE = r"""\section{Setting}
Let $f:\mathbb{R}\to\mathbb{R}$ be differentiable with an $L$-Lipschitz gradient.

\paragraph{An example.} The function $f(x) = x^2 + 3\sin^2 x$ is smooth:
\[ f'(x) = 2x + 6\sin x \cos x . \]

\section{One step}
For every $x$ and $t$,
\[ f(x) - t\|\nabla f(x)\|^2 + \frac{L t^2}{2}\|\nabla f(x)\|^2 = f(x) - t\Big(1 - L t\Big)\|\nabla f(x)\|^2 \]
and
\[ f(x) - t\|\nabla f(x)\|^2 + \frac{L t^2}{2}\|\nabla f(x)\|^2 = f(x) - t\Big(1 - \frac{L t}{2}\Big)\|\nabla f(x)\|^2 \]
Hence
\[ f(-x) = f(x) , \qquad \nabla f(0) = 0 , \qquad f(x) - x^2 \ge 0 . \]
"""


def _verdicts(text: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in audit(text, "note.tex", timeout=1.0).results:
        if r.kind == "claim":
            out.setdefault(r.line, []).append(r.verdict)
    return out


def test_the_example_body_stays_in_its_section() -> None:
    v = _verdicts(NOTE)
    assert v[5] == ["proved"]  # the example's own claim, in its section, with its body
    assert v[9] in (["undecided"], ["refuted"])  # the slip (1 - Lt instead of 1 - Lt/2): never proved
    assert v[11] == ["proved"]  # the correct factorization, about the generic f
    assert v[13] == ["undecided"] * 3  # true of the example's f only (even, flat at 0, above x^2): no proof here


def test_a_value_in_force_for_an_argument_does_not_freeze_a_defined_function() -> None:
    # "negative near $x = \pi/2$" as an assumption read f(x) = x^2 + 3\sin^2 x as the constant f(\pi/2): every
    # gradient of f became 0 and a slip about \nabla f was proved "identical"
    ctx = DocContext()
    assert ctx.add_names("functions", ["f"]) == ""
    c = parse_problem(r"f(x) = x^2 + 3\sin^2 x", declarations=ctx.declarations(), allow_unused=True).links[0][1]
    from symgd.app.audit.context import FunctionDef

    ctx.fdefs["f"] = FunctionDef("f", tuple(c.lhs.args), c.rhs, r"f(x) = x^2 + 3\sin^2 x", 1)
    ctx.assume.append(r"x = \pi/2")
    p = parse_problem(r"\nabla f(y) = 0", declarations=ctx.declarations(), allow_unused=True)
    s = substituted(p.links[0][1], p.context, ctx)
    y = next(iter(s.lhs.free_symbols))
    assert str(y) == "y" and s.lhs.subs(y, 1) != 0  # 2y + 6 sin y cos y, not the derivative of a constant
