"""Function classes stated in prose for the interpolation route (symgd.app.audit.facts, .classes and
symgd.decide.interpolation): the phrasings of smoothness, Lipschitz bounds, Hessian bounds and the PL inequality;
negated or hypothetical ones state nothing; subgradients g_k in \\partial f(x_k) enter a certificate as the
gradients of their points (never at a minimizer, never two at one point); a G-Lipschitz bound and the PL
inequality are inequalities of the certificate.  Each expected verdict was decided by hand: the subgradient
inequality and the one-step bound |z_{t+1} - z*|^2 <= |z_t - z*|^2 - 2a(h(z_t) - h*) + a^2 M^2 (Nesterov,
Introductory Lectures, Sec. 3.2.3), the PL rate 1 - c/beta for the step 1/beta (Karimi, Nutini and Schmidt,
2016, Thm 1); the look-alikes fail on h(z) = M|z| (z* = 0, any s_t of norm M) or psi = beta/2 |w|^2 (c = beta)."""

from __future__ import annotations

from pathlib import Path

import sympy as sp

from symgd.app.audit import audit
from symgd.app.audit.classes import from_classes, stationary_points
from symgd.app.audit.context import DocContext
from symgd.app.audit.extract import Display
from symgd.app.audit.facts import read_facts, stating, witness
from symgd.core.claims import Claim, Context, Rel
from symgd.core.declarations import Declarations
from symgd.decide.interpolation import FunctionClass, certify
from symgd.latex.problem import parse_problem

DOCS = Path(__file__).parent / "audit" / "classes"


def _kinds(prose: str) -> set:
    return {(f.function, f.kind, f.constant) for f in read_facts(prose, 1)[0]}


def test_smoothness_in_words() -> None:
    smooth = ("f", "smooth", "L")
    for prose in (r"Throughout, $f\colon\R^d\to\R$ is differentiable, and its gradient is $L$-Lipschitz.",
                  r"The gradient of $f$ is $L$-Lipschitz.",
                  r"The gradient of $f$ is Lipschitz continuous with constant $L$.",
                  r"Let $f$ have a Lipschitz continuous gradient with constant $L$.",
                  r"Assume $\nabla f$ is Lipschitz with constant $L$.",
                  r"Let $f$ be differentiable with an $L$-Lipschitz derivative.",
                  r"Suppose $f'$ is $L$-Lipschitz.",
                  r"Here $f$ is smooth with constant $L$.",
                  r"Assume $-L I \preceq \nabla^2 f(x) \preceq L I$ for the function $f$.",
                  r"Assume $\|\nabla^2 f(x)\| \le L$ for the function $f$."):
        assert smooth in _kinds(prose), prose
    both = _kinds(r"Let $f$ be twice differentiable with $\mu I \preceq \nabla^2 f(x) \preceq L I$ for all $x$.")
    assert {smooth, ("f", "strongly convex", r"\mu")} <= both
    assert ("f", "convex", "") in _kinds(r"Let $f$ be twice differentiable with $0 \preceq \nabla^2 f(x) \preceq L I$.")
    # an upper bound alone is no smoothness (f = -|x|^2 has Hessian -2I <= L I, no Lipschitz gradient for small L)
    assert smooth not in _kinds(r"Let $f$ be twice differentiable with $\nabla^2 f(x) \preceq L I$ for all $x$.")


def test_lipschitz_and_pl_in_words() -> None:
    assert ("f", "lipschitz", "G") in _kinds(r"Let $f$ be convex and $G$-Lipschitz.")
    assert ("f", "lipschitz", "G") in _kinds(r"Let $f$ be convex; its subgradients are bounded, $\|g_k\| \le G$.")
    assert {("f", "lipschitz", "G"), ("f", "convex", "")} <= _kinds(
        r"Assume $\|\nabla f(x)\| \le G$ for all $x$ and that $f$ is convex.")  # x, an argument, is no function
    assert ("f", "lipschitz", "G") not in _kinds(r"We get $\|\nabla f(x_k)\| \le G$ for the convex $f$.")  # a claim
    # another object's constant, or a property the text derives (perhaps wrongly), is not an assumption about f
    assert not {k for k in _kinds(r"Let $f$ be convex, and the operator $T$ is $\rho$-Lipschitz.") if k[1] == "lipschitz"}
    assert not _kinds(r"Hence $f$ satisfies the PL inequality with constant $\mu$.")
    assert not _kinds(r"We show $\nabla^2 f(x) \succeq \mu I$ for the function $f$.")
    assert ("f", "pl", r"\mu") in _kinds(r"Suppose $f$ satisfies the PL inequality with constant $\mu$.")
    assert ("f", "pl", r"\mu") in _kinds(r"Assume $f$ is $\mu$-PL and $L$-smooth.")
    assert ("f", "pl", r"\mu") in _kinds(r"Let $f$ satisfy the Polyak--{\L}ojasiewicz inequality with constant $\mu > 0$:")
    assert not _kinds(r"Let $f$ satisfy the PL condition with parameter $\mu \ge 0$.")  # mu = 0 says nothing
    # a macro of the text ($\fs$ for f^*) names no function; a label "eq:smooth" says nothing
    assert {k[0] for k in _kinds(r"The minimum value $\fs$ is attained and the PL inequality with constant $c$ holds.")} \
        <= {"f"}
    assert not _kinds(r"Take $y = x_{k+1}$ and $x = x_k$ in \eqref{eq:smooth}, by induction on $k$.")
    assert not any(k[1] == "smooth" for k in _kinds(r"Let $f$ be convex and $G$-Lipschitz."))  # f, not its gradient
    # no witness a/2 |z|^2 has a Lipschitz bound or a PL constant of the text's
    assert witness(read_facts(r"Let $f$ be convex and $G$-Lipschitz.", 1)[0], r"f(x) \le f(y)") is None


def test_the_witness_puts_a_minimizer_at_its_own() -> None:
    # f = L/2 |z|^2 has its minimizer at 0: x^* (the text's minimizer) is 0 there, so the true grad f(x^*) = 0 is
    # never refuted with x^* = 7 (for a free starred point 0 is one of its values); f^* (a value) is not a point
    facts = read_facts(r"Let $f$ be convex and $L$-smooth.", 1)[0]
    assert witness(facts, r"\nabla f(x^*) = 0")[0] == r"{L \cdot \left(0\right)} = 0"
    assert "x - 0" in witness(facts, r"\langle \nabla f(x), x - x^{\star} \rangle \ge 0")[0]
    assert witness(facts, r"f(x) - f^* \ge 0") is None
    assert witness(facts, r"\nabla f(z) = 0", zero=("z",))[0] == r"{L \cdot \left(0\right)} = 0"  # 'z a minimizer of f'
    ctx = DocContext(prose=[r"Let $f$ be convex and $L$-smooth, and let $z$ be a minimizer of $f$."])
    assert stationary_points(r"\nabla f(z) = 0 \le f(y) - f(z)", "f", ctx) == ("z",)
    scalar = witness(read_facts(r"Let $h$ have an $L$-Lipschitz derivative.", 1)[0], r"h'(x)^2 \le L h(x)", True)[0]
    assert "'" not in scalar and r"{L \cdot \left(x\right)}^2" in scalar  # h'(x) = L x for h = L/2 x^2


def test_negated_and_hypothetical_properties_state_nothing() -> None:
    for prose in (r"Here $f$ is not $L$-smooth.", r"The function $f$ is not convex.",
                  r"If $f$ were convex, the bound would hold.", r"The function $f$ need not be convex.",
                  r"We do not assume $f$ is convex.", r"Its gradient is not $L$-Lipschitz, and $f$ is nonconvex.",
                  r"Suppose $f$ fails to be $\mu$-strongly convex."):
        assert not {k for k in _kinds(prose) if k[1] in ("smooth", "convex", "strongly convex")}, prose


def test_the_sentence_goes_on_after_inline_math() -> None:
    d = Display("L", 3, 0, 0, False, r"Let $f$ be differentiable, and its gradient is", "-Lipschitz. For all $x$,")
    assert stating(d).endswith("$L$-Lipschitz.") and ("f", "smooth", "L") in _kinds(stating(d))
    # in a document: the next paragraph's inline math used to cut the sentence, and the descent lemma was refuted
    text = (open(DOCS / "descent_twin.md").read())
    got = {r.line: r.verdict for r in audit(text, "descent_twin.md", timeout=4.0).results if r.kind == "claim"}
    assert got[6] == "proved" and got[8] not in ("proved",)  # L/2 holds; L/4 fails on f = L/2 |z|^2


n = sp.Symbol("n", integer=True, positive=True)
ONE = sp.Identity(1)


def test_lipschitz_bound_and_pl_in_a_certificate() -> None:
    z, zs, g = sp.MatrixSymbol("z", n, 1), sp.MatrixSymbol("z^{*}", n, 1), sp.MatrixSymbol(r"\nabla h(z)", n, 1)
    hz, hs = sp.Symbol("h(z)", real=True), sp.Symbol("h(z^{*})", real=True)
    a, M = sp.Symbol("a", positive=True), sp.Symbol("M", positive=True)
    star = frozenset({"z^{*}"})
    cls = FunctionClass("h", None, sp.Integer(0), star, star, M)
    d = z - zs - a * g  # the subgradient step from z
    good = Claim(d.T * d, Rel.LE, (z - zs).T * (z - zs) - 2 * a * (hz - hs) * ONE + a**2 * M**2 * ONE)
    assert certify(good, [cls], Context(), timeout=4) is not None
    bad = Claim(d.T * d, Rel.LE, (z - zs).T * (z - zs) - 2 * a * (hz - hs) * ONE + a**2 * M * ONE)
    assert certify(bad, [cls], Context(), timeout=2) is None  # M^2 > M for M > 1
    assert certify(good, [FunctionClass("h", None, sp.Integer(0), star, star)], Context(), timeout=2) is None
    c = sp.Symbol("c", positive=True)
    pl = FunctionClass("h", None, None, star, star, None, c)
    assert certify(Claim((hz - hs) * ONE, Rel.LE, g.T * g / (2 * c)), [pl], Context(), timeout=2) is not None
    assert certify(Claim((hz - hs) * ONE, Rel.LE, g.T * g / (4 * c)), [pl], Context(), timeout=2) is None


def _from_classes(prose: str, latex: str, vectors: tuple) -> str | None:
    ctx = DocContext(prose=[prose], stated=read_facts(prose, 1)[0], vectors=list(vectors), functions=["h"])
    decl = Declarations(vectors=vectors, functions=("h",), assume=(r"\alpha_t > 0",))
    claim = parse_problem(latex, declarations=decl, allow_unused=True).links[0][1]
    return from_classes(latex, claim, parse_problem(latex, declarations=decl, allow_unused=True).context, ctx, 4.0)


def test_subgradients_of_the_text_are_the_gradients_of_their_points() -> None:
    prose = (r"Let $h$ be convex with a minimizer $z^\star$. The method is $z_{t+1} = z_t - \alpha_t s_t$ with "
             r"$s_t \in \partial h(z_t)$, $r^\star \in \partial h(z^\star)$ and $q_t \in \partial h(z_t)$.")
    vecs = ("z_t", "z^\\star", "s_t", "r^\\star", "q_t", "z_{t+1}")
    method = _from_classes(prose, r"\langle s_t, z_t - z^\star \rangle \ge h(z_t) - h(z^\star)", vecs)
    assert method is not None and "s_{t} a subgradient at z_{t}" in method
    assert _from_classes(prose, r"\langle s_t, z_t - z^\star \rangle \ge 2(h(z_t) - h(z^\star))", vecs) is None
    # at a minimizer a subgradient need not be 0 (h = |z| at 0); two subgradients at one point need not agree
    assert _from_classes(prose, r"h(z_t) \ge h(z^\star) + \langle r^\star, z_t - z^\star \rangle + 1", vecs) is None
    assert _from_classes(prose, r"\langle s_t - q_t, z_t - z^\star \rangle \ge 0", vecs) is None
    words = r"Let $h$ be convex with a minimizer $z^\star$. Here $s_t$ is a subgradient of $h$ at $z_t$."
    assert _from_classes(words, r"\langle s_t, z_t - z^\star \rangle \ge h(z_t) - h(z^\star)", vecs) is not None
    assert _from_classes(words.replace("is a", "is not a"),
                         r"\langle s_t, z_t - z^\star \rangle \ge h(z_t) - h(z^\star)", vecs) is None
    # without convexity (h Lipschitz only) a subgradient inequality is no consequence
    lip = prose.replace("convex", "$M$-Lipschitz")
    assert _from_classes(lip, r"\langle s_t, z_t - z^\star \rangle \ge h(z_t) - h(z^\star)", vecs) is None
