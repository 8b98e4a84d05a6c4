"""Unicode math as pasted from PDFs and web pages (symgd.latex.unicode): each input reads as exactly the same
SymPy claim as its LaTeX spelling, on every route (the claim, --assume, declared names); inputs with two
readings are refused with a one-line suggestion, and positions point into the text the user wrote."""

from __future__ import annotations

import pytest

from symgd import BadInput, Status, check
from symgd.core.declarations import Declarations
from symgd.latex.problem import parse_assumptions, parse_problem
from symgd.latex.tokens import tokenize
from symgd.latex.unicode import to_latex

# (Unicode, LaTeX, declarations): both must give the same claims and context
SAME = [
    ("‖x + y‖² ≤ 2‖x‖² + 2‖y‖²", r"\|x + y\|^2 \le 2\|x\|^2 + 2\|y\|^2", {"vectors": ["x,y"]}),
    ("⟨x, y⟩ ≤ ‖x‖‖y‖", r"\langle x, y \rangle \le \|x\| \|y\|", {"vectors": ["x,y"]}),
    ("∥x∥₂ = ∥x∥", r"\|x\|_2 = \|x\|", {"vectors": ["x"]}),
    ("√(ab) ≤ (a + b)/2", r"\sqrt{ab} \le (a + b)/2", {}),
    ("√2 ≥ 1", r"\sqrt{2} \ge 1", {}),
    ("√η · L > 0", r"\sqrt{\eta} \cdot L > 0", {}),
    ("∛x = x", r"\sqrt[3]{x} = x", {}),
    ("a ≠ b", r"a \ne b", {}),  # refused in a claim either way (compared below)
    ("(1 − ηλ)² = 1 − 2ηλ + η²λ²", r"(1 - \eta\lambda)^2 = 1 - 2\eta\lambda + \eta^2\lambda^2", {}),
    ("a × b · c = abc", r"a \times b \cdot c = abc", {}),
    ("x³ + x⁻¹ = xᵏ⁺¹", r"x^3 + x^{-1} = x^{k+1}", {}),
    ("xₜ₊₁ = xₜ − η∇f(xₜ)", r"x_{t+1} = x_t - \eta \nabla f(x_t)", {}),
    ("β₁ + β₂ = x₁₀", r"\beta_1 + \beta_2 = x_{10}", {}),
    ("θ η μ λ β ε σ α γ δ ρ τ φ ψ ω = 0", r"\theta \eta \mu \lambda \beta \epsilon \sigma \alpha \gamma \delta \rho "
     r"\tau \phi \psi \omega = 0", {"functions": []}),
    ("Δ + Σ + Γ + Ω = 0", r"\Delta + \Sigma + \Gamma + \Omega = 0", {}),
    ("µ = μ", r"\mu = \mu", {}),  # the micro sign is mu
    ("∑ᵢ₌₁³ βᵢ = 1", r"\sum_{i=1}^{3} \beta_i = 1", {}),
    ("∑_{k=0}^{∞} qᵏ = 1/(1 − q)", r"\sum_{k=0}^{\infty} q^k = \frac{1}{1 - q}", {"assume": ["0 < q < 1"]}),
    ("∏_{j=1}^{3} j = 6", r"\prod_{j=1}^{3} j = 6", {}),
    ("∫_0^1 t² dt = ⅓", r"\int_0^1 t^2 \, dt = \frac{1}{3}", {}),
    ("½‖x‖² = ¼ ⋅ 2 xᵀx", r"\frac{1}{2}\|x\|^2 = \frac{1}{4} \cdot 2 x^T x", {"vectors": ["x"]}),
    ("x⊤Ay = yᵀAᵀx", r"x^\top A y = y^T A^T x", {"vectors": ["x,y"], "matrices": ["A"]}),
    ("x^⊤y + (Ax)^{⊤}y = 0", r"x^\top y + (A x)^{\top} y = 0", {"vectors": ["x,y"], "matrices": ["A"]}),
    ("𝐱ᵀ𝐲 = 𝐲ᵀ𝐱", r"\mathbf{x}^\top \mathbf{y} = \mathbf{y}^\top \mathbf{x}", {}),
    ("𝑥 + 𝜃 = 𝛉", r"x + \theta = \boldsymbol{\theta}", {"vectors": []}),
    ("x̂ + θ̄ₜ = ŷ", r"\hat{x} + \bar{\theta}_t = \hat{y}", {}),
    ("f′(x) = f″(x)", r"f'(x) = f''(x)", {}),
    ("ℓ(x) = 𝔼[x]", r"\ell(x) = \mathbb{E}[x]", {}),
    ("η\u00a0L\u2009=\u202fLη", r"\eta L = L \eta", {}),  # the spaces of PDF text
    ("(1 − β₂)∑ᵢ₌₁³ β₂³⁻ⁱ gᵢ²", r"(1-\beta_2)\sum_{i=1}^{3}\beta_2^{3-i}g_i^2", {}),
    ("（x＋1）² ＝ x² ＋ 2x ＋ 1", r"(x + 1)^2 = x^2 + 2x + 1", {}),  # fullwidth forms
    ("‖x − x⋆‖² + f∗", r"\|x - x^\star\|^2 + f^*", {}),  # a star written onto a name and ending it: its superscript
    ("xₖ⋆ − f(x⋆)", r"x_k^\star - f(x^\star)", {}),
    ("x∗ = 0", r"x^* = 0", {"vectors": ["x"]}),  # nothing follows the star to multiply: x's superscript
    ("f∗ \\le f(x⋆) − 1", r"f^* \le f(x^\star) - 1", {}),
]

ASSUMED = [  # the same assumptions in Unicode and in LaTeX: same notation, hypotheses and definitions
    (["θ ∈ [0, 1]"], [r"\theta \in [0, 1]"]),
    (["0 < β₂ < 1", "t ∈ ℕ"], [r"0 < \beta_2 < 1", r"t \in \mathbb{N}"]),
    (["x, y ∈ ℝⁿ"], [r"x, y \in \mathbb{R}^n"]),
    (["a, b ≥ 0", "η = 1/L", "μ ≤ L"], [r"a, b \ge 0", r"\eta = 1/L", r"\mu \le L"]),
    (["P ≻ 0"], [r"P \succ 0"]),
]

REFUSED = [
    ("√ab = 1", r"√ab.*ambiguous.*√\(\.\.\.\)"),
    ("√2x = 1", r"ambiguous.*root of what"),
    ("√x² = x", r"ambiguous"),
    ("√(a)(b) = 1", r"ambiguous"),
    ("a∗b = 1", r"star.*x\^\*"),  # between two operands: a star or a product
    ("a ⋆ b = 1", r"star.*x\^\\star"),
    ("a∗ b = a b", r"star.*x\^\*"),  # a spaced star before an operand: a^* b (false) or the product a b (true)
    ("a⋆ \\alpha = 1", r"star.*x\^\\star"),
    ("a∗ (b + 1) = 1", r"star.*x\^\*"),
    ("a – b = 0", r"dash.*minus"),
    ("x ∀ y = 0", r"unexpected character '∀' \(for all\)"),
    ("2½ = 1", r"number before a numeric fraction"),
    ("a ≈ b", r"cannot be checked"),
    ("a ⇒ b", r"cannot be checked"),
    ("a ⟺ b", r"cannot be checked"),
    ("\u0302x = 1", r"combining accent.*follows no letter"),
    ("Α = 1", r"greek capital letter alpha"),
    ("Σᵢ₌₁ⁿ xᵢ² = 1", r"a range belongs to \\sum"),  # the letter Sigma for the summation sign  # a capital Greek that looks like a Latin letter
    # a number touching a name or bracket: x^2 or x_2 copied from a PDF lost its height
    ("‖x + y‖2 ≤ 2‖x‖2 + 2‖y‖2", r"'\\\|2' is ambiguous \(a power or an index"),
    ("x2 + y2 = 1", r"'x2' is ambiguous"),
    ("η2 = 1", r"'\\eta2' is ambiguous"),
    ("(a + b)2 = 1", r"'\)2' is ambiguous"),
]


def _read(latex: str, decl: dict):
    try:
        p = parse_problem(latex, **decl)
    except BadInput as exc:
        return ("refused", str(exc).split(" (at position")[0])
    return ([str(c) for _, c in p.links], [(c.lhs, c.rel, c.rhs) for _, c in p.links], p.context)


@pytest.mark.parametrize(("uni", "latex", "decl"), SAME, ids=[s for s, _, _ in SAME])
def test_unicode_reads_as_its_latex_spelling(uni, latex, decl):
    if "=" not in uni and "≤" not in uni and "≥" not in uni and "≠" not in uni:
        uni, latex = uni + " = 0", latex + " = 0"
    assert _read(uni, decl) == _read(latex, decl)


@pytest.mark.parametrize(("uni", "latex"), ASSUMED)
def test_unicode_assumptions_read_as_latex(uni, latex):
    a = parse_assumptions(Declarations.of(assume=uni))
    b = parse_assumptions(Declarations.of(assume=latex))
    assert (a[0].flags, a[0].vectors, a[0].symmetric, a[1], a[2]) == (b[0].flags, b[0].vectors, b[0].symmetric,
                                                                       b[1], b[2])


def test_unicode_declared_names():
    a = parse_problem("θ₀ᵀθ₀ = ‖θ₀‖²", vectors=["θ₀"])
    b = parse_problem(r"\theta_0^T \theta_0 = \|\theta_0\|^2", vectors=[r"\theta_0"])
    assert [c for _, c in a.links] == [c for _, c in b.links]


@pytest.mark.parametrize(("text", "message"), REFUSED, ids=[t for t, _ in REFUSED])
def test_unicode_refusals(text, message):
    with pytest.raises(BadInput, match=message):
        parse_problem(text)


def test_positions_point_into_the_users_text():
    text = "‖x‖² ≤ y⁻¹ + $"
    with pytest.raises(BadInput, match=r"at position 13"):
        tokenize(text)
    latex, where = to_latex(text)
    assert len(where) == len(latex) and all(text[w] in "‖x²≤ y⁻¹+$" for w in where)
    toks = tokenize("ηx ≤ √(ab)")
    assert [t.pos for t in toks if t.kind == "letter"] == [1, 7, 8]


def test_numbers_written_apart_stay_products():
    """Only a number touching a name is refused: ``2x``, ``x \\cdot 2``, ``x^23`` (x^2 times 3, as LaTeX reads it)."""
    for text in ("2x = 1", r"x \cdot 2 = 1", "x^23 = 1", r"\frac12 x = 1", "x²2 = 1"):
        parse_problem(text)


def test_ascii_is_untouched():
    text = r"\frac{1}{2}\|x\|^2 \le \eta L"
    assert to_latex(text) == (text, list(range(len(text))))


def test_decided_as_written():
    """The outside corpus' pasted claims, decided (not just read); the false look-alike is refuted."""
    assert check("‖x + y‖² ≤ 2‖x‖² + 2‖y‖²", vectors=["x,y"]).status is Status.PROVED
    assert check("√(ab) ≤ (a + b)/2", assume=["a ≥ 0", "b ≥ 0"]).status is Status.PROVED
    assert check("√(ab) ≥ (a + b)/2", assume=["a ≥ 0", "b ≥ 0"]).status is Status.REFUTED


_TO_UNICODE = [  # LaTeX -> the Unicode a PDF or a web page shows (the inverse of symgd.latex.unicode's tables)
    (r"\\(alpha|beta|gamma|delta|epsilon|eta|theta|lambda|mu|sigma|rho|tau|psi|omega|kappa|xi|Delta|Sigma)(?![A-Za-z])",
     lambda m: "αβγδεηθλμσρτψωκξΔΣ"[["alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu",
                                    "sigma", "rho", "tau", "psi", "omega", "kappa", "xi", "Delta", "Sigma"]
                                   .index(m.group(1))] + " "),
    (r"\\(le|leq)(?![A-Za-z])", "≤"), (r"\\(ge|geq)(?![A-Za-z])", "≥"), (r"\\cdot(?![A-Za-z])", "·"),
    (r"\\langle(?![A-Za-z])", "⟨"), (r"\\rangle(?![A-Za-z])", "⟩"), (r"\\\|", "‖"), (r"\\nabla(?![A-Za-z])", "∇"),
    (r"\\infty(?![A-Za-z])", "∞"), (r"(?<![\\^_{])-", "−"),
    (r"\^2(?![0-9])", "²"), (r"\^\{2\}", "²"), (r"\^\{-1\}", "⁻¹"), (r"_([0-9])(?![0-9])", lambda m: "₀₁₂₃₄₅₆₇₈₉"[int(m[1])]),
]


def _unicode(latex: str) -> str:
    import re

    for pattern, repl in _TO_UNICODE:
        latex = re.sub(pattern, repl, latex)
    return latex


def test_corpus_claims_pasted_as_unicode_read_the_same():
    """The soundness corpus' true claims (the documents' notation), rewritten with Unicode characters as a PDF shows
    them, read as exactly the same claims (or are refused the same way)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from corpus_claims import TRUE

    changed = 0
    for latex, kw in TRUE:
        uni = _unicode(latex)
        changed += uni != latex
        assert _read(uni, kw) == _read(latex, kw), (latex, uni)
    assert changed >= 0.8 * len(TRUE)  # the rewrite touched most claims
