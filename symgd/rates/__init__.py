"""The rates room: tight worst-case rates of first-order methods with exact certificates.

Performance estimation (Taylor, Hendrickx and Glineur 2017; Drori and Teboulle 2014): the worst case of a
fixed-step method on L-smooth mu-strongly convex functions is an SDP in a Gram matrix (``problem``), solved
numerically (``sdp``: cvxpy + Clarabel, the optional extra ``pep``, imported only when solving) and certified
in exact rational arithmetic (``certify``, ``exact``); heavy ball on quadratics is an exact spectral radius
(``spectral``); the worst function read off the primal solution (``worst``) and figure data (``plots``).  Imports core, decide and optim only.
"""

from symgd.rates.certify import Certificate, certify, verify, verify_sympy
from symgd.rates.methods import METHODS, Method, fixed_steps, from_rule, gd, method, nesterov_fgm, ogm
from symgd.rates.pep import Rate, pair_name, pep
from symgd.rates.problem import PEP, STAR, build
from symgd.rates.spectral import SpectralRate, heavy_ball_rate, polyak_parameters
from symgd.rates.worst import Huber, attained, huber_from_worst_case

__all__ = [
    "METHODS",
    "PEP",
    "STAR",
    "Certificate",
    "Huber",
    "Method",
    "Rate",
    "SpectralRate",
    "attained",
    "build",
    "certify",
    "fixed_steps",
    "from_rule",
    "gd",
    "heavy_ball_rate",
    "huber_from_worst_case",
    "method",
    "nesterov_fgm",
    "ogm",
    "pair_name",
    "pep",
    "polyak_parameters",
    "verify",
    "verify_sympy",
]
