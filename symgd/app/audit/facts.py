"""Properties of a function stated in words (convex, L-smooth, mu-strongly convex) as hypotheses of later
links: each gives an inequality that holds at any two points, and a claimed inequality that follows from one
instance of it (its left minus right side at most the instance's) is proved from it.

A property is bound to the function named in the same sentence (``$f$ is convex and differentiable``, ``let
$f$ be $L$-smooth``, ``$\\nabla f$ is $L$-Lipschitz``, ``a $\\mu$-strongly convex function $f$``) or, in a sentence
that names none but says "its gradient", to the function named just before; a sentence that names none and
says nothing of "its" binds nothing.  The first-order inequalities need a gradient: convexity is used only when
the text also says "differentiable" (or the function is smooth).  Instances are tried at the points where the
claim applies the function (the first point a name, since a gradient is taken there).

    L-smooth:            f(y) <= f(x) + <grad f(x), y - x> + L/2 |y - x|^2
    convex:              f(y) >= f(x) + <grad f(x), y - x>
    mu-strongly convex:  f(y) >= f(x) + <grad f(x), y - x> + mu/2 |y - x|^2

A counterexample must respect them too: :func:`witness` writes the claim for one function that has every
stated property, ``f(z) = a/2 |z|^2`` (``a`` the smoothness constant, else the strong-convexity one, else 1;
with both, ``mu <= L``, which any function with both properties satisfies), so that a refutation of that
claim is a refutation of the document's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Fact", "instances", "read_facts", "witness"]

_F = r"\$\s*(?P<f>\\mathcal\{[A-Za-z]\}|\\[A-Za-z]+|[A-Za-z])(?:_\{?\w+\}?)?\s*(?:\([^$]*\)|:[^$]*)?\s*\$"
_GRAD_F = r"\$\s*\\nabla\s*(?P<g>\\mathcal\{[A-Za-z]\}|[A-Za-z])\s*(?:\([^$]*\))?\s*\$"
_CONST = r"\$?\s*(?P<c>\\[A-Za-z]+|[A-Za-z])\s*\$?"
_SMOOTH = re.compile(_CONST + r"\s*-\s*(?:smooth|Lipschitz(?:[- ]continuous)?\s+gradients?)\b|"
                     r"\bgradients?\b[^.]{0,40}\bLipschitz(?:[- ]continuous)?\s+with\s+(?:constant|parameter)\s+"
                     r"\$\s*(?P<c2>\\[A-Za-z]+|[A-Za-z])" + r"|" + _GRAD_F.replace("?P<g>", "?:") +
                     r"\s+is\s+" + _CONST.replace("?P<c>", "?P<c3>") + r"\s*-\s*Lipschitz", re.I)
_STRONG = re.compile(_CONST + r"\s*-\s*strongly[- ]convex|strongly[- ]convex\s+with\s+(?:constant|parameter|modulus)\s+"
                     r"\$\s*(?P<c2>\\[A-Za-z]+|[A-Za-z])", re.I)
_CONVEX = re.compile(r"(?<!strongly )(?<!strongly-)(?<!non)\bconvex\b", re.I)
_DIFF = re.compile(r"\bdifferentiable\b", re.I)
_NOT = re.compile(r"\b(not|never|non-?convex|unless|if)\b", re.I)


@dataclass(frozen=True)
class Fact:
    """``function`` has ``kind`` (smooth, convex, strongly convex) with ``constant`` (L, mu; '' for convex),
    stated at ``line``."""

    function: str
    kind: str
    constant: str
    line: int


def read_facts(prose: str, line: int, last_function: str = "") -> tuple[list[Fact], str]:
    """The facts stated in ``prose`` and the last function it names (for "its gradient" in a later sentence)."""
    out: list[Fact] = []
    for sentence in re.split(r"(?<=[.;!?])\s+(?=[A-Z])", prose):
        names = [m.group("f") for m in re.finditer(_F, sentence)]
        names += [m.group("g") for m in re.finditer(_GRAD_F, sentence)]
        f = next((n for n in names if not re.fullmatch(r"[A-Z]|\\mu|\\lambda|\\eta|\\alpha|\\beta", n)
                  or n.startswith(r"\mathcal")), "")
        if not f and re.search(r"\bits\b", sentence, re.I):
            f = last_function
        if f:
            last_function = f
        if not f or _NOT.search(sentence.split("convex")[0][-20:] if "convex" in sentence else ""):
            continue
        kinds = []
        for m in _SMOOTH.finditer(sentence):
            kinds.append(("smooth", next(c for c in (m.group("c"), m.group("c2"), m.group("c3")) if c)))
        for m in _STRONG.finditer(sentence):
            kinds.append(("strongly convex", next(c for c in (m.group("c"), m.group("c2")) if c)))
        if _CONVEX.search(sentence) and (_DIFF.search(sentence) or any(k == "smooth" for k, _ in kinds)):
            kinds.append(("convex", ""))
        out += [Fact(f, k, c, line) for k, c in kinds]
    return out, last_function


def _points(latex: str, f: str) -> list[str]:
    """The arguments at which ``latex`` applies ``f`` (balanced parentheses), in order, without repeats."""
    out = []
    for m in re.finditer(r"(?<![A-Za-z\\])" + re.escape(f) + r"\s*(?:\\left)?\(", latex):
        depth, i = 1, m.end()
        while i < len(latex) and depth:
            depth += (latex[i] == "(") - (latex[i] == ")")
            i += 1
        arg = re.sub(r"\\right$", "", latex[m.end(): i - 1].strip()).strip()
        if arg and arg not in out and "," not in arg:
            out.append(arg)
    return out


def _is_name(text: str) -> bool:
    return bool(re.fullmatch(r"\\?[A-Za-z]+(?:_\{?[^{}]+\}?|_\\?\w+)?(?:\^\{?[^{}]+\}?)?", text.strip()))


def instances(fact: Fact, latex: str) -> list[str]:
    """The LaTeX of the fact's inequality at each ordered pair of points where the claim applies the function
    (vector and scalar spellings: the one that reads with the claim is used)."""
    f, c = fact.function, fact.constant
    pts = _points(latex, f)
    graded = [m.group(1).strip() for m in re.finditer(r"\\nabla\s*" + re.escape(f) + r"\s*(?:\\left)?\(([^()]*)\)", latex)]
    out = []
    for x in pts:
        if not _is_name(x) or (graded and x not in graded):  # the gradient is taken where the claim takes it
            continue
        for y in pts:
            if y == x:
                continue
            fy, fx, d = f"{f}({y})", f"{f}({x})", f"({y}) - {x}"
            rel = r"\le" if fact.kind == "smooth" else r"\ge"
            quad = {"smooth": f" + \\frac{{{c}}}{{2}}", "strongly convex": f" + \\frac{{{c}}}{{2}}", "convex": ""}[fact.kind]
            vec = f"{fy} {rel} {fx} + \\langle \\nabla {f}({x}), {d} \\rangle" + (f"{quad}\\|{d}\\|^2" if quad else "")
            scal = f"{fy} {rel} {fx} + \\nabla {f}({x}) ({d})" + (f"{quad}({d})^2" if quad else "")
            out += [vec, scal]
    return out


def _applications(latex: str, head: str) -> list[tuple[int, int, str]]:
    """(start, end, argument) of each ``head(...)`` in ``latex`` (balanced parentheses)."""
    out = []
    for m in re.finditer(r"(?<![A-Za-z])" + head + r"\s*(?:\\left)?\(", latex):
        depth, i = 1, m.end()
        while i < len(latex) and depth:
            depth += (latex[i] == "(") - (latex[i] == ")")
            i += 1
        out.append((m.start(), i, re.sub(r"\\right$", "", latex[m.end(): i - 1].strip()).strip()))
    return out


def witness(facts: list[Fact], latex: str, scalar: bool = False) -> tuple[str, str, list[str]] | None:
    """(the claim for the witness function, its description, assumptions it needs) or None when the claim
    uses the function in a way the witness does not cover (a Hessian, the function unapplied); ``scalar``:
    written for a scalar argument (``(z)^2``, not ``\\|z\\|^2``)."""
    if not facts:
        return None
    f = facts[0].function
    smooth = next((x.constant for x in facts if x.kind == "smooth"), "")
    strong = next((x.constant for x in facts if x.kind == "strongly convex"), "")
    a = smooth or strong or "1"
    needs = [f"{c} > 0" for c in (smooth, strong) if c] + ([f"{strong} \\le {smooth}"] if smooth and strong else [])
    fe = re.escape(f)
    if re.search(r"\\nabla\s*\^|\\partial|\\frac\s*\{\s*d", latex):
        return None
    square = "\\frac{{{a}}}{{2}}\\left({x}\\right)^2" if scalar else "\\frac{{{a}}}{{2}}\\left\\|{x}\\right\\|^2"
    for head, body in ((r"\\nabla\s*" + fe, "{a} \\cdot \\left({x}\\right)"), (fe, square)):
        for start, end, arg in reversed(_applications(latex, head)):
            latex = latex[:start] + "{" + body.format(a=a, x=arg) + "}" + latex[end:]
    if re.search(r"(?<![A-Za-z\\])" + fe + r"(?![A-Za-z_])", latex):
        return None
    kinds = ", ".join(sorted({x.kind for x in facts}))
    return latex, f"{f}(z) = {a}/2 |z|^2 ({kinds}, as stated)", needs
