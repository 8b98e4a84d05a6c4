"""Malformed or ambiguous command lines a new user types while checking the documents' results: each must be
refused with one line on stderr and exit code 2 -- never answered, never a traceback."""

from __future__ import annotations

from .cmd import M

__all__ = ["CLAIMS"]

CLAIMS = [
    M("bad-assume-dangling", r"""symgd check --assume 'eta>' -- '\eta \le 1'""", "the assumption has no right side"),
    M("bad-frac-unclosed", r"""symgd check --vector g '\frac{\eta}{2\|g\|^2 \ge 0'""", "\\frac's denominator never closed"),
    M("bad-nabla-nothing", r"""symgd check --vector theta '\theta_{t+1} = \theta_t - \eta \nabla'""", "a gradient of nothing"),
    M("bad-empty-side", r"""symgd check --vector x_s,g 'x_{s+1} = '""", "nothing on the right of '='"),
    M("bad-slash-product", r"""symgd check --vector g -a 'eta > 0' '1/2\eta \|g\|^2 \ge 0'""",
      "1/(2 eta) or eta/2?"),
    M("bad-paren-unclosed", r"""symgd check 'm_t = \beta_1 m_{t-1} + (1 - \beta_1 g_t'""", "a parenthesis never closed"),
    M("bad-hat-frac-unclosed", r"""symgd check '\hat{v}_t = \frac{v_t}{1 - \beta_2^t'""", "a brace never closed"),
    M("bad-trailing-plus", r"""symgd check --vector x,x_s '\|x - x_s\|^2 \le \|x\|^2 + \|x_s\|^2 +'""",
      "the claim ends in an operator"),
    M("bad-no-relation",
      r"""symgd check --vector x,x_s,g '\langle g, x - x_s \rangle + \frac{1}{2\eta}\|x - x_s\|^2'""",
      "an expression, not a claim (the model itself, pasted without a relation)"),
    M("bad-order-value", r"""symgd check --order eta 'e^{-\eta} = 1 - \eta'""", "--order needs var:k"),
    M("bad-beta2-typed", r"""symgd check --assume '0 < beta2 < 1' '1 - \beta_2^t \le 1'""",
      "beta2: an index (beta_2) or a product?"),
    M("bad-vector-missing-value", r"""symgd check '\|x\|^2 \ge 0' --vector""", "--vector without its names"),
    M("bad-logx", r"""symgd check -a 'x > 0' 'logx \le x - 1'""", "logx: log x or l*o*g*x?"),
    M("bad-grad-unclosed", r"""symgd check --vector theta '\theta_{t+1} = \theta_t - \eta\nabla\mathcal{L}(\theta_t'""",
      "an application never closed"),
    M("bad-juxtaposed-numbers", r"""symgd check '2 3 = 6'""", "2 3: a product, 23, or a mixed number?"),
    M("bad-derivative-novar", r"""symgd check '\frac{d}{d} \theta^2 = 2\theta'""", "a derivative without its variable"),
    M("bad-approx", r"""symgd check --vector x_t,g 'x_{t+1} \approx x_t - \eta g'""",
      "\\approx cannot be checked"),
    M("bad-define", r"""symgd check 'R(\theta) := \frac{1}{4}\theta^2'""", "':=' defines, it does not claim"),
    M("bad-empty-sqrt", r"""symgd check '\frac{\eta}{\sqrt{} + \epsilon} \le \eta'""", "a root of nothing"),
    M("bad-timeout-zero", r"""symgd check --timeout 0 '\eta \le 1' -a 'eta > 0'""", "a budget of 0 s is out of range"),
    M("bad-identity-matrix", r"""symgd check --matrix I '(\frac{1}{\eta}I)^{-1} = \eta I'""",
      "I declared a general matrix: the identity or not?"),
    M("bad-pm", r"""symgd check 'r = \frac{1 + \mu \pm \sqrt{(1 + \mu)^2 - 4\mu}}{2}'""", "\\pm: two claims in one"),
    M("bad-empty-claim", r"""symgd check ''""", "an empty claim"),
    M("bad-claim-and-file", r"""symgd check 'x \le x' --file claims.tex""", "both a claim and --file"),
]
