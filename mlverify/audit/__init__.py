"""The audit job: formulas as sheets state them -> verdicts."""

from mlverify.audit.formula import FormulaResult, check_formula

__all__ = ["FormulaResult", "check_formula"]
