"""Definitions a proof may use (symgd/app/audit/odes.py, chain.mentions, members.py): a flow's ``\\dot z(s)`` is the
derivative its differential equation gives; a name pinned by the text blocks only counterexamples that use that
name (``x``, not ``x_k``).  Each document in tests/audit/substitute/ has true claims, false look-alikes and a claim
whose definition must not be used, decided by hand (comments)."""

from __future__ import annotations

from pathlib import Path

from symgd.app.audit import audit
from symgd.app.audit.chain import mentions

HERE = Path(__file__).parent / "audit" / "substitute"


def _claims(name: str) -> dict[str, tuple[str, str]]:
    text = (HERE / name).read_text(encoding="utf-8")
    out: dict[str, tuple[str, str]] = {}
    for r in audit(text, name, timeout=1.5).results:
        if r.kind == "claim":
            out.setdefault(r.link, (r.verdict, r.method + " " + r.note))
            out[f"{r.line}: {r.link}"] = (r.verdict, r.method + " " + r.note)
    return out


def test_dot_of_a_flow_is_its_derivative():
    # z' = -grad h(z): d/ds h(z(s)) = <grad h(z), z'> (chain rule) = -|grad h(z)|^2 (the equation).  The signs flipped
    # (+|.|^2) and the factor 2 are false for any h with a nonzero gradient; u(s) is no flow: its dot is free.
    got = _claims("flow_dot.md")
    assert got[r"\frac{d}{ds} h(z(s)) = \langle \nabla h(z(s)), \dot z(s) \rangle"][0] == "proved"
    verdict, method = got[r"\langle \nabla h(z(s)), \dot z(s) \rangle = -\|\nabla h(z(s))\|^2"]
    assert verdict == "proved" and "differential equation of line 5" in method
    assert got[r"\frac{d}{ds} h(z(s)) = \|\nabla h(z(s))\|^2"][0] != "proved"
    assert got[r"\langle \nabla h(z(s)), \dot z(s) \rangle = -2\|\nabla h(z(s))\|^2"][0] != "proved"
    assert got[r"\langle \nabla h(u(s)), \dot u(s) \rangle = -\|\nabla h(u(s))\|^2"][0] != "proved"


def test_a_pinned_name_is_not_its_family():
    # "take x = x_k": x is pinned, x_k, x^*, x' and x_{k+1} are other names; x^2 and a x use x; x_1 may be a coordinate
    for text in ("x_k - y", r"x_{k+1}", "x^*", r"x^{(k)}", r"x^\star", "x'"):
        assert not mentions(text, {}, "x"), text
    for text in ("x^2", "a x + 1", "f(x)", "x_1 + x_2", r"\|x\|"):
        assert mentions(text, {}, "x"), text
    assert not mentions(r"g_k + d_{k+1}", {}, "k")  # the index k of a family pinned elsewhere: not used as a value
    assert mentions(r"(1 - a)^k", {}, "k") and mentions("g_k", {"k": "2"}, "k")
    assert not mentions(r"\sqrt{5} + \tfrac12", {}, "t") and mentions(r"\frac{t}{2}", {}, "t")  # t, not \sqrt's t
    assert mentions(r"L_{\max} + 1", {}, r"L_\max") and not mentions(r"\beta", {}, r"\eta")


def test_a_value_an_example_states_is_firm_in_its_section():
    # "Take the line through a = (2, 0) and b = (0, 2). Its closest point to the origin is p = (1, 1)": |p|^2 = 2 is
    # proved with p's value, |p|^2 = 3 refuted respecting it.  r = (1, 1) "in general" (no example set up): nothing
    # proved with it.  Past the next heading p's value is not used, and p is not free either.
    got = _claims("example_value.md")
    verdict, method = got[r"\|p\|^2 = 2"]
    assert verdict == "proved" and "p = (1, 1) (line 5)" in method
    verdict, method = got[r"\|p\|^2 = 3"]
    assert verdict == "refuted" and "respects the definition p = (1, 1)" in method
    assert got[r"\|r\|^2 = 2"][0] not in ("proved", "refuted")
    assert got[r"21: \|p\|^2 = 2"][0] == "undecided"


def test_a_step_defined_as_a_ratio_is_used_by_proofs():
    # a_k = (h(y_k) - m)/v_k, defined inline in the question (not substituted; h is defined only further down).
    # Restated in the answer: proved from the definition; with 2 v_k it is not.  Put into the bound of line 9:
    # e_{k+1} <= e_k - (h - m)^2/v_k follows (2a(h - m) - a^2 v = (h - m)^2/v); the factor 2 does not.  After the
    # variant redefines a_k = 1/v_k, a_k v_k = h(y_k) - m (true only with the old step) is not proved.
    got = _claims("ratio_step.md")
    verdict, method = got[r"a_k = \frac{h(y_k) - m}{v_k}"]
    assert verdict == "proved" and "(line 1)" in method
    assert got[r"a_k = \frac{h(y_k) - m}{2 v_k}"][0] != "proved"
    verdict, method = got[r"e_{k+1} <= e_k - \frac{\bigl(h(y_k) - m\bigr)^2}{v_k}"]
    assert verdict == "proved" and "line 9" in method and "(line 1) as hypotheses" in method
    assert got[r"e_{k+1} <= e_k - \frac{2\bigl(h(y_k) - m\bigr)^2}{v_k}"][0] != "proved"
    assert got[r"a_k v_k = h(y_k) - m"][0] != "proved"


def test_an_example_named_again_is_used_again():
    # f generic in section 1, the bowl f(x) = b x^2/2 in section 2, gradient descent in section 3.  "For the bowl":
    # y_{n+1} = y_n - alpha b y_n is the rule with grad f = b y (proved); with 2 alpha b it is false for the bowl.
    # "Unlike the bowl, a general loss": the bowl's body is not used (no proof of the bowl's identity there).
    got = _claims("recalled.md")
    verdict, method = got[r"19: y_{n+1} = y_n - \alpha b y_n"]
    assert verdict == "proved" and "definition of f (line 9" in method
    assert got[r"y_{n+1} = y_n - 2\alpha b y_n"][0] == "refuted"
    assert got[r"y_{n+1} - y_n = -\alpha b y_n"][0] not in ("proved", "refuted")


def test_a_renaming_holds_in_its_own_sentence():
    # "Take x = x_k and y = x_{k+1} in the lemma, so that y - x = -eta grad f(x_k)": the renaming proves the claim of its
    # sentence (with the rule), the sign flipped is refuted respecting it; in a later section x and y are other points.
    got = _claims("renaming.tex")
    verdict, method = got[r"y - x = -\eta\nabla f(x_k)"]
    assert verdict == "proved" and "x = x_k (line 13)" in method
    assert got[r"y - x = \eta\nabla f(x_k)"][0] == "refuted"
    assert got[r"\|y - x\| = \eta\|\nabla f(x_k)\|"][0] not in ("proved", "refuted")


def test_a_running_example_holds_throughout():
    # q twice differentiable (generic), then "Throughout these notes we take q(z) = e^z - 3z": q'' = e^z, so at
    # z* = ln 3 q''(z*) = 3 (proved in a later section), not 1.  p convex, then "for instance p(z) = z^4": a passing
    # example, so p''(1) = 12 two sections later is not proved with it.
    got = _claims("throughout.md")
    assert got[r"q''(z^\star) = 3"][0] == "proved"
    assert got[r"q''(z^\star) = 1"][0] != "proved"
    assert got[r"p''(1) = 12"][0] != "proved"
