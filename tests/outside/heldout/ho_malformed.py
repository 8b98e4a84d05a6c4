"""Held-out malformed and ambiguous inputs: each must be refused (BadInput, exit 2), never guessed."""

from __future__ import annotations

from entry import M

__all__ = ["CLAIMS"]

CLAIMS = [
    M("ho_malformed-frac-denominator", r"\eta_t \le \frac{1}{L", "unclosed brace in the denominator"),
    M("ho_malformed-sqrt-brace", r"\sum_{t=1}^{T}\frac{1}{\sqrt{t}} \le 2\sqrt{T", "unclosed brace in a root"),
    M("ho_malformed-inner-three", r"\langle x, y, z \rangle = 0", "an inner product of three arguments",
      vectors="x,y,z"),
    M("ho_malformed-empty-sqrt", r"\sqrt{} \le 1", "a root of nothing"),
    M("ho_malformed-mismatched", r"\left[ x + 1 \right) = 2", "\\left[ closed by \\right)"),
    M("ho_malformed-norm-unclosed", r"\|x - y\| \le \|x\| + \|y", "a norm without its closing bars", vectors="x,y"),
    M("ho_malformed-double-rel", r"f(x) = = f(y)", "two relations with nothing between them"),
    M("ho_malformed-empty-sub", r"\alpha_{} \le 1", "an empty subscript"),
    M("ho_malformed-empty-sup", r"\beta^{} = 1", "an empty exponent"),
    M("ho_malformed-derivative-nothing", r"\frac{d}{dx} = 2x", "a derivative of nothing"),
    M("ho_malformed-empty-sum", r"\sum_{k=1}^{K} = K", "a sum without a summand"),
    M("ho_malformed-log-noarg", r"\log = 0", "a function without an argument"),
    M("ho_malformed-slash-product", r"\alpha \le 1/L\mu", "1/(L mu) or mu/L?",
      assume=[r"\alpha > 0", "L > 0", r"\mu > 0"]),
    M("ho_malformed-transpose-undeclared", r"x^\top y = y^\top x",
      "transposes of undeclared names: vectors forgotten, or a power top?"),
    M("ho_malformed-assumption-trailing", r"\eta \le 1", "the assumption ends in an operator",
      assume=[r"\eta \le \frac{1}{L} +"]),
    M("ho_malformed-expectation-unclosed", r"\mathbb{E}[\|g\|^2 \le G^2", "an expectation bracket never closed",
      vectors="g"),
    M("ho_malformed-dot-nothing", r"x \cdot = y", "a product with a missing factor"),
]
