"""Output: the registry and verification results as tables, JSON and JUnit XML."""

from mlverify.render.claims import claim_detail, claims_json, claims_table
from mlverify.render.results import result_details, results_json, results_junit, results_summary, results_table

__all__ = [
    "claim_detail",
    "claims_json",
    "claims_table",
    "result_details",
    "results_json",
    "results_junit",
    "results_summary",
    "results_table",
]
