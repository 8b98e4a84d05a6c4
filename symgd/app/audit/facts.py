"""Properties of a function stated in words (convex, L-smooth, mu-strongly convex) as hypotheses of later
links: each gives an inequality that holds at any two points, and a claimed inequality that follows from one
instance of it (its left minus right side at most the instance's) is proved from it.

A property is bound to the function named in the same sentence (``$f$ is convex and differentiable``, ``let
$f$ be $L$-smooth``, ``$\\nabla f$ is $L$-Lipschitz``, ``a $\\mu$-strongly convex function $f$``) or, in a sentence
that names none but says "its gradient", to the function named just before; a sentence that names none and
says nothing of "its" binds nothing.  The first-order inequalities need a gradient: convexity (and strong
convexity) is used only where a gradient is licensed (:func:`licensed_order`: "differentiable", "C^1", L-smooth;
"twice differentiable", "C^2", a bare "smooth" license a Hessian too).  Instances are tried at the points where the
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

__all__ = ["Fact", "combined", "instances", "licensed_order", "pair_sums", "read_facts", "witness"]

_F = r"\$\s*(?P<f>\\mathcal\{[A-Za-z]\}|\\[A-Za-z]+|[A-Za-z])(?:_\{?\w+\}?)?\s*(?:\([^$]*\)|:[^$]*)?\s*\$"
_GRAD_F = r"\$\s*\\nabla\s*(?P<g>\\mathcal\{[A-Za-z]\}|[A-Za-z])\s*(?:\([^$]*\))?\s*\$"
_CONST = r"\$?\s*(?P<c>\\[A-Za-z]+|[A-Za-z])\s*\$?"
_SMOOTH = re.compile(r"(?<![A-Za-z\\])" + _CONST + r"\s*-\s*(?:smooth|Lipschitz(?:[- ]continuous)?\s+gradients?)\b|"
                     r"\bgradients?\b[^.]{0,40}\bLipschitz(?:[- ]continuous)?\s+with\s+(?:constant|parameter)\s+"
                     r"\$\s*(?P<c2>\\[A-Za-z]+|[A-Za-z])" + r"|" + _GRAD_F.replace("?P<g>", "?:") +
                     r"\s+is\s+" + _CONST.replace("?P<c>", "?P<c3>") + r"\s*-\s*Lipschitz", re.I)
_STRONG = re.compile(_CONST + r"\s*-\s*strongly[- ]convex|strongly[- ]convex\s+with\s+(?:constant|parameter|modulus)\s+"
                     r"\$\s*(?P<c2>\\[A-Za-z]+|[A-Za-z])", re.I)
_CONVEX = re.compile(r"(?<!strongly )(?<!strongly-)(?<!non)\bconvex\b", re.I)
_DIFF = re.compile(r"\bdifferentiable\b", re.I)
_NOT = re.compile(r"\b(not|never|non-?convex|unless|if)\b", re.I)
# regularity in words: what licenses a gradient (order 1) or a Hessian (order 2) of the function
_TWICE = re.compile(r"(?<![\w-])(?:twice\s+(?:continuously\s+)?differentiable|(?:\\mathcal\{C\}|C)\s*\^\s*\{?\s*(?:2|[3-9]|"
                    r"\\infty)\s*\}?|infinitely\s+differentiable)", re.I)
_ONCE = re.compile(r"(?<![\w-])(?:(?:continuously\s+)?differentiable|(?:\\mathcal\{C\}|C)\s*\^\s*\{?\s*1\s*\}?)", re.I)
_BARE_SMOOTH = re.compile(r"(?<![\w$-])(?<!-\s)smooth\b", re.I)
_NEGATED = re.compile(r"\b(?:not|never|nor|non|no longer)[\s-]*(?:\w+\s+){0,1}$", re.I)


OTHER = "other property"  # bounded gradients, Lipschitz itself, nonnegative, ...: only blocks the witness
_OTHER = re.compile(r"\bbounded\s+(?:sub)?gradients?|(?:sub)?gradients?\s+(?:are|is|stays?|remains?)\s+bounded|"
                    r"\bconcave\b|"
                    r"\bbounded\s+(?:below|above)\s+by\b|\bnon-?negative\b|\bpositive\s+(?:function|loss|objective)",
                    re.I)
_LIPSCHITZ = re.compile(r"\bLipschitz\b(?![- ]?(?:continuous\s+)?gradients?)(?!\s+continuous\s+gradients?)", re.I)


def _other(sentence: str) -> bool:
    """A property of the function itself no witness a/2 |z|^2 has: bounded gradients, nonnegative, concave, or
    Lipschitz (the function, not its gradient: "its gradient is Lipschitz" is smoothness)."""
    return bool(_OTHER.search(sentence)) or any(not re.search(r"gradient|\\nabla", sentence[: m.start()][-50:], re.I)
                                                for m in _LIPSCHITZ.finditer(sentence))


KINDS = ("smooth", "convex", "strongly convex", "convex smooth", "smooth strongly convex")  # with an inequality


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
                  or n.startswith(r"\mathcal")), "") or next((n for n in names if _capital_function(n, sentence)), "")
        if not f and (re.search(r"\bits\b", sentence, re.I) or _other(sentence)):
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
        if _CONVEX.search(sentence):  # its first-order inequality is used only where a gradient is licensed
            kinds.append(("convex", ""))
        kinds += _regularity(sentence, bool(_SMOOTH.search(sentence)))
        out += [Fact(f, k, c, line) for k, c in kinds]
        if _other(sentence) and any(x.function == f and x.kind in KINDS for x in out):
            out.append(Fact(f, OTHER, "", line))  # "... has bounded gradients": a property no witness has
    return out, last_function


_SUBJECT = r"\s*(?:is|has|be|satisfies|obeys)\b"  # "$F$ has an $L$-Lipschitz gradient", "let $F$ be convex"
_NOUN = r"\b(?:function|objective|loss|risk|potential)\s*$"  # "the function $F$", "a convex objective $F$"


def _capital_function(name: str, sentence: str) -> bool:
    """A single capital letter (usually a constant: $L$, $M$) names the function the sentence speaks of when it is
    the subject of the property ("$F$ has an $L$-Lipschitz gradient", "let $F$ be convex") or follows a noun for
    a function ("the objective $F$"); never when a hyphen makes it a constant ("$L$-smooth")."""
    if not re.fullmatch(r"[A-Z]", name):
        return False
    for m in re.finditer(r"\$\s*" + name + r"\s*(?:\([^$]*\))?\s*\$", sentence):
        if sentence[m.end(): m.end() + 1] == "-":
            continue
        rest = re.split(r"\$[^$]*\$" + _SUBJECT, sentence[m.end():])[0]  # up to the next subject
        said = any(rx.search(rest) for rx in (_SMOOTH, _STRONG, _CONVEX, _ONCE, _TWICE))
        if said and (re.match(_SUBJECT, sentence[m.end():]) or re.search(_NOUN, sentence[: m.start()], re.I)):
            return True
    return False


def _regularity(sentence: str, constant_smooth: bool) -> list[tuple[str, str]]:
    """'twice differentiable' (C^2, C^infinity, a bare 'smooth') or 'differentiable' (C^1) in a sentence, unless
    negated ('not differentiable', 'non-smooth')."""
    def said(rx: re.Pattern) -> bool:
        return any(not _NEGATED.search(sentence[: m.start()][-24:]) and sentence[m.start() - 1: m.start()] != "-"
                   for m in rx.finditer(sentence))

    if said(_TWICE) or (not constant_smooth and said(_BARE_SMOOTH)):
        return [("twice differentiable", "")]
    if said(_ONCE):
        return [("differentiable", "")]
    return []


def licensed_order(facts: list[Fact], function: str) -> int | None:
    """How many derivatives of ``function`` the stated properties license: None when the text states no property
    of it (differentiability is then the text's tacit assumption), else 0, 1 (differentiable, L-smooth) or 2
    (twice differentiable, C^2, smooth)."""
    mine = [f for f in facts if f.function == function and f.kind != OTHER]
    if not mine:
        return None
    kinds = {f.kind for f in mine}
    if "twice differentiable" in kinds:
        return 2
    if kinds & {"differentiable", "smooth"}:
        return 1
    return 0


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


def _graded(latex: str, f: str) -> list[str]:
    """The arguments at which ``latex`` takes the gradient of ``f``."""
    return [m.group(1).strip() for m in re.finditer(r"\\nabla\s*" + re.escape(f) + r"\s*(?:\\left)?\(([^()]*)\)", latex)]


def _inequality(kind: str, f: str, c: str, x: str, y: str, vec: bool) -> tuple[str, str, str]:
    """(left, relation, right) of the property's inequality with base point ``x`` and other point ``y``; ``vec``:
    inner products and norms (else products and squares, for scalar arguments).  ``c`` is the constant (for
    'smooth strongly convex': 'mu,L').

    The two derived kinds hold for every function with both stated properties (Nesterov, Thm 2.1.5; Taylor,
    Hendrickx and Glineur's interpolation condition for F_{mu,L}, multiplied by L - mu so that mu = L stays
    valid):

        convex smooth:           f(y) >= f(x) + <g_x, y - x> + 1/(2L) |g_y - g_x|^2
        smooth strongly convex:  (L - mu)(f(y) - f(x) - <g_x, y - x>)
                                     >= 1/2 |g_y - g_x|^2 + mu L/2 |y - x|^2 - mu <g_y - g_x, y - x>
    """
    d, gx, gy = f"({y}) - {x}", f"\\nabla {f}({x})", f"\\nabla {f}({y})"

    def inner(a: str, b: str) -> str:
        return f"\\langle {a}, {b} \\rangle" if vec else f"{a} ({b})" if a == gx else f"({a}) ({b})"

    def sq(a: str) -> str:
        return f"\\|{a}\\|^2" if vec else f"({a})^2"

    first = f"{f}({x}) + {inner(gx, d)}"
    if kind == "smooth":
        return f"{f}({y})", r"\le", f"{first} + \\frac{{{c}}}{{2}}{sq(d)}"
    if kind == "convex":
        return f"{f}({y})", r"\ge", first
    if kind == "strongly convex":
        return f"{f}({y})", r"\ge", f"{first} + \\frac{{{c}}}{{2}}{sq(d)}"
    if kind == "convex smooth":
        return f"{f}({y})", r"\ge", f"{first} + \\frac{{1}}{{2 {c}}}{sq(gy + ' - ' + gx)}"
    mu, lip = c.split(",")
    return (f"\\left({lip} - {mu}\\right)\\left({f}({y}) - {f}({x}) - {inner(gx, d)}\\right)", r"\ge",
            f"\\frac{{1}}{{2}}{sq(gy + ' - ' + gx)} + \\frac{{{mu} {lip}}}{{2}}{sq(d)} - {mu} {inner(gy + ' - ' + gx, d)}")


def instances(fact: Fact, latex: str) -> list[str]:
    """The LaTeX of the fact's inequality at each ordered pair of points where the claim applies the function
    (vector and scalar spellings: the one that reads with the claim is used)."""
    if fact.kind not in KINDS:
        return []
    f, c = fact.function, fact.constant
    pts = _points(latex, f)
    graded = _graded(latex, f)
    out = []
    for x in pts:
        if not _is_name(x) or (graded and x not in graded):  # the gradient is taken where the claim takes it
            continue
        for y in pts:
            if y == x:
                continue
            out += [" ".join(_inequality(fact.kind, f, c, x, y, vec)) for vec in (True, False)]
    return out


def combined(facts: list[Fact], function: str) -> list[Fact]:
    """The kinds a function's stated properties give together: 'convex smooth' (convex and L-smooth: the
    co-coercive form) and 'smooth strongly convex' (mu-strongly convex and L-smooth, constant 'mu,L')."""
    mine = [f for f in facts if f.function == function]
    lip = next((f for f in mine if f.kind == "smooth"), None)
    if lip is None:
        return []
    strong = next((f for f in mine if f.kind == "strongly convex"), None)
    out = []
    if strong is not None:
        out.append(Fact(function, "smooth strongly convex", f"{strong.constant},{lip.constant}", max(strong.line, lip.line)))
    if any(f.kind == "convex" for f in mine) or strong is not None:
        out.append(Fact(function, "convex smooth", lip.constant, max(f.line for f in mine)))
    return out


def pair_sums(fact: Fact, latex: str) -> list[str]:
    """The sum of the fact's inequality at (x, y) and at (y, x), for each two named points at which the claim
    takes the gradient: the function values cancel, leaving a statement about the gradients (monotone gradient
    from convexity, <g_x - g_y, x - y> >= mu |x - y|^2 from strong convexity, <= L |x - y|^2 from smoothness,
    co-coercivity from convexity and smoothness); for smoothness also the Lipschitz bound of the gradient itself.
    Vector and scalar spellings (only the vector one when the claim has inner products or norms)."""
    f = fact.function
    graded = [p for p in dict.fromkeys(_graded(latex, f)) if _is_name(p)]
    out = []
    for i, x in enumerate(graded):
        for y in graded[i + 1:]:
            for vec in (True,) if re.search(r"\\langle|\\\||\^\s*\{?\s*\\top", latex) else (True, False):
                (l1, rel, r1), (l2, _, r2) = (_inequality(fact.kind, f, fact.constant, a, b, vec)
                                              for a, b in ((x, y), (y, x)))
                out.append(f"\\left({l1}\\right) + \\left({l2}\\right) {rel} \\left({r1}\\right) + "
                           f"\\left({r2}\\right)")
            if fact.kind == "smooth":  # L-smooth: an L-Lipschitz gradient, as stated (and squared)
                g, d, c = f"\\nabla {f}({x}) - \\nabla {f}({y})", f"{x} - {y}", fact.constant
                out += [f"\\|{g}\\| \\le {c} \\|{d}\\|", f"\\|{g}\\|^2 \\le {c}^2 \\|{d}\\|^2"]
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


def witness(facts: list[Fact], latex: str, scalar: bool = False, flat: bool = False) -> tuple[str, str, list[str]] | None:
    """(the claim for the witness function, its description, assumptions it needs) or None when the claim
    uses the function in a way the witness does not cover (a Hessian, the function unapplied); ``scalar``:
    written for a scalar argument (``(z)^2``, not ``\\|z\\|^2``); ``flat``: the witness f = 0 (convex, smooth
    with any constant; not strongly convex: then None)."""
    if not facts or any(x.kind == OTHER for x in facts):  # a property the witness may not have
        return None
    f = facts[0].function
    smooth = next((x.constant for x in facts if x.kind == "smooth"), "")
    strong = next((x.constant for x in facts if x.kind == "strongly convex"), "")
    if flat and strong:
        return None
    a = "0" if flat else smooth or strong or "1"
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
    return latex, (f"{f}(z) = 0" if flat else f"{f}(z) = {a}/2 |z|^2") + f" ({kinds}, as stated)", needs
