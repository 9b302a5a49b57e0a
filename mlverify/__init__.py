"""mlverify: check the mathematics of machine learning, claim by claim, with Hypothesis."""

__version__ = "0.1.0"
