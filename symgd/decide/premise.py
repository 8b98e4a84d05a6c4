"""Premises and certificates: a step proved by what it cites.

A cited premise must carry the step by itself: the step is an exact instance of the premise (each premise variable
replaced by a value that provably has its assumptions; both sides equal by the zero test) whose requirements are
hypotheses or are proved; an equality premise without requirements or instance may also rewrite every match in
the left side.  ``O(u**k)`` gives ``O(u**j)`` for j <= k in the same variable and nothing exact; ``<`` gives
``<=``.  A certificate for an inequality is an expression equal to rhs - lhs (zero test) whose sign is evident.

A step citing a premise about other objects is never refuted by a random sample of them (the sample may violate
the premise): :func:`premise_constrains` says when.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp
from sympy.core.function import AppliedUndef

from symgd.core.claims import Claim, Context, Premise, Rel
from symgd.decide.context import Cited, Method, fits
from symgd.decide.gram import prove_nonnegative
from symgd.decide.sign import difference
from symgd.decide.zero import is_zero

__all__ = ["ByPremise", "Certificate", "premise_constrains"]


class ByPremise:
    """A step that cites a premise, decided by that premise alone."""

    name = "premise"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        return cited.premise is not None

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        return _prove_by_premise(claim, ctx, cited.premise, cited.instance)  # type: ignore[arg-type]


class Certificate:
    """``lhs <= rhs`` (``<``) with a certificate: rhs - lhs equals it and its sign is evident."""

    name = "certificate"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        return claim.rel in (Rel.LE, Rel.LT) and cited.premise is None and cited.certificate is not None

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        m = is_zero(difference(claim) - cited.certificate, ctx)
        if m is None:
            return None
        s = prove_nonnegative(cited.certificate, ctx, claim.rel is Rel.LT)
        return f"certificate: difference equals it ({m}), {s}" if s else None


def _rewrite_by_premise(claim: Claim, ctx: Context, premise: Premise) -> Method:
    """Rewrite every match of an equality premise (its variables as wildcards) in the left side."""
    wilds = {v: sp.Wild(f"w_{i}", properties=[lambda e, v=v: fits(v, e)])  # a positive u matches positives only
             for i, v in enumerate(premise.variables) if isinstance(v, sp.Symbol)}
    pattern = premise.statement.lhs.xreplace(wilds)
    template = premise.statement.rhs.xreplace(wilds)
    rewritten = claim.lhs.replace(pattern, template)
    if rewritten == claim.lhs:
        return None
    m = is_zero(rewritten - claim.rhs, ctx)
    return f"rewrite with premise '{premise.name}' ({m})" if m else None


def _prove_by_premise(claim: Claim, ctx: Context, premise: Premise, instance: Mapping) -> Method:
    if not instance and premise.statement.rel is Rel.EQ and claim.rel is Rel.EQ and not premise.requires:
        return _rewrite_by_premise(claim, ctx, premise)
    if any(var not in premise.variables or not fits(var, value) for var, value in instance.items()):
        return None  # only the premise's variables are universally quantified, each over its own assumptions
    inst, requires = premise.instantiate(instance)
    inst = inst.normalized()
    if inst.rel is Rel.SOLVES:
        return None
    if inst.rel is Rel.APPROX:  # O(u**k) gives O(u**j) for j <= k, in the same variable, and nothing exact
        (var, k), ours = inst.order, claim.order  # type: ignore[misc]
        if claim.rel is not Rel.APPROX or var in instance or ours[0] != var or ours[1] > k:  # type: ignore[index]
            return None
    if inst.rel is Rel.LT and claim.rel not in (Rel.LT, Rel.LE):
        return None
    if inst.rel is Rel.LE and claim.rel is not Rel.LE:
        return None
    if inst.rel in (Rel.EQ,) and claim.rel is not Rel.EQ:
        return None
    sides = [(inst.lhs, inst.rhs)] + ([(inst.rhs, inst.lhs)] if inst.rel is Rel.EQ else [])  # = reads both ways
    if not any(all(is_zero(a - b, ctx) is not None for a, b in ((lhs, claim.lhs), (rhs, claim.rhs)))
               for lhs, rhs in sides):
        return None
    for req in requires:
        if req is sp.true:
            continue
        if req is sp.false:
            return None
        r = Claim.of(req).normalized()
        if r.rel is Rel.EQ:
            ok = is_zero(r.lhs - r.rhs, ctx)
        else:
            ok = _is_hypothesis(r, ctx) or prove_nonnegative(r.rhs - r.lhs, ctx, r.rel is Rel.LT)
        if not ok:
            return None
    return f"exact instance of premise '{premise.name}'"


def _is_hypothesis(req: Claim, ctx: Context) -> bool:
    """Is ``req`` literally one of the hypotheses (up to exact zero-tests of both sides)?"""
    for h in ctx.hypotheses:
        try:
            hc = Claim.of(h).normalized()
        except TypeError:
            continue
        if hc.rel is req.rel or (hc.rel is Rel.LT and req.rel is Rel.LE):
            if is_zero(hc.lhs - req.lhs, ctx) and is_zero(hc.rhs - req.rhs, ctx):
                return True
    return False


def premise_constrains(premise: Premise) -> bool:
    """Does the premise speak about symbols or functions other than its own (quantified) variables?"""
    exprs = [sp.sympify(e) for e in (premise.statement.lhs, premise.statement.rhs, *premise.requires)]
    objects = set().union(*(e.free_symbols | {type(f) for f in e.atoms(AppliedUndef)} for e in exprs))
    return bool(objects - set(premise.variables))
