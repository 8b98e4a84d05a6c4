"""The cost of one full gradient (document 002, "Complexity Analysis"): the GPT-3 estimate ~10^23 FLOPs.

Result.  A gradient of a dense network with n parameters costs about 6 n FLOPs per example (token): 2 n for the
forward pass (a multiply and an add per weight) and 4 n for the backward pass (the weight gradient and the input
gradient, 2 n each).  A full-batch gradient over N examples therefore costs 6 n N = O(N n), and the update O(n).
For GPT-3, 6 x (175 x 10^9) x (300 x 10^9) = 3.15 x 10^23 FLOPs = 10^23.498: the document's "~10^23" is the right
order of magnitude (3.15^2 < 10, so it rounds to 10^23 on a log scale; the forward pass alone is 1.05 x 10^23).
This is the whole GPT-3 training budget (3.14 x 10^23 in Brown et al. 2020): one full gradient costs as much as
the entire run.  No erratum.

Assumptions.  The 6 FLOPs per parameter per token rule (cited; it ignores attention's context-length term and
counts a multiply-add as 2 FLOPs); the numeric check counts the FLOPs of hand-written backpropagation.

Reference.  Document 002, "Complexity Analysis"; Kaplan et al., Scaling Laws for Neural Language Models (2020),
Sec. 2.1; Brown et al., Language Models are Few-Shot Learners (2020), Appendix D.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Derivation, NumericOutcome, Source

__all__ = ["derive", "full_gradient_flops"]

n_params, n_tokens = sp.symbols("n N", positive=True)
full_gradient_flops = 6 * n_params * n_tokens  # forward 2 n N + backward 4 n N


def derive() -> Derivation:
    d = Derivation(
        "full_gradient_cost",
        "The cost of a full gradient: $6nN$ FLOPs, about $10^{23}$ for GPT-3",
        Source("002", "Complexity Analysis", r"For GPT-3 (175B parameters) on 300B tokens: each full gradient would "
               r"require $\approx 10^{23}$ FLOPs."),
        summary=r"Forward $2nN$ plus backward $4nN$ FLOPs; for $n = 175 \cdot 10^9$ and $N = 300 \cdot 10^9$ that is "
        r"$3.15 \cdot 10^{23}$, within the order of magnitude $10^{23}$ the document states.",
        reference="Document 002; Kaplan et al. (2020), Sec. 2.1; Brown et al. (2020), App. D.",
    )
    d.assume([n_params, n_tokens])
    d.claim(sp.Add(2 * n_params * n_tokens, 4 * n_params * n_tokens, evaluate=False), "=", full_gradient_flops, "forward $2nN$ plus backward "
            "$4nN$ (cited rule: a multiply-add per weight forward; weight and input gradients backward)")
    with sp.evaluate(False):
        gpt3 = 6 * (175 * sp.Integer(10) ** 9) * (300 * sp.Integer(10) ** 9)
        stated = sp.Integer(315) * sp.Integer(10) ** 21
    d.claim(gpt3, "=", stated, "GPT-3: $n = 175 \\cdot 10^9$, $N = 300 \\cdot 10^9$")
    d.claim(sp.Integer(315) * sp.Integer(10) ** 21, ">=", sp.Integer(10) ** 23, "at least $10^{23}$ ...")
    d.claim((sp.Integer(315) * sp.Integer(10) ** 21) ** 2, "<", sp.Integer(10) ** 47,
            "... and below $10^{23.5}$ ($3.15^2 < 10$): the nearest power of ten is $10^{23}$")
    d.conclude(r"$6nN = 3.15 \times 10^{23}$ FLOPs for GPT-3: the order of magnitude $10^{23}$ is right")
    # The table: the update theta - eta g is a multiply and a subtract per parameter, 2n = O(n); the total is O(N n).
    d.hypothesis(n_tokens >= 1, "at least one example")
    d.claim(full_gradient_flops + 2 * n_params, "<=", 8 * n_params * n_tokens, "update $2n$ FLOPs: the total per "
            "iteration $6nN + 2n \\le 8nN$ is $O(Nn)$ ($N \\ge 1$)")
    with sp.evaluate(False):
        forward = 2 * (175 * sp.Integer(10) ** 9) * (300 * sp.Integer(10) ** 9)
    d.claim(forward, "=",
            sp.Integer(105) * sp.Integer(10) ** 21, "the forward pass alone: $2nN = 1.05 \\cdot 10^{23}$")

    @d.numeric("counted_backprop_flops", "hand-written forward and backward passes of a 4-layer linear network: the "
               "counted multiply-add FLOPs are exactly 6 per parameter per example; the float estimate for GPT-3")
    def _count() -> NumericOutcome:
        rng = np.random.default_rng(70)
        widths, batch = [64, 128, 96, 32, 10], 17
        Ws = [rng.normal(size=(widths[i + 1], widths[i])) for i in range(4)]
        flops = 0

        def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            nonlocal flops
            flops += 2 * a.shape[0] * a.shape[1] * b.shape[1]  # one multiply and one add per term
            return a @ b

        acts = [rng.normal(size=(widths[0], batch))]
        for W in Ws:  # forward
            acts.append(matmul(W, acts[-1]))
        delta = acts[-1] - rng.normal(size=acts[-1].shape)  # d loss / d output for a squared error
        for i in reversed(range(4)):  # backward: weight gradient and input gradient (also for the first layer)
            matmul(delta, acts[i].T)  # the weight gradient (its value is not needed for the count)
            delta = matmul(Ws[i].T, delta)
        n = sum(W.size for W in Ws)
        per = flops / (n * batch)
        gpt3 = 6 * 175e9 * 300e9
        ok = per == 6.0 and abs(gpt3 - 3.15e23) < 1e9 and 23 <= np.log10(gpt3) < 23.5
        return NumericOutcome(ok, f"counted {flops} FLOPs for {n} parameters $\\times$ {batch} examples = {per:g} per parameter "
                              f"per example; GPT-3: {gpt3:.3e} = $10^{{{np.log10(gpt3):.3f}}}$",
                              {"per_param_per_example": per, "gpt3": gpt3})

    return d
