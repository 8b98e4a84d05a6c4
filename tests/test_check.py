"""`symgd.check`: the documents' notation is read as meant, verdicts are right, bad input is one line."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.check import check_file, parse_problem, split_claims
from symgd.latex.notation import DIM, Norm
from symgd.testing import assert_claim, assert_identity


def one(latex: str, **kw):
    """The single claim of ``latex`` (lhs, rel, rhs) and its context."""
    p = parse_problem(latex, **kw)
    assert len(p.links) == 1
    return p.links[0][1], p.context


def sym(name: str, **flags) -> sp.Symbol:
    return sp.Symbol(name, real=True, **flags)


# --------------------------------------------------------------------------- notation


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\gamma", sym(r"\gamma")),  # a symbol, not Euler's constant
        (r"\Gamma", sym(r"\Gamma")),
        (r"L", sym("L")),  # case is kept
        (r"\theta_0", sym(r"\theta_{0}")),
        (r"x_{t+1}", sym("x_{t+1}")),
        (r"x_{t + 1}", sym("x_{t+1}")),
        (r"\lambda_{\max}", sym(r"\lambda_{\max}")),
        (r"\beta_2^t", sym(r"\beta_{2}") ** sym("t")),
        (r"\hat{m}_t", sym(r"\hat{m}_{t}")),
        (r"x^*", sym("x^{*}")),
        (r"\alpha'", sym("\\alpha'")),
        (r"\pi", sp.pi),
        ("η λ", sym(r"\eta") * sym(r"\lambda")),  # unicode as in the seeds
        (r"\log x", sp.log(sym("x"))),  # natural log
        (r"\ln(x)", sp.log(sym("x"))),
        (r"e^{-\lambda t}", sp.exp(-sym(r"\lambda") * sym("t"))),
        (r"\frac{1}{2}\eta^2", sym(r"\eta") ** 2 / 2),
        (r"0.25", sp.Rational(1, 4)),
        (r"x^23", sym("x") ** 2 * 3),
        (r"ab", sym("a") * sym("b")),
        (r"x(1-x)", sym("x") * (1 - sym("x"))),
        (r"f(1-x)", sp.Function("f")(1 - sym("x"))),
        (r"\sqrt{x}", sp.sqrt(sym("x"))),
        (r"\sqrt[3]{x}", sym("x") ** sp.Rational(1, 3)),
        (r"\left( a + b \right)^2", (sym("a") + sym("b")) ** 2),
        (r"|x|", sp.Abs(sym("x"))),
        (r"\mathcal{L}(\theta)", sp.Function(r"\mathcal{L}")(sym(r"\theta"))),
        (r"\nabla f(x)", sp.Derivative(sp.Function("f")(sym("x")), sym("x"))),
        (r"f''(x)", sp.Derivative(sp.Function("f")(sym("x")), (sym("x"), 2))),
        (r"\frac{d}{dt} t^2", sp.Derivative(sym("t") ** 2, sym("t"))),
        (r"\frac{d\theta}{dt}", sp.Derivative(sp.Function(r"\theta")(sym("t")), sym("t"))),
        (r"\frac{d}{dt} t^2 t", sp.Derivative(sym("t") ** 3, sym("t"))),  # d/dt scopes over the product
        (r"\frac{d^{2}}{d x_{s}^{2}} x_s", sp.Derivative(sym("x_{s}"), (sym("x_{s}"), 2))),
        (r"\sum_{j=1}^{t} \beta^j", sp.Sum(sym(r"\beta") ** sp.Symbol("j", integer=True),
                                           (sp.Symbol("j", integer=True), 1, sym("t")))),
        (r"L(a, b)", sp.Function("L")(sym("a"), sym("b"))),  # a comma makes it an application
        (r"D{\left(p \right)}", sp.Function("D")(sym("p"))),  # as SymPy prints applications
        (r"\pi_1", sym(r"\pi_{1}")),
        (r"\left. t^2 \right|_{t=3}", sp.Subs(sym("t") ** 2, sym("t"), 3)),
        (r"\left. t^2 \right|_{\substack{ t=a+1 }}", sp.Subs(sym("t") ** 2, sym("t"), sym("a") + 1)),
        (r"\left. t \right)", sym("t")),
        (r"\int_0^1 t^2 \, dt", sp.Integral(sym("t") ** 2, (sym("t"), 0, 1))),
        (r"\int_{-\infty}^{\infty} e^{-t^2} dt", sp.Integral(sp.exp(-sym("t") ** 2), (sym("t"), -sp.oo, sp.oo))),
        (r"\sigma^{2}_{t}", sym(r"\sigma_{t}") ** 2),  # as SymPy prints sigma_t^2
        (r"x^{\prime}", sym("x'")),  # TeX's x' is x^{\prime}: one name (found by the oracle tests)
        (r"\sin 2x", sp.sin(2 * sym("x"))),  # ISO 80000-2: the argument is the product 2x
        (r"\sin 2\pi t", sp.sin(2 * sp.pi * sym("t"))),
        (r"\sin x \cos x", sp.sin(sym("x")) * sp.cos(sym("x"))),  # stops at the next function
        (r"\log x \cdot y", sp.log(sym("x")) * sym("y")),  # and at an explicit product
        (r"\log x f(y)", sp.log(sym("x")) * sp.Function("f")(sym("y"))),  # and at an application
        (r"e^{(8)}", sp.exp(8)),  # e is Euler's number, never an iterate e^{(k)} (found by the oracle tests)
        (r"x^{(k)}", sym("x^{(k)}")),  # an iterate label: a simple index in parentheses
        (r"x^{(\cos u)}", sym("x") ** sp.cos(sym("u"))),  # anything else in parentheses is an exponent
    ],
)
def test_notation_scalars(latex: str, expected: sp.Expr) -> None:
    claim, _ = one(f"{latex} = 0")
    assert claim.lhs == expected


def test_vectors_matrices_and_products_keep_their_order() -> None:
    claim, ctx = one(r"x^T H y = 0", vectors=["x,y"], matrices=["H"])
    x, y, h = sp.MatrixSymbol("x", DIM, 1), sp.MatrixSymbol("y", DIM, 1), sp.MatrixSymbol("H", DIM, DIM)
    assert claim.lhs == x.T * h * y
    claim, ctx = one(r"x^\top H x = 0", vectors=["x"], symmetric=["H"])
    assert claim.lhs == x.T * h * x and h in ctx.symmetric
    claim, _ = one(r"\langle a, b \rangle = \|a\|_2^2")  # inferred vectors
    a, b = sp.MatrixSymbol("a", DIM, 1), sp.MatrixSymbol("b", DIM, 1)
    assert claim.lhs == a.T * b and claim.rhs == a.T * a
    claim, _ = one(r"\|x_t\| = 0", vectors=["x"])
    assert claim.lhs == Norm(sp.MatrixSymbol("x_{t}", DIM, 1))


def test_superscript_t_is_a_transpose_unless_t_is_an_assumed_scalar() -> None:
    kappa, t = sym(r"\kappa"), sp.Symbol("T", real=True, integer=True, nonnegative=True)
    claim, _ = one(r"\left(1 - \frac{1}{\kappa}\right)^{T} = 1", assume=[r"T \in \mathbb{N}"])
    assert claim.lhs == (1 - 1 / kappa) ** t  # a rate over T steps, not a transposed scalar
    claim, _ = one(r"1 - \beta_1^T = 0", assume=["T > 0"])
    assert claim.lhs == 1 - sym(r"\beta_{1}") ** sp.Symbol("T", positive=True)
    with pytest.raises(BadInput, match="ambiguous"):  # T not assumed: a transpose would drop the power
        one(r"\left(1 - \frac{1}{\kappa}\right)^{T} = 1")
    x = sp.MatrixSymbol("x", DIM, 1)
    claim, _ = one(r"x^T = x^\top", assume=["T > 0"], vectors=["x"])  # a vector's ^T stays a transpose
    assert claim.lhs == claim.rhs == x.T
    assert check(r"\left(1 - \frac{1}{\kappa}\right)^{T} = 1 - \frac{1}{\kappa}",
                 assume=[r"T \in \mathbb{N}", r"\kappa > 1"]).status is Status.REFUTED


def test_assumptions_become_symbol_flags_hypotheses_and_substitutions() -> None:
    claim, ctx = one(r"1 - \beta_2^t \le 1", assume=[r"0 < \beta_2 < 1", r"t \in \mathbb{N}"])
    beta = next(s for s in claim.free_symbols() if s.name == r"\beta_{2}")
    t = next(s for s in claim.free_symbols() if s.name == "t")
    assert beta.is_positive and t.is_integer and t.is_nonnegative
    assert ctx.hypotheses == (sp.Lt(beta, 1),)
    claim, _ = one(r"\eta + L = 1", assume=[r"\eta = 1/L", "L > 0"])
    assert claim.lhs.free_symbols == {sp.Symbol("L", real=True, positive=True)}
    claim, _ = one(r"x = y", assume=[r"x, y \in \mathbb{R}^d"])  # d names the size: a positive integer
    assert claim.lhs == sp.MatrixSymbol("x", sp.Symbol("d", integer=True, positive=True), 1)
    claim, _ = one(r"\|x\|^2 \le d", assume=[r"x \in \mathbb{R}^d"])
    d = sp.Symbol("d", integer=True, positive=True)
    assert claim.rhs == d * sp.Identity(1) and next(iter(claim.lhs.atoms(sp.MatrixSymbol))).shape[0] == d


def test_remainders_and_order_option() -> None:
    claim, _ = one(r"e^{-\lambda\eta} = 1 - \lambda\eta + O(\eta^2)")
    assert claim.rel.value == "=+O" and claim.order == (sym(r"\eta"), 2)
    claim, _ = one(r"\theta_0 = (1 + O(\eta^3))\theta_0")  # a remainder on the left needs one on the right
    assert claim.order[1] == 3 and claim.rhs == sym(r"\theta_{0}")
    claim, _ = one(r"e^{\eta} = 1 + \eta", order=r"\eta:2")
    assert claim.order == (sym(r"\eta"), 2)
    claim, _ = one(r"\frac{1}{1-\beta_2} = 1", order="beta_2:1")  # names as typed in a shell
    assert claim.order == (sym(r"\beta_{2}"), 1)
    with pytest.raises(BadInput, match="additive term"):
        parse_problem(r"x = \frac{O(\eta^3)}{\eta}")
    with pytest.raises(BadInput, match="additive term"):
        parse_problem(r"x = e^{O(\eta)}")


# --------------------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    ("latex", "kw", "status"),
    [
        (r"(1-\eta\lambda)^2 = 1 - 2\eta\lambda + \eta^2\lambda^2", {}, Status.PROVED),
        (r"(1-\eta\lambda)^2 = 1 - 2\eta\lambda + 2\eta^2\lambda^2", {}, Status.REFUTED),
        (r"e^{-\lambda\eta} = 1 - \lambda\eta + \frac{\lambda^2\eta^2}{2} + O(\eta^3)", {}, Status.PROVED),
        (r"e^{-\lambda\eta} = 1 - \lambda\eta + \frac{\lambda^2\eta^2}{3} + O(\eta^3)", {}, Status.REFUTED),
        (r"\|x - y\|^2 = \|x\|^2 - 2\langle x, y\rangle + \|y\|^2", {}, Status.PROVED),
        (r"\|x - y\|^2 = \|x\|^2 - \langle x, y\rangle + \|y\|^2", {}, Status.REFUTED),
        (r"x^T H y = y^T H x", {"vectors": ["x,y"], "symmetric": ["H"]}, Status.PROVED),
        (r"x^T H y = y^T H x", {"vectors": ["x,y"], "matrices": ["H"]}, Status.REFUTED),
        (r"\eta L \le 1", {"assume": [r"\eta \le 1/L", "L > 0", r"\eta > 0"]}, Status.PROVED),
        (r"\eta L \le 1", {"assume": ["L > 0", r"\eta > 0"]}, Status.REFUTED),
        (r"\alpha' = \alpha", {}, Status.REFUTED),  # the prime is not dropped
        (r"x' = x^{\prime}", {}, Status.PROVED),  # the same name, two spellings
        (r"\sin 2x = 2 \sin x \cos x", {}, Status.PROVED),
        (r"\gamma = 0.5772156649015329", {}, Status.REFUTED),  # \gamma is not Euler's constant
        (r"\log(x y) = \log x + \log y", {"assume": ["x > 0", "y > 0"]}, Status.PROVED),
        (r"\log(100) = 2", {}, Status.REFUTED),  # natural log, not base 10
        (r"f(x - \eta f'(x)) = f(x) - \eta f'(x)^2 + O(\eta^2)", {}, Status.PROVED),
        (r"f(x - \eta f'(x)) = f(x) - \eta f'(x)^2 + O(\eta^3)", {}, Status.REFUTED),
        (r"\frac{d}{dt} e^{-\lambda t} = -\lambda e^{-\lambda t}", {}, Status.PROVED),
        (r"\mathbb{E}[X] = \mathbb{E}[X]", {}, Status.PROVED),
        (r"(1-\beta)\sum_{j=1}^{t} \beta^{t-j} \mu = \mu(1 - \beta^t)", {"assume": [r"0<\beta<1", r"t \in \mathbb{N}"]},
         Status.PROVED),
        (r"(1-\beta)\sum_{j=1}^{t} \beta^{t-j} \mu = \mu(1 - \beta^{t+1})", {"assume": [r"0<\beta<1", r"t \in \mathbb{N}"]},
         Status.REFUTED),
        (r"\left. \frac{d}{dt} e^{-\lambda t}\theta_0 \right|_{t=0} = -\lambda\theta_0", {}, Status.PROVED),
        (r"\left. \frac{d}{dt} e^{-\lambda t}\theta_0 \right|_{t=0} = \lambda\theta_0", {}, Status.REFUTED),
        (r"\int_{0}^{1} (1 - u)^{2 T} du = \frac{1}{2 T + 1}", {"assume": [r"T \in \mathbb{N}"]}, Status.PROVED),
        (r"\int_{0}^{1} (1 - u)^{2 T} du = \frac{1}{2 T}", {"assume": [r"T \in \mathbb{N}", "T > 0"]}, Status.REFUTED),
        (r"\int_0^1 \int_0^1 x y \, dx \, dy = \frac14", {}, Status.PROVED),
        # (1 - eta) g^T g >= 0: a nonnegative coefficient times a Gram form (was undecided before 1x1 forms)
        (r"\|g\|^2 \eta \le \|g\|^2", {"assume": [r"\eta \le 1", r"\|g\|^2 \ge 0"]}, Status.PROVED),
        (r"\|g\|^2 \eta \le \|g\|^2", {"assume": [r"\eta \le 2"]}, Status.REFUTED),  # eta = 2, g != 0
        (r"x^T x \ge 0", {"vectors": ["x"]}, Status.PROVED),
        (r"\|x - y\|^2 \ge 0", {}, Status.PROVED),
        (r"\langle x, x\rangle \ge 0", {}, Status.PROVED),
        (r"\eta (1 - L\eta/2) g^T g \ge 0", {"assume": [r"0 < \eta \le 1/L", "L > 0"], "vectors": ["g"]}, Status.PROVED),
        (r"f(x) - \eta g^T g \le f(x)", {"assume": [r"\eta > 0"], "vectors": ["x,g"]}, Status.PROVED),
        (r"(x-y)^T H (x-y) \ge 0", {"vectors": ["x,y"], "symmetric": ["H"]}, Status.REFUTED),  # H only symmetric
        (r"x^T y \ge 0", {"vectors": ["x,y"]}, Status.REFUTED),
        (r"x^T x > 0", {"vectors": ["x"]}, Status.REFUTED),  # x = 0
        (r"\|x\|^2 + 1 > 0", {}, Status.PROVED),
        (r"h^2 > 0", {"assume": [r"h \ne 0"]}, Status.PROVED),
        (r"h^2 > 0", {}, Status.REFUTED),
    ],
)
def test_verdicts(latex: str, kw: dict, status: Status) -> None:
    assert check(latex, timeout=10, **kw).status is status


def test_chains_and_align_blocks_link_by_link() -> None:
    v = check(r"(a+b)^2 = a^2 + 2ab + b^2 \ge 4ab")
    assert v.proved and "every link proved" in v.method
    v = check(r"(a+b)^2 = a^2 + 2ab + b^2 \ge 3ab + b^2")  # a^2 >= ab is false
    assert v.refuted and "link 2 of 2" in v.method
    block = r"""\begin{aligned} \theta_{1} &= \theta_0 - \eta (\lambda\theta_0) \\ &= (1 - \eta \lambda)\theta_0.
    \end{aligned}"""
    v = check(block, assume=[r"\theta_1 = \theta_0 - \eta\lambda\theta_0"])
    assert v.proved and "every link proved" in v.method
    v = check(r"a = a = b")
    assert v.refuted and v.method.startswith("link 2 of 2")


def test_split_claims_lines_and_blocks() -> None:
    text = "a = a\n% a comment\n$b = b$\n\\[ c = c \\]\n\\begin{align} x &= y \\\\ &= z \\\\ u &= v \\end{align}\n"
    assert split_claims(text) == ["a = a", "b = b", "c = c", "x &= y &= z", "u &= v"]


def test_check_file_keeps_going_after_bad_input() -> None:
    items = check_file("a + b = b + a\nx = {\na = a + 1\n", timeout=5)
    assert [i.status for i in items] == ["proved", "bad input", "refuted"]
    assert "position" in items[1].error


# --------------------------------------------------------------------------- refutations are real


def test_counterexample_really_violates_the_claim() -> None:
    v = check(r"\frac{1}{1 - \beta} \le 1 + 2\beta", assume=[r"0 < \beta < 1"])
    assert v.refuted
    beta = sp.Rational(v.counterexample[r"\beta"])
    assert 0 < beta < 1 and 1 / (1 - beta) > 1 + 2 * beta


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("latex", "match"),
    [
        ("", "empty"),
        ("x = {", "position 5"),
        ("x = (y", "expected"),
        (r"\foo{x} = 1", r"unknown command \\foo"),
        (r"\operatorname{eval}(x) = 1", "not supported"),
        ("a + b", "needs a relation"),
        ("x = y \x00", "NUL"),
        ("x = \u2603", "unexpected character"),
        ("x" * 30000 + " = 1", "too long"),
        ("x = " + "(" * 300 + "x" + ")" * 300, "nested too deeply"),
        (r"\|x\|_p = 1", "Euclidean"),
        (r"\int x \, dx = 1", "definite integrals"),
        (r"\int_0^1 x = 1", "differential"),
        (r"\infty = 1", r"\\infty as a side"),
        (r"a \ne b", "cannot be checked"),
        (r"f'(f) = 1", "both as a function and as a variable"),
        (r"x_{t+1} := x_t", "defines"),
        (r"1/2L = 1", "ambiguous a/b c"),  # 1/(2L) or L/2: refused, not guessed (the oracle reads 1/(2L))
        (r"x^2 = 1", None),  # fine: a scalar
        ("x = 1", "contradictory"),  # with the assumptions below
    ],
)
def test_bad_input_is_one_line(latex: str, match: str | None) -> None:
    assume = ["x > 0", "x < 0"] if match == "contradictory" else []
    if match is None:
        parse_problem(latex)
        return
    with pytest.raises(BadInput, match=match) as err:
        parse_problem(latex, assume=assume)
    assert "\n" not in str(err.value)


def test_shapes_are_checked() -> None:
    with pytest.raises(BadInput, match="cannot add"):
        parse_problem("x + H = 0", vectors=["x"], matrices=["H"])
    with pytest.raises(BadInput, match="cannot multiply"):
        parse_problem("x y = 0", vectors=["x", "y"])
    with pytest.raises(BadInput, match="inequality between vectors"):
        parse_problem(r"x \le y", vectors=["x", "y"])


# --------------------------------------------------------------------------- pytest helpers


def test_assert_identity_passes_and_fails_with_the_difference_and_counterexample() -> None:
    eta, lam = sp.symbols("eta lambda", positive=True)
    assert_identity((1 - eta * lam) ** 2, 1 - 2 * eta * lam + eta**2 * lam**2)
    with pytest.raises(AssertionError) as err:
        assert_identity((1 - eta * lam) ** 2, 1 - 2 * eta * lam + 2 * eta**2 * lam**2)
    msg = str(err.value)
    assert "refuted" in msg and "-eta**2*lambda**2" in msg and "counterexample" in msg


def test_assert_claim() -> None:
    assert_claim(r"\eta L \le 1", assume=[r"\eta \le 1/L", "L > 0", r"\eta > 0"])
    with pytest.raises(AssertionError, match=r"(?s)refuted.*simplifies to.*counterexample"):
        assert_claim(r"(a+b)^2 = a^2 + b^2")
    with pytest.raises(AssertionError, match=r"refuted|undecided"):
        assert_claim(r"f(x) \le f(y)", timeout=2)  # for unknown f: refuted or undecided, never proved


def test_whitelist_refuses_nodes_the_notation_layer_never_builds() -> None:
    from symgd.latex.notation import check_whitelist

    x = sym("x")
    check_whitelist(sp.exp(x) + sp.Derivative(sp.Function("f")(x), x))
    check_whitelist(sp.Piecewise((x, x > 0), (0, True)))  # \begin{cases} (symgd.latex.cases)
    for bad in (sp.Limit(x, x, 0), sp.Max(x, 1), sp.Function("__import__")(x), sp.Float(0.5) * x,
                sp.Lambda(x, x), sp.gamma(x)):
        with pytest.raises(BadInput, match="not allowed"):
            check_whitelist(bad)


@pytest.mark.parametrize("latex", [r"(1-1/\kappa)^T \le 1", r"(1-1/\kappa)^{T} \le 1"])
def test_scalar_to_the_T_without_a_declared_T_is_refused(latex: str) -> None:
    """Read as a transpose it would silently drop the power (and the claim would be proved)."""
    with pytest.raises(BadInput, match=r"\^T of a scalar is ambiguous"):
        check(latex, assume=[r"\kappa > 1"])
    # with T declared it is the power, a different claim
    v = check(r"(1-1/\kappa)^T \le 2", assume=[r"\kappa > 1", r"T \in \mathbb{N}"])
    assert v.status is not Status.REFUTED


def test_positive_definite_declarations() -> None:
    """d^T P d >= 0 needs P positive definite: declared, it is proved; only symmetric, it is refuted."""
    assert check(r"d^T P d \ge 0", vectors=["d"], positive_definite=["P"]).status is Status.PROVED
    v = check(r"d^T P d \ge 0", vectors=["d"], symmetric=["P"])
    assert v.status is Status.REFUTED and "P" in v.counterexample
    # positive definite gives >= for every vector, not > (x = y)
    assert check(r"(x-y)^T H (x-y) > 0", vectors=["x,y"], positive_definite=["H"]).status is Status.REFUTED


def test_positive_definite_from_the_command_line() -> None:
    import subprocess
    import sys

    run = [sys.executable, "-m", "symgd.app.cli", "check", r"d^T P d \ge 0", "--vector", "d"]
    assert subprocess.run([*run, "--positive-definite", "P"], capture_output=True, check=False).returncode == 0
    assert subprocess.run([*run, "--symmetric", "P"], capture_output=True, check=False).returncode == 1
