"""The coverage audit of documents 000, 001 and 002: every non-blank line of each document, statement by
statement, mapped to what checks it (proved steps, errata, numeric checks) or to the reason there is nothing
to check.  Steps are named by the start of their justification (resolved to their numbers in
``symgd verify NAME``), so the table cannot silently drift when steps are added.  The row types, the quote
matcher and the rendering are those of ``coverage_common`` (one table format for all documents).

``python tests/coverage_000_002.py > docs/coverage_000_002.md`` regenerates the table;
tests/test_coverage_000_002.py checks that it is up to date, that every quote occurs on its line, that every
line is accounted for and that every reference resolves.
"""

from __future__ import annotations

import re

from coverage_common import HEADING, PROSE, Audit, E, N, P, S, rows

__all__ = ["AUDIT", "MODULES", "normalize"]

# The catalogue modules of these three documents, plus the shared ones the table cites.
MODULES = ("local_model", "trust_region", "modified_quadratic", "gd_vs_flow_general", "modified_loss",
           "taylor_descent", "quadratic_rates", "smooth_convergence", "bowl_trajectory", "double_well",
           "step_size_sweep", "empirical_rate", "linear_regression", "full_gradient_cost", "descent_lemma",
           "gd_rate_convex")

# ----------------------------------------------------------------------------- quotes


_UNICODE = {
    "η": "eta", "θ": "theta", "λ": "lambda", "μ": "mu", "κ": "kappa", "ρ": "rho", "Δ": "delta", "β": "beta",
    "∇": "grad", "‖": "||", "≤": "<=", "≥": ">=", "≠": "!=", "−": "-", "–": "-", "—": "-", "⟨": "<", "⟩": ">",
    "½": "1/2", "ℝ": "r", "∈": "in", "→": "->", "⟺": "<=>", "×": "x", "…": "...", "←": "<-",
    "ₘₐₓ": "max", "ₘᵢₙ": "min", "₁": "1", "ₙ": "n",
}
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᵀ", "0123456789-t")
_LATEX = {
    "\\nabla": " grad ", "\\|": "||", "\\leq": "<=", "\\geq": ">=", "\\le": "<=", "\\ge": ">=", "\\rightarrow": "->",
    "\\approx": " ~ ", "\\(": " ", "\\)": " ", "\\[": " ", "\\]": " ",
}
_KEEP = re.compile(r"[^0-9a-z=<>+\-/^|.!]")


def normalize(text: str) -> str:
    """Lower-case letters, digits and the symbols = < > + - / ^ | . ! with the documents' Unicode and LaTeX spelled
    the way the catalogue's ASCII quotes spell them (eta, grad, ||, <=, x^2, \\frac{a}{b} -> a/b); spacing,
    braces, parentheses, commas and quotation marks are dropped on both sides."""
    for k, v in _UNICODE.items():
        text = text.replace(k, v)
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᵀ]+", lambda m: "^" + m.group(0).translate(_SUPERSCRIPT), text)
    for k, v in _LATEX.items():
        text = text.replace(k, v)
    for _ in range(3):  # \frac{a}{b} -> a/b, innermost first
        text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\\frac(\d)(\d)", r"\1/\2", text)
    text = re.sub(r"\\([a-zA-Z]+)", r" \1 ", text)  # \eta -> eta, \mathcal -> mathcal (dropped below)
    text = re.sub(r"\b(mathcal|mathrm|mathbb|text|left|right|qquad|quad|begin|end|aligned|underbrace|cdot)\b", " ", text)
    text = text.replace("_", "")
    return _KEEP.sub("", text.lower())


# ----------------------------------------------------------------------------- document 000

_GD_STEP = S("local_model", "set the gradient to zero, solve for $x$")
_000 = [
    (1, "Understanding Gradient Descent via Local Quadratic Models", P("title")),
    (2, "Why Does the Gradient Descent Update Make Sense?", P(HEADING)),
    (3, "Gradient Descent Algorithm", P(HEADING)),
    (4, "xs+1 = xs - ηs ∇f(xs )", _GD_STEP),
    (5, "Why does this update work? Let's understand it through local quadratic models!", P(PROSE)),
    (6, "The Core Idea: Local Quadratic Approximation", P(HEADING + " (the claim is examined at lines 9, 17, 40)")),
    (7, "You're lost on a mountain and want to reach the lowest point.", P("analogy")),
    (8, "The entire terrain is too complex to see at once.", P("analogy")),
    (9, "In this small region, the terrain can be approximated by a simple paraboloid (quadratic function).",
     E("trust_region", "In this small region"), S("trust_region", "1-D: $f(x_s + h) - m_s(x_s + h)$")),
    (10, "Local Quadratic Model ms (x)", P(HEADING)),
    (11, "Click \"Step\" to begin the optimization process", P("interactive figure (not in the text)")),
    (12, "Local quadratic model ms (x)", P("figure label")),
    (13, "Step", P("button of the interactive figure")),
    (14, "Auto Run", P("button of the interactive figure")),
    (15, "Reset", P("button of the interactive figure")),
    (16, "Key Observations:", P(HEADING)),
    (17, "The red parabola (local model) closely matches the blue curve (true function) near the current point",
     E("trust_region", "In this small region"), S("trust_region", "1-D: $f(x_s + h) - m_s(x_s + h)$")),
    (18, "The green point (xs+1 ) is the minimizer of the red parabola",
     S("local_model", "differentiate again: Hessian"), _GD_STEP),
    (19, "Each step solves a simplified local optimization problem", S("local_model", "differentiate the model in $x$"),
     _GD_STEP),
    (20, "Step size η controls the strength of the quadratic term, affecting the \"trust region\" size",
     S("trust_region", "differentiate the penalty weight", "radius $= ")),
    (21, "Why Add the Quadratic Term?", P(HEADING)),
    (22, "Without quadratic term: Only first-order Taylor expansion", S("local_model", "the linear model on the ray")),
    (23, "m(x) = f(xs ) + ⟨∇f(xs ), x - xs ⟩", S("local_model", "the linear model on the ray")),
    (24, "Problem: This is a linear function with no minimum! (unless gradient is zero)",
     S("local_model", "take $t = (M + 1)", "$g = 0$: the linear model is the constant")),
    (25, "With quadratic term:", P(HEADING)),
    (26, "+ (1/(2η)) ||x - xs ||²", S("local_model", "differentiate the model in $x$")),
    (27, "Now there's a unique minimizer!", S("local_model", "differentiate again: Hessian"), _GD_STEP),
    (28, "Quadratic term acts as a \"trust region\" preventing steps that are too large",
     E("trust_region", "Quadratic term acts"), S("trust_region", "squared length of the step", "$f = x^4$"),
     N("trust_region", "step_size_regimes")),
    (29, "Deriving the Gradient Descent Formula", P(HEADING)),
    (30, "Goal: Minimize the local model", _GD_STEP),
    (31, "minx ms (x)", _GD_STEP),
    (32, "Take derivative and set to zero:", P("method of the next lines")),
    (33, "∇ms (x) = ∇f(xs ) + (1/η)(x - xs ) = 0", S("local_model", "differentiate the model in $x$"), _GD_STEP),
    (34, "Solve for x:", P("method of the next line")),
    (35, "x = xs - η∇f(xs )", _GD_STEP, N("local_model", "model_minimizer")),
    (36, "This is the gradient descent update formula!", _GD_STEP),
    (37, "Deep Understanding", P(HEADING)),
    (38, "1. The Essence of Gradient Descent:", P(HEADING)),
    (39, "Not directly minimizing f(x) (too hard)", P(PROSE)),
    (40, "Instead, at each step minimizing a local quadratic approximation ms (x)", _GD_STEP,
     E("trust_region", "In this small region")),
    (41, "This local model is easy to solve (closed-form solution)", _GD_STEP),
    (42, "2. The Role of Step Size η:", P(HEADING)),
    (43, "Small η: Strong quadratic penalty, small trust region, conservative steps",
     S("trust_region", "differentiate the penalty weight", "strictly decreasing", "differentiate the step length",
       "radius $= ")),
    (44, "Large η: Weak quadratic penalty, large trust region, aggressive steps",
     S("trust_region", "differentiate the penalty weight", "strictly decreasing", "differentiate the step length",
       "radius $= ")),
    (45, "Need to balance: too small → slow convergence, too large → instability",
     S("quadratic_rates", "$\\eta = 2/\\lambda_{\\max} + s"), N("trust_region", "step_size_regimes")),
    (46, "3. Connection to Newton's Method:", P(HEADING)),
    (47, "Gradient descent model: m(x) = f(xs ) + ⟨∇f(xs ), x-xs ⟩ + (1/(2η))||x-xs ||²",
     S("local_model", "differentiate the model in $x$")),
    (48, "Newton's method model: m(x) = f(xs ) + ⟨∇f(xs ), x-xs ⟩ + ½⟨x-xs , H(x-xs )⟩",
     S("local_model", "differentiate Newton's model", "set the gradient to zero, solve for $x$ ($H$ invertible)")),
    (49, "Gradient descent approximates the Hessian matrix H with (1/η)I",
     S("local_model", "Newton's step with $H = I/\\eta$")),
    (50, "4. Why Does This Work?", P(HEADING)),
    (51, "The local model is a good approximation near the current point",
     S("trust_region", "1-D: $f(x_s + h) - m_s(x_s + h)$"), E("trust_region", "In this small region")),
    (52, "Minimizing the local model is much simpler than minimizing the original function",
     P("computational remark (the closed form is local_model's minimizer step)")),
    (53, "Each step guarantees local descent (with appropriate step size)",
     S("taylor_descent", "the dominant term"), S("descent_lemma", "the quadratic upper bound at"),
     S("smooth_convergence", "$\\eta \\le 1/L$: the gap")),
    (54, "Multiple steps accumulate, eventually reaching a global or local minimum",
     E("trust_region", "Multiple steps accumulate"),
     S("trust_region", "$f = (x^2 - y^2)/2$", "$|1 - \\alpha| < 1$", "but $(0, 0)$ is a saddle"),
     N("trust_region", "saddle_limit")),
    (55, "Practical Applications", P(HEADING)),
    (56, "This \"local model\" idea appears in many optimization algorithms:", P(PROSE)),
    (57, "Trust Region Methods: Explicitly control trust region size", P("survey of other methods")),
    (58, "Proximal Methods: Add regularization terms as penalties", P("survey of other methods")),
    (59, "Quasi-Newton Methods: Use better quadratic models", P("survey of other methods")),
    (60, "Adaptive Learning Rates: Dynamically adjust η to adapt to local curvature", P("survey of other methods")),
    (61, "Mathematical Formulation", P(HEADING)),
    (62, "The gradient descent step solves:", P(PROSE)),
    (63, "xs+1 = argminx∈ℝd { ⟨∇f(xs ), x - xs ⟩ + (1/(2ηs )) ||x - xs ||²2 }",
     _GD_STEP),  # the constant f(x_s) of local_model's model does not move the argmin
    (64, "Proof: The objective is strictly convex in x. Its gradient with respect to x is:",
     S("local_model", "differentiate again: Hessian")),
    (65, "∇f(xs ) + (1/ηs )(x - xs )", S("local_model", "differentiate the model in $x$")),
    (66, "Setting this equal to zero gives the first-order optimality condition:",
     P("standard fact: a stationary point of a strictly convex differentiable function is its unique minimizer")),
    (67, "∇f(xs ) + (1/ηs )(x - xs ) = 0 ⟺ x = xs - ηs ∇f(xs )", _GD_STEP),
    (68, "which is exactly the gradient descent update!", _GD_STEP),
]

# ----------------------------------------------------------------------------- document 001

_MQ = "modified_quadratic"
_GF = "gd_vs_flow_general"
_ML = "modified_loss"
_STEEPEST = S("taylor_descent", "Cauchy-Schwarz", "and attains the bound")
_001 = [
    (1, "Gradient descent", P("title")),
    (3, "Gradient descent is a simple algorithm for optimization, and empirically works extremely well for modern deep "
     "learning.", P("empirical remark, not a mathematical claim")),
    (5, "The idea is very simple:", P(PROSE)),
    (7, "compute the gradient of the loss with respect to parameters – the direction of steepest ascent", _STEEPEST),
    (7, "we step in the negative gradient direction – the direction of steepest descent", _STEEPEST),
    (8, "This brings us to a new point in parameter space, and we repeat.", P("the iteration, defined at line 14")),
    (10, "A key hyperparameter for gradient descent is the step size (i.e., the learning rate), commonly denoted as "
     "\\(\\eta\\).", P("definition")),
    (10, "This hyperparameter dictates how large of a step we take along the direction of steepest descent.",
     S("trust_region", "squared length of the step")),
    (12, "Formally, we can write gradient descent as follows:", P(PROSE)),
    (14, "\\theta_{t+1} = \\theta_t - \\eta \\nabla_{\\theta} \\mathcal{L}(\\theta_t)", S(_MQ, "factor $\\theta_0$"),
     _GD_STEP),
    (16, "where \\(\\theta_t\\) denotes the parameters at iteration \\(t\\)", P("notation")),
    (18, "Gradient flow", P(HEADING)),
    (20, "Gradient flow is an idealized, continuous version of gradient descent, taking \\(\\eta \\rightarrow 0\\).",
     S(_MQ, "$t/\\eta$ GD steps as")),
    (22, "We can write gradient flow as follows:", P(PROSE)),
    (24, "\\frac{d\\theta}{dt} = -\\nabla \\mathcal{L}(\\theta)", S(_MQ, "the closed form solves the flow equation"),
     S(_GF, "to first order in $t$ (chain rule)")),
    (26, "where we think of \\(\\theta\\) evolving over continuous time \\(t\\).", P("notation")),
    (28, "Approximating gradient descent with gradient flow", P(HEADING)),
    (30, "While gradient flow is always continuously moving in the direction of steepest descent, gradient descent takes "
     "discrete steps and does not account for the change in loss landscape between each step.",
     S(_GF, "chain rule along any path")),
    (30, "This can lead to a mismatch between the paths taken by gradient flow and gradient descent.",
     S(_GF, "subtract $\\theta_{GD}"), N(_GF, "second_order_term")),
    (32, "can we understand finite-step gradient descent as gradient flow on a slightly different objective?",
     S(_ML, "the flow of $L + \\frac{\\eta}{4}")),
    (34, "More precisely, suppose the original loss is \\(\\mathcal{L}(\\theta)\\).", P(PROSE)),
    (36, "\\theta_{\\mathrm{GD}} = \\theta_0 - \\eta \\nabla \\mathcal{L}(\\theta_0).", S(_GF, "subtract $\\theta_{GD}")),
    (38, "We want to find a nearby loss \\(\\mathcal{L}_\\eta\\) whose gradient flow, started at the same "
     "\\(\\theta_0\\) and run for time \\(\\eta\\), ends up near the endpoint of the discrete gradient descent step.",
     S(_ML, "the flow of $L + \\frac{\\eta}{4}")),
    (40, "\\frac{d\\theta(t)}{dt} = -\\nabla \\mathcal{L}_\\eta(\\theta(t)), \\qquad \\theta(0)=\\theta_0",
     S(_ML, "$d = 1$: to first order in $t$")),
    (42, "has endpoint \\(\\theta_{\\mathrm{flow}} := \\theta(\\eta)\\) satisfying", P("definition")),
    (44, "\\theta_{\\mathrm{flow}} \\approx \\theta_{\\mathrm{GD}}.", S(_ML, "the flow of $L + \\frac{\\eta}{4}")),
    (46, "This adjusted loss \\(\\mathcal{L}_{\\eta}\\) has different names in different fields", P("naming")),
    (48, "A quadratic warmup", P(HEADING)),
    (50, "We’ll start with a simple quadratic loss:", P(PROSE)),
    (52, "\\mathcal{L}(\\theta) = \\frac{\\lambda}{2}\\theta^2", S(_MQ, "differentiate")),
    (54, "where \\(\\theta \\in \\mathbb{R}\\) is our learned parameter, and \\(\\lambda \\in \\mathbb{R}^{+}\\) is a "
     "constant that controls the curvature.", P("assumptions (lambda > 0, theta real: modified_quadratic's symbols)")),
    (56, "The gradient is $\\nabla \\mathcal{L}(\\theta) = \\lambda\\theta$", S(_MQ, "differentiate")),
    (58, "&= (1 - \\eta \\lambda)\\theta_0.", S(_MQ, "factor $\\theta_0$")),
    (60, "Now we’ll approximate the endpoint of gradient flow on the same loss.", P(PROSE)),
    (62, "&= -\\lambda\\theta.", S(_MQ, "the closed form solves the flow equation")),
    (64, "The solution to this differential equation is", P(PROSE)),
    (66, "\\theta(t) = e^{-\\lambda t}\\theta_0.", S(_MQ, "the closed form solves the flow equation", "and starts at")),
    (68, "After flowing for time \\(\\eta\\),", P(PROSE)),
    (70, "\\theta_{\\mathrm{flow}} = e^{-\\lambda\\eta}\\theta_0.", S(_MQ, "the closed form solves the flow equation")),
    (72, "Recalling the Taylor expansion of \\(e^x\\), we can write", P(PROSE)),
    (74, "e^{-\\lambda\\eta} &= 1 - \\lambda\\eta + \\frac{\\lambda^2\\eta^2}{2} + O(\\eta^3).",
     S(_MQ, "Taylor expansion of $e^{-\\lambda\\eta}$ (scalar)")),
    (76, "Using this approximation, we can write the endpoint of gradient flow as", P(PROSE)),
    (78, "\\theta_{\\mathrm{flow}} = \\left(1 - \\lambda\\eta + \\frac{\\lambda^2\\eta^2}{2} + O(\\eta^3)\\right)\\theta_0.",
     S(_MQ, "Taylor expansion of $e^{-\\lambda\\eta}$")),
    (80, "we see that the two agree to first order in \\(\\eta\\), but disagree at order \\(\\eta^2\\) and higher.",
     S(_MQ, "subtract: first-order agreement only", "to third order: the $\\eta^3$ terms differ too"),
     N(_MQ, "local_error_orders")),
    (82, "the starting point \\(\\theta_0=1.2\\). Right: parameter trajectories over time: GF (blue, continuous) and "
     "discrete GD (black dots, plotted at times \\(t = k\\eta\\) with \\(\\eta=0.5\\)). Note that the two paths do not "
     "match.", N(_GF, "quadratic_figure")),
    (82, "In the case of our quadratic loss, GD approaches the minimum more quickly than GF – this is because GD locks in "
     "the starting gradient for the entire step, while GF’s gradient continuously shrinks as \\(|\\theta|\\) decreases.",
     E(_GF, "In the case of our quadratic loss"), S(_GF, "the figure ($\\eta\\lambda = 1/2$)", "$\\eta\\lambda = 3/2$"),
     N(_GF, "quadratic_figure")),
    (84, "The modified quadratic", P(HEADING)),
    (86, "gradient descent lands at \\(\\theta_{\\mathrm{GD}} = (1 - \\eta \\lambda)\\theta_0\\), while gradient flow "
     "lands at", S(_MQ, "factor $\\theta_0$", "Taylor expansion of $e^{-\\lambda\\eta}$")),
    (86, "The mismatch primarily stems from the extra second-order term in gradient flow: "
     "\\(\\frac{\\lambda^2\\eta^2}{2}\\theta_0\\).", S(_MQ, "subtract: first-order agreement only")),
    (86, "Note that this extra (positive) term causes gradient flow to move slightly less far down the quadratic bowl "
     "than gradient descent.", S(_MQ, "subtract: first-order agreement only"),
     P("note: the term is positive only for theta_0 > 0 (the figure's 1.2); 'less far' holds for either sign, to "
       "leading order in eta")),
    (88, "we can try making the bowl effectively steeper:", P(PROSE)),
    (90, "\\mathcal{L}_\\eta(\\theta) = \\frac{1}{2}\\left(\\lambda+\\frac{\\eta}{2}\\lambda^2\\right)\\theta^2.",
     S(_MQ, "its closed-form flow solves")),
    (92, "We can now analyze how gradient flow behaves on this modified loss.", P(PROSE)),
    (94, "At the start of the flow, the initial velocity is", P(PROSE)),
    (96, "&= -\\lambda\\theta_0-\\frac{\\eta}{2}\\lambda^2\\theta_0.", S(_MQ, "initial velocity", "expand")),
    (98, "To get the acceleration, we differentiate the flow equation once more with respect to time:", P(PROSE)),
    (100, "\\frac{d^2\\theta}{dt^2} &= -\\left(\\lambda+\\frac{\\eta}{2}\\lambda^2\\right)\\frac{d\\theta}{dt}.",
     S(_MQ, "differentiate the flow equation in $t$")),
    (102, "At \\(t=0\\), this gives", P(PROSE)),
    (104, "&= \\left(\\lambda+\\frac{\\eta}{2}\\lambda^2\\right)^2\\theta_0 \\\\ &= \\lambda^2\\theta_0+O(\\eta).",
     S(_MQ, "initial acceleration", "the acceleration is")),
    (106, "the \\(O(\\eta)\\) part of the acceleration will end up contributing only to an order \\(\\eta^3\\) term",
     S(_MQ, "Taylor expansion to second order")),
    (108, "Now we can approximate the endpoint of gradient flow on the modified loss:", P(PROSE)),
    (110, "&= \\theta_0-\\eta\\lambda\\theta_0+O(\\eta^3).", S(_MQ, "Taylor expansion to second order",
                                                               "the $\\eta^2$ terms cancel")),
    (112, "The order-\\(\\eta^2\\) terms cancel, so gradient flow on the modified loss matches one gradient descent step "
     "on the original loss (up to order \\(\\eta^2\\)).", S(_MQ, "the $\\eta^2$ terms cancel", "this is one GD step"),
     N(_MQ, "local_error_orders")),
    (114, "Rewriting the modified loss in terms of gradient norm", P(HEADING)),
    (116, "The modified loss is just the original loss plus one extra correction term:", S(_MQ, "the correction is")),
    (118, "\\underbrace{\\frac{\\eta}{4}\\lambda^2\\theta^2}_{\\text{finite-step correction}}",
     S(_MQ, "the correction is")),
    (120, "Since \\(\\nabla \\mathcal{L}(\\theta)=\\lambda\\theta\\), we can write the extra term as",
     S(_MQ, "differentiate")),
    (122, "\\frac{\\eta}{4}\\lambda^2\\theta^2 = \\frac{\\eta}{4}\\|\\nabla\\mathcal{L}(\\theta)\\|^2.",
     S(_MQ, "the correction is")),
    (124, "We will see that, in general, the modified loss can be written as", P(PROSE)),
    (126, "\\mathcal{L}_\\eta(\\theta) = \\mathcal{L}(\\theta) + \\frac{\\eta}{4}\\|\\nabla \\mathcal{L}(\\theta)\\|^2 + "
     "O(\\eta^2).", S(_ML, "the flow of $L + \\frac{\\eta}{4}")),
    (128, "with \\(\\lambda=1\\) and \\(\\eta=0.5\\). Note that the modified loss is a slightly steeper bowl.",
     S(_MQ, "the curvature of $L_\\eta$", "steeper than $L$"), N(_ML, "modified_quadratic_figure")),
    (128, "Note that GF on the modified loss now tracks the discrete GD steps more closely, compared to GF on the "
     "original loss.", N(_ML, "modified_quadratic_figure")),
    (130, "The general case", P(HEADING)),
    (132, "Now we’ll try to generalize the modified loss construction.", P(PROSE)),
    (134, "We’ll denote the initial gradient as \\(g := \\nabla\\mathcal{L}(\\theta_0)\\) and the initial Hessian as "
     "\\(H := \\nabla^2\\mathcal{L}(\\theta_0)\\).", P("notation (gd_vs_flow_general's definitions of g and H)")),
    (136, "We can write the endpoint of one gradient descent step as", P(PROSE)),
    (138, "\\theta_{\\mathrm{GD}} = \\theta_0-\\eta g.", S(_GF, "subtract $\\theta_{GD}")),
    (140, "We can similarly write the endpoint of gradient flow on the original loss as", P(PROSE)),
    (142, "\\theta_{\\mathrm{flow}} = \\theta_0-\\eta g+\\frac{\\eta^2}{2}Hg+O(\\eta^3).",
     S(_GF, "$t^0$: the initial velocity", "$t^1$: the initial acceleration", "Taylor: $\\theta(\\eta)$"),
     N(_GF, "second_order_term")),
    (144, "Note that, just like in our toy quadratic case, gradient descent and gradient flow agree up to first order in "
     "\\(\\eta\\), but disagree at order \\(\\eta^2\\) and higher.", E(_GF, "Note that, just like"),
     S(_GF, "subtract $\\theta_{GD}", "$L = c\\theta$")),
    (144, "Gradient flow has an extra second-order term: \\(\\frac{\\eta^2}{2}Hg\\).", S(_GF, "subtract $\\theta_{GD}")),
    (146, "Now we try a nearby loss whose first correction is proportional to the step size:", P(PROSE)),
    (148, "\\mathcal{L}_\\eta(\\theta) = \\mathcal{L}(\\theta)+\\eta R(\\theta)+O(\\eta^2),",
     S(_ML, "flow for time $\\eta$ minus the GD step")),  # modelled as L + eta R + eta^2 S, S arbitrary
    (150, "where \\(R\\) is the correction term.", P("notation")),
    (152, "For gradient flow on this modified loss, initial velocity is", P(PROSE)),
    (154, "&= -g-\\eta\\nabla R(\\theta_0)+O(\\eta^2).", S(_ML, "$t^0$: velocity $-\\nabla L_{\\eta}", "velocity $= -g")),
    (156, "Initial acceleration is", P(PROSE)),
    (158, "&= \\nabla^2\\mathcal{L}(\\theta_0)\\nabla\\mathcal{L}(\\theta_0)+O(\\eta) \\\\ &= Hg+O(\\eta).",
     S(_ML, "$t^1$: acceleration $\\nabla^2 L_{\\eta}", "acceleration $= Hg"), S(_GF, "chain rule along any path")),
    (160, "Note that the \\(R\\)-dependent pieces in the acceleration are only order \\(\\eta\\), so after multiplying "
     "by \\(\\eta^2/2\\) they only matter at order \\(\\eta^3\\).", S(_ML, "acceleration $= Hg",
                                                                     "flow for time $\\eta$ minus the GD step")),
    (162, "We can now write the approximation for the endpoint of gradient flow on the modified loss:", P(PROSE)),
    (164, "&= \\theta_0-\\eta g +\\eta^2\\left(\\frac{1}{2}Hg-\\nabla R(\\theta_0)\\right) +O(\\eta^3).",
     S(_ML, "flow for time $\\eta$ minus the GD step")),
    (166, "To match \\(\\theta_{\\mathrm{GD}} = \\theta_0-\\eta g\\) through order \\(\\eta^2\\), we need the "
     "\\(\\eta^2\\) term to vanish", S(_ML, "the $\\eta^2$ term must vanish")),
    (168, "\\nabla R(\\theta_0)=\\frac{1}{2}Hg.", S(_ML, "the $\\eta^2$ term must vanish")),
    (170, "A function with this gradient is", P(PROSE)),
    (172, "R(\\theta)=\\frac{1}{4}\\|\\nabla\\mathcal{L}(\\theta)\\|^2.", S(_ML, "$\\partial_j", "$= (\\frac12")),
    (173, "Proof", P(HEADING)),
    (175, "Write \\(R\\) coordinate-wise as", P(PROSE)),
    (177, "R(\\theta) = \\frac{1}{4}\\sum_i \\left(\\frac{\\partial \\mathcal{L}(\\theta)}{\\partial \\theta_i}\\right)^2.",
     S(_ML, "$\\partial_j")),
    (179, "Differentiate with respect to coordinate \\(\\theta_j\\):", P(PROSE)),
    (181, "&= \\frac{1}{2}\\sum_i \\frac{\\partial \\mathcal{L}(\\theta)}{\\partial \\theta_i} \\frac{\\partial^2 "
     "\\mathcal{L}(\\theta)}{\\partial \\theta_j\\,\\partial \\theta_i}.", S(_ML, "$\\partial_j")),
    (183, "At \\(\\theta_0\\), this becomes", P(PROSE)),
    (185, "\\frac{\\partial R(\\theta_0)}{\\partial \\theta_j} = \\frac{1}{2}\\sum_i H_{ji}g_i.", S(_ML, "$= (\\frac12")),
    (187, "That is the \\(j\\)th coordinate of \\(\\frac{1}{2}Hg\\). Therefore \\(\\nabla R(\\theta_0)=\\frac{1}{2}Hg\\).",
     S(_ML, "$= (\\frac12")),
    (189, "Thus", P(PROSE)),
    (191, "\\mathcal{L}_\\eta(\\theta) = \\mathcal{L}(\\theta) + \\frac{\\eta}{4}\\|\\nabla \\mathcal{L}(\\theta)\\|^2 + "
     "O(\\eta^2).", S(_ML, "the flow of $L + \\frac{\\eta}{4}"), N(_ML, "local_error_orders")),
    (193, "Sources", P(HEADING + " (the list itself is missing from the text)")),
]

# ----------------------------------------------------------------------------- document 002

_TD = "taylor_descent"
_QR = "quadratic_rates"
_SC = "smooth_convergence"
_BT = "bowl_trajectory"
_SW = "step_size_sweep"
_FC = "full_gradient_cost"
_LOST = "the formula after this line is missing from the text (lost in extraction)"
_CODE = "code scaffolding of the algorithm listing (the update itself is line 77)"
_002 = [
    (1, "Section 4.2: Gradient Descent — The Foundation", P(HEADING)),
    (2, "Reading time: 18 minutes | Difficulty:", P("metadata")),
    (3, "Gradient descent is the workhorse of machine learning optimization.", P(PROSE)),
    (4, "The Core Idea", P(HEADING)),
    (5, "We want to minimize L(θ). We can't solve ∇L(θ) = 0 analytically for neural networks. Instead, we iterate:",
     P(PROSE)),
    (6, "Compute the gradient ∇L(θ) at current position", P("the algorithm, defined at line 144")),
    (7, "Take a small step in the opposite direction", P("the algorithm, defined at line 144")),
    (8, "Repeat until convergence", P("the algorithm, defined at line 144")),
    (9, "The update rule:", P(_LOST + "; the rule is theta <- theta - eta grad L (line 144)")),
    (10, "where η (eta) is the learning rate — how big a step we take.", S("trust_region", "squared length of the step"),
     P("note: the step's length is eta ||grad L||, eta scales it (see the erratum at line 16)")),
    (11, "Why Negative Gradient?", P(HEADING)),
    (12, "The gradient ∇L(θ) points in the direction of steepest increase. We want to decrease, so we go the opposite "
     "way.", S(_TD, "Cauchy-Schwarz", "and attains the bound"), N(_TD, "steepest_direction_sampled")),
    (13, "Formal justification: Consider a Taylor expansion around θ:", S(_TD, "first order along $v$")),
    (14, "To decrease L, we want: \\(\\nabla L(\\theta)^T \\Delta\\theta < 0\\)", S(_TD, "first order along $v$")),
    (15, "The most negative value for a fixed step size ‖Δθ‖ = η occurs when:",
     S(_TD, "Cauchy-Schwarz", "$d^* = -r g/\\|g\\|$ has length $r$", "and attains the bound")),
    (16, "This is exactly the negative gradient direction (normalized). Taking Δθ = -η∇L gives the steepest descent.",
     E(_TD, "The most negative value"), S(_TD, "$-\\eta g$ has direction")),
    (17, "Derivation from Taylor Series", P(HEADING)),
    (18, "Let's be more rigorous. The second-order Taylor expansion is:", S(_TD, "second order along $v$")),
    (19, "where H is the Hessian matrix.", P("notation")),
    (20, "Setting Δθ = -η∇L:", S(_TD, "$\\Delta\\theta = -\\eta \\nabla L$"), N(_TD, "taylor_remainder_orders")),
    (21, "For small η, the dominant term is \\(-\\eta \\|\\nabla L\\|^2 < 0\\).", S(_TD, "the dominant term"),
     N(_TD, "taylor_remainder_orders")),
    (22, "Key insight: As long as ∇L ≠ 0 and η is small enough, we're guaranteed to decrease the loss!",
     S(_TD, "the dominant term", "with $q = \\|g\\|^2 > 0$"), S("descent_lemma", "the quadratic upper bound at")),
    (23, "Choosing the Learning Rate", P(HEADING)),
    (24, "The learning rate η is crucial:", P(PROSE)),
    (25, "| η too small | η too large |", P("table header")),
    (26, "|---|---|", P("table markup")),
    (27, "| Slow convergence | Overshooting |", S(_SW, "at $\\eta = 0.001$, $x$ is still above"),
     S(_BT, "zigzag (overshoot in $y$)")),
    (28, "| May get stuck | Divergence |", S(_SW, "$\\eta = 1/10$: diverges"),
     P("note: 'may get stuck' is too vague to check")),
    (29, "| Wastes computation | Oscillation |", S(_SW, "$\\eta = 1/100$: the boundary", "at $\\eta = 0.01$")),
    (30, "The Goldilocks Zone", P(HEADING)),
    (31, "For a quadratic function \\(L(\\theta) = \\frac{1}{2}\\theta^T H \\theta\\) with eigenvalues λ₁ ≤ ... ≤ λₙ:",
     E(_QR, "For a quadratic function"), S(_QR, "gradient of $\\frac12", "one step: $\\theta - \\eta H")),
    (32, "Convergence requires: η < 2/λₘₐₓ", S(_QR, "$\\eta\\lambda_i > 0$", "$\\eta\\lambda_i \\le",
                                                 "$\\eta = 2/\\lambda_{\\max} + s", "at $\\eta = 2/\\lambda_{\\max}$"),
     N(_QR, "spectral_radius_and_simulation")),
    (33, "Optimal for quadratic: η = 2/(λₘᵢₙ + λₘₐₓ)", E(_QR, "For a quadratic function"),
     S(_QR, "balance", "the contraction at", "$\\eta = \\eta^* - s$", "$\\eta = \\eta^* + s$"),
     N(_QR, "spectral_radius_and_simulation")),
    (34, "Common Mistake: Fixed Learning Rate", P(HEADING)),
    (35, "Using the same learning rate throughout training is usually suboptimal.",
     P("training advice about schedules (Section 4.6 of the source); for deterministic GD on a strongly convex "
       "function a fixed step already converges linearly (smooth_convergence)")),
    (36, "Practical Heuristics", P(HEADING)),
    (37, "Since we can't compute eigenvalues for neural networks:", P(PROSE)),
    (38, "Start small: η = 0.001 is a common default", P("convention (e.g. Adam's default learning rate), not math")),
    (39, "Learning rate finder: Sweep η from 10⁻⁷ to 10, plot loss vs η", P("practical heuristic")),
    (40, "If loss explodes: Reduce η by 10x", P("practical heuristic")),
    (41, "If loss plateaus: Try increasing η", P("practical heuristic")),
    (42, "Convergence Analysis", P(HEADING)),
    (43, "When does gradient descent converge? Under what conditions?", P(PROSE)),
    (44, "Lipschitz Continuous Gradients", P(HEADING)),
    (45, "A function has L-Lipschitz continuous gradients if:",
     P(_LOST + "; the definition is descent_lemma's premise")),
    (46, "This means the gradient doesn't change too rapidly. L is called the Lipschitz constant.", P("definition")),
    (47, "Convergence Theorem", P(HEADING)),
    (48, "Theorem: For a function with L-Lipschitz gradients and learning rate η ≤ 1/L:", E(_SC, "Theorem: For"),
     S(_SC, "$f$ convex: $F(T)"), S("gd_rate_convex", "telescoping")),
    (49, "Proof sketch:", P(HEADING)),
    (50, "From Lipschitz property: \\(L(\\theta_{t+1}) \\leq L(\\theta_t) - \\frac{\\eta}{2}\\|\\nabla "
     "L(\\theta_t)\\|^2\\)", S(_SC, "descent lemma", "$\\eta \\le 1/L$: the gap"), N(_SC, "per_step_and_gradient_bound")),
    (51, "Sum over t = 0 to T-1", S(_SC, "sum the per-step bound")),
    (52, "Use telescoping and rearrange", S(_SC, "telescoping", "$f(\\theta_T) \\ge f^*$")),
    (53, "Interpretation: After T iterations, we're within O(1/T) of the optimum.", E(_SC, "Theorem: For"),
     S(_SC, "$f = -\\cos$", "from $\\theta_0 = \\pi$", "the gap $f(\\pi) - f(0)$"), N(_SC, "nonconvex_counterexample")),
    (53, "To halve the error, we need to double the iterations.", S(_SC, "doubling $T$ halves the bound")),
    (54, "For Strongly Convex Functions", P(HEADING)),
    (55, "If L is also μ-strongly convex (curves upward everywhere):", S(_SC, "so the strong-convexity lower bound"),
     P("note: 'curves upward everywhere' is an informal gloss; x^4 curves upward but is not strongly convex (the "
       "derivation uses f(y) >= f(x) + g^T (y - x) + (mu/2)||y - x||^2)")),
    (56, "This is linear convergence — exponentially fast! The rate depends on the condition number κ = L/μ.",
     S(_SC, "$\\|g_t\\|^2 \\ge 2\\mu", "with $\\eta = 1/L$: the factor", "unroll the per-step factor"),
     N(_SC, "strongly_convex_rate")),
    (57, "The Algorithm", P(HEADING)),
    (58, "def gradient_descent(loss_fn, grad_fn, theta_init, lr, num_steps):", N(_BT, "table_vs_runs")),
    (59, "\"\"\"", P(_CODE)),
    (60, "Vanilla gradient descent.", P(_CODE)),
    (61, "Args:", P(_CODE)),
    (62, "loss_fn: Function computing L(θ)", P(_CODE)),
    (63, "grad_fn: Function computing ∇L(θ)", P(_CODE)),
    (64, "theta_init: Initial parameters", P(_CODE)),
    (65, "lr: Learning rate η", P(_CODE)),
    (66, "num_steps: Number of iterations", P(_CODE)),
    (67, "Returns:", P(_CODE)),
    (68, "Final parameters and loss history", P(_CODE)),
    (69, "\"\"\"", P(_CODE)),
    (70, "theta = theta_init.copy()", P(_CODE)),
    (71, "history = []", P(_CODE)),
    (72, "for t in range(num_steps):", P(_CODE)),
    (73, "loss = loss_fn(theta)", P(_CODE)),
    (74, "grad = grad_fn(theta)", P(_CODE)),
    (75, "history.append(loss)", P(_CODE)),
    (76, "# The core update", P(_CODE)),
    (77, "theta = theta - lr * grad", N(_BT, "table_vs_runs"), N(_QR, "closed_form_vs_loop")),
    (78, "return theta, history", P(_CODE)),
    (79, "Visualizing Gradient Descent", P(HEADING)),
    (80, "Consider minimizing \\(L(x, y) = x^2 + 10y^2\\) (an elliptical bowl):",
     S(_BT, "the gradient", "one step: the factors", "the closed form from $(5, 5)$")),
    (81, "Step 0: (5.0, 5.0), Loss = 275.0", S(_BT, "step 0: the loss 275 is right")),
    (82, "Step 1: (4.0, 3.0), Loss = 106.0", E(_BT, "Step 0:"),
     S(_BT, "the x column", "the y column", "the printed losses match", "$\\eta = 1/10$, step 1", "with loss 266")),
    (83, "Step 2: (3.2, 1.8), Loss = 42.64", E(_BT, "Step 0:"),
     S(_BT, "and $4 \\to 3.2$", "and $3 \\to 1.8$", "... $42.64$", "step 2: $(3.2, 5)$", "$\\eta = 1/50$, step 2")),
    (84, "...", P("elided rows of the table")),
    (85, "Step 20: (0.11, 0.00), Loss = 0.012", E(_BT, "Step 0:"),
     S(_BT, "... and step 20", "step 20: $y_{20}", "so the loss at step 20"), N(_BT, "table_vs_runs")),
    (86, "The path zigzags because:", E(_BT, "Step 0:"), S(_BT, "zigzag (overshoot in $y$)", "the table's $y$ ratio")),
    (87, "The gradient in y is 10x larger than in x", S(_BT, "at $(5, 5)$ the gradient")),
    (88, "We overshoot in y, undershoot in x", S(_BT, "one step: the factors", "zigzag (overshoot in $y$)")),
    (89, "This is the \"condition number problem\"", S(_BT, "the Hessian is $\\mathrm{diag}(2, 20)$")),
    (90, "Limitations of Vanilla Gradient Descent", P(HEADING)),
    (91, "1. Sensitive to Condition Number", P(HEADING)),
    (92, "For ill-conditioned problems (elongated loss landscapes), convergence is slow due to zigzagging.",
     S(_QR, "the contraction at", "divide by", "the step $1/\\lambda_{\\max}$"),
     S(_SW, "at $\\eta = 0.001$, $x$ is still above"),
     P("note: the slowness comes from the small eigenvalue, not from the zigzag: at eta = 0.001 neither coordinate "
       "changes sign and shrinking x by 1000 still takes 3451 steps")),
    (93, "Solution: Momentum (Section 4.4) or adaptive learning rates (Section 4.5).",
     P("pointer to later sections (the momentum and adaptive modules of document 003)")),
    (94, "2. Same Learning Rate for All Parameters", P(HEADING)),
    (95, "Some parameters may need larger updates, others smaller.", P(PROSE)),
    (96, "Solution: Per-parameter adaptive rates (AdaGrad, Adam).", P("pointer to later sections")),
    (97, "3. Stuck in Saddle Points", P(HEADING)),
    (98, "At saddle points, the gradient is zero, so we stop moving.", S("double_well", "GD from $x_0 = 0$ never moves"),
     S("trust_region", "$f = (x^2 - y^2)/2$")),
    (99, "Solution: Noise from stochastic gradients helps escape.", P("stochastic GD is outside this document")),
    (100, "4. Can't Escape Local Minima", P(HEADING + " (the claim is line 101)")),
    (101, "Pure gradient descent always goes downhill. It can't climb over barriers to find better minima.",
     E("double_well", "Pure gradient descent"), S("double_well", "$x_0 = 3/2$", "... and goes uphill", "even with",
                                                  "... passing the barrier"), N("double_well", "gd_runs")),
    (102, "Solution: Stochastic noise, learning rate schedules, or random restarts.", P("pointer to other methods")),
    (103, "Batch Gradient Descent vs. Full Gradient", P(HEADING)),
    (104, "Full (batch) gradient descent: Compute gradient over ALL training data.", P("definition")),
    (105, "Problems:", P(HEADING)),
    (106, "For N = 1 billion examples, this is very expensive", S(_FC, "forward $2nN$")),
    (107, "Must load all data into memory", P("systems remark")),
    (108, "One update per full pass through data", P("definition")),
    (109, "Solution: Stochastic Gradient Descent (next section).", P("pointer to the next section")),
    (110, "Historical Note", P(HEADING)),
    (111, "Augustin-Louis Cauchy first described gradient descent in 1847 for solving systems of equations.",
     P("historical (Cauchy, Comptes Rendus 25, 1847), not checkable by the engine")),
    (111, "He called it \"méthode de descente\" (descent method).",
     P("historical attribution, not checkable by the engine (Cauchy's note is titled 'Methode generale pour la "
       "resolution des systemes d'equations simultanees')")),
    (112, "The method was rediscovered and popularized in the 1950s with the advent of computers.",
     P("historical, not checkable by the engine")),
    (112, "Haskell Curry (1944) and Kenneth Arrow & Leonid Hurwicz (1958) provided convergence analyses.",
     P("historical, not checkable by the engine")),
    (113, "For neural networks, gradient descent combined with backpropagation was popularized by Rumelhart, Hinton, "
     "and Williams (1986).", P("historical, not checkable by the engine")),
    (114, "Connection to Modern LLMs", P(HEADING)),
    (115, "Modern LLMs don't use vanilla gradient descent. They use:", P("practice")),
    (116, "Stochastic gradients (mini-batches of 1-4 million tokens)", P("practice")),
    (117, "Momentum (usually β = 0.9)", P("practice (a conventional default)")),
    (118, "Adaptive learning rates (Adam or AdamW)", P("practice")),
    (119, "Learning rate warmup (prevents early instability)", P("practice")),
    (120, "Gradient clipping (prevents explosions)", P("practice")),
    (121, "But all of these are built on the foundation we derived here.", P(PROSE)),
    (122, "Complexity Analysis", P(HEADING)),
    (123, "| Operation | Cost |", P("table header")),
    (124, "|---|---|", P("table markup")),
    (125, "| Compute full gradient | O(N × n) |", S(_FC, "forward $2nN$"), N(_FC, "counted_backprop_flops")),
    (126, "| Update parameters | O(n) |", S(_FC, "update $2n$ FLOPs")),
    (127, "| Total per iteration | O(N × n) |", S(_FC, "update $2n$ FLOPs")),
    (128, "Where N = dataset size, n = number of parameters.", P("notation")),
    (129, "For GPT-3 (175B parameters) on 300B tokens: each full gradient would require ~10²³ FLOPs.",
     S(_FC, "GPT-3:", "at least $10^{23}$", "... and below"), N(_FC, "counted_backprop_flops")),
    (129, "This is why we use stochastic methods.", P("motivation")),
    (130, "Exercises", P(HEADING)),
    (131, "-", P("list markup")),
    (132, "Implement gradient descent: Write gradient descent for \\(L(x) = x^4 - 3x^2 + 2\\). Find all critical points.",
     S("double_well", "differentiate", "factor", "a critical point", "the second derivative", "$L''(0) = -6",
       "global: $L(x)"), N("double_well", "gd_runs")),
    (133, "-", P("list markup")),
    (134, "Learning rate exploration: For \\(L(x,y) = x^2 + 100y^2\\), run gradient descent with η = 0.001, 0.01, 0.1. "
     "What happens?", S(_SW, "the Hessian: $\\lambda_{\\min} = 2$", "$\\eta = 1/1000$", "$\\eta = 1/100$",
                        "$\\eta = 1/10$"), N(_SW, "three_runs")),
    (135, "-", P("list markup")),
    (136, "Convergence rate: Empirically verify the O(1/T) convergence rate on a convex quadratic.",
     S("empirical_rate", "one mode after $T$ steps", "$\\lambda z^2$ constant", "faster: $O(1/T^2)$"),
     N("empirical_rate", "fitted_slopes")),
    (137, "-", P("list markup")),
    (138, "Visualize trajectories: Plot the optimization path on a contour plot of the loss surface.",
     N(_BT, "table_vs_runs")),  # a plotting task: the iterates are bowl_trajectory.iterates
    (139, "-", P("list markup")),
    (140, "Compare to closed-form: For linear regression, compare gradient descent solution to the closed-form solution "
     "\\((X^TX)^{-1}X^Ty\\).", S("linear_regression", "the gradient of", "normal equations", "the GD error"),
     N("linear_regression", "gd_vs_closed_form_vs_lstsq")),
    (141, "Summary", P(HEADING)),
    (142, "| Concept | Definition | Key Insight |", P("table header")),
    (143, "|---|---|---|", P("table markup")),
    (144, "| Gradient descent | θ ← θ - η∇L | Move opposite to gradient |", S(_TD, "the dominant term"), _GD_STEP),
    (145, "| Learning rate | Step size η | Too big = diverge, too small = slow |",
     S(_QR, "$\\eta = 2/\\lambda_{\\max} + s"), S(_SW, "$\\eta = 1/10$: diverges", "at $\\eta = 0.001$, $x$ is still")),
    (146, "| Convergence rate | O(1/T) general, O(ρᵀ) strongly convex | Depends on problem conditioning |",
     E(_SC, "Convergence rate |"), S(_SC, "unroll the per-step factor"), S(_QR, "divide by")),
    (147, "| Lipschitz constant | Upper bound on gradient change | Determines max safe learning rate |",
     S("descent_lemma", "global: the gap is"), S(_TD, "at $\\eta = 2q/c$"), S(_SC, "$\\eta \\le 1/L$: the gap")),
    (148, "Key takeaway: Gradient descent is simple but powerful.", P(PROSE)),
]

AUDIT = Audit(
    name="000_002",
    seeds=("000", "001", "002"),
    modules=MODULES,
    rows=(*rows("000", _000), *rows("001", _001), *rows("002", _002)),
    normalize=normalize,
    separators=r"\.\.\.|…|;",  # a quote's fragments, each of which must occur, in order
    intro=(
        "# Coverage of documents 000, 001 and 002",
        "",
        "Every non-blank line of `000_*.txt` (local quadratic model), `001_*.txt` (modified loss) and `002_*.txt`",
        "(foundations and convergence), statement by statement, and what checks it: proved steps (numbered as in",
        "`symgd verify NAME`; steps of document 003's shared modules are named by their justification only),",
        "errata (the document's claim, refuted by the engine), numeric checks,",
        "or the reason there is nothing to check. Generated from `tests/coverage_000_002.py` by",
        "`python tests/coverage_000_002.py > docs/coverage_000_002.md`; `tests/test_coverage_000_002.py` checks that",
        "it is up to date, that each quote occurs on its line and that every reference resolves.",
    ),
)

if __name__ == "__main__":
    AUDIT.main()
