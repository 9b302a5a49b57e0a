"""Information theory on finite distributions: KL divergence, entropy, cross-entropy.

Distributions are points of the open simplex sharing one dimension, so every logarithm is
finite. Claims are stated in LaTeX and compiled (``H(p)``, ``H(p, q)`` and
``D_{\\mathrm{KL}}(p \\| q)`` are read from their definitions); the asymmetry of KL, an
existential claim, is a Python property.
"""

from __future__ import annotations

from typing import Any

from mlverify.claims import Evidence, Kind, Quantifier, Reference, claim, equal, not_equal, stated, wrong
from mlverify.domains import Dim, SimplexPoint
from mlverify.numerics import kl_divergence

n = Dim("n", 2, 6)
P = SimplexPoint(n)
Q = SimplexPoint(n)
COVER = "Cover & Thomas, Elements of Information Theory, 2nd ed. (2006)"
DISTRIBUTIONS = {"p": P, "q": Q}

stated(
    "information_theory.kl_nonnegative",
    title="KL divergence is non-negative (Gibbs' inequality)",
    statement=r"D_{\mathrm{KL}}(p \,\|\, q) = \sum_i p_i \log \frac{p_i}{q_i} \ge 0",
    variables=DISTRIBUTIONS,
    references=(Reference(COVER, "Theorem 2.6.3"),),
    wrong=[
        wrong("flipped", r"D_{\mathrm{KL}}(p \,\|\, q) \le 0", mistake="sign confused with sum p log(q/p)"),
        wrong("dominates_reverse", r"D_{\mathrm{KL}}(p \,\|\, q) \ge D_{\mathrm{KL}}(q \,\|\, p)",
              mistake="assumed an order between the two directions; neither dominates"),
    ],
)

stated(
    "information_theory.kl_zero_iff_equal",
    title="KL divergence vanishes exactly when the distributions agree",
    statement=r"D_{\mathrm{KL}}(p \,\|\, p) = 0 \ \text{ and } \ D_{\mathrm{KL}}(p \,\|\, q) \ge \tfrac{1}{2}\|p - q\|_1^2",
    variables=DISTRIBUTIONS,
    references=(Reference(COVER, "Lemma 11.6.1 (Pinsker's inequality)"),),
    wrong=[
        wrong("pinsker_without_half", r"D_{\mathrm{KL}}(p \,\|\, q) \ge \|p - q\|_1^2",
              mistake="dropped the 1/2 in Pinsker's inequality (or mixed total variation with the L1 norm)"),
        wrong("linear_in_distance", r"D_{\mathrm{KL}}(p \,\|\, q) \ge \|p - q\|_1",
              mistake="KL grows quadratically, not linearly, in the distance between nearby distributions"),
    ],
)


@claim(
    "information_theory.kl_asymmetric",
    title="KL divergence is not symmetric",
    statement=r"\exists\, p, q:\ D_{\mathrm{KL}}(p \,\|\, q) \ne D_{\mathrm{KL}}(q \,\|\, p)",
    variables={"p": P, "q": Q},
    kind=Kind.PROPERTY,
    quantifier=Quantifier.EXISTS,
    wrong=[
        wrong("symmetric", r"\forall\, p, q:\ D_{\mathrm{KL}}(p \,\|\, q) = D_{\mathrm{KL}}(q \,\|\, p)",
              lambda p, q: equal(kl_divergence(p, q), kl_divergence(q, p)),
              quantifier=Quantifier.FORALL, mistake="treated KL as a distance; it is not symmetric"),
    ],
)
def kl_asymmetric(p: Any, q: Any) -> Evidence:
    """p = (1/2, 1/2), q = (1/4, 3/4) already gives 0.144 vs 0.131 nats: the weights p_i differ between directions."""
    return not_equal(kl_divergence(p, q), kl_divergence(q, p))


stated(
    "information_theory.cross_entropy_decomposition",
    title="Cross-entropy is entropy plus KL divergence",
    statement=r"H(p, q) = H(p) + D_{\mathrm{KL}}(p \,\|\, q)",
    variables=DISTRIBUTIONS,
    wrong=[
        wrong("entropy_of_q", r"H(p, q) = H(q) + D_{\mathrm{KL}}(p \,\|\, q)",
              mistake="took the entropy of the model q instead of the data p"),
        wrong("minus_kl", r"H(p, q) = H(p) - D_{\mathrm{KL}}(p \,\|\, q)",
              mistake="sign of the KL term: cross-entropy is never below the entropy"),
    ],
)

stated(
    "information_theory.entropy_bounds",
    title="Entropy of a distribution on n outcomes lies in [0, log n]",
    statement=r"0 \le H(p) \le \log n,\quad p \in \Delta^{n-1}",
    variables={"p": P},
    references=(Reference(COVER, "Theorem 2.6.4"),),
    wrong=[
        wrong("at_most_log_two", r"H(p) \le \log 2", mistake="used the binary-entropy bound for any number of outcomes"),
        wrong("at_least_log_n", r"H(p) \ge \log n",
              mistake="upper bound taken for a lower bound: log n is reached only by the uniform distribution"),
    ],
)

stated(
    "information_theory.cross_entropy_at_least_entropy",
    title="Cross-entropy is minimised by the true distribution",
    statement=r"H(p, q) \ge H(p)",
    variables=DISTRIBUTIONS,
    references=(Reference(COVER, "Theorem 2.6.3"),),
    wrong=[
        wrong("model_entropy", r"H(p, q) \ge H(q)",
              mistake="compared with the entropy of the model q instead of the data p"),
    ],
)
