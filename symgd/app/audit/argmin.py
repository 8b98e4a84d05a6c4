"""``p = \\arg\\min_x F(x)``: a minimizer claim, checked by the first-order condition.

The claim is checked only for an unconstrained minimum over a variable (``\\arg\\min_x``, ``\\arg\\min_{x \\in
\\mathbb{R}^n}``) of an objective the parser reads: the gradient of ``F`` in ``x`` must vanish at ``p`` (its
failure refutes the claim: at an interior minimizer of a differentiable function the gradient is zero), and ``F``
must be convex along every line (scalar: ``F'' >= 0``; vector: a Hessian ``c I`` with ``c >= 0``) for the
point to be a minimizer.  Anything else is "not checked: argmin" with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy as sp

from symgd.app.audit.logic import Outcome, check_solution, parse_lenient
from symgd.core.claims import Claim, Rel, is_matrix
from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput

__all__ = ["ARGMIN", "check_argmin", "split_argmin"]

ARGMIN = re.compile(r"\\arg\s*\\min|\\operatorname\*?\{\s*arg\s*(?:\\,)?\s*min\s*\}|\\argmin(?![A-Za-z])|"
                    r"\\mathrm\{\s*arg\s*(?:\\,)?\s*min\s*\}|\\text\{\s*argmin\s*\}|(?<!\\)\bargmin\b")


def _group(text: str, i: int) -> tuple[str, int]:
    """``_x`` or ``_{...}`` at ``text[i]``: (inside, index after)."""
    if text[i:i + 1] != "_":
        return "", i
    j = i + 1
    while j < len(text) and text[j] == " ":
        j += 1
    if text[j:j + 1] == "{":
        depth = 0
        for k in range(j, len(text)):
            depth += (text[k] == "{") - (text[k] == "}")
            if depth == 0:
                return text[j + 1:k], k + 1
        return "", i
    m = re.match(r"\\[A-Za-z]+|[A-Za-z0-9]", text[j:])
    return (m.group(0), j + m.end()) if m else ("", i)


def split_argmin(chain: str) -> tuple[str, str, str, str] | None:
    """(point, variable, domain, objective) of ``point = \\arg\\min_{variable \\in domain} objective``."""
    m = ARGMIN.search(chain)
    if m is None:
        return None
    head = chain[: m.start()].replace("&", "").strip()
    if not head.endswith("="):
        return None
    sub, after = _group(chain, m.end())
    var, _, domain = sub.partition(r"\in")
    obj = chain[after:].strip()
    for a, b in ((r"\left\{", r"\right\}"), (r"\{", r"\}"), ("{", "}"), (r"\left(", r"\right)"), (r"\left[", r"\right]")):
        if obj.startswith(a) and obj.endswith(b):
            obj = obj[len(a): len(obj) - len(b)].strip()
            break
    return head[:-1].strip(), var.strip(), domain.strip(), obj


def check_argmin(point: str, var: str, domain: str, obj: str, decl: Declarations, prepare: Callable,
                 timeout: float, definite: frozenset[str] = frozenset()) -> Outcome:
    """The first-order condition at ``point`` and convexity of ``obj`` in ``var`` (``definite``: matrices the prose
    calls positive definite, beside the declared ones)."""
    from symgd.decide import decide

    if not var:
        return "not checked", "argmin: the variable of the minimum is not named (\\arg\\min_x)", {}
    if domain and not re.fullmatch(r"\\mathbb\s*\{?R\}?(\s*\^\s*\{?\s*\\?\w+\s*\}?)?", domain):
        return "not checked", f"argmin over {domain}: a constrained minimum (the first-order condition is not " \
                              "a gradient equal to zero)", {}
    grad = rf"\nabla_{{{var}}}\left({obj}\right)"
    status, method, cex = check_solution(f"{grad} = 0", f"{var} = {point}", decl, prepare, timeout, unique=False)
    if status == "not checked":
        return "not checked", f"argmin: {method}", {}
    if status != "proved":
        return status, f"first-order condition: {method}", cex
    try:
        p, _ = parse_lenient(f"{grad} = 0\n{var} = {var}", decl)
        g, x = p.links[0][1].lhs, p.links[1][1].lhs
        hess = sp.simplify(g.diff(x) if is_matrix(x) else sp.diff(g, x))
    except (BadInput, Exception) as exc:
        return "undecided", f"the first-order condition holds; convexity not shown ({exc})", {}
    if is_matrix(hess):
        scal = [a for a in (hess.args if isinstance(hess, sp.MatMul) else (hess,)) if not is_matrix(a)]
        if not (isinstance(hess, sp.Identity) or (isinstance(hess, sp.MatMul) and any(
                isinstance(a, sp.Identity) for a in hess.args))):
            psd = _semidefinite(hess, decl, p.context, timeout, definite)
            if psd:
                return "proved", f"first-order condition ({method}) and a convex objective (Hessian {hess}: {psd})", {}
            return "undecided", f"the first-order condition holds; convexity not shown (Hessian {hess})", {}
        hess = sp.Mul(*scal)
    v = decide(Claim(hess, Rel.GE, 0), p.context, timeout=timeout)
    if not v.proved:
        return "undecided", f"the first-order condition holds; convexity not shown (second derivative {hess}: " \
                            f"{v.status.value})", {}
    return "proved", f"first-order condition ({method}) and a convex objective (second derivative {hess} >= 0: " \
                     f"{v.method})", {}


def _semidefinite(hess, decl: Declarations, context, timeout: float, definite: frozenset[str]) -> str:
    """Why the matrix ``hess`` is positive semidefinite, or '': a sum of terms ``c M`` with ``c >= 0`` proved and ``M``
    the identity, a matrix the text declares positive definite (or its transpose: ``(A + A^T)/2`` of a positive
    definite A), or a Gram product ``B^T B``, ``B B^T``."""
    from symgd.decide import decide

    pd = {str(n).strip() for n in decl.positive_definite} | set(definite)
    for term in hess.args if isinstance(hess, sp.MatAdd) else (hess,):
        factors = term.args if isinstance(term, sp.MatMul) else (term,)
        mats = [a for a in factors if is_matrix(a)]
        name = lambda m: m.arg.name if isinstance(m, sp.Transpose) and isinstance(m.arg, sp.MatrixSymbol) else (  # noqa: E731
            m.name if isinstance(m, sp.MatrixSymbol) else "")
        ok = (len(mats) == 1 and (isinstance(mats[0], sp.Identity) or name(mats[0]) in pd)) or (
            len(mats) == 2 and mats[0] == mats[1].T)
        if not ok:
            return ""
        c = sp.Mul(*[a for a in factors if not is_matrix(a)])
        if c != 1 and not decide(Claim(c, Rel.GE, 0), context, timeout=timeout / 4).proved:
            return ""
    return "a nonnegative combination of the identity, positive definite matrices and Gram products"
