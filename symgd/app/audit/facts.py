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

__all__ = ["Fact", "combined", "instances", "licensed_order", "pair_sums", "read_facts", "says_more", "stating", "witness"]

_GREEK = (r"\\(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|rho|"
          r"sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Upsilon|Phi|Psi|Omega|ell)"
          r"(?![A-Za-z])")  # a function's name: a letter, never a macro of the text ($\fs$ for f^\star)
_F = r"\$\s*(?P<f>\\mathcal\{[A-Za-z]\}|" + _GREEK + r"|[A-Za-z])(?:_\{?\w+\}?)?\s*(?:\([^$]*\)|(?::|\\colon)[^$]*)?\s*\$"
_GRAD_F = r"\$\s*\\nabla\s*(?P<g>\\mathcal\{[A-Za-z]\}|[A-Za-z])\s*(?:\([^$]*\))?\s*\$"
_CONST = r"\$?\s*(?P<c>\\[A-Za-z]+|[A-Za-z])\s*\$?"
_SMOOTH = re.compile(r"(?<![A-Za-z\\])" + _CONST + r"\s*-\s*(?:smooth|Lipschitz(?:[- ]continuous)?\s+gradients?)\b|"
                     r"\bgradients?\b[^.]{0,40}\bLipschitz(?:[- ]continuous)?\s+with\s+(?:constant|parameter)\s+"
                     r"\$\s*(?P<c2>\\[A-Za-z]+|[A-Za-z])" + r"|" + _GRAD_F.replace("?P<g>", "?:") +
                     r"\s+(?:is|be)\s+" + _CONST.replace("?P<c>", "?P<c3>") + r"\s*-\s*Lipschitz|"
                     # "its gradient is $L$-Lipschitz", "the derivative of $h$ is Lipschitz with constant $L$",
                     # "$h'$ is $L$-Lipschitz", "an $L$-Lipschitz derivative", "smooth with constant $L$"
                     r"(?:\bgradients?|\bderivatives?|\$\s*\\nabla\s*(?:\\mathcal\{[A-Za-z]\}|[A-Za-z])\s*(?:\([^$]*\))?\s*\$|"
                     r"\$\s*[A-Za-z]\s*'\s*(?:\([^$]*\))?\s*\$)(?:\s+of\s+\$[^$]*\$)?(?:\s+(?:that|which))?\s+(?:is|are|be)\s+(?:(?:assumed|known|"
                     r"supposed|taken)\s+to\s+be\s+)?(?:also\s+|globally\s+|uniformly\s+)?(?:" +
                     _CONST.replace("?P<c>", "?P<c4>") + r"\s*-\s*Lipschitz|Lipschitz(?:[- ]continuous)?,?\s+with\s+"
                     r"(?:a\s+|the\s+)?(?:Lipschitz\s+)?(?:constant|parameter|modulus)\s+\$\s*(?P<c5>\\[A-Za-z]+|[A-Za-z])\s*\$)|"
                     r"(?<![A-Za-z\\])" + _CONST.replace("?P<c>", "?P<c6>") + r"\s*-\s*Lipschitz(?:[- ]continuous)?\s+"
                     r"(?:first\s+)?derivatives?\b|\bsmooth,?\s+with\s+(?:a\s+|the\s+)?(?:smoothness\s+)?(?:constant|parameter|"
                     r"modulus)\s+\$\s*(?P<c7>\\[A-Za-z]+|[A-Za-z])\s*\$|"
                     # "a Lipschitz continuous gradient with constant $L$"
                     r"\bLipschitz(?:[- ]continuous)?\s+(?:gradients?|derivatives?),?\s+with\s+(?:a\s+|the\s+)?(?:Lipschitz\s+)?"
                     r"(?:constant|parameter|modulus)\s+\$\s*(?P<c8>\\[A-Za-z]+|[A-Za-z])\s*\$", re.I)
_STRONG = re.compile(_CONST + r"\s*-\s*strongly[- ]convex|strongly[- ]convex\s+with\s+(?:constant|parameter|modulus)\s+"
                     r"\$\s*(?P<c2>\\[A-Za-z]+|[A-Za-z])", re.I)
_CONVEX = re.compile(r"(?<!strongly )(?<!strongly-)(?<!non)\bconvex\b", re.I)
_DIFF = re.compile(r"\bdifferentiable\b", re.I)
_OTHER_CONVEX = re.compile(r"\s+(?:sets?|domains?|subsets?|regions?|hulls?|combinations?|cones?|bod(?:y|ies)|polytopes?|"
                           r"polyhedr\w*|feasible|constraints?|spaces?|intervals?|neighbou?rhoods?|programs?|problems?|"
                           r"optimization|analysis)\b", re.I)
_EXAMPLES = re.compile(r"\b(?:examples?|e\.\s?g\.|for instance|such as)\b", re.I)


def _of_the_function(sentence: str, m: re.Match) -> bool:
    """Whether the word "convex" at ``m`` says the function is convex: not "an open convex set", "a convex domain",
    "convex optimization", nor a property of the examples only ("(in all the examples it is also convex)")."""
    if _OTHER_CONVEX.match(sentence, m.end()):
        return False
    clause = re.split(r"[(;]", sentence[: m.start()])[-1] if "(" in sentence[: m.start()] else sentence[: m.start()]
    return not _EXAMPLES.search(clause[-80:])


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
_LIPSCHITZ = re.compile(r"\bLipschitz\b(?![- ]?(?:continuous\s+)?(?:first\s+)?(?:gradients?|derivatives?))"
                        r"(?!\s+continuous\s+(?:gradients?|derivatives?))", re.I)


def _other(sentence: str) -> bool:
    """A property of the function itself no witness a/2 |z|^2 has: bounded gradients, nonnegative, concave, or
    Lipschitz (the function, not its gradient: "its gradient is Lipschitz" is smoothness)."""
    return bool(_OTHER.search(sentence)) or any(
        not re.search(r"gradient|derivative|\\nabla|[A-Za-z]\s*'\s*(?:\([^$]*\))?\s*\$", sentence[: m.start()][-50:], re.I)
        for m in _LIPSCHITZ.finditer(sentence))


def says_more(ctx) -> bool:
    """Whether the text states of some function, in any paragraph read so far and whether or not the fact reader
    bound it, a property no witness ``a/2 |z|^2`` or affine function has (bounded gradients, nonnegative, ...):
    then no such witness refutes anything."""
    return any(f.kind == OTHER for f in ctx.stated) or any(
        _other(s) for p in ctx.prose for s in re.split(r"(?<=[.;!?])\s+", p))


KINDS = ("smooth", "convex", "strongly convex", "convex smooth", "smooth strongly convex")  # with an inequality


@dataclass(frozen=True)
class Fact:
    """``function`` has ``kind`` (smooth, convex, strongly convex) with ``constant`` (L, mu; '' for convex),
    stated at ``line``."""

    function: str
    kind: str
    constant: str
    line: int


_HYPOTHETICAL = re.compile(r"\b(?:were|would|could|might|whether|suppose\s+not|assume\s+not|counterexample)\b|"
                           r"\bfails?\s+to\b|\bneed\s+not\b|\bnot\s+(?:assumed|required)\b|"
                           r"\b(?:if|when|whenever)\b[^.;]{0,60}?\b(?:also|additionally|moreover|in addition|further)\b",
                           re.I)  # "If $f$ is also $\mu$-strongly convex, then": an extra case, not the text's f


def _denied(sentence: str, at: int) -> bool:
    """The property whose words start at ``at`` is negated ("not $L$-smooth", "non-convex", "neither ... nor") or
    the sentence is hypothetical ("if $f$ were convex", "$f$ need not be convex"): it states nothing."""
    return bool(_HYPOTHETICAL.search(sentence) or re.search(r"\b(?:not|never|nor|neither|no\s+longer|non)\b[\s-]*"
                                                             r"(?:(?:\w+|\$[^$]*\$)[\s,-]+){0,2}\$?\s*$",
                                                             sentence[:at][-40:], re.I))


def stating(d) -> str:
    """The prose that states facts at display ``d`` (:class:`symgd.app.audit.extract.Display`): the paragraph before
    it and, for inline math, the rest of its sentence ("its gradient is $L$-Lipschitz." ends after the $L$, and the
    next paragraph's math starts a new before-text)."""
    if d.display:
        return d.before
    tail = re.match(r"(?:(?!\$\$|\\\[|\\begin)[^.;!?\n]){0,200}[.;!?]?", d.after).group(0)  # not into a display
    return f"{d.before} ${d.latex}$" + ("" if tail[:1] in ("-", ",", ".", ";", ":", ")", "'") else " ") + tail


def read_facts(prose: str, line: int, last_function: str = "") -> tuple[list[Fact], str]:
    """The facts stated in ``prose`` and the last function it names (for "its gradient" in a later sentence)."""
    out: list[Fact] = []
    prose = re.sub(r"\\(?:eq|auto|c)?ref\{[^{}]*\}|\\label\{[^{}]*\}|\\cite[a-z]*\{[^{}]*\}", " ", prose)  # eq:smooth
    for sentence in re.split(r"(?<=[.;!?])\s+(?=[A-Z])", prose):
        names = [m.group("g") for m in re.finditer(_GRAD_F, sentence)]  # differentiated: a function for sure
        names += [m.group("f") for m in re.finditer(_F, sentence)]
        names += re.findall(r"\$\s*([A-Za-z])\s*'\s*(?:\([^$]*\))?\s*\$", sentence)  # "$h'$ is $L$-Lipschitz"
        constants = {c for rx in (_SMOOTH, _STRONG, _PL, _LIP_OF_F) for m in rx.finditer(sentence)
                     for k, c in m.groupdict().items() if k.startswith("c") and c}  # "with constant $c$": no function
        args = set(re.findall(r"[A-Za-z}]\s*(?:\\left)?\(\s*([A-Za-z])\s*(?:\\right)?\)", sentence))  # f(x): x no function
        names = [n for n in names if n not in constants and n not in args]
        f = next((n for n in names if not re.fullmatch(r"[A-Z]|\\mu|\\lambda|\\eta|\\alpha|\\beta", n)
                  or n.startswith(r"\mathcal")), "") or next((n for n in names if _capital_function(n, sentence)), "")
        f = next((n for n in names if n != f and re.search(r"\$\s*" + re.escape(n) + r"\s*\$" + _SUBJECT + r"[^$]{0,40}?"
                  r"\bconvex", sentence) and not re.search(r"\$\s*" + re.escape(f) + r"[^$]*\$" + _SUBJECT, sentence)),
                 f)  # "for any $v$ we have ..., so $f$ is convex": the subject of "convex", not the first name
        if not f and (re.search(r"\bits\b", sentence, re.I) or _other(sentence)):
            f = last_function
        if f:
            last_function = f
        if not f or _NOT.search(sentence.split("convex")[0][-20:] if "convex" in sentence else ""):
            continue
        kinds = []
        for m in _SMOOTH.finditer(sentence):
            if not _denied(sentence, m.start()) and _of_subject(sentence, m, f, names):
                kinds.append(("smooth", next(c for k, c in m.groupdict().items() if k.startswith("c") and c)))
        for m in _STRONG.finditer(sentence):
            if not _denied(sentence, m.start()) and _of_subject(sentence, m, f, names):
                kinds.append(("strongly convex", next(c for c in (m.group("c"), m.group("c2")) if c)))
        if any(not _denied(sentence, m.start()) and _of_the_function(sentence, m) and _of_subject(sentence, m, f, names)
               for m in _CONVEX.finditer(sentence)):
            kinds.append(("convex", ""))  # used only with a gradient
        kinds += _regularity(sentence, bool(_SMOOTH.search(sentence)))
        kinds += (_curvature(sentence, f) if _ASSUMED.search(sentence) and not _DERIVED.search(sentence) else []) + \
            (_lipschitz(sentence, f) if not _DERIVED.search(sentence) else []) + _pl(sentence)
        out += [Fact(f, k, c, line) for k, c in dict.fromkeys(kinds)]
        if _other(sentence) and any(x.function == f and x.kind in KINDS for x in out):
            out.append(Fact(f, OTHER, "", line))  # "... has bounded gradients": a property no witness has
    return out, last_function


_CLAUSE = re.compile(r",\s*(?:and|while|whereas|but)\b|;|\s(?:and|while|whereas)\s+(?:let\s+|assume\s+)?(?:an?\s+|the\s+)?\$")


def _of_subject(sentence: str, m: re.Match, f: str, names: list[str]) -> bool:
    """The property at ``m`` is said of ``f``: the function it is said of is the one named right after it in the
    same clause ("an $L$-smooth function $f$", "a convex $f$ and an $L$-smooth $g$"), else the one named last
    before it; a property in a clause of its own before any name ("... with an $L$-Lipschitz gradient, and $g$ is
    convex", a piece of a sentence about another function) is said of none of them."""
    named = sorted((k.start(), k.group(key)) for rx, key in ((_F, "f"), (_GRAD_F, "g")) for k in re.finditer(rx, sentence)
                   if k.group(key) in names)  # functions, not the constants ($L$)
    if not any(n == f for _, n in named):
        return True
    after = [(a, n) for a, n in named if a >= m.end()]
    close = after and after[0][0] - m.end() < 48 and not _CLAUSE.search(sentence[m.end(): after[0][0] + 1])
    if close:
        return after[0][1] == f
    before = [n for a, n in named if a < m.end()]  # "the gradient of $f$ is $L$-Lipschitz": inside the words
    if before:
        return before[-1] == f
    return bool(after) and after[0][1] == f and not _CLAUSE.search(sentence[m.end(): after[0][0] + 1])


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


_REL = re.compile(r"\\preceq|\\succeq|\\leq?(?![a-z])|\\geq?(?![a-z])|<|>")
_BOUND = r"\s*(?P<c>\\[A-Za-z]+|[A-Za-z]|\d+(?:\.\d+)?)\s*(?:\\cdot\s*)?(?:\\mathbf\{I\}|\\mathrm\{I\}|I)?(?:_\{?\w+\}?)?\s*"


def _curvature(sentence: str, f: str) -> list[tuple[str, str]]:
    """Bounds on the Hessian of ``f`` in the sentence's math: ``\\mu I \\preceq \\nabla^2 f(x) \\preceq L I`` (or
    ``\\mu \\le f''(x) \\le L``) is mu-strong convexity and L-smoothness (``0 \\preceq``: convexity; an upper bound
    alone is smoothness only with convexity stated in the sentence, ``-L I \\preceq \\nabla^2 f \\preceq L I``
    always); ``\\|\\nabla^2 f(x)\\| \\le L`` is L-smoothness.  Each with the Hessian it takes."""
    hess = r"(?:\\nabla\s*\^\s*\{?\s*2\s*\}?\s*" + re.escape(f) + r"|(?<![A-Za-z\\])" + re.escape(f) + r"\s*'')" + \
        r"\s*(?:\\left)?(?:\([^()$]*\))?(?:\\right)?"
    out: list[tuple[str, str]] = []
    for m in re.finditer(r"\$([^$]+)\$", sentence):
        if _denied(sentence, m.start()):
            continue
        math = m.group(1)
        norm = re.fullmatch(r"\s*\\(?:\||left\\\|)\s*" + hess + r"\s*\\(?:\||right\\\|)\s*(?:_\{?(?:2|op)\}?)?\s*"
                            r"\\leq?" + _BOUND, math)
        if norm:
            out += [("twice differentiable", ""), ("smooth", norm.group("c"))]
            continue
        parts, rels = _REL.split(math), _REL.findall(math)
        at = [i for i, p in enumerate(parts) if re.fullmatch(r"\s*" + hess + r"\s*", p)]
        if len(at) != 1 or not rels:
            continue
        i, lower, upper = at[0], None, None
        for j, side in ((i - 1, "left"), (i, "right")):  # parts[j] REL parts[j + 1]
            if not 0 <= j < len(rels) or not 0 <= (i - 1 if side == "left" else i + 1) < len(parts):
                continue
            other = parts[j] if side == "left" else parts[j + 1]
            small = rels[j] in (r"\preceq", r"\le", r"\leq", "<")  # parts[j] below parts[j + 1]
            b = re.fullmatch(r"\s*(?P<neg>-)?" + _BOUND, other)
            if b is None:
                continue
            bound = ("-" if b.group("neg") else "") + b.group("c")
            if (side == "left") == small:
                lower = bound
            else:
                upper = bound
        if lower is None and upper is None:
            continue
        out.append(("twice differentiable", ""))
        if lower is not None and lower == "-" + (upper or ""):
            out.append(("smooth", upper))
            continue
        if lower is not None and not lower.startswith("-"):
            out.append(("convex", "") if lower == "0" else ("strongly convex", lower))
        if upper is not None and not upper.startswith("-") and upper != "0" and (
                (lower is not None and not lower.startswith("-"))
                or any(not _denied(sentence, c.start()) for c in _CONVEX.finditer(sentence))):
            out.append(("smooth", upper))
    return out


_LIP_OF_F = re.compile(r"(?<![A-Za-z\\])" + _CONST + r"\s*-\s*Lipschitz\b(?![- ]?(?:continuous\s+)?(?:first\s+)?"
                       r"(?:gradients?|derivatives?))(?!\s+continuous\s+(?:gradients?|derivatives?))|"
                       r"\bLipschitz(?:[- ]continuous)?,?\s+with\s+(?:a\s+|the\s+)?(?:Lipschitz\s+)?(?:constant|parameter|"
                       r"modulus)\s+\$\s*(?P<c2>\\[A-Za-z]+|[A-Za-z])\s*\$", re.I)
_SUB_BOUND = re.compile(r"^\s*\\(?:\||left\\\|)\s*(?:[a-z](?:_\{?[^{}$]*\}?)?|\\nabla\s*[A-Za-z]\s*\([^()$]*\))\s*"
                        r"\\(?:\||right\\\|)\s*\\leq?\s*(?P<c>\\[A-Za-z]+|[A-Za-z])\s*[,.]?\s*$")


def _subject(sentence: str, at: int, f: str) -> bool:
    """The last math before ``at`` names the function ``f`` ("$f$ is convex and $G$-Lipschitz", not "the map $T$ is
    $\\rho$-Lipschitz" in a sentence about f): a property of another object is not f's."""
    maths = [m for m in re.finditer(r"\$[^$]*\$", sentence[:at])]
    return bool(maths) and bool(re.fullmatch(r"\$\s*" + re.escape(f) + r"\s*(?:\([^$]*\)|(?::|\\colon)[^$]*)?\s*\$",
                                             maths[-1].group(0)))


_ASSUMED = re.compile(r"\b(?:assume[sd]?|assuming|suppose|let|throughout|given|satisf(?:y|ies|ying)|such\s+that|where|"
                      r"whose|with)\b", re.I)
_DERIVED = re.compile(r"\b(?:hence|thus|therefore|so|consequently|we\s+(?:get|obtain|show|have|find|prove)|it\s+follows)\b",
                      re.I)  # a property the text derives (perhaps wrongly) is no assumption of the class


def _lipschitz(sentence: str, f: str) -> list[tuple[str, str]]:
    """The function itself G-Lipschitz ("$f$ is $G$-Lipschitz", "Lipschitz with constant $G$", not its gradient),
    or its (sub)gradients bounded in norm ("bounded subgradients, $\\|g_k\\| \\le G$"): every subgradient has norm
    at most G."""
    out = []
    for m in _LIP_OF_F.finditer(sentence):
        if _subject(sentence, m.start(), f) and not _denied(sentence, m.start()) and not re.search(
                r"gradient|derivative|\\nabla|[A-Za-z]\s*'\s*(?:\([^$]*\))?\s*\$", sentence[: m.start()][-50:], re.I):
            out.append(("lipschitz", m.group("c") or m.group("c2")))
    if (re.search(r"\bbounded\b", sentence, re.I) and re.search(r"gradients?\b", sentence, re.I)) or (
            _ASSUMED.search(sentence) and re.search(r"\\nabla", sentence)):
        for m in re.finditer(r"\$([^$]+)\$", sentence):
            b = _SUB_BOUND.match(m.group(1))
            named = re.search(r"\\nabla\s*([A-Za-z])", m.group(1))
            if b and not _denied(sentence, m.start()) and (named is None or named.group(1) == f):
                out.append(("lipschitz", b.group("c")))
    return out


_PL = re.compile(r"(?:\bPL\b|Polyak\s*[-\u2013\u2014]+\s*(?:\u0141|L|\\L\{\}|\{\\L\}\s*)ojasiewicz|\u0141ojasiewicz)"
                 r"(?:\s*\(PL\))?\s+(?:inequality|condition)\s+(?:with|for)\s+(?:a\s+|the\s+)?(?:constant|parameter|"
                 r"modulus)?\s*\$\s*(?P<c>\\[A-Za-z]+|[A-Za-z])\s*(?:(?:>|\\gt)\s*0\s*)?\$|" +
                 _CONST.replace("?P<c>", "?P<c2>") +
                 r"\s*-\s*(?:PL\b|Polyak\s*[-\u2013\u2014]+\s*(?:\u0141|L)ojasiewicz)", re.I)


def _pl(sentence: str) -> list[tuple[str, str]]:
    """The Polyak-Lojasiewicz inequality with constant mu stated in words: 1/2 |grad f(x)|^2 >= mu (f(x) - f^*), in a
    sentence that assumes it ("let $f$ satisfy", "suppose"), not one that derives it."""
    return [("pl", m.group("c") or m.group("c2")) for m in _PL.finditer(sentence)
            if not _denied(sentence, m.start()) and not _DERIVED.search(sentence)
            and (_ASSUMED.search(sentence) or re.search(r"\bis\s+\$", sentence))]


def licensed_order(facts: list[Fact], function: str) -> int | None:
    """How many derivatives of ``function`` the stated properties license: None when the text states no property
    of it (differentiability is then the text's tacit assumption), else 0, 1 (differentiable, L-smooth) or 2
    (twice differentiable, C^2, smooth)."""
    mine = [f for f in facts if f.function == function and f.kind not in (OTHER, "lipschitz", "pl")]
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


_STAR = r"(?:\{\s*(?:\*|\\star|\\ast)\s*\}|\*|\\star(?![A-Za-z])|\\ast(?![A-Za-z]))"
_STARRED = (r"(?<![A-Za-z\\])(?:\\mathbf\{(?P<b1>[A-Za-z])\}|\\boldsymbol\{(?P<b2>[A-Za-z])\}|(?P<b>[A-Za-z]))\s*[\^_]\s*" + _STAR + r"(?!\s*[_^])")
_STARRED = _STARRED.replace("(?P<b1>", "(?:").replace("(?P<b2>", "(?:")


def witness(facts: list[Fact], latex: str, scalar: bool = False, flat: bool = False,
            zero: tuple[str, ...] = ()) -> tuple[str, str, list[str]] | None:
    """(the claim for the witness function, its description, assumptions it needs) or None when the claim
    uses the function in a way the witness does not cover (a Hessian, the function unapplied); ``scalar``:
    written for a scalar argument (``(z)^2``, not ``\\|z\\|^2``); ``flat``: the witness f = 0 (convex, smooth
    with any constant; not strongly convex: then None); ``zero``: points the text calls minimizers or stationary
    (0 in the witness, its minimizer)."""
    if not facts or any(x.kind in (OTHER, "lipschitz", "pl") for x in facts):  # a property the witness may not have
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
    # a starred point (x^*, w_\\star) is the witness's minimizer 0: a minimizer of the text must be one of the witness
    # (never a counterexample with \\nabla f(x^*) != 0); for a free point, 0 is one of its values
    latex = re.sub(_STARRED, lambda m: m.group(0) if m.group("b") == f else "0", latex)
    for p in zero:
        latex = re.sub(r"(?<![A-Za-z\\])" + re.escape(p) + r"(?![A-Za-z_^{])", "0", latex)
    square = "\\frac{{{a}}}{{2}}\\left({x}\\right)^2" if scalar else "\\frac{{{a}}}{{2}}\\left\\|{x}\\right\\|^2"
    for head, body in ((r"\\nabla\s*" + fe, "{a} \\cdot \\left({x}\\right)"), (fe + r"\s*'(?!')", "{a} \\cdot \\left({x}\\right)"),
                       (fe, square)):
        for start, end, arg in reversed(_applications(latex, head)):
            latex = latex[:start] + "{" + body.format(a=a, x=arg) + "}" + latex[end:]
    if re.search(r"(?<![A-Za-z\\])" + fe + r"(?![A-Za-z_])", latex):
        return None
    kinds = ", ".join(sorted({x.kind for x in facts}))
    return latex, (f"{f}(z) = 0" if flat else f"{f}(z) = {a}/2 |z|^2") + f" ({kinds}, as stated)", needs
