"""The readings a sheet leaves open, recognised on single formulas (the sheets are in ``test_check.py``)."""

import pytest

from mlverify.audit.readings import named_quantity, steps_apart


@pytest.mark.parametrize(("latex", "given", "named"), [
    (r"|\theta_{\mathrm{conv}}| = C_{\mathrm{out}}(k^2 C_{\mathrm{in}} + 1)", [], "theta_conv"),
    (r"H_{\mathrm{out}}^2 = (H + 2p - k)^2", [], "H_out"),
    (r"|\theta| = C(k^2 D + 1)", [], ""),  # a plain letter: a variable, not a name
    (r"|\theta_{\mathrm{conv}}| = 2\theta_{\mathrm{conv}}", [], ""),  # used on both sides: an identity
    (r"|\theta_{\mathrm{conv}}| = k^2", [r"\theta_{\mathrm{conv}} = k^2"], ""),  # the context says what it is
])
def test_a_side_of_one_labelled_name_alone_names_it(latex, given, named):
    assert named_quantity(latex, given) == named


@pytest.mark.parametrize(("latex", "given", "apart"), [
    (r"\theta_1 - \theta_0 = -\eta g_1", [], True),
    (r"\theta_1 - \theta_0 = -\eta \theta_0", [], False),  # a shared symbol: an identity in it
    (r"x - y = -\eta g", [], False),  # no numbered steps
    (r"\theta_1 - \theta_0 = -\eta g_1", [r"g \sim \mathcal{N}(\theta, 1)"], False),  # a context formula ties them
])
def test_numbered_steps_apart_from_the_other_side(latex, given, apart):
    assert steps_apart(latex, given) is apart
