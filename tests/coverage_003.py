"""The coverage audit of document 003 (convexity to natural gradient): every non-blank line, statement by
statement, mapped to what checks it (proved steps, errata, numeric checks) or to the reason there is nothing
to check.  Steps are named by the start of their justification (resolved to their numbers in
``symgd verify NAME``), so the table cannot silently drift when steps are added.  The row types, the quote
matcher and the rendering are those of ``coverage_common`` (one table format for all documents).

``python tests/coverage_003.py > docs/coverage_003.md`` regenerates the table; tests/test_coverage_003.py
checks that it is up to date, that every quote occurs on its line, that every non-blank line is listed and
that every reference resolves.
"""

from __future__ import annotations

import re

from coverage_common import HEADING, PROSE, Audit, E, N, P, S, rows

__all__ = ["AUDIT", "MODULES", "normalize"]

MODULES = ("convexity", "descent_lemma", "gd_rate_convex", "conditioning", "preconditioning", "newton_direction",
           "momentum", "adaptive", "adam_bias", "natural_gradient", "fisher_kl")

# ----------------------------------------------------------------------------- quotes

# LaTeX commands that carry no letters of their own in the quotes' ASCII spelling.
_DROP = ("mathcal", "mathbb", "mathrm", "text", "left", "right", "Big", "big", "frac", "cdot", "langle", "rangle",
         "quad", "leq", "geq", "preccurlyeq", "succcurlyeq", "approx", "implies", "rightarrow", "Rightarrow", "odot",
         "underbrace", "substack", "begin", "end", "bmatrix", "aligned", "displaystyle")


def normalize(text: str) -> str:
    """Letters and digits only, lower case, with LaTeX spelled as the quotes spell it (nabla -> grad,
    top -> T, hat{m} -> mhat); punctuation, spacing and relation symbols are dropped on both sides (the
    document mixes LaTeX, Unicode and ASCII for the same relation), so a quote must keep every letter and
    digit of the text, in order."""
    text = text.replace("\\nabla", " grad ").replace("\\top", "T").replace("\\epsilon", "eps").replace("\\|", " ")
    text = re.sub(r"\\(begin|end)\{[a-z*]*\}", " ", text)  # environment names are not text
    text = re.sub(r"\\hat\{(\w)\}", r"\1hat", text).replace("_hat", "hat")
    text = re.sub(r"\\(" + "|".join(_DROP) + r")(?![a-zA-Z])", " ", text)
    return re.sub(r"[^0-9a-z]", "", text.lower())


# ----------------------------------------------------------------------------- rows

_EPI = S("convexity", "Definition 1.2", "$f(x) \\le a", "the epigraph points")
_TANGENT = S("convexity", "the difference quotient", "convexity, divided by", "simplify", "let $s \\to 0^+$")
_HESS_PSD = S("convexity", "Theorem 1.1 at $(y, x)$", "plus Theorem 1.1", "$f(x)$, $f(y)$ cancel", "monotone gradient",
              "the gradient's difference quotient", "let $s \\to 0^+$: $\\nabla^2")
_THM11 = E("convexity", "Theorem 1.1. Let $f$ be a convex function")
_UPPER = S("descent_lemma", "fundamental theorem of calculus", "Cauchy-Schwarz and the Lipschitz", "$\\int_0^1 L s")
_ONE_STEP = S("descent_lemma", "the quadratic upper bound at", "factor $\\|g\\|^2$")
_ETA_1_L = S("descent_lemma", "with $\\eta = 1/L$", "differentiate in $\\eta$", "stationary point",
             "second derivative $-L < 0$", "global: the gap")
_RATE = S("gd_rate_convex", "expand $\\|x - t g - x^*\\|^2", "descent lemma with", "$t \\le 1/L$", "convexity: $f(x)",
          "identity (a)", "$f(x_i)$ nonincreasing", "sum the per-step bound", "telescoping", "$\\|x_k - x^*\\|^2 \\ge 0$")
_KAPPA_SPD = S("conditioning", "$\\|\\Lambda y\\|^2 \\le", "equality at the top", "$\\|\\Lambda y\\|^2 \\ge",
               "equality at the bottom eigenvector: $\\min", "$A^{-1}$ has eigenvalues", "$\\|\\Lambda^{-1} y",
               "equality at the bottom eigenvector: $\\|A^{-1}", "$\\kappa(A) =")
_SHEAR = S("conditioning", "$A = \\left[\\begin{smallmatrix} 1 & 2", "largest eigenvalue of $A^T A$", "$A^{-1}$: the same",
           "$\\|A\\|_2 \\|A^{-1}\\|_2$")
_MIN_STRETCH = S("conditioning", "$\\min \\|Ax\\|/\\|x\\| = 1/", "smallest eigenvalue of $A^T A$",
                 "$= 1/\\|A^{-1}\\|_2$") + N("conditioning", "zigzag_and_min_stretch")
_ZIGZAG = S("conditioning", "GD factor on the steep", "on the flat eigenvector", "$5x^2 + 13y^2$, $\\eta = 2/36$")
_CHAIN = S("preconditioning", "chain rule, $d = 1$", "chain rule, $d = 2$", "chain rule, $d = 3$", "quadratic $f$")
_W_STEP = S("preconditioning", "multiply the step on $g$", "$w = Ru$") + N("preconditioning", "change_of_variables")
_PSD_RRT = S("preconditioning", "$x^T R R^T x", "a sum of squares")
_MODEL = S("newton_direction", "gradient of the model", "its Hessian is $H$")
_NEWTON = S("newton_direction", "set the gradient to zero", "with $g = -Hs$", "complete the square")
_NEWTON_ERR = E("newton_direction", "The minimum of $f(x)$ can be found")
_DESCENT_DIR = S("newton_direction", "slope along $d = -H^{-1} g$", "1-D: the stationary point")
_EMA_HB = S("momentum", "the rule HEAVY_BALL_EMA", "the previous step", "the rule HEAVY_BALL with", "initial states",
            "and $\\alpha m_{t+1} =") + N("momentum", "ema_vs_heavy_ball")
_HB = S("momentum", "heavy ball on $(x_t, x_{t-1})$", "its characteristic polynomial", "heavy ball on $\\frac12",
        "first block of", "their product", "$p(1)$", "$p(-1)$")
_NES = S("momentum", "the rule NESTEROV in", "and $v_{t+1}", "NESTEROV on $(y, v)$", "Nesterov on $\\frac12",
         "first block with") + N("momentum", "nesterov_lookahead")
_TUNED = S("momentum", "tuned heavy ball: a double root", "so every root has", "Nesterov with $a = 1/L$",
           "which is $1 - 1/\\sqrt\\kappa$", "the tuned heavy ball is faster", "and Nesterov faster") + N(
    "momentum", "tuned_parameters")
_STEADY = S("momentum", "a constant gradient", "an alternating gradient")
_ADAGRAD_ACC = S("adaptive", "the rule ADAGRAD adds", "the effective learning rate never increases")
_ADAGRAD_DIAG = S("adaptive", "ADAGRAD coordinate by coordinate")
_VANISH = S("adaptive", "if $G_t = t c^2 + p$", "so $G_t \\ge t c^2$", "hence $\\eta/\\sqrt") + N("adaptive", "accumulators")
_RMS = S("adaptive", "the rule RMSPROP with", "$0 \\le \\beta < 1$")
_ADAM_RMS = S("adaptive", "Adam without bias correction", "$v$ is RMSProp's", "and the step is RMSProp's",
              "the document's RMSProp")
_BIAS_CORR = S("adaptive", "Adam's first step", "$\\hat v_1 = g^2$", "so $\\theta_1", "without the corrections",
               "constant $g$", "and $v_k", "so $\\hat m = g$", "and $\\hat v = g^2$", "substitute $\\hat m = g$") + N(
    "adaptive", "adam_bias_factors")
_EV = S("adam_bias", "linearity of expectation", "$\\mathbb{E}[g_i^2] = \\sigma^2$", "reindex $k = t - i$")
_PROX = S("natural_gradient", "a quadratic model, curvature", "differentiate ($P$ symmetric)", "Hessian $P/\\eta",
          "gradient $= 0$, solve for $x$") + N("natural_gradient", "proximal_argmin")
_GD_PROX = S("natural_gradient", "$P = I$")
_NAT = S("natural_gradient", "$P = F$", "the library rule preconditioned_gd, preconditioner $F^{-1}$")
_KL_ZERO = S("fisher_kl", "at $\\theta_t$ the log-ratio is $\\log 1 = 0$")
_SCORE0 = S("fisher_kl", "$p\\,\\partial_i \\log p", "under the integral sign (right to left)", "$\\int p_\\theta")
_GRAD_KL = S("fisher_kl", "differentiate under the integral sign", "product rule", "the score has mean zero",
             "$\\mathbb{E}_\\theta[\\partial_i", "at $\\theta_t$ the log-ratio vanishes")
_HESS_KL = S("fisher_kl", "entry $(i, j)$", "entry $(i, i)$", "at $\\theta_t$: $\\log 1 = 0$")
_TAYLOR_KL = S("fisher_kl", "Taylor: $\\nabla D", "$D(\\theta_t) = 0$") + N("fisher_kl", "kl_over_s2")
_FISHER_EX = S("fisher_kl", "the Fisher information: the same", "Fisher: $\\sum_k", "Hessian: $\\mathrm{diag}") + N(
    "fisher_kl", "monte_carlo_fisher")
_KL_ERR = E("fisher_kl", "we can approximate the KL divergence")

_003 = [
    (3, "Gradient Descent", P("title")),
    (5, "Preliminary (math stuff that will be useful)", P(HEADING)),
    (7, "1 Convexity", P(HEADING)),
    (9, "A set C is said to be convex if for all x, y in C and 0 <= t <= 1, the affine combination (1-t)x + ty also "
        "belongs to C", P("definition (standard: Boyd and Vandenberghe 2.1.4); used by the epigraph statement, line 15"),
     S("convexity", "the epigraph points")),
    (11, "Definition 1.2. Let f : R^n -> R. For 0 <= t <= 1 and x, y in dom(f)", _EPI[:1]),
    (13, "f(tx + (1-t)y) <= tf(x) + (1-t)f(y)", _EPI,
     S("descent_lemma", "$x^2$ at $y = x + h$", "positive for $0 < \\tau < 1$"),
     N("convexity", "sampled_convex_functions")),
    (15, "then f is a convex function", _EPI[:1]),
    (15, "If f(tx + (1-t)y) < tf(x) + (1-t)f(y), then f is a strictly convex function",
     E("descent_lemma", "If $f(tx + (1-t)y) < tf(x)"), S("descent_lemma", "$x^2$ at $y = x + h$")),
    (15, "Note that f is convex if and only if its epigraph is a convex set", _EPI,
     N("convexity", "sampled_convex_functions")),
    (17, "A matrix A is said to be positive semidefinite if and only if for any x in R^n, x^T A x >= 0",
     S("convexity", "$x^T(A - B)x$"), _PSD_RRT),
    (17, "Similarly, A is positive definite if and only if x^T A x > 0", E("conditioning", "Similarly, $A$ is positive")),
    (19, "For any matrix A, the spectral norm, or the induced 2-norm, is defined as", _KAPPA_SPD[:2]),
    (21, "||A||_2 = max_{x neq 0} ||Ax||_2/||x||_2", _KAPPA_SPD[:2], S("conditioning", "largest eigenvalue of $A^T A$"),
     N("conditioning", "spectral_norms")),
    (23, "Let A, B be any two matrices. Then, A >= B means that for any vector x we have x^T A x >= x^T B x",
     S("convexity", "$x^T(A - B)x$")),
    (23, "Notably, if A >= 0, then A is positive semidefinite", S("convexity", "$x^T(A - B)x$")),
    (25, "Theorem 1.1. Let f be a convex function. Then, for any x, y in dom(f)", _THM11, _TANGENT),
    (27, "f(y) >= f(x) + grad f(x) . (y - x)", _TANGENT, _THM11,
     N("convexity", "sampled_convex_functions")),
    (29, "Furthermore, for any x in dom(f)", _HESS_PSD),
    (31, "grad^2 f(x) >= 0", _HESS_PSD, _THM11, S("convexity", "$|x|$ at 0", "$h_- < 0$"),
     N("convexity", "sampled_convex_functions")),
    (33, "Unrelated to convexity, but for any f : R^n -> R, the second order Taylor approximation is",
     E("descent_lemma", "the second order Taylor approximation")),
    (35, "f(x) = f(x_0) + (x - x_0)^T grad f(x_0) + 1/2 (x - x_0)^T grad^2 f(x_0) (x - x_0)",
     E("descent_lemma", "the second order Taylor approximation"), S("descent_lemma", "second-order Taylor")),
    (37, "In most models, it is reasonable to assume that the gradient of the loss function is L-Lipschitz",
     P("modelling assumption, stated as an opinion; every result that uses it says so (descent_lemma, gd_rate_convex)")),
    (39, "Theorem 1.2. Let f be a convex function such that grad f(x) is L-Lipschitz. Then, grad^2 f(x) <= L",
     E("descent_lemma", "Theorem 1.2."), _UPPER, S("descent_lemma", "concave $-x^2/2$")),
    (41, "f(y) <= f(x) + grad f(x) . (y - x) + L/2 ||x - y||^2", _UPPER, _ONE_STEP[:1],
     N("descent_lemma", "random_smooth_functions"), N("descent_lemma", "nonconvex_upper_bound")),
    (43, "What is GD?", P(HEADING)),
    (45, "GD is x_{t+1} = x_t - alpha . grad f(x_t)", _ONE_STEP[:1], S("gd_rate_convex", "expand")),
    (47, "find a direction to move in that helps us get one step closer to the optimum (minimum or maximum)",
     E("descent_lemma", "find a direction to move")),
    (48, "GD is about how we find that direction", P(PROSE)),
    (50, "Rough intuition for how GD works", P(HEADING)),
    (52, "The following theorem can be shown using some of the properties I gave above", _RATE[1:2],
     S("gd_rate_convex", "convexity: $f(x)")),
    (54, "Theorem 6.1 Suppose the function f : R^n -> R is convex and differentiable, and that its gradient is "
         "Lipschitz continuous with constant L > 0", _RATE),
    (54, "if we run gradient descent for k iterations with a fixed step size t <= 1/L", _RATE),
    (54, "it will yield a solution f^{(k)} which satisfies", E("gd_rate_convex", "it will yield a solution")),
    (56, "f(x^{(k)}) - f(x^*) <= ||x^{(0)} - x^*||_2^2/(2tk)", _RATE, N("gd_rate_convex", "sampled_convex_family"),
     N("gd_rate_convex", "tight_case")),
    (58, "where f(x^*) is the optimal value",
     P("assumption that a minimizer x* exists (stated in gd_rate_convex's Assumptions); no claim")),
    (58, "Intuitively, this means that gradient descent is guaranteed to converge and that it converges with rate "
         "O(1/k)", _RATE[-1:], S("gd_rate_convex", "and $f$ does not increase")),
    (61, "Important takeaway here is that the convergence is O(1/k). It basically means that the f(x_k) - f(x^*) "
         "follows the 1/k graph", E("gd_rate_convex", "It basically means"), N("gd_rate_convex", "not_one_over_k")),
    (61, "increases in k when k is small lead to significant decrease in the difference than when k is already large",
     S("gd_rate_convex", "one more iteration lowers", "and that gain shrinks", "$C, k > 0$")),
    (62, "Below we connect gradient descent to curvature. This will set up discussion for preconditioning, adagrad",
     P(PROSE)),
    (64, "L(theta_{t+1}) <= L(theta_t) - eta ||g_t||^2 + 1/2 eta^2 ||g_t||^2 L", _ONE_STEP),
    (66, "Set eta = 1/L. Then", _ETA_1_L[:1]),
    (68, "L(theta_{t+1}) <= L(theta_t) - 1/L ||g_t||^2 + 1/(2L) ||g_t||^2 ... L(theta_{t+1}) <= L(theta_t) - "
         "||g_t||^2/(2L)", _ETA_1_L, N("descent_lemma", "random_smooth_functions")),
    (70, "This is just using some of the properties you saw above", _ONE_STEP[:1]),
    (70, "Important is that last equation on the right side of the second line", P(PROSE)),
    (71, "Basically tells you that you want a large enough gradient relative to your curvature",
     S("descent_lemma", "with $\\eta = 1/L$")),
    (72, "To review: curvature is how fast the slope is changing",
     P("informal definition (the second derivative; its matrix form is the Hessian of lines 91-109)")),
    (73, "you never subtract the whole gradient, like you always subtract the learning rate * the gradient",
     _ONE_STEP[:1]),
    (74, "so that's how you would \"adjust\" when you want more of the gradient and when you want less",
     _ETA_1_L[1:]),
    (78, "The problem is we never know what the local curvature (or the second gradient) is",
     P("motivation; the Hessian is computed exactly in the Newton section (newton_direction)")),
    (79, "So, we will look into other ways of dealing with this", P(PROSE)),
    (81, "Preconditioning", P(HEADING)),
    (83, "As we discussed earlier, curvature is key to gradient descent", P(PROSE)),
    (84, "There is curvature along every dimension in higher dimensions", S("conditioning", "curvature along $x$")),
    (86, "gradient descent becomes very difficult as certain dimensions require more push", _ZIGZAG),
    (88, "When a function has curvature that is different along each dimension, we say that the function is "
         "ill-conditioned", P("informal definition; made precise by kappa (conditioning), as the document does next"),
     S("conditioning", "the contraction $(\\kappa - 1)")),
    (89, "find it's Hessian matrix, then calculate the condition number of the matrix (the ratio of the largest "
         "eigenvalue to the smallest eigenvalue)", E("conditioning", "calculate the condition number"), _SHEAR),
    (89, "in a sense, the eigenvalues tell you the dimensions of highest curvature and lowest curvature",
     E("conditioning", "in a sense, the eigenvalues"), S("conditioning", "$H = \\left[\\begin{smallmatrix} a & b", "but the curvature",
                                                         "the largest, $a + b$")),
    (91, "Step 2: Compute the Hessian for f(x, y) = 5x^2 + 13y^2", S("conditioning", "the Hessian: no cross term")),
    (93, "Let's calculate the second derivatives for our specific function", P(PROSE)),
    (95, "First, the partial derivatives", P(HEADING)),
    (97, "partial f/partial x = partial/partial x (5x^2 + 13y^2) = 10x", S("conditioning", "the gradient")),
    (98, "partial f/partial y = partial/partial y (5x^2 + 13y^2) = 26y", S("conditioning", "the gradient")),
    (100, "Now, the second partial derivatives", P(HEADING)),
    (102, "partial^2 f/partial x^2 = partial/partial x (10x) = 10", S("conditioning", "the Hessian: no cross term")),
    (103, "partial^2 f/partial y^2 = partial/partial y (26y) = 26", S("conditioning", "the Hessian: no cross term")),
    (104, "partial^2 f/partial x partial y = partial/partial y (10x) = 0", S("conditioning", "the Hessian: no cross term")),
    (105, "partial^2 f/partial y partial x = partial/partial x (26y) = 0", S("conditioning", "the Hessian: no cross term")),
    (107, "Since there are no cross terms (like xy) in the function, the mixed partial derivatives are zero",
     S("conditioning", "the Hessian: no cross term")),
    (109, "H = 10 & 0 0 & 26", S("conditioning", "the Hessian: no cross term")),
    (111, "Step 3: Find the Eigenvalues of the Hessian", P(HEADING)),
    (113, "For a diagonal matrix like this, the eigenvalues are simply the entries on the diagonal: 10 and 26",
     S("conditioning", "characteristic polynomial", "an eigenvalue: $10$", "an eigenvalue: $26$")),
    (113, "These eigenvalues represent the curvature of the function along the x- and y-directions, respectively",
     S("conditioning", "curvature along $x$", "curvature along $y$")),
    (117, "Step 4: Calculate the Condition Number", P(HEADING)),
    (119, "The condition number (kappa) of the Hessian is the ratio of the largest eigenvalue to the smallest "
          "eigenvalue", S("conditioning", "$\\kappa(A) ="), E("conditioning", "calculate the condition number")),
    (121, "kappa = lambda_max/lambda_min = 26/10 = 2.6", S("conditioning", "$\\kappa = \\lambda_{\\max}"),
     N("conditioning", "spectral_norms")),
    (123, "-", P("empty list item")),
    (124, "Note that this only works for very simple examples", P("remark about reading eigenvalues off a diagonal "
                                                                  "Hessian (true: the example is diagonal)")),
    (126, "Another way to determine the condition number is to multiply the spectral norm of a matrix multiplied by "
          "the spectral norm of the inverse of the matrix", _KAPPA_SPD, _SHEAR,
     S("conditioning", "saddle $x^2 - y^2$", "$\\|H^{-1}\\|_2 = 1/2$")),
    (127, "Few things to remember here", P(PROSE)),
    (128, "What is the spectral norm? ||A|| = max ||Ax||/||x||", _KAPPA_SPD[:2]),
    (128, "the 2-norm is a quantity that expresses how much a matrix (which is a transformation) can stretch a vector",
     _KAPPA_SPD[:2]),
    (129, "if it's a vector, then it's just the normal euclidean norm", P("notation")),
    (130, "if you replace the max with a min, then actually min ||Ax||/||x|| = 1/||A^{-1}||", _MIN_STRETCH,
     _KAPPA_SPD[2:4]),
    (131, "the condition number of the hessian reflects how much the original function can stretch or shrink",
     P("interpretation of kappa = (max stretch)/(min stretch), proved as ||A|| ||A^{-1}||"), _KAPPA_SPD[-1:]),
    (132, "when you have ill-conditioned functions, gradient descent ends up being zig-zagged", _ZIGZAG,
     N("conditioning", "zigzag_and_min_stretch")),
    (133, "Condition number = 1 -> perfectly conditioned. If it's greater than 1, then it gets worse and worse",
     S("conditioning", "the contraction $(\\kappa - 1)", "worse and worse", "$\\kappa = 1$", "$\\kappa \\ge 1$")),
    (134, "Now, how does it work?", P(PROSE)),
    (138, "Main idea of preconditioning: rescale the underlying space we're optimizing over to make the level sets more "
          "like circles", S("newton_direction", "the preconditioned curvature"), S("preconditioning", "Cholesky")),
    (138, "minimize g(u) = f(Ru) for some fixed matrix R", _CHAIN),
    (140, "u_{t+1} = u_t - alpha grad g(u_t) = u_t - alpha R^T grad f(Ru_t)", _CHAIN),
    (142, "you try to fix it by considering transforming the entire space (that's what R is doing)", P(PROSE)),
    (144, "If we multiply both sides by R, and let w_t = Ru_t, we get", _W_STEP[:1]),
    (146, "w_{t+1} = Ru_{t+1} = Ru_t - alpha RR^T grad f(Ru_t) = w_t - alpha RR^T grad f(w_t)", _W_STEP),
    (148, "running gradient descent with gradients scaled by some positive semidefinite matrix P = RR^T (why is it "
          "positive semidefinite?)", _PSD_RRT),
    (148, "This method is called preconditioned gradient descent, and we can apply the same idea to precondition SGD",
     P("naming; the change of variables is linear, so it applies to any (stochastic) gradient estimate")),
    (150, "multiply it by that same R, and get w_t - alpha . RR^T . gradient", _W_STEP),
    (150, "Basically, you take any positive semidefinite matrix, and use it as a preconditioner",
     E("preconditioning", "Basically, you take any"), S("preconditioning", "Cholesky")),
    (151, "Okay so how can we find a preconditioner or what can we use?", P(PROSE)),
    (152, "Information about the loss that you know already", P("suggestion, no formula stated")),
    (153, "Statistics of the dataset can be another preconditioner. Variance of the features in your dataset",
     P("suggestion: the document does not say whether P is diag(Var(X_i)) or its inverse (feature standardization "
       "is P = diag(1/Var(X_i))), so there is no formula to check")),
    (154, "Information about the second derivative", P(PROSE + "; the Hessian preconditioner is next")),
    (156, "Hessian Preconditioners", P(HEADING)),
    (158, "Idea is to somehow use the hessian matrix as a preconditioner", _NEWTON[:1]),
    (160, "The second-order Taylor expansion of a function f(x) around a point x_t is given by", _MODEL),
    (162, "f(x) ~ f(x_t) + grad f(x_t), x - x_t + 1/2 x - x_t, grad^2 f(x_t)(x - x_t)", _MODEL,
     S("descent_lemma", "second-order Taylor")),
    (164, "The minimum of f(x) can be found in closed form by setting the gradient", _NEWTON, _NEWTON_ERR),
    (166, "grad f(x_t) + grad^2 f(x_t)(x - x_t) = 0 ... x = x_t - [grad^2 f(x_t)]^{-1} grad f(x_t)", _MODEL[:1],
     _NEWTON[:1], N("newton_direction", "newton_vs_minimizer")),
    (168, "assuming that grad^2 f(x_t) is invertible, the natural direction of descent changes from", _NEWTON_ERR,
     _DESCENT_DIR),
    (170, "d = -grad f(x_t) ... d = -[grad^2 f(x_t)]^{-1} grad f(x_t)", _DESCENT_DIR,
     E("newton_direction", "the natural direction of descent")),
    (173, "gradient of f(x_t) = 0, gradient of grad f(x_t) . (x - x_t) is grad f(x_t)", _MODEL[:1]),
    (173, "gradient of 1/2 x - x_t, hessian f(x_t) . (x - x_t) is hessian f(x_t) . (x - x_t)", _MODEL[:1]),
    (174, "Then you solve, and so you get x_t - inverse of hessian f(x_t) . grad f(x_t)", _NEWTON[:1]),
    (175, "the inverse of the hessian matrix will have the inverse eigenvalue across every single dimension",
     S("conditioning", "$A^{-1}$ has eigenvalues")),
    (175, "so you perfectly \"scale\" the gradients by doing this type of update",
     S("newton_direction", "quadratic $f$: $g = H x_t - b$", "the preconditioned curvature"),
     N("newton_direction", "newton_vs_minimizer")),
    (175, "This is probably the most effective way to tackle the conditioning problem", P("opinion")),
    (177, "computing a hessian matrix is really difficult when you have millions of parameters. Hessian matrices are "
          "order N^2 where N is the number of parameters",
     P("a count (N^2 entries, N(N+1)/2 distinct), true; nothing to derive")),
    (179, "Momentum", P(HEADING)),
    (182, "Momentum is based on a principle we discussed earlier about curvature", P(PROSE)),
    (183, "Areas of high curvature -> let's take smaller steps", _STEADY[1:]),
    (184, "Areas of lower curvature -> let's take larger steps", _STEADY[:1]),
    (185, "This image is really nice to visualize how it works", P("figure (not in the text)")),
    (186, "Polyak momentum is actually just an EMA of gradients that have happened up till time stamp t", _EMA_HB[:1]),
    (187, "m_{t+1} = gamma * m_t + (1 - gamma) * gradient of f(x_t), then x_{t+1} = x_t - alpha * m_{t+1}", _EMA_HB),
    (187, "It just can be rewritten into what you see below", E("momentum", "It just can be rewritten"), _EMA_HB),
    (189, "Polyak's Momentum", P(HEADING)),
    (193, "x_{t+1} = x_t - alpha grad f(x_t) + mu(x_t - x_{t-1})", _HB, N("momentum", "spectral_radius_vs_contraction")),
    (195, "Nesterov's Momentum", P(HEADING)),
    (199, "x_{t+1} = x_t + mu(x_t - x_{t-1}) - gamma grad f(x_t + mu(x_t - x_{t-1}))", _NES,
     E("momentum", "$x_{t+1} = x_t + \\mu(x_t - x_{t-1})")),
    (201, "the idea of polyak momentum is to reduce the number of oscillations that happen when we are in areas of "
          "high curvature", _STEADY[1:]),
    (201, "This link talks has visuals if you need", P("link (empty)")),
    (202, "Nesterov is just an improvement upon this", P("opinion; see the errata of line 203"),
     E("momentum", "So, Nesterov is significantly faster")),
    (203, "Polyak is O(1/t) convergence, Nesterov is O(1/t^2) convergence", E("momentum", "Polyak is $O(1/t)$"),
     S("momentum", "$p$ at $1 - a\\lambda", "the same slow root"), N("momentum", "worst_case_rates")),
    (203, "So, Nesterov is significantly faster", E("momentum", "So, Nesterov is significantly faster"), _TUNED),
    (205, "AdaGrad", P(HEADING)),
    (207, "The general AdaGrad update rule is given by", P(PROSE)),
    (209, "x_{t+1} = x_t - eta G_t^{-1/2} g_t", E("adaptive", "$x_{t+1} = x_t - \\eta G_t^{-1/2} g_t$"),
     S("adaptive", "two gradients $a, b$")),
    (211, "where G_t^{-1/2} is the inverse of the square root of G_t", P("definition of the notation")),
    (211, "A simplified version of the update rule takes the diagonal elements of G_t instead of the whole matrix",
     _ADAGRAD_DIAG),
    (213, "x_{t+1} = x_t - eta diag(G_t)^{-1/2} g_t", _ADAGRAD_DIAG),
    (215, "which can be computed in linear time",
     P("cost count: the diagonal rule is coordinatewise (adaptive, ADAGRAD coordinate by coordinate), O(d) per step")),
    (215, "In practice, a small quantity eps is added to each diagonal element in G_t to avoid singularity problems",
     _ADAGRAD_DIAG, S("adaptive", "two gradients $a, b$")),
    (217, "x_{t+1} = x_t - eta diag(eps I + G_t)^{-1/2} g_t", _ADAGRAD_DIAG, N("adaptive", "accumulators")),
    (219, "where I denotes the identity matrix. An expanded form of the previous update is presented below",
     P("notation")),
    (221, "x_{t+1}^{(2)} x_{t+1}^{(2)} vdots x_{t+1}^{(m)}", E("adaptive", "$\\begin{bmatrix}"), _ADAGRAD_DIAG),
    (223, "AdaGrad stands for Adaptive Gradient", P("name")),
    (224, "Here, G_t refers to sum_{tau=1}^t g_{tau} g_{tau}^T", _ADAGRAD_ACC[:1], S("adaptive", "two gradients $a, b$")),
    (224, "G_t is a large matrix with dimension of N^2 (where N is the dimension of the gradient)",
     P("a count (N x N); true")),
    (225, "this is bad for memory, so we sometimes just take the diagonal of the matrix", _ADAGRAD_DIAG),
    (226, "the inverse of a diagonal matrix is the reciprocal entry in the diagonal",
     S("conditioning", "$A^{-1}$ has eigenvalues")),
    (227, "Notice how Adagrad is just another preconditioning matrix as we discussed earlier", _ADAGRAD_DIAG),
    (228, "it's just accumulating past gradients ... that's why it's 1/sqrt(accumulated gradient)", _ADAGRAD_ACC),
    (229, "the convergence bound for Adagrad is 1/sqrt(t)", E("adaptive", "the convergence bound for Adagrad"),
     N("adaptive", "adagrad_smooth_quadratic")),
    (229, "Nice way to remember this is that you have a square root of accumulated gradient",
     P("mnemonic"), _VANISH),
    (230, "Adagrad works better in ill-conditioned environments while normal gradient descent doesn't really work",
     E("adaptive", "idea is that Adagrad works better"), N("adaptive", "adagrad_vs_gd_rotation")),
    (232, "RMSProp", P(HEADING)),
    (234, "RMSProp is Adagrad, but you do an EMA approximation", _RMS, S("adam_bias", "split off the last term")),
    (234, "for the squared mean of the gradients (which in other words, is also the second moment of the gradients "
          "around 0)", E("adaptive", "you do an EMA approximation"), S("adaptive", "$g = g_a$ or $g_b$")),
    (235, "This is what RMSProp looks like", P(PROSE)),
    (236, "v_t = beta * v_{t-1} + (1 - beta) * g_t^2", _RMS, N("adaptive", "accumulators")),
    (237, "theta_{t+1} = theta_t - learning rate / sqrt(v_t + eps) * g_t", _ADAM_RMS[3:],
     N("adaptive", "adam_beta1_zero_is_rmsprop")),
    (238, "it's literally the same thing as Adagrad, but we use an EMA instead of accumulating",
     S("adaptive", "the rule ADAGRAD adds", "the rule RMSPROP with")),
    (239, "Why RMSProp? What issue does it solve?", P(PROSE)),
    (240, "Adagrad has an issue where the accumulating gradient becomes large, leading to a vanishing gradient update",
     _VANISH),
    (241, "Hence, rather than accumulating, we take the average. This is much more stable", _RMS),
    (245, "In my opinion, it's a very small improvement", P("opinion")),
    (247, "ADAM", P(HEADING)),
    (249, "m_t = beta_1 m_{t-1} + (1 - beta_1) g_t", _BIAS_CORR[4:5], S("adam_bias", "linearity of expectation")),
    (251, "v_t = beta_2 v_{t-1} + (1 - beta_2) g_t^2", _BIAS_CORR[5:6],
     S("adam_bias", "split off the last term", "factor $\\beta_2$")),
    (253, "m_hat_t = m_t/(1 - beta_1^t)", _BIAS_CORR[6:7], S("adam_bias", "so $\\mathbb{E}[\\hat m_t]")),
    (255, "v_hat_t = v_t/(1 - beta_2^t)", _BIAS_CORR[7:8], S("adam_bias", "a constant factor", "cancel")),
    (257, "theta_t = theta_{t-1} - eta/(sqrt(v_hat_t) + eps) m_hat_t", _BIAS_CORR),
    (259, "Okay let's ignore the third and fourth equation. It's basically the same thing as RMSProp, but we include "
          "momentum's EMA as well", E("adaptive", "It's basically the same thing"), _ADAM_RMS),
    (260, "Now, the third and fourth equation is called the bias correction", _BIAS_CORR),
    (260, "Look at this below ChatGPT response", P(PROSE)),
    (262, "Concretely, if g_i^2 has a mean sigma^2, then", S("adam_bias", "$\\mathbb{E}[g_i^2] = \\sigma^2$")),
    (264, "E[v_t] = E[(1 - beta_2) sum_{i=1}^t beta_2^{t-i} g_i^2] = (1 - beta_2) sum_{i=1}^t beta_2^{t-i} E[g_i^2] = "
          "sigma^2 (1 - beta_2) sum_{i=1}^t beta_2^{t-i}", _EV),
    (266, "sum_{i=1}^t beta_2^{t-i} = sum_{k=0}^{t-1} beta_2^k = (1 - beta_2^t)/(1 - beta_2)",
     S("adam_bias", "reindex $k = t - i$", "geometric sum ($\\beta_2 < 1$)")),
    (268, "E[v_t] = sigma^2 (1 - beta_2) (1 - beta_2^t)/(1 - beta_2) = sigma^2 (1 - beta_2^t)",
     S("adam_bias", "geometric sum ($\\beta_2 < 1$)", "cancel $1 - \\beta_2$"), N("adam_bias", "monte_carlo_v")),
    (270, "Notice that for small t, 1 - beta_2^t ~ 0", S("adam_bias", "with $\\delta = 1 - \\beta_2$")),
    (270, "So E[v_t] is biased low in the early steps (it starts at zero and ramps up)",
     S("adam_bias", "and it starts at zero", "biased low", "and it ramps up", "positive: $\\sigma^2")),
    (272, "So, one general thing to note is that EMAs are underestimates for the first/second moment",
     E("adam_bias", "So, one general thing"), S("adam_bias", "geometric sum ($\\beta_1 < 1$)")),
    (274, "Natural Gradient Descent", P(HEADING)),
    (276, "NGD is just gradient descent but generalized to different spaces", _PROX[:1],
     P("informal; made precise by the proximal form of line 278")),
    (276, "as we'll see in reinforcement learning, gradient descent is also used to", P(PROSE + " (continues line 278)")),
    (278, "x_{t+1} = arg min_x f(x_t) + grad f(x_t)^T (x - x_t) + D(x, x_t) optimize probability distributions", _PROX),
    (282, "For natural gradient descent, D(x, x_t) = 1/2 * ||x - x_t||, so gradient descent on the euclidean space",
     E("natural_gradient", "For natural gradient descent"), N("natural_gradient", "unsquared_norm")),
    (283, "To see why, take the gradient of f(x_t) + grad f(x_t) * (x - x_t) + 1/2 ||x - x_t||",
     E("natural_gradient", "For natural gradient descent"), _GD_PROX),
    (284, "This is grad f(x_t) + x - x_t = 0. Solving, you get x = x_t - grad f(x_t), so x_{t+1} = x_t - grad f(x_t)",
     _GD_PROX, E("natural_gradient", "For natural gradient descent")),
    (285, "And, this is the typical gradient descent computation", _GD_PROX),
    (286, "So, gradient descent is basically the optimal value of the first order approximation of a function",
     E("natural_gradient", "So, gradient descent is basically"), S("natural_gradient", "the linear model $g u$")),
    (288, "Some other D(x, x_t)", P(HEADING)),
    (289, "Mahalanobis metric -> D(x, x_t) = 1/2 xAx (A is the matrix you pick)",
     E("natural_gradient", "Mahalanobis metric"), S("natural_gradient", "uncentered", "a step from the origin")),
    (290, "This is actually similar to gradient descent with preconditioning matrix", _PROX,
     S("natural_gradient", "the library rule preconditioned_gd, preconditioner $P^{-1}$")),
    (291, "Fisher information metric: D(theta, theta_t) = D_KL(p(x theta), p(x theta_t))", _NAT, _TAYLOR_KL),
    (292, "So, the distance between two distributions", E("fisher_kl", "So, the distance"),
     S("fisher_kl", "reversed, KL")),
    (292, "theta_t is the previous, theta is the one that we are trying to pick", P("notation")),
    (293, "the KL divergence between the two distributions is usually approximated as the fisher information of "
          "p(x theta)", _KL_ERR, _TAYLOR_KL),
    (294, "So, the gradient descent is update is just F^{-1} (where F is the fisher information matrix) as a "
          "preconditioner", _NAT),
    (296, "suppose theta_t is a vector of the current parameter values, and we'd like to find a new set of parameters "
          "theta_{t+1}", P(PROSE)),
    (298, "theta_{t+1} = arg min_theta f(theta_t) + grad f(theta_t)^T (theta - theta_t) + D_KL(p(x theta) p(x "
          "theta_t))", _NAT, E("natural_gradient", "$\\theta_{t+1} = \\arg \\min_{\\theta}")),
    (300, "Unfortunately this minimization is intractable in general", P("remark (no closed form in general); true")),
    (300, "we can approximate the KL divergence using a second-order Taylor expansion, which turns out to be the "
          "Fisher information matrix F", _KL_ERR, _TAYLOR_KL),
    (300, "(see Appendix for a derivation)", P("the appendix is not in the document; fisher_kl supplies the "
                                              "derivation (Hessian of the KL = F)"), _HESS_KL),
    (300, "This means that locally around theta_t, we have", P(PROSE)),
    (302, "D_KL(p(x theta) p(x theta_t)) ~ F", _KL_ERR, _TAYLOR_KL),
    (304, "where", P("connective")),
    (306, "F = E_{x sim p} [(grad_theta log p(x theta))(grad_theta log p(x theta))^T]", _HESS_KL, _FISHER_EX),
    (308, "Thus, the Fisher information matrix contains all the information about the curvature in our "
          "likelihood-based loss function", E("fisher_kl", "Thus, the Fisher information"),
     S("fisher_kl", "one data point", "its expectation under the model")),
    (308, "Our update for the natural gradient in this setting is then", P(PROSE)),
    (310, "x_{t+1} = x_t - gamma F^{-1} grad f(theta_t)", _NAT, E("natural_gradient", "$\\theta_{t+1} = \\arg \\min_{\\theta}")),
    (312, "Fisher information approximates the KL divergence", P(HEADING)),
    (314, "For notational simplicity, let D(theta, theta_t) = D_KL(p_theta(x) p_{theta_t}(x))", _KL_ZERO, _GRAD_KL[:1]),
    (314, "Consider a second-order Taylor approximation to the KL divergence around theta_t", _TAYLOR_KL),
    (316, "D(theta, theta_t) ~ D(theta_t, theta_t) + ... (theta - theta_t)^T H_t (theta - theta_t)",
     E("fisher_kl", r"$D(\theta, \theta_t) \approx"), _TAYLOR_KL),
    (318, "where H_t is the Hessian of D(theta_t, theta_t) at theta_t", E("fisher_kl", r"where $H_t$ is the Hessian"),
     _HESS_KL),
    (320, "The first two terms are zero", _KL_ZERO, _GRAD_KL[-1:]),
    (320, "The first term is a divergence between two equal distributions, which makes the divergence zero", _KL_ZERO),
    (320, "For the second term, we can see that", P(PROSE)),
    (322, "grad_theta D(theta, theta_t) = grad_theta E_{p(x theta)} [log p(x theta)/p(x theta_t)]", _GRAD_KL[:1]),
    (322, "= E_{p(x theta)} [grad_theta log p(x theta)/p(x theta_t)] (Swap grad and E)",
     E("fisher_kl", r"$\nabla_\theta D(\theta, \theta_t) = \nabla_\theta"), _GRAD_KL),
    (322, "= E_{p(x theta)} [grad_theta log p(x theta)] (Grad. doesn't depend on theta_t)", _SCORE0),
    (322, "= 0", _SCORE0, _GRAD_KL[-1:]),
    (324, "The final line comes from the fact that the expectation of the score is always 0",
     E("fisher_kl", "The final line comes"), _SCORE0, S("fisher_kl", "uniform on $[0, \\theta]$")),
]

AUDIT = Audit(
    name="003",
    seeds=("003",),
    modules=MODULES,
    rows=rows("003", _003),
    normalize=normalize,
    separators=r"\.\.\.",  # a quote's fragments, each of which must occur, in order
    intro=(
        "# Coverage of document 003",
        "",
        "Every non-blank line of `003_*.txt` (convexity, Theorem 1.2, the O(1/k) rate, conditioning, preconditioning,",
        "Newton's direction, momentum, AdaGrad, RMSProp, Adam, natural gradient, Fisher information and KL), statement",
        "by statement, and what checks it: proved steps (numbered as in `symgd verify NAME`), errata (the document's",
        "claim refuted by the engine, or its evidence), numeric checks, or the reason there is nothing to check.",
        "Generated from `tests/coverage_003.py` by `python tests/coverage_003.py > docs/coverage_003.md`;",
        "`tests/test_coverage_003.py` checks that it is up to date, that each quote occurs on its line, that every",
        "non-blank line is listed and that every reference resolves.",
    ),
)

if __name__ == "__main__":
    AUDIT.main()
