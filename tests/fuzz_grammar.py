"""Hypothesis strategies for fuzzing ``symgd check`` and ``symgd audit``: LaTeX claims drawn from a grammar of
what users write (numbers, Greek and Latin names, indices, fractions, roots, norms, inner products, gradients,
sums, functions, relations and chains, spacing, text and Unicode), random mutations of them (dropped braces,
unbalanced delimiters, stray alignment characters, doubled operators, huge exponents, deep nesting, long
inputs), random declarations (the CLI's options) and random documents for the audit."""

from __future__ import annotations

import re

from hypothesis import strategies as st

__all__ = ["CHAIN_RELATIONS", "RELATIONS", "argv_for", "claims", "declarations", "documents", "expressions",
           "identities", "mutated", "user_claims"]

NUMBERS = ["0", "1", "2", "3", "10", "0.5", "1/2", r"\frac{1}{2}", r"\tfrac12", "100", "2.5", r"\pi", "e", "4"]
LATIN = ["a", "b", "c", "t", "s", "k", "L", "T", "p", "q", "m", "z", "N"]
GREEK = [r"\eta", r"\lambda", r"\mu", r"\beta", r"\alpha", r"\theta", r"\sigma", r"\epsilon", r"\gamma", r"\rho",
         r"\kappa", r"\delta", r"\tau", r"\omega", r"\varepsilon", r"\Delta", r"\xi"]
UNICODE = ["η", "λ", "μ", "θ", "β₂", "α", "√2", "½", "ε", "η²", "μ⁻¹", "κ"]
PLAIN_GREEK = ["eta", "lambda", "mu", "beta_2", "lambda_min", "sigma", "epsilon", "theta"]
INDICES = ["t", "{t+1}", "0", "1", "2", "k", "{k-1}", r"{\max}", r"{\min}", "s", "*", "{12}"]
SUPERSCRIPTS = ["*", "2", "{(k)}", "{t}", "{-1}", "T", "'"]
VECTORS = ["x", "y", "g", "d", "v", "w", "x^*", "x_s", r"\theta_0", r"\mathbf{u}", r"\boldsymbol{\xi}", "x_t",
           "x_{t+1}"]
MATRICES = ["A", "H", "P", r"\mathbf{B}", "I", r"\mathbf{I}"]
FUNCTIONS = ["f", "F", r"\ell", r"\phi", r"\mathcal{L}", "f", "f", "g", r"\sigma"]
RELATIONS = ["=", "=", "=", "=", r"\le", r"\le", "<", r"\ge", ">", r"\leq", r"\geq", "≤", "≥", "=", r"\le", r"\ge",
             r"\approx", r"\ne", "=", r"\le"]
CHAIN_RELATIONS = ["=", r"\le", r"\ge", "<", ">", r"\leq", r"\geq", "≤", "≥"]
SPACES = ["", " ", r"\,", r"\;", r"\quad", "~", r"\!", r"\ "]
POWERS = ["2", "3", "{-1}", "{1/2}", "k", "{t+1}", "{10}", "{-2}", "t", r"{\frac{3}{2}}", "{2}", "²"]


@st.composite
def names(draw) -> str:
    """A scalar name: a letter (Latin, Greek, Unicode, a Greek name typed as letters) with an index or accent."""
    base = draw(st.sampled_from(LATIN + GREEK + UNICODE + PLAIN_GREEK))
    deco = draw(st.sampled_from(["", "", "", "", "_", "^", "hat", "prime"]))
    if deco == "_":
        return f"{base}_{draw(st.sampled_from(INDICES))}"
    if deco == "^":
        return base + "^" + draw(st.sampled_from(SUPERSCRIPTS))
    if deco == "hat":
        return f"\\{draw(st.sampled_from(['hat', 'bar', 'tilde']))}{{{base}}}"
    if deco == "prime":
        return base + "'"
    return base


@st.composite
def vector_scalars(draw) -> str:
    """A scalar made of vectors and matrices: norms, inner products, quadratic forms, function values."""
    v, w = draw(st.sampled_from(VECTORS)), draw(st.sampled_from(VECTORS))
    m, fn = draw(st.sampled_from(MATRICES)), draw(st.sampled_from(FUNCTIONS))
    return draw(st.sampled_from([
        rf"\|{v}\|^2", rf"\|{v} - {w}\|^2", rf"\|{v}\|", rf"\|{v} + {w}\|_2^2", rf"\langle {v}, {w} \rangle",
        rf"{v}^\top {w}", rf"{v}^T {m} {w}", rf"{fn}({v})", rf"\nabla {fn}({v})^\top ({w} - {v})",
        rf"\langle \nabla {fn}({v}), {w} \rangle", rf"{fn}({v} - \eta \nabla {fn}({v}))", f"‖{v}‖²",
        rf"\frac{{L}}{{2}}\|{w} - {v}\|^2", rf"{v}^{{\top}} {m}^{{-1}} {v}", rf"\sum_{{i=1}}^{{n}} {v}_i^2",
        rf"\operatorname{{tr}}({m})", rf"\det({m})", rf"\|{v}\|_1", rf"\|{v}\|_\infty",
    ]))


def _wrap(draw, inner: str) -> str:
    kind = draw(st.sampled_from(["()", "()", "left", "big", "[]", "{}"]))
    return {"()": f"({inner})", "left": rf"\left({inner}\right)", "big": rf"\big({inner}\big)",
            "[]": f"[{inner}]", "{}": f"{{{inner}}}"}[kind]


def _leaf() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NUMBERS), names(), names(), vector_scalars())


def _compound(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw) -> str:
        a = draw(children)
        b = draw(children)
        sp = draw(st.sampled_from(SPACES))
        power = draw(st.sampled_from(POWERS))
        var = draw(st.sampled_from(["t", "x", r"\eta", "s"]))
        n = draw(st.sampled_from(["n", "T", "3", "N", r"\infty", "10"]))
        return draw(st.sampled_from([
            f"{a} + {b}", f"{a} - {b}", f"{a}{sp}{b}", rf"{a} \cdot {b}", rf"\frac{{{a}}}{{{b}}}", f"{a}/{b}",
            rf"\dfrac{{{a}}}{{{b}}}", rf"\sqrt{{{a}}}", rf"\sqrt[3]{{{a}}}", f"{_wrap(draw, a)}^{power}",
            f"{_wrap(draw, a + ' + ' + b)}^{power}", _wrap(draw, f"{a} + {b}"), _wrap(draw, f"{a} - {b}"),
            rf"\sum_{{i=1}}^{{{n}}} {_wrap(draw, a)}^i", rf"\sum_{{k=0}}^{{{n}}} {a}", rf"\prod_{{j=1}}^{{{n}}} j",
            rf"\log {_wrap(draw, a)}", rf"\ln({a})", rf"\exp({a})", f"e^{{{a}}}", rf"\max({a}, {b})",
            rf"\min\{{{a}, {b}\}}", f"|{a}|", rf"\left|{a}\right|", rf"\frac{{d}}{{d{var}}} {_wrap(draw, a)}",
            rf"-{a}", rf"\sin({a})", rf"\cos {a}", rf"\int_0^1 {a} \, d{var}", f"{a}!", rf"\tfrac{{{a}}}{{2}}",
            rf"\lim_{{{var} \to 0}} {_wrap(draw, a)}", rf"\mathbb{{E}}[{a}]", rf"{a} \times {b}",
            rf"\lim_{{{var} \to \infty}} {_wrap(draw, a)}", rf"\int_{{-\infty}}^{{\infty}} e^{{-{var}^2}} {a} \, d{var}",
            rf"\left. {_wrap(draw, a)} \right|_{{{var}=0}}", rf"\frac{{\partial}}{{\partial {var}}} {_wrap(draw, a)}",
            rf"\frac{{\partial^2 {a}}}{{\partial {var}^2}}", rf"f'({a})", rf"f''({a})", rf"{a} \pm {b}",
            rf"\operatorname{{sign}}({a})", rf"\tanh({a})", rf"\log\det({a})", r"\sum_{t=1}^{T} \frac{1}{\sqrt{t}}",
            r"\sum_{i=1}^{3} \beta^{3-i} g_i^2", rf"\sum_{{k \ge 1}} {_wrap(draw, a)}^k", f"{a}_{{{b}}}",
            rf"\binom{{{a}}}{{{b}}}", rf"\text{{{a}}}", rf"\mathrm{{{a}}}", rf"\hat{{{a}}}", rf"\mathcal{{L}}({a})",
            rf"\sqrt{{{a}}}^{{{b}}}", f"{a}^{{{b}}}", f"{a}^{{{b}^{power}}}", rf"\frac{{1}}{{{a}}} O(\eta^2)",
            rf"\left({a}\right)^{{-1}}", rf"\|{a}\|_1", f"⟨{a}, {b}⟩", f"‖{a}‖", f"√({a})", f"{a}·{b}", f"{a} − {b}",
        ]))

    return build()


expressions = st.recursive(_leaf(), _compound, max_leaves=6)


VECTOR_CLAIMS = [
    r"{m}({v} + {w}) = {m}{v} + {m}{w}", r"({v} - {w})^\top ({v} - {w}) = \|{v}\|^2 - 2{v}^\top {w} + \|{w}\|^2",
    r"\|{v} + {w}\|^2 \le 2\|{v}\|^2 + 2\|{w}\|^2", r"2\langle {v}, {w} \rangle \le \|{v}\|^2 + \|{w}\|^2",
    r"{v} - \eta \nabla f({v}) = {w}", r"\nabla_{v} ({v}^T {m} {v}) = ({m} + {m}^T) {v}", r"({m}{n})^\top = {n}^\top {m}^\top",
    r"{m}^{{-1}} {m} = I", r"\det({m}{n}) = \det({m})\det({n})", r"\operatorname{{tr}}({m}{n}) = \operatorname{{tr}}({n}{m})",
    r"{v}_{{t+1}} = {v}_t - \eta (H {v}_t - b)", r"\begin{{bmatrix}} 1 & 0 \\ 0 & 2 \end{{bmatrix}} {v} = {v}",
    r"e^{{-t{m}}} {v} = {v}", r"{m} \succ 0", r"|{m}| = \det {m}", r"{v} = \mathbf{{0}}", r"{v}^\top {m} {v} \ge 0",
    r"\|{m} {v}\| \le \|{m}\| \|{v}\|", r"\sum_{{i=1}}^{{n}} {v}_i {w}_i = {v}^\top {w}", r"\sum_i {v}_i^2 = \|{v}\|^2",
    r"f({w}) \ge f({v}) + \nabla f({v})^\top ({w} - {v})", r"f({w}) \le f({v}) + \langle \nabla f({v}), {w} - {v} \rangle + "
    r"\frac{{L}}{{2}}\|{w} - {v}\|^2", r"\nabla^2 f({v}) = {m}", r"{v} \cdot {w} = {w} \cdot {v}", r"{v} \times {w} = 0",
]


@st.composite
def vector_claims(draw) -> str:
    """A claim about vectors and matrices (identities, norms, updates, concrete matrices)."""
    names = {"v": draw(st.sampled_from(VECTORS)), "w": draw(st.sampled_from(VECTORS)),
             "m": draw(st.sampled_from(MATRICES)), "n": draw(st.sampled_from(MATRICES))}
    return draw(st.sampled_from(VECTOR_CLAIMS)).format(**names)


@st.composite
def user_claims(draw) -> str:
    """A claim ``lhs REL rhs`` or a chain ``a = b \\le c``, optionally with spacing, text and a remainder."""
    if draw(st.integers(0, 5)) == 0:
        return draw(vector_claims())
    parts = [draw(expressions)]
    links = draw(st.integers(1, 3))
    for i in range(links):
        rel = draw(st.sampled_from(RELATIONS if i == 0 else CHAIN_RELATIONS))
        parts += [rel, draw(expressions)]
    text = " ".join(parts)
    extra = draw(st.sampled_from(["", "", "", "order", "text", "dollars", "align", "comma", "spaces"]))
    if extra == "order":
        text += rf" + O(\eta^{draw(st.integers(1, 4))})"
    elif extra == "text":
        text += rf" \quad \text{{for all }} {draw(names())}"
    elif extra == "dollars":
        text = f"${text}$"
    elif extra == "align":
        text = r"\begin{align} " + text.replace("=", "&=", 1) + r" \end{align}"
    elif extra == "comma":
        text += ","
    elif extra == "spaces":
        text = r"\; " + text + r" \,."
    return text


@st.composite
def identities(draw) -> str:
    """A true claim built from any expression X of the grammar (X = X, X + 0 = X, 2 X = X + X, X \\le X, ...), in
    the spacing, delimiters and decorations users add: it may be refused or undecided, never refuted.  (Not with
    a remainder O(..) inside X: O(\\eta^2) - O(\\eta^2) = 0 is false, two remainders are two unknown functions.)"""
    x = draw(expressions.filter(lambda e: "O(" not in e))
    sp = draw(st.sampled_from(SPACES))
    form = draw(st.sampled_from(["{x} = {x}", "{x} + 0 = {x}", "2({x}) = ({x}) + ({x})", "{x} \\le {x}",
                                 "{x} \\ge {x}", "\\left({x}\\right) = ({x})", "({x}) - ({x}) = 0",
                                 "{x} = {x} = {x}", "1 \\cdot ({x}) = {x}", "{{{x}}} = {x}"]))
    claim = form.replace("{x}", x).replace("=", sp + "=" + sp, 1)
    return draw(st.sampled_from(["{}", "${}$", "{},", "{}.", "\\; {} \\;", "\\begin{{align}} {} \\end{{align}}",
                                 "\\[ {} \\]", "\\displaystyle {}"])).format(claim)


MUTATIONS = ["drop_brace", "drop_right", "stray", "double_op", "empty_group", "huge_exponent", "deep", "long",
             "drop_char", "insert", "unbalanced_left", "truncate"]
STRAYS = ["&", r"\\", "$", "$$", "{", "}", "^", "_", r"\left(", r"\right)", r"\frac", r"\sqrt", "|", r"\|", "%",
          "#", "'", "!", "{}", r"\begin{align}", r"\end{align}", "\n", "\x00", "\u200b", r"\foo", "∀"]


@st.composite
def mutated(draw, base: st.SearchStrategy[str] | None = None) -> str:
    """A user claim with one to three random mutations."""
    text = draw(base if base is not None else user_claims())
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(MUTATIONS))
        i = draw(st.integers(0, max(len(text), 1)))
        if kind == "drop_brace" and ("{" in text or "}" in text):
            ch = draw(st.sampled_from([c for c in "{}" if c in text]))
            j = draw(st.sampled_from([k for k, c in enumerate(text) if c == ch]))
            text = text[:j] + text[j + 1:]
        elif kind == "drop_right" and r"\right" in text:
            text = text.replace(r"\right)", "", 1)
        elif kind == "unbalanced_left":
            text = text[:i] + r"\left(" + text[i:]
        elif kind == "stray":
            text = text[:i] + draw(st.sampled_from(STRAYS)) + text[i:]
        elif kind == "double_op":
            op = draw(st.sampled_from(["+", "-", "=", r"\le", "^", "_", "/", r"\cdot"]))
            text = text.replace(op, op + op, 1) if op in text else text[:i] + op + op + text[i:]
        elif kind == "empty_group":
            text = text[:i] + draw(st.sampled_from(["{}", "()", r"\frac{}{}", r"\sqrt{}", "^{}", "_{}", r"\|\|",
                                                    r"\left(\right)"])) + text[i:]
        elif kind == "huge_exponent":
            text = text[:i] + draw(st.sampled_from(["x^{10^{9}}", "2^{2^{2^{2^{10}}}}", "1000!", "10^{10^{10}}",
                                                    r"e^{e^{e^{x}}}", r"\sqrt{\sqrt{\sqrt{\sqrt{x+1}+1}+1}+1}",
                                                    r"\sum_{i=1}^{10^{6}} i", "(x+y+z)^{200}", "x^{-10^{9}}",
                                                    "0.000000000000000001", "9" * 400])) + text[i:]
        elif kind == "deep":
            depth = draw(st.integers(20, 400))
            opener, closer = draw(st.sampled_from([("(", ")"), ("{", "}"), (r"\left(", r"\right)"),
                                                   (r"\sqrt{", "}"), (r"\frac{1}{", "}"), ("e^{", "}")]))
            text = opener * depth + text + closer * draw(st.sampled_from([depth, depth - 1, 0]))
        elif kind == "long":
            n = draw(st.integers(100, 3000))
            text = text + " + x" * n + (" + " + text) * draw(st.integers(0, 3))
        elif kind == "drop_char" and text:
            j = min(i, len(text) - 1)
            text = text[:j] + text[j + 1:]
        elif kind == "insert":
            text = text[:i] + draw(st.text(max_size=3)) + text[i:]
        elif kind == "truncate":
            text = text[:i]
    return text


claims = st.one_of(user_claims(), user_claims(), mutated())

ASSUMPTIONS = ["eta>0", r"\eta > 0", "lambda > 0", "mu>0", r"0 < \mu \le L", r"0 < \eta \le 1/L", r"\theta \in [0,1]",
               r"t \in (0, 1]", "t integer", r"k \in \mathbb{N}", "a, b \\ge 0", r"x, y \in \mathbb{R}^d",
               r"A \succ 0", "lambda_min > 0", "beta_2 < 1", r"0 < \beta < 1", "x > 0", "L > 0", r"\eta = 1/L",
               "T positive", "etaL > 0", "logx > 0", "x > ", r"\frac{1}{ > 0", "a \\pm b > 0", "", "0 = 0",
               r"n \in \mathbb{N}", r"\sigma > 0", "x real", r"A = A^T", r"x \ne 0", "μ ≤ L", "η > 0"]
VECTOR_DECLS = ["x,y,g,d,v,w,x^*,x_s,theta_0,x_t", "x", "x,y", "g", "x_s,theta_0,x^*", "v,w", "d", r"\theta", "x,", ",", "1x", "θ", "I", "x y"]
MATRIX_DECLS = ["A,H,P", "A", "H", "A,B", "P", "I", "", "A_1"]
FUNCTION_DECLS = ["g", "h", "sigma", "prox", "ReLU", "p", "1"]
ORDERS = ["eta:2", "eta:3", "t:1", r"\eta:2", "eta", "eta:-1", "eta:99999999", ":", "x:0"]


_NAME = re.compile(r"\\(?:eta|lambda|mu|beta|alpha|theta|sigma|epsilon|gamma|rho|kappa|delta|tau|omega)(?:_\w)?|"
                   r"(?<![\\a-zA-Z])[a-zA-Z](?:_\w)?(?![a-zA-Z{])")
HYPOTHESES = ["{} > 0", "{} \\ge 0", "0 < {} < 1", "0 < {} \\le L", "{} \\in [0, 1]", "{} integer", "{} \\in \\mathbb{{N}}",
              "{} \\ne 0", "{} < 0", "{} = 1/L", "{} positive", "{} \\le 1", "{} \\in (0, 1]", "{} \\in \\mathbb{{R}}^d"]


@st.composite
def declarations(draw, claim: str = "") -> list[str]:
    """Random ``symgd check`` options (assumptions, vectors, matrices, functions, order); most assumptions are
    about names of the claim, some are the words and slips users type."""
    args: list[str] = []
    names_in_claim = sorted(set(_NAME.findall(claim)))
    for _ in range(draw(st.integers(0, 3))):
        if names_in_claim and draw(st.integers(0, 3)):
            hyp = draw(st.sampled_from(HYPOTHESES)).format(draw(st.sampled_from(names_in_claim)))
        else:
            hyp = draw(st.sampled_from(ASSUMPTIONS))
        args += ["--assume", hyp]
    if draw(st.integers(0, 3)) == 0:
        args += ["--vector", draw(st.sampled_from(VECTOR_DECLS))]
    if draw(st.integers(0, 4)) == 0:
        args += [draw(st.sampled_from(["--matrix", "--symmetric", "--pd"])), draw(st.sampled_from(MATRIX_DECLS))]
    if draw(st.integers(0, 5)) == 0:
        args += ["--function", draw(st.sampled_from(FUNCTION_DECLS))]
    if draw(st.integers(0, 6)) == 0:
        args += ["--order", draw(st.sampled_from(ORDERS))]
    return args


def argv_for(claim: str, options: list[str], timeout: float) -> list[str]:
    """The argv of ``symgd check`` for a claim (after ``--`` so that it may start with a minus sign)."""
    return ["check", "--timeout", str(timeout), *options, "--", claim]


PROSE = ["Let $f$ be $L$-smooth and convex.", "Assume $\\eta > 0$ and $0 < \\mu \\le L$.", "Then we have",
         "Hence, by the descent lemma,", "It follows that", "We define", "Suppose that $x \\in \\mathbb{R}^d$.",
         "where $\\eta$ is the step size.", "# Convergence", "## Momentum", "Proof.", "Clearly", "so that",
         "For all $t \\ge 0$,", "Note that $\\|x\\|^2 \\ge 0$.", "Let $g_t = \\nabla f(x_t)$.", "", "---",
         "* a list item with $a + b$", "> a quote", "```\ncode $$ not math $$\n```", "<!-- comment -->"]


@st.composite
def documents(draw) -> str:
    """A Markdown/LaTeX document: random paragraphs and displays ($$, \\[ \\], align, equation, inline)."""
    blocks = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["prose", "prose", "dollars", "brackets", "align", "equation", "inline",
                                     "broken"]))
        claim = draw(claims)
        if kind == "prose":
            blocks.append(" ".join(draw(st.lists(st.sampled_from(PROSE), min_size=1, max_size=4))))
        elif kind == "dollars":
            blocks.append(f"$$\n{claim}\n$$")
        elif kind == "brackets":
            blocks.append(f"\\[ {claim} \\]")
        elif kind == "align":
            blocks.append("\\begin{align}\n" + claim.replace("=", "&=", 1) + " \\\\\n&= " + draw(expressions)
                          + "\n\\end{align}")
        elif kind == "equation":
            blocks.append(f"\\begin{{equation}}\\label{{eq:{len(blocks)}}}\n{claim}\n\\end{{equation}}")
        elif kind == "inline":
            blocks.append(f"{draw(st.sampled_from(PROSE))} ${claim}$ {draw(st.sampled_from(PROSE))}")
        else:
            blocks.append(draw(st.sampled_from(["$$ x = ", "\\[", "\\begin{align} a &= b", "$", "$$$$", "\\end{align}"])))
    return "\n\n".join(blocks)
