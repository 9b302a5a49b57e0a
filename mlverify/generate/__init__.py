"""Generation: problem families (``problems/``) -> seeded, checked variants -> items and problem sets."""

from mlverify.generate.family import FamilyError, ProblemFamily, load_families, load_family, packaged_problems
from mlverify.generate.items import (
    Item,
    ProblemSet,
    RosterError,
    Student,
    Version,
    build_set,
    choose_slots,
    read_roster,
    render_item,
    template_environment,
)
from mlverify.generate.variant import MAX_ATTEMPTS, Option, ProblemError, Variant, draw_variant, item_seed

__all__ = [
    "MAX_ATTEMPTS",
    "FamilyError",
    "Item",
    "Option",
    "ProblemError",
    "ProblemFamily",
    "ProblemSet",
    "RosterError",
    "Student",
    "Variant",
    "Version",
    "build_set",
    "choose_slots",
    "draw_variant",
    "item_seed",
    "load_families",
    "load_family",
    "packaged_problems",
    "read_roster",
    "render_item",
    "template_environment",
]
