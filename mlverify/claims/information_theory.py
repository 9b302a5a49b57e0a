"""Information theory on finite distributions: KL divergence, entropy, cross-entropy.

Distributions are points of the open simplex sharing one dimension, so every logarithm is
finite. Claims are stated in LaTeX and compiled (``H(p)``, ``H(p, q)`` and
``D_{\\mathrm{KL}}(p \\| q)`` are read from their definitions); the asymmetry of KL, an
existential claim, is a Python property.
"""

from __future__ import annotations

from typing import Any

from mlverify.claims import Evidence, Kind, Quantifier, Reference, claim, equal, not_equal, stated, wrong
from mlverify.domains import Dim, SimplexPoint, Vector
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

LIN = "Lin, Divergence Measures Based on the Shannon Entropy, IEEE Trans. Inf. Theory 37(1) (1991)"
POSITIVE = Vector(n, min=0.01, max=5.0)

stated(
    "information_theory.jensen_shannon_bounds",
    title="Jensen-Shannon divergence is symmetric and lies in [0, log 2]",
    statement=r"0 \le \operatorname{JS}(p, q) = \operatorname{JS}(q, p) \le \log 2",
    variables=DISTRIBUTIONS,
    given=(r"\operatorname{JS}(p, q) = \tfrac{1}{2} D_{\mathrm{KL}}(p \,\|\, m) + \tfrac{1}{2} D_{\mathrm{KL}}(q \,\|\, m)",
           r"m = \tfrac{1}{2}(p + q)"),
    references=(Reference(LIN, "Section III"),),
    wrong=[
        wrong("kl_between_inputs",
              r"\tfrac{1}{2} D_{\mathrm{KL}}(p \,\|\, q) + \tfrac{1}{2} D_{\mathrm{KL}}(q \,\|\, p) \le \log 2",
              mistake="wrote JS with KL(p||q) and KL(q||p) instead of KL to the mixture m: that symmetrised KL "
                      "is unbounded"),
        wrong("mixture_not_halved",
              r"\tfrac{1}{2} D_{\mathrm{KL}}(p \,\|\, p + q) + \tfrac{1}{2} D_{\mathrm{KL}}(q \,\|\, p + q) \ge 0",
              mistake="took m = p + q, forgetting to halve the mixture: it is no longer a distribution"),
        wrong("one_term_symmetric", r"D_{\mathrm{KL}}(p \,\|\, m) = D_{\mathrm{KL}}(q \,\|\, m)",
              mistake="assumed each half of JS is already symmetric; only their sum is"),
    ],
)

stated(
    "information_theory.uniform_entropy",
    title="The uniform distribution on n outcomes has entropy log n",
    statement=r"-\sum_{i=1}^{n} \tfrac{1}{n} \log \tfrac{1}{n} = \log n",
    references=(Reference(COVER, "Theorem 2.6.4"),),
    wrong=[
        wrong("one_term", r"-\sum_{i=1}^{n} \tfrac{1}{n} \log \tfrac{1}{n} = \tfrac{1}{n}\log n",
              mistake="kept a single term of the sum instead of n equal terms"),
        wrong("binary_bound", r"-\sum_{i=1}^{n} \tfrac{1}{n} \log \tfrac{1}{n} = \log 2",
              mistake="used the maximum of the binary entropy for any number of outcomes"),
    ],
)

stated(
    "information_theory.entropy_gap_to_uniform",
    title="Entropy falls short of log n by the KL divergence to the uniform distribution",
    statement=r"H(p) + \sum_i p_i \log (n p_i) = \log n",
    variables={"p": P},
    references=(Reference(COVER, "Theorem 2.6.4"),),
    wrong=[
        wrong("sign_of_gap", r"H(p) - \sum_i p_i \log (n p_i) = \log n",
              mistake="added KL(p || uniform) to the entropy instead of subtracting it"),
        wrong("reversed_kl", r"H(p) + \sum_i \tfrac{1}{n} \log \frac{1}{n p_i} = \log n",
              mistake="used KL(uniform || p), the other direction"),
    ],
)

stated(
    "information_theory.log_sum_inequality",
    title="The log-sum inequality",
    statement=r"\sum_i a_i \log \frac{a_i}{b_i} \ge \Bigl(\sum_i a_i\Bigr) \log \frac{\sum_i a_i}{\sum_i b_i}",
    variables={"a": POSITIVE, "b": POSITIVE},
    given=(r"a_i > 0", r"b_i > 0"),
    references=(Reference(COVER, "Theorem 2.7.1"),),
    wrong=[
        wrong("unnormalised_gibbs", r"\sum_i a_i \log \frac{a_i}{b_i} \ge 0",
              mistake="applied Gibbs' inequality to unnormalised weights: it needs sum a = sum b"),
        wrong("flipped", r"\sum_i a_i \log \frac{a_i}{b_i} \le \Bigl(\sum_i a_i\Bigr) \log \frac{\sum_i a_i}{\sum_i b_i}",
              mistake="inequality reversed (the map t log t is convex, so Jensen gives >=)"),
        wrong("weight_dropped", r"\sum_i a_i \log \frac{a_i}{b_i} \ge \log \frac{\sum_i a_i}{\sum_i b_i}",
              mistake="dropped the factor sum_i a_i on the right"),
    ],
)
