"""Matrix notation (symgd.latex.matrix_notation) and the spectral facts that decide it (symgd.decide.spectral): the
Frobenius norm, lambda/sigma subscripts as notes spell them, diag(v), the all-ones vector, [[a, b], [c, d]], the
Loewner order in assumptions.  Each proof has a false look-alike that must not be proved; shapes that cannot be
read stay refused with one line."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd.core.claims import Claim, Rel
from symgd.core.errors import BadInput
from symgd.core.verdict import Status
from symgd.decide.context import Cited
from symgd.decide.spectral import SpectralValues
from symgd.latex.check import check
from symgd.latex.matrix_notation import loewner_assumptions, loewner_claim
from symgd.latex.problem import parse_problem

A = {"matrices": ["A"]}
AX = {"matrices": ["A"], "vectors": ["x"]}
AXY = {"matrices": ["A"], "vectors": ["x", "y"]}
SYM = {"symmetric": ["A"]}
HX = {"matrices": ["H"], "vectors": ["x"]}


def _spectral(latex: str, **kw: object) -> object:
    """The spectral row alone on the claim (GE flipped to LE, as the table's normalisation does)."""
    p = parse_problem(latex, **kw)
    c = p.links[0][1]
    if c.rel is Rel.GE:
        c = Claim(c.rhs, Rel.LE, c.lhs)
    row = SpectralValues()
    return row.prove(c, p.context, Cited()) if row.accepts(c, p.context, Cited()) else None


@pytest.mark.parametrize(("true", "false", "kw"), [
    (r"\|A\|_2 \le \|A\|_F", r"\|A\|_F \le \|A\|_2", A),
    pytest.param(r"\|A\|_2^2 \le \|A\|_F^2", r"\|A\|_F^2 \le \|A\|_2^2", A, marks=pytest.mark.slow),
    pytest.param(r"\sigma_{min}(A) \le \|A\|_{\mathrm{F}}", r"\sigma_{\min}(A)^2 \ge \|A\|_F^2", A, marks=pytest.mark.slow),
    (r"\lambda_\max(A) \le \|A\|_F", r"\lambda_{\text{max}}(A) \ge \|A\|_F", SYM),
    (r"\|A x\| \le \|A\|_2 \|x\|", r"\|A x\| \ge \|A\|_F \|x\|", AX),
    pytest.param(r"\|A(x - y)\|^2 \ge \sigma_{\min}(A)^2 \|x - y\|^2", r"\|A(x - y)\|^2 \le \sigma_{\min}(A)^2 \|x - y\|^2", AXY, marks=pytest.mark.slow),
    (r"x^T A x \le \lambda_{\max}(A) \|x\|^2", r"x^T A x \ge \lambda_{\max}(A) \|x\|^2", {**SYM, "vectors": ["x"]}),
    pytest.param(r"\lambda_{\max}(A)^2 \le \operatorname{tr}(A^T A)", r"\lambda_{\max}(A)^2 \ge \operatorname{tr}(A^T A)", SYM, marks=pytest.mark.slow),
])
def test_spectral_facts_prove_the_true_twin_only(true: str, false: str, kw: dict) -> None:
    """Proved for every size n from facts true of every matrix (never by sampling); the look-alike is not."""
    assert _spectral(true, **kw), true
    assert not _spectral(false, **kw), false


@pytest.mark.slow
def test_contraction_of_i_minus_eta_h() -> None:
    """\\|(I - eta H) v\\| <= \\|v\\| for 0 <= H <= L I and eta <= 1/L (eigenvalues of I - eta H in [0, 1]); not for a
    larger step, where the eigenvalue 1 - eta L may fall below -1."""
    claim = r"\|(I - \eta H) v\| \le \|v\|"
    kw = {"matrices": ["H"], "vectors": ["v"]}
    assert _spectral(claim, assume=[r"0 \preceq H \preceq L I", r"0 < \eta \le 1/L"], **kw)
    assert not _spectral(claim, assume=[r"0 \preceq H \preceq L I", r"0 < \eta \le 3/L"], **kw)


@pytest.mark.parametrize(("claim", "assume", "expected"), [
    (r"x^T H x \le L \|x\|^2", r"\mu I \preceq H \preceq L I", True),
    pytest.param(r"x^T H x \ge \mu \|x\|^2", r"\mu I \preceq H \preceq L I", True, marks=pytest.mark.slow),
    (r"x^T H x \ge L \|x\|^2", r"\mu I \preceq H \preceq L I", False),
    (r"\|H\|_2 \le L", r"0 \preceq H \preceq L I", True),
    pytest.param(r"\|H\|_2 \le L", r"H \preceq L I", False, marks=pytest.mark.slow),  # H may have a large negative eigenvalue
    pytest.param(r"x^T H x \ge 0", r"H \succeq 0", True, marks=pytest.mark.slow),
    pytest.param(r"x^T H x \le 0", r"H \succeq 0", False, marks=pytest.mark.slow),
])
def test_loewner_order_as_eigenvalue_bounds(claim: str, assume: str, expected: bool) -> None:
    assert bool(_spectral(claim, assume=[assume], **HX)) is expected


def test_loewner_rewrites() -> None:
    assert loewner_assumptions((r"\mu I \preceq H \preceq L I",)) == (
        (r"\loewnerlmin(H) \ge \mu", r"\loewnerlmax(H) \le L"), ("H",))
    assert loewner_assumptions((r"H \succ 0",)) == ((r"H \succ 0",), ())  # positive definite, as before
    assert loewner_assumptions((r"A \preceq B",))[0] == (r"\loewnerlmax(A - (B)) \le 0",)
    assert loewner_assumptions((r"A - \mu I \preceq B",))[0][0].startswith(r"\loewnerlmax(A - \mu I - (B))")
    assert loewner_assumptions((r"A \in \mathbb{S}^n_{++}",)) == ((r"A \succ 0",), ("A",))
    assert loewner_assumptions((r"A, B \in \mathbb{S}_+^n",)) == (
        (r"\loewnerlmin(A) \ge 0", r"\loewnerlmin(B) \ge 0"), ("A", "B"))
    assert loewner_assumptions((r"A \in \mathbb{S}^n",)) == ((), ("A",))
    assert loewner_assumptions((r"A \in \mathbb{S}^n_{-}",)) == ((r"A \in \mathbb{S}^n_{-}",), ())  # not read
    assert loewner_assumptions((r"u \in \mathbb{S}^d",)) == ((r"u \in \mathbb{S}^d",), ())  # a sphere?


def test_loewner_claims() -> None:
    """A claim P \\succeq Q is lambda_min(P - Q) >= 0 of a difference symmetric by construction; the look-alike with
    the larger shift is not proved; a matrix not known symmetric is refused."""
    assert loewner_claim(r"X^\top X \succeq 0") == r"\loewnerlmin(X^\top X) >= 0"
    assert loewner_claim(r"H \preceq L I.") == r"\loewnerlmax(H - (L I)) <= 0"
    assert loewner_claim(r"a = b \succeq c") == r"a = b \succeq c"  # a chain: left to the relations it has
    kw = {"matrices": ["X"], "assume": [r"\lambda > 0"]}
    assert _spectral(r"X^\top X + \lambda I \succeq \lambda I", **kw)
    assert not _spectral(r"X^\top X + \lambda I \succeq 2\lambda I", **kw)
    with pytest.raises(BadInput, match="not declared symmetric"):
        parse_problem(r"X \succeq 0", matrices=["X"])
    p = parse_problem(r"a \succeq b")  # numbers: the order of numbers, never a product lambda_min (a - b)
    assert p.links[0][0] == r"a \succeq b" and p.links[0][1].lhs == sp.Symbol("a", real=True) - sp.Symbol("b", real=True)
    assert not _spectral(r"v^T A A^T v + \|A\|_F = \|A v\|^2 + \|A\|_F", matrices=["A"], vectors=["v"])


def test_frobenius_and_literals_read_exactly() -> None:
    c = parse_problem(r"\|A\|_F^2 = \operatorname{tr}(A^\top A)", **A).links[0][1]
    assert sp.simplify(c.lhs - c.rhs) == 0
    c = parse_problem(r"\|[[1, 1], [1, 0]]\|_F^2 = 3").links[0][1]
    assert c.lhs == 3
    c = parse_problem(r"\operatorname{diag}(2, 3) = [[2, 0], [0, 3]]").links[0][1]
    assert c.lhs == c.rhs == sp.ImmutableMatrix([[2, 0], [0, 3]])


def test_exact_rewrites_of_spectral_values() -> None:
    """lambda_max(A^T A) = \\|A\\|_2^2 and the shift lambda(B + c I) = lambda(B) + c are identities when read; the
    Frobenius inner product of matrices is a number (read as A^T B it refuted <A, B> = <B, A>)."""
    for latex, kw in [(r"\lambda_{\max}(A^\top A) = \|A\|_2^2", A),
                      (r"\lambda_{\min}(H - \mu I) = \lambda_{\min}(H) - \mu", {"symmetric": ["H"]})]:
        c = parse_problem(latex, **kw).links[0][1]
        assert sp.simplify(c.lhs - c.rhs) == 0, latex
    for latex in (r"\sigma_{\min}^2(A) = \sigma_{\min}(A)^2", r"\kappa(A) = \frac{\|A\|_2}{\sigma_{\min}(A)}",
                  r"\operatorname{cond}(A) = \kappa(A)"):
        c = parse_problem(latex, **A).links[0][1]
        assert c.lhs == c.rhs, latex
    assert parse_problem(r"\kappa(t) = t", functions=["kappa"]).links[0][1].lhs != sp.Symbol("t")  # not a matrix
    c = parse_problem(r"\lambda_{\max}(A^\top A) = \|A\|_F^2", **A).links[0][1]
    assert sp.simplify(c.lhs - c.rhs) != 0
    c = parse_problem(r"\langle A, B \rangle = \operatorname{tr}(A^\top B)", matrices=["A", "B"]).links[0][1]
    assert c.lhs == c.rhs and not getattr(c.lhs, "is_Matrix", False) and not hasattr(c.lhs, "shape")


@pytest.mark.parametrize(("latex", "kw", "message"), [
    (r"\|x\|_F = 1", {"vectors": ["x"]}, r"Frobenius norm .* of a matrix"),
    (r"\|A\|_F = 1", {}, r"Frobenius norm .* of a matrix: declare it"),  # A of unknown shape
    (r"\operatorname{diag}(A) = A", A, r"diag\} is read of a vector"),
    (r"\mathbf{1} = 1", {}, r"all-ones vector, but the claim has no vector"),
    (r"A \preceq B", A, r"cannot add a scalar and a nxn"),  # B of unknown shape
    (r"\|x\|_A \ge 0", {"vectors": ["x"], **A}, r"a norm only for A symmetric positive definite"),  # A not PD
    (r"\|x\|_A \ge 0", {"vectors": ["x"], "assume": [r"A \in \mathbb{S}^n_+"]}, r"a norm only for A symmetric pos"),
    (r"A \preceq B \preceq C", A, r"a claim needs a relation"),
    (r"[[-1, 0], [0, 2]]^k = [[1, 0], [0, 1]]", {}, r"non-integer power needs a scalar"),  # eigenvalue -1: (-1)^k
])
def test_unknown_shapes_stay_refused(latex: str, kw: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message) as info:
        parse_problem(latex, **kw)
    assert "\n" not in str(info.value)


@pytest.mark.slow
@pytest.mark.parametrize(("latex", "kw", "status"), [
    (r"\|A\|_F \le \|A\|_2", A, Status.REFUTED),
    (r"\|x\|^2 - \frac{\|A x\|^2}{\|A\|_F^2} \le \left(1 - \frac{\sigma_{\min}(A)^2}{\|A\|_F^2}\right)\|x\|^2",
     {**AX, "assume": [r"\|A\|_F > 0"]}, Status.PROVED),
    (r"\|x\|^2 - \frac{\|A x\|^2}{\|A\|_F^2} \ge \left(1 - \frac{\sigma_{\min}(A)^2}{\|A\|_F^2}\right)\|x\|^2",
     {**AX, "assume": [r"\|A\|_F > 0"]}, Status.REFUTED),
    (r"(\operatorname{diag}(p) - p p^\top)\mathbf{1} = 0", {"vectors": ["p"]}, Status.REFUTED),  # needs 1^T p = 1
    (r"\operatorname{diag}(p) - p p^\top \succeq 0", {"vectors": ["p"]}, Status.REFUTED),  # p a probability vector?
    (r"v^\top (\operatorname{diag}(p) - p p^\top) v \ge 0", {"vectors": ["p", "v"]}, Status.REFUTED),
    (r"\operatorname{diag}(2, 3) = [[2, 0], [0, 2]]", {}, Status.REFUTED),
    (r"\langle A, B \rangle = \langle B, A \rangle", {"matrices": ["A", "B"]}, Status.PROVED),
    (r"\|x + y\|_A \le \|x\|_A + \|y\|_A", {"vectors": ["x", "y"], "positive_definite": ["A"]}, Status.PROVED),
    (r"\|x + y\|_A \ge \|x\|_A + \|y\|_A", {"vectors": ["x", "y"], "positive_definite": ["A"]}, Status.REFUTED),
    (r"\|x\|_A^2 \le \lambda_{\max}(A) \|x\|^2", {"vectors": ["x"], "positive_definite": ["A"]}, Status.PROVED),
    (r"\|x\|_A^2 \le \lambda_{\min}(A) \|x\|^2", {"vectors": ["x"], "positive_definite": ["A"]}, Status.REFUTED),
    (r"\kappa(A) \ge 1", {**A, "assume": [r"\sigma_{\min}(A) > 0"]}, Status.PROVED),
    (r"\kappa(A) \le 1", {**A, "assume": [r"\sigma_{\min}(A) > 0"]}, Status.REFUTED),
    (r"[[2, 1], [1, 2]]^k [[1], [0]] = \frac{1}{2}[[3^k + 1], [3^k - 1]]", {}, Status.PROVED),  # P D^k P^{-1}
    (r"[[2, 1], [1, 2]]^k [[1], [0]] = \frac{1}{2}[[3^k + 1], [3^k + 1]]", {}, Status.REFUTED),
    (r"\langle A, B \rangle = \operatorname{tr}(A B)", {"matrices": ["A", "B"]}, Status.REFUTED),
    (r"\lambda_{\max}(A^\top A + \mu I) \le \|A\|_F^2 + \mu", {**A, "assume": [r"\mu > 0"]}, Status.PROVED),
    (r"\lambda_{\max}(A^\top A + \mu I) \le \|A\|_F^2", {**A, "assume": [r"\mu > 0"]}, Status.REFUTED),
    (r"x^T A x \le x^T B x", {"vectors": ["x"], "matrices": ["A", "B"], "assume": [r"A \preceq B"]}, Status.PROVED),
    (r"x^T A x \ge x^T B x", {"vectors": ["x"], "matrices": ["A", "B"], "assume": [r"A \preceq B"]}, Status.REFUTED),
])
def test_check_end_to_end(latex: str, kw: dict, status: Status) -> None:
    assert check(latex, timeout=10, **kw).status is status


@pytest.mark.slow
@pytest.mark.parametrize(("name", "floor"), [("least_squares_norms.md", 8), ("curvature_example.txt", 4)])
def test_audit_twin_documents(name: str, floor: int) -> None:
    """The audit on tests/audit/matrices/ (keys checked by numpy in truth_matrices.py): no correct line refuted, no
    slip proved, and at least ``floor`` correct lines proved."""
    import json
    from pathlib import Path

    from symgd.app.audit import audit

    folder = Path(__file__).parent / "audit" / "matrices"
    doc = folder / name
    key = json.loads((folder / (doc.stem + ".key.json")).read_text(encoding="utf-8"))["links"]
    truth = {row["line"]: row["truth"] for row in key if row["truth"] in ("correct", "slip")}
    results = [r for r in audit(doc.read_text(encoding="utf-8"), name, timeout=5).results if r.kind == "claim"]
    wrong = [(r.line, r.link, r.verdict) for r in results if (truth.get(r.line), r.verdict) in (
        ("correct", "refuted"), ("slip", "proved"))]
    assert not wrong
    assert len({r.line for r in results if truth.get(r.line) == "correct" and r.verdict == "proved"}) >= floor


def test_one_entry_in_double_brackets_is_a_grouping_not_a_matrix() -> None:
    """\\left[\\left[(a^a)\\right]\\right] read as the 1x1 matrix [a^a] crashed the parser on 'matrix + scalar' (found by
    tests/test_notation_oracle.py); with one entry the brackets only group."""
    from symgd.latex.check import check as check_latex

    assert check_latex(r"\left[\left[\left(a^{a}\right)\right]\right] + 1 = a^a + 1", timeout=5).status.value == "proved"
    assert check_latex(r"[[x]] + 1 = x + 1", timeout=5).status.value == "proved"
