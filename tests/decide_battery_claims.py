"""Issue 11's battery of exponential, logarithmic and summation claims (textbook facts and false look-alikes).

Each claim: (LaTeX, assumptions, truth, why).  The truth is decided without symgd: a true claim cites its
textbook argument; a false one carries a witness (values and a plain-float / mpmath check in ``WITNESSES``,
evaluated by tests/test_decide_battery.py with mpmath, never with symgd).  Sources: Nesterov, *Lectures on Convex
Optimization* (2018) 2.1.5 and 2.2 (rates (1 - mu/L)^k, 2L R^2/(k+4)); Bubeck, *Convex Optimization: Algorithms
and Complexity* (2015) 3.2, 6.1 (sums of step sizes, harmonic bounds); Boyd and Vandenberghe, *Convex Optimization*
(2004) 3.1.5, 9.3 (1 + x <= e^x, log bounds); Beck, *First-Order Methods in Optimization* (2017) 8.2 (sums
of 1/sqrt(k)); Kingma and Ba (2015) 2-3 (bias corrections, geometric weights).
"""

from __future__ import annotations

from mpmath import exp, log, mp, mpf, pi, sqrt

__all__ = ["CLAIMS", "WITNESSES"]

T, F = True, False
G01 = [r"0 \le \gamma \le 1"]
NAT = [r"k \in \mathbb{N}"]

CLAIMS: list[tuple[str, list[str], bool, str]] = [
    # identities with denominators, sums to a symbolic limit (Kingma and Ba 3; the domain convention)
    (r"\sum_{k=0}^{t-1} \beta_2^k = \frac{1 - \beta_2^t}{1 - \beta_2}", [], T, "telescoping, beta_2 != 1"),
    (r"\sum_{k=0}^{t-1} \beta_2^k = \frac{1 - \beta_2^{t+1}}{1 - \beta_2}", [], F, "off by one"),
    (r"\sum_{k=1}^{t} \beta^k = \frac{1 - \beta^t}{1 - \beta}", [], F, "wrong lower limit"),
    (r"\sum_{i=1}^t \beta^{t-i} = \sum_{k=0}^{t-1}\beta^k", [], T, "reindex i = t - k"),
    (r"\sum_{i=1}^t \beta^{t-i} = \sum_{k=1}^{t}\beta^k", [], F, "reindex off by one"),
    (r"(1-\beta)\sum_{i=1}^{t} \beta^{t-i} = 1 - \beta^t", [], T, "Adam weights sum"),
    (r"(1-\beta)\sum_{i=1}^{t} \beta^{t-i} = 1 - \beta^{t-1}", [], F, "wrong exponent"),
    (r"\sum_{k=1}^{T} \frac{1}{k(k+1)} = 1 - \frac{1}{T+1}", [], T, "telescoping 1/k - 1/(k+1)"),
    (r"\sum_{k=1}^{T} \frac{1}{k(k+1)} = 1 - \frac{1}{T}", [], F, "telescoping off by one"),
    (r"\sum_{k=1}^{T} k = \frac{T(T+1)}{2}", [], T, "Gauss"),
    (r"\sum_{k=1}^{T} k = \frac{T(T-1)}{2}", [], F, "Gauss off by one"),
    (r"\sum_{k=0}^{\infty} \beta^k = \frac{1}{1-\beta}", [r"0 < \beta < 1"], T, "geometric series"),
    (r"\sum_{k=0}^{\infty} \beta^k = \frac{\beta}{1-\beta}", [r"0 < \beta < 1"], F, "geometric series from 1"),
    # exponential bounds (Boyd and Vandenberghe 3.1.5; Nesterov 2.1.5)
    (r"(1-\gamma)^t \le e^{-\gamma t}", [*G01, r"t \ge 0"], T, "1 - g <= e^-g, u -> u^t increasing"),
    (r"(1-\gamma)^t \le e^{-\gamma t}", [*G01, r"t \in \mathbb{N}"], T, "same, t integer"),
    (r"(1-\gamma)^t \le e^{-2\gamma t}", [*G01, r"t \ge 0"], F, "factor 2"),
    (r"e^{-\gamma t} \le (1-\gamma)^t", [*G01, r"t \ge 0"], F, "flipped"),
    (r"(1-\mu/L)^k \le \exp(-k\mu/L)", [r"0 < \mu \le L", *NAT], T, "linear rate vs exponential"),
    (r"(1-\mu/L)^k \le \exp(-2k\mu/L)", [r"0 < \mu \le L", *NAT], F, "factor 2"),
    (r"1 + x \le e^x", [], T, "convexity of exp"),
    (r"1 + x \le e^{x/2}", [], F, "half exponent"),
    (r"1 - x \le e^{-x}", [], T, "convexity of exp"),
    (r"e^{x} \ge 1 + x + \frac{x^2}{2}", [r"x \ge 0"], T, "Taylor with nonnegative remainder"),
    (r"e^{x} \ge 1 + x + \frac{x^2}{2}", [], F, "fails for x < 0"),
    (r"e^{-x} \le \frac{1}{1+x}", [r"x \ge 0"], T, "e^x >= 1 + x"),
    (r"e^{-x} \le \frac{1}{1+2x}", [r"x \ge 0"], F, "factor 2"),
    (r"\left(1+\frac{1}{n}\right)^n \le e", [r"n \ge 1", r"n \in \mathbb{N}"], T, "log(1+1/n) <= 1/n"),
    (r"\left(1+\frac{1}{n}\right)^{n+1} \le e", [r"n \ge 1", r"n \in \mathbb{N}"], F, "it is >= e"),
    (r"\left(1 - \frac{1}{k}\right)^k \le e^{-1}", [r"k \ge 1", *NAT], T, "1 - u <= e^-u"),
    (r"\left(1 - \frac{1}{k}\right)^k \le e^{-2}", [r"k \ge 1", *NAT], F, "factor 2"),
    # logarithmic bounds (Boyd and Vandenberghe 3.1.5)
    (r"\log(1+x) \le x", [r"x > -1"], T, "concavity of log"),
    (r"\log(1+x) \ge x", [r"x > -1"], F, "flipped"),
    (r"\frac{x}{1+x} \le \log(1+x)", [r"x > -1"], T, "log(1+x) >= 1 - 1/(1+x)"),
    (r"\frac{x}{1+x} \ge \log(1+x)", [r"x > -1"], F, "flipped"),
    (r"\log x \le x - 1", [r"x > 0"], T, "concavity of log"),
    (r"\log x \le x - 2", [r"x > 0"], F, "constant off"),
    (r"1 - \frac{1}{x} \le \log x", [r"x > 0"], T, "log(1/x) <= 1/x - 1"),
    (r"1 - \frac{1}{x} \ge \log x", [r"x > 0"], F, "flipped"),
    (r"\log(1+x) \ge x - \frac{x^2}{2}", [r"x \ge 0"], T, "Taylor, alternating"),
    (r"\log(1+x) \le x - \frac{x^2}{4}", [r"x \ge 0"], F, "fails at x = 3"),
    (r"\log x \le \sqrt{x}", [r"x > 0"], T, "max of log x - sqrt x is 2 log 2 - 2 < 0"),
    (r"\sqrt{1+x} \le 1 + \frac{x}{2}", [r"x \ge -1"], T, "concavity of sqrt"),
    (r"\sqrt{1+x} \le 1 + \frac{x}{3}", [r"x \ge -1"], F, "fails at x = 1"),
    # constants by interval arithmetic
    (r"\log 2 \ge 0.69", [], T, "log 2 = 0.6931..."),
    (r"\log 2 \ge 0.7", [], F, "log 2 = 0.6931..."),
    (r"e \le 2.72", [], T, "e = 2.71828..."),
    (r"e \le 2.71", [], F, "e = 2.71828..."),
    (r"\pi^2 \le 10", [], T, "pi^2 = 9.8696..."),
    (r"\sqrt{2} \le 1.414", [], F, "sqrt 2 = 1.41421..."),
    # sums: integral comparison for monotone summands (Bubeck 3.2, 6.1; Beck 8.2)
    (r"\sum_{k=1}^{T} \frac{1}{k} \le 1 + \log T", [r"T \ge 1"], T, "integral comparison"),
    (r"\sum_{k=1}^{T} \frac{1}{k} \le \log T", [r"T \ge 1"], F, "fails at T = 1"),
    (r"\sum_{k=1}^{T} \frac{1}{k} \ge \log(T+1)", [r"T \ge 1"], T, "integral comparison from below"),
    (r"\sum_{k=1}^{T} \frac{1}{\sqrt{k}} \le 2\sqrt{T}", [r"T \ge 1"], T, "integral comparison"),
    (r"\sum_{k=1}^{T} \frac{1}{\sqrt{k}} \le \sqrt{T}", [r"T \ge 1"], F, "fails at T = 2"),
    (r"\sum_{k=1}^{T} \frac{1}{k+a} \le \log\frac{T+a}{a}", [r"a > 0", r"T \ge 1"], T, "integral comparison"),
    (r"\sum_{k=1}^{T} \frac{1}{k+a} \le \log\frac{T+a}{a+1}", [r"a > 0", r"T \ge 1"], F, "sum >= log((T+1+a)/(1+a))"),
    (r"\sum_{k=1}^{T} \frac{\beta}{\gamma + k} \le \beta\log\frac{T+\gamma}{\gamma}", [r"\beta \ge 0", r"\gamma > 0",
                                                                                        r"T \ge 1"], T, "same, scaled"),
    (r"\sum_{k=1}^{T} \frac{1}{k^2} \le 2 - \frac{1}{T}", [r"T \ge 1"], T, "1/k^2 <= 1/(k-1) - 1/k"),
    (r"\sum_{k=1}^{T} \frac{1}{k^2} \le 2 - \frac{2}{T}", [r"T \ge 1"], F, "fails at T = 1"),
    (r"\sum_{k=1}^{T} \frac{1}{k^2} \le \frac{3}{2}", [r"T \ge 1"], F, "fails from T = 7 on (pi^2/6 = 1.645)"),
    (r"\sum_{k=0}^{K-1} (1-\mu/L)^k \le \frac{L}{\mu}", [r"0 < \mu \le L", r"K \ge 1"], T, "geometric sum bound"),
    (r"\sum_{k=0}^{K-1} (1-\mu/L)^k \le \frac{L}{2\mu}", [r"0 < \mu \le L", r"K \ge 1"], F, "fails at mu = L"),
    # rates (Nesterov 2.1.5)
    (r"\frac{2 L R^2}{k+4} \le \frac{2 L R^2}{k}", [r"k \ge 1", r"L > 0"], T, "k + 4 >= k"),
    (r"\frac{L R^2}{2k} \ge \frac{2 L R^2}{k+4}", [r"k \ge 1", r"L > 0", r"R > 0"], F, "fails at k = 2"),
    (r"\frac{1}{1 - \beta^t} \le \frac{1}{1-\beta}", [r"0 < \beta < 1", r"t \ge 1", r"t \in \mathbb{N}"], T,
     "1 - beta^t >= 1 - beta > 0"),
    (r"\frac{1}{1 - \beta^t} \ge \frac{1}{1-\beta}", [r"0 < \beta < 1", r"t \ge 1", r"t \in \mathbb{N}"], F,
     "fails at t = 2"),
    (r"\frac{1 - \beta}{1 - \beta^t} \le 1", [r"0 < \beta < 1", r"t \ge 1", r"t \in \mathbb{N}"], T,
     "beta^t <= beta"),
    # second batch: more sums, rates and constants (Nesterov 2.1.5, 2.2.1; Bubeck 3.2, 3.7; Boyd and Vandenberghe 3.1)
    (r"\sum_{k=0}^{T-1} \frac{1}{(k+1)(k+2)} = \frac{T}{T+1}", [], T, "telescoping from 0"),
    (r"\sum_{k=0}^{T-1} \frac{1}{(k+1)(k+2)} = \frac{T+1}{T+2}", [], F, "off by one"),
    (r"\sum_{k=1}^{T} (2k-1) = T^2", [], T, "odd numbers"),
    (r"\sum_{k=1}^{T} k^3 = \left(\frac{T(T+1)}{2}\right)^2", [], T, "Nicomachus"),
    (r"\sum_{k=1}^{T} k^3 = \frac{T^2(T+1)^2}{2}", [], F, "factor 2"),
    (r"\sum_{k=0}^{K} \beta^{2k} = \frac{1 - \beta^{2K+2}}{1-\beta^2}", [], T, "ratio beta^2 != 1"),
    (r"\sum_{k=1}^{n} \beta^{k-1} = \frac{1-\beta^n}{1-\beta}", [], T, "shifted geometric sum"),
    (r"\sum_{k=1}^{n} \beta^{k-1} = \frac{1-\beta^{n-1}}{1-\beta}", [], F, "exponent off by one"),
    (r"\sum_{k=0}^{\infty} k\beta^k = \frac{\beta}{(1-\beta)^2}", [r"0 < \beta < 1"], T, "differentiated series"),
    (r"\sum_{k=0}^{\infty} k\beta^k = \frac{1}{(1-\beta)^2}", [r"0 < \beta < 1"], F, "misses a factor beta"),
    (r"\sum_{t=1}^{\infty} \frac{1}{t^2} = \frac{\pi^2}{6}", [], T, "Basel"),
    (r"\sum_{t=1}^{\infty} \frac{1}{t^2} \le 2", [], T, "Basel, pi^2/6 = 1.645"),
    (r"\sum_{t=1}^{\infty} \frac{1}{t^2} \le 1.6", [], F, "pi^2/6 = 1.645"),
    (r"\sum_{t=1}^{T} \frac{1}{t^2} \le \frac{\pi^2}{6}", [r"T \ge 1"], T, "partial sums of a positive series"),
    (r"\sum_{k=1}^{T} \frac{1}{\sqrt{k}} \ge 2\sqrt{T+1} - 2", [r"T \ge 1"], T, "integral comparison from below"),
    (r"\sum_{k=1}^{T} \frac{1}{\sqrt{k}} \ge \sqrt{T}", [r"T \ge 1"], T, "each term >= 1/sqrt(T)"),
    (r"\sum_{k=1}^{T} \frac{1}{\sqrt{k}} \ge 2\sqrt{T}", [r"T \ge 1"], F, "fails at T = 1"),
    (r"\sum_{t=1}^{T} \frac{c}{\sqrt{t}} \le 2c\sqrt{T}", [r"c \ge 0", r"T \ge 1"], T, "scaled"),
    (r"\sum_{t=1}^{T} \frac{c}{\sqrt{t}} \le c\sqrt{T}", [r"c > 0", r"T \ge 1"], F, "fails at T = 2"),
    (r"\sum_{t=1}^{T} \frac{1}{t} \ge \log T", [r"T \ge 1"], T, "integral comparison"),
    (r"\sum_{k=0}^{T-1} \eta(1-\eta\mu)^{k} \le \frac{1}{\mu}", [r"\mu > 0", r"0 < \eta \le 1/\mu"], T,
     "geometric sum <= 1/(eta mu)"),
    (r"\sum_{k=0}^{T-1} \eta(1-\eta\mu)^{k} \le \frac{\eta}{\mu}", [r"\mu > 0", r"0 < \eta \le 1/\mu"], F,
     "fails at T = 1, eta mu = 1/2, mu = 1"),
    (r"e^{x} \le \frac{1}{1-x}", [r"x < 1"], T, "e^-x >= 1 - x"),
    (r"e^{x} \le 1 + x + x^2", [r"0 \le x \le 1"], T, "e <= 3 and the series"),
    (r"e^{x} \le x^2 + x + 1", [r"0 \le x \le 2"], F, "e^2 = 7.39 > 7"),
    (r"e^{x} \le 1 + x + \frac{x^2}{2}", [r"0 \le x \le 1"], F, "remainder positive"),
    (r"\log(1+x) \ge \frac{2x}{2+x}", [r"x \ge 0"], T, "Pade bound"),
    (r"\log(1+x) \le \frac{x}{\sqrt{1+x}}", [r"x \ge 0"], T, "log(1+x) <= x/sqrt(1+x)"),
    (r"x \log x \ge x - 1", [r"x > 0"], T, "log(1/x) <= 1/x - 1"),
    (r"x \log x \ge -\frac{1}{e}", [r"x > 0"], T, "minimum at 1/e"),
    (r"x \log x \ge -\frac{1}{3}", [r"x > 0"], F, "-1/e = -0.3679 < -1/3"),
    (r"\log x \le \frac{x}{e}", [r"x > 0"], T, "tangent at e"),
    (r"\log x \le \frac{x}{3}", [r"x > 0"], F, "fails at x = e"),
    (r"(1+x)^n \ge 1 + nx", [r"x \ge -1", r"n \in \mathbb{N}"], T, "Bernoulli"),
    (r"(1+x)^n \le e^{nx}", [r"x \ge -1", r"n \in \mathbb{N}"], T, "1 + x <= e^x, powers"),
    (r"(1+x)^n \le 1 + nx", [r"x \ge -1", r"n \in \mathbb{N}"], F, "fails at n = 2, x = 1"),
    (r"2^{-k} \le \frac{1}{k+1}", [r"k \in \mathbb{N}"], T, "2^k >= k + 1"),
    (r"2^{-k} \le \frac{1}{3k}", [r"k \ge 1", r"k \in \mathbb{N}"], F, "fails at k = 1"),
    (r"\exp(-k\mu/L) \le \frac{L}{k\mu}", [r"\mu > 0", r"L > 0", r"k \ge 1"], T, "e^-x <= 1/x"),
    (r"\sqrt{T} \le \frac{T+1}{2}", [r"T \ge 0"], T, "AM-GM"),
    (r"\log(T+1) \le \sqrt{T}", [r"T \ge 0"], T, "derivative (sqrt T - 1)^2 >= 0"),
    (r"\log(T+1) \le \frac{\sqrt{T}}{2}", [r"T \ge 0"], F, "fails at T = 1"),
    (r"e^{2} \le 7.39", [], T, "e^2 = 7.389..."),
    (r"e^{2} \ge 7.39", [], F, "e^2 = 7.389..."),
    (r"\log 3 \le 1.1", [], T, "log 3 = 1.0986..."),
    (r"\log 3 \le 1.09", [], F, "log 3 = 1.0986..."),
    (r"\frac{1}{e} \le 0.37", [], T, "1/e = 0.3679..."),
    (r"\sqrt{e} \le 1.65", [], T, "sqrt e = 1.6487..."),
    (r"e^{\pi} \ge \pi^{e}", [], T, "23.14 vs 22.46"),
    (r"\frac{2LR^2}{k+4} \le \frac{LR^2}{2}", [r"k \ge 0", r"L > 0"], T, "k + 4 >= 4"),
    (r"\frac{4LR^2}{(k+2)^2} \le \frac{2LR^2}{k+4}", [r"k \ge 1", r"L > 0", r"R > 0"], F, "fails at k = 1"),
    (r"\left(1 - \frac{1}{\sqrt{\kappa}}\right)^{k} \le e^{-k/\sqrt{\kappa}}", [r"\kappa \ge 1", r"k \ge 0"], T,
     "Nesterov's accelerated rate, power of a bound"),
    (r"\left(\frac{\kappa - 1}{\kappa + 1}\right)^{2k} \le e^{-4k/(\kappa+1)}", [r"\kappa \ge 1", r"k \ge 0"], T,
     "heavy-ball / CG rate"),
    (r"\left(\frac{\kappa - 1}{\kappa + 1}\right)^{2k} \le e^{-8k/(\kappa+1)}", [r"\kappa \ge 1", r"k \ge 0"], F,
     "fails at kappa = 3, k = 1"),
    (r"\sum_{t=0}^{T-1} \frac{1}{T} = 1", [r"T \ge 1"], T, "T equal terms"),
    # third batch: telescoping, exponential upper bounds, roots at the end of their domain
    (r"\sum_{k=1}^T \log\frac{k+1}{k} = \log(T+1)", [], T, "telescoping logs"),
    (r"\sum_{k=1}^T \log\frac{k+1}{k} = \log T", [], F, "telescoping off by one"),
    (r"\sum_{k=1}^{T} \frac{1}{\sqrt{k+1}+\sqrt{k}} = \sqrt{T+1} - 1", [], T, "rationalized telescoping"),
    (r"\sum_{k=1}^{T} \frac{1}{\sqrt{k+1}+\sqrt{k}} = \sqrt{T} - 1", [], F, "off by one"),
    (r"\sum_{k=1}^{T} \frac{1}{k(k+2)} \le \frac{3}{4}", [], T, "partial fractions, shift 2"),
    (r"\sum_{k=1}^{T} \frac{1}{k(k+2)} \le \frac{1}{2}", [], F, "fails at T = 4"),
    (r"\sum_{k=1}^{T} \frac{1}{k(k+1)} < 1", [], T, "telescoping bound"),
    (r"\sum_{k=1}^{T} \frac{2}{k(k+1)} \le 1", [], F, "fails at T = 2"),
    (r"\sum_{k=1}^{T} \left(\frac{1}{k} - \frac{1}{k+1}\right) = 1 - \frac{1}{T+1}", [], T, "telescoping"),
    (r"\sum_{k=0}^{T-1} ((k+1)^3 - k^3) = T^3", [], T, "telescoping cubes"),
    (r"\sum_{i=1}^{t} (t-i)^2 = \sum_{k=0}^{t-1} k^2", [], T, "reindex k = t - i"),
    (r"e^{x} \le \frac{2}{1-x}", [r"x < 1"], T, "e^x <= 1/(1-x)"),
    (r"e^{x} \le \frac{1}{1-x/2}", [r"x < 1"], F, "fails near x = 1"),
    (r"\sqrt{x} \ge x", [r"0 \le x \le 1"], T, "x <= 1"),
    (r"x \le \sqrt{x}", [r"0 \le x \le 2"], F, "fails at x = 2"),
    (r"\frac{1}{T}\sum_{t=1}^{T} \frac{1}{\sqrt{t}} \le \frac{2}{\sqrt{T}}", [r"T \ge 1"], T,
     "average step size of SGD with eta_t = 1/sqrt(t)"),
    (r"(1-\mu/L)^k R^2 \le \epsilon", [r"0 < \mu \le L", r"\epsilon > 0", r"R > 0", r"k \ge 0",
                                          r"k \ge \frac{L}{\mu}\log\frac{R^2}{\epsilon}"], T,
     "Nesterov 2.1.5: kappa log(R^2/eps) steps of a linear rate"),
    (r"(1-\mu/L)^k R^2 \le \frac{\epsilon}{2}", [r"0 < \mu \le L", r"\epsilon > 0", r"R > 0", r"k \ge 0",
                                                   r"k \ge \frac{L}{\mu}\log\frac{R^2}{\epsilon}"], F,
     "fails at mu = L/2, R^2 = 4 eps, k = 2 log 4"),
    (r"(1-\mu/L)^k \le \frac{L}{k\mu}", [r"0 < \mu \le L", r"k \ge 1"], T, "e^-x <= 1/x"),
    (r"\frac{1}{(1+\gamma)^t} \ge e^{-\gamma t}", [r"\gamma \ge 0", r"t \ge 0"], T, "(1+g)^t <= e^(g t)"),
    (r"\frac{1}{(1+\gamma)^t} \le e^{-\gamma t}", [r"\gamma \ge 0", r"t \ge 0"], F, "flipped"),
    (r"\prod_{t=1}^{T}\left(1 - \frac{1}{t+1}\right) = \frac{1}{T+1}", [], T, "telescoping product"),
    (r"\prod_{t=1}^{T}\left(1 - \frac{1}{t+1}\right) = \frac{1}{T}", [], F, "off by one"),
    (r"\frac{1}{T}\sum_{t=1}^{T} \frac{1}{\sqrt{t}} \le \frac{1}{\sqrt{T}}", [r"T \ge 1"], F, "fails at T = 2"),
]


def _s(f, lo: int, hi: int) -> mpf:
    return sum((f(mpf(k)) for k in range(lo, hi + 1)), mpf(0))


mp.dps = 50
_E = exp(1)
# Each false claim's witness: mpmath (50 digits) evaluates the claim as written at values that satisfy its
# assumptions and says True when it fails there.  Plain arithmetic, independent of symgd.
WITNESSES: dict[str, object] = {
    r"\sum_{k=0}^{t-1} \beta_2^k = \frac{1 - \beta_2^{t+1}}{1 - \beta_2}":  # t = 1, beta_2 = 2: 1 vs 3
        lambda: _s(lambda k: 2**k, 0, 0) != (1 - mpf(2) ** 2) / (1 - 2),
    r"\sum_{k=1}^{t} \beta^k = \frac{1 - \beta^t}{1 - \beta}":  # t = 1, beta = 2: 2 vs 1
        lambda: _s(lambda k: 2**k, 1, 1) != (1 - mpf(2)) / (1 - 2),
    r"\sum_{i=1}^t \beta^{t-i} = \sum_{k=1}^{t}\beta^k":  # t = 1, beta = 2: 1 vs 2
        lambda: _s(lambda i: mpf(2) ** (1 - i), 1, 1) != _s(lambda k: 2**k, 1, 1),
    r"(1-\beta)\sum_{i=1}^{t} \beta^{t-i} = 1 - \beta^{t-1}":  # t = 1, beta = 2: -1 vs 0
        lambda: (1 - 2) * _s(lambda i: mpf(2) ** (1 - i), 1, 1) != 1 - mpf(2) ** 0,
    r"\sum_{k=1}^{T} \frac{1}{k(k+1)} = 1 - \frac{1}{T}":  # T = 1: 1/2 vs 0
        lambda: _s(lambda k: 1 / (k * (k + 1)), 1, 1) != 1 - mpf(1),
    r"\sum_{k=1}^{T} k = \frac{T(T-1)}{2}": lambda: _s(lambda k: k, 1, 1) != 0,  # T = 1
    r"\sum_{k=0}^{\infty} \beta^k = \frac{\beta}{1-\beta}":  # beta = 1/2: 2 vs 1
        lambda: 1 / (1 - mpf(1) / 2) != (mpf(1) / 2) / (1 - mpf(1) / 2),
    r"(1-\gamma)^t \le e^{-2\gamma t}": lambda: not (mpf(1) / 2) ** 1 <= exp(-1),  # gamma = 1/2, t = 1
    r"e^{-\gamma t} \le (1-\gamma)^t": lambda: not exp(-mpf(1) / 2) <= mpf(1) / 2,  # gamma = 1/2, t = 1
    r"(1-\mu/L)^k \le \exp(-2k\mu/L)": lambda: not mpf(1) / 2 <= exp(-1),  # mu/L = 1/2, k = 1
    r"1 + x \le e^{x/2}": lambda: not 2 <= exp(mpf(1) / 2),  # x = 1
    r"e^{x} \ge 1 + x + \frac{x^2}{2}": lambda: not exp(-1) >= 1 - 1 + mpf(1) / 2,  # x = -1
    r"e^{-x} \le \frac{1}{1+2x}": lambda: not exp(-mpf(1) / 10) <= 1 / (1 + mpf(2) / 10),  # x = 1/10
    r"\left(1+\frac{1}{n}\right)^{n+1} \le e": lambda: not (1 + mpf(1)) ** 2 <= _E,  # n = 1: 4 vs e
    r"\left(1 - \frac{1}{k}\right)^k \le e^{-2}": lambda: not (1 - mpf(1) / 2) ** 2 <= exp(-2),  # k = 2
    r"\log(1+x) \ge x": lambda: not log(2) >= 1,  # x = 1
    r"\frac{x}{1+x} \ge \log(1+x)": lambda: not mpf(1) / 2 >= log(2),  # x = 1
    r"\log x \le x - 2": lambda: not log(1) <= 1 - 2,  # x = 1
    r"1 - \frac{1}{x} \ge \log x": lambda: not 1 - mpf(1) / 2 >= log(2),  # x = 2
    r"\log(1+x) \le x - \frac{x^2}{4}": lambda: not log(4) <= 3 - mpf(9) / 4,  # x = 3
    r"\sqrt{1+x} \le 1 + \frac{x}{3}": lambda: not sqrt(2) <= 1 + mpf(1) / 3,  # x = 1
    r"\log 2 \ge 0.7": lambda: not log(2) >= mpf(7) / 10,
    r"e \le 2.71": lambda: not _E <= mpf(271) / 100,
    r"\sqrt{2} \le 1.414": lambda: not sqrt(2) <= mpf(1414) / 1000,
    r"\sum_{k=1}^{T} \frac{1}{k} \le \log T": lambda: not 1 <= log(1),  # T = 1
    r"\sum_{k=1}^{T} \frac{1}{\sqrt{k}} \le \sqrt{T}": lambda: not 1 + 1 / sqrt(2) <= sqrt(2),  # T = 2
    r"\sum_{k=1}^{T} \frac{1}{k+a} \le \log\frac{T+a}{a+1}":  # T = 1, a = 1: 1/2 vs 0
        lambda: not mpf(1) / 2 <= log(mpf(2) / 2),
    r"\sum_{k=1}^{T} \frac{1}{k^2} \le 2 - \frac{2}{T}": lambda: not 1 <= 2 - 2,  # T = 1
    r"\sum_{k=1}^{T} \frac{1}{k^2} \le \frac{3}{2}": lambda: not _s(lambda k: 1 / k**2, 1, 7) <= mpf(3) / 2,  # T = 7
    r"\sum_{k=0}^{K-1} (1-\mu/L)^k \le \frac{L}{2\mu}": lambda: not 1 <= mpf(1) / 2,  # K = 1, mu = L
    r"\frac{L R^2}{2k} \ge \frac{2 L R^2}{k+4}": lambda: not mpf(1) / 4 >= mpf(2) / 6,  # k = 2, L = R = 1
    r"\frac{1}{1 - \beta^t} \ge \frac{1}{1-\beta}":  # t = 2, beta = 1/2: 4/3 vs 2
        lambda: not 1 / (1 - mpf(1) / 4) >= 1 / (1 - mpf(1) / 2),
    r"\sum_{k=0}^{T-1} \frac{1}{(k+1)(k+2)} = \frac{T+1}{T+2}": lambda: not 0 == mpf(1) / 2,  # T = 0: 0 vs 1/2
    r"\sum_{k=1}^{T} k^3 = \frac{T^2(T+1)^2}{2}": lambda: 1 != mpf(4) / 2,  # T = 1
    r"\sum_{k=1}^{n} \beta^{k-1} = \frac{1-\beta^{n-1}}{1-\beta}": lambda: 1 != (1 - mpf(2) ** 0) / (1 - 2),  # n=1, b=2
    r"\sum_{k=0}^{\infty} k\beta^k = \frac{1}{(1-\beta)^2}":  # beta = 1/2: 2 vs 4
        lambda: mpf(1) / 2 / (1 - mpf(1) / 2) ** 2 != 1 / (1 - mpf(1) / 2) ** 2,
    r"\sum_{t=1}^{\infty} \frac{1}{t^2} \le 1.6": lambda: not pi**2 / 6 <= mpf(16) / 10,
    r"\sum_{k=1}^{T} \frac{1}{\sqrt{k}} \ge 2\sqrt{T}": lambda: not 1 >= 2,  # T = 1
    r"\sum_{t=1}^{T} \frac{c}{\sqrt{t}} \le c\sqrt{T}": lambda: not 1 + 1 / sqrt(2) <= sqrt(2),  # T = 2, c = 1
    r"\sum_{k=0}^{T-1} \eta(1-\eta\mu)^{k} \le \frac{\eta}{\mu}":  # T = 1, mu = 2, eta = 1/4: 1/4 vs 1/8
        lambda: not mpf(1) / 4 <= mpf(1) / 8,
    r"e^{x} \le 1 + x + \frac{x^2}{2}": lambda: not exp(1) <= mpf(5) / 2,  # x = 1
    r"x \log x \ge -\frac{1}{3}": lambda: not exp(-1) * log(exp(-1)) >= -mpf(1) / 3,  # x = 1/e
    r"\log x \le \frac{x}{3}": lambda: not log(_E) <= _E / 3,  # x = e
    r"(1+x)^n \le 1 + nx": lambda: not mpf(2) ** 2 <= 1 + 2,  # n = 2, x = 1
    r"2^{-k} \le \frac{1}{3k}": lambda: not mpf(1) / 2 <= mpf(1) / 3,  # k = 1
    r"\log(T+1) \le \frac{\sqrt{T}}{2}": lambda: not log(2) <= mpf(1) / 2,  # T = 1
    r"e^{2} \ge 7.39": lambda: not exp(2) >= mpf(739) / 100,
    r"\log 3 \le 1.09": lambda: not log(3) <= mpf(109) / 100,
    r"\frac{4LR^2}{(k+2)^2} \le \frac{2LR^2}{k+4}": lambda: not mpf(4) / 9 <= mpf(2) / 5,  # k = 1, L = R = 1
    r"\left(\frac{\kappa - 1}{\kappa + 1}\right)^{2k} \le e^{-8k/(\kappa+1)}":  # kappa = 3, k = 1
        lambda: not (mpf(2) / 4) ** 2 <= exp(-mpf(8) / 4),
    r"\sum_{k=1}^T \log\frac{k+1}{k} = \log T": lambda: log(2) + log(mpf(3) / 2) != log(2),  # T = 2
    r"\sum_{k=1}^{T} \frac{1}{\sqrt{k+1}+\sqrt{k}} = \sqrt{T} - 1": lambda: 1 / (sqrt(2) + 1) != 0,  # T = 1
    r"\sum_{k=1}^{T} \frac{1}{k(k+2)} \le \frac{1}{2}":  # T = 4: 17/30
        lambda: not _s(lambda k: 1 / (k * (k + 2)), 1, 4) <= mpf(1) / 2,
    r"\sum_{k=1}^{T} \frac{2}{k(k+1)} \le 1": lambda: not _s(lambda k: 2 / (k * (k + 1)), 1, 2) <= 1,  # T = 2
    r"x \le \sqrt{x}": lambda: not 2 <= sqrt(2),  # x = 2
    r"e^{x} \le x^2 + x + 1": lambda: not exp(2) <= 7,  # x = 2
    # mu/L = 1/2, eps = 1, R = 2, k = 2 log 4 (its least value): (1/2)^k 4 = 4^(1 - 2 log 2) = 1.46 > 1/2
    r"(1-\mu/L)^k R^2 \le \frac{\epsilon}{2}": lambda: not (mpf(1) / 2) ** (2 * log(4)) * 4 <= mpf(1) / 2,
    r"\frac{1}{(1+\gamma)^t} \le e^{-\gamma t}": lambda: not 1 / mpf(2) <= exp(-1),  # gamma = 1, t = 1
    r"\prod_{t=1}^{T}\left(1 - \frac{1}{t+1}\right) = \frac{1}{T}": lambda: mpf(1) / 2 != 1,  # T = 1
    r"\frac{1}{T}\sum_{t=1}^{T} \frac{1}{\sqrt{t}} \le \frac{1}{\sqrt{T}}":  # T = 2
        lambda: not (1 + 1 / sqrt(2)) / 2 <= 1 / sqrt(2),
    r"e^{x} \le \frac{1}{1-x/2}": lambda: not exp(mpf(999) / 1000) <= 1 / (1 - mpf(999) / 2000),  # x = 0.999
}
_ = pi  # pi^2 <= 10 is checked as 9.8696... in the tests
