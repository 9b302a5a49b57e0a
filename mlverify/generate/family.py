"""A problem family: one folder of ``problems/`` (``problem.yaml``, ``question.md.j2``, ``solution.md.j2``).

The YAML is declarative: parameters and their domains, the worked solution as named LaTeX steps the
evaluator computes, what the question asks (computed independently, by default the left side of the
claim it is bound to), the answer type, and distractors taken from the claim's wrong variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mlverify.errors import MlverifyError
from mlverify.generate.parameters import Parameter, ParameterError, parse_parameter
from mlverify.resources import data_folder

ANSWER_TYPES = ("numeric", "vector", "matrix", "choice", "truefalse", "multi")
STATEMENT_TYPES = ("truefalse", "multi")
_NAME = re.compile(r"[A-Za-z]|alpha|beta|gamma|delta|epsilon|eta|theta|kappa|lambda|mu|nu|xi|rho|sigma|tau|phi|chi|psi"
                   r"|omega|Sigma|Delta|Lambda|Phi|Omega")
_KEYS = {"title", "topic", "claims", "parameters", "given", "require", "steps", "asks", "answer", "distractors",
         "statements", "decimals", "layout"}


class FamilyError(MlverifyError):
    """A problem family is malformed; the message starts with the file it is about."""


@dataclass(frozen=True)
class Distractor:
    """A wrong answer: a wrong variant of the claim (``variant``) or the family's own LaTeX with its mistake."""

    variant: str = ""
    latex: str = ""
    mistake: str = ""


@dataclass(frozen=True)
class AnswerSpec:
    type: str
    step: str
    decimals: int
    tolerance: float
    options: int


@dataclass(frozen=True)
class ProblemFamily:
    """A family as declared; ``mlverify.generate.variant`` draws and checks its variants."""

    id: str
    title: str
    topic: str
    claims: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    given: tuple[str, ...]
    require: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]
    asks: str
    answer: AnswerSpec
    distractors: tuple[Distractor, ...]
    statements: tuple[str, ...]
    question: str
    solution: str
    path: Path
    layout: str = "denominator"

    @property
    def statement_type(self) -> bool:
        return self.answer.type in STATEMENT_TYPES


def latex_name(name: str) -> str:
    """How a parameter or step name is written in LaTeX: ``x`` as is, ``mu`` as ``\\mu``."""
    return name if len(name) == 1 else "\\" + name


def packaged_problems() -> Path:
    """The families that ship with mlverify."""
    return data_folder("problems")


def load_families(roots: Iterable[Path]) -> dict[str, ProblemFamily]:
    """Every family under the given folders (a folder holding ``problem.yaml`` is a family), by id."""
    families: dict[str, ProblemFamily] = {}
    for root in roots:
        if not root.is_dir():
            raise FamilyError(f"{root}: not a folder of problem families")
        for path in sorted(root.glob("*/problem.yaml")):
            family = load_family(path.parent)
            if family.id in families:
                raise FamilyError(f"{path}: a family named {family.id!r} is already loaded from "
                                  f"{families[family.id].path}")
            families[family.id] = family
    return families


def load_family(folder: Path) -> ProblemFamily:
    where = folder / "problem.yaml"
    try:
        data = yaml.safe_load(where.read_text(encoding="utf-8"))
        question = (folder / "question.md.j2").read_text(encoding="utf-8")
        solution = (folder / "solution.md.j2").read_text(encoding="utf-8")
    except OSError as error:
        raise FamilyError(f"{folder}: {error.strerror or error}: {error.filename}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise FamilyError(f"{where}: not valid YAML: {str(error).splitlines()[0]}") from None
    try:
        return _family(folder, data, question, solution)
    except (ParameterError, ValueError, TypeError) as error:
        raise FamilyError(f"{where}: {error}") from None


def _family(folder: Path, data: Any, question: str, solution: str) -> ProblemFamily:
    if not isinstance(data, Mapping):
        raise ValueError("expected a mapping of title, topic, claims, parameters, steps, answer")
    if unknown := sorted(set(data) - _KEYS):
        raise ValueError(f"unknown key {unknown[0]!r}; the keys are {', '.join(sorted(_KEYS))}")
    for required in ("title", "topic", "claims", "answer"):
        if required not in data:
            raise ValueError(f"missing {required!r}")
    parameters = [parse_parameter(_name(name, "parameter"), spec) for name, spec in _mapping(data, "parameters")]
    steps = [(_name(name, "step"), _text(latex, f"step {name}")) for name, latex in _mapping(data, "steps")]
    names = [p.name for p in parameters] + [s for s, _ in steps]
    if len(set(names)) != len(names):
        raise ValueError("a name is used twice among parameters and steps")
    for p in parameters:
        for size in p.sizes:
            if isinstance(size, str) and size not in names[:names.index(p.name)]:
                raise ValueError(f"parameter {p.name}: size {size!r} is no earlier parameter")
    answer = _answer(data["answer"], steps, data.get("decimals", 4))
    statements = tuple(_texts(data.get("statements", []), "statements"))
    if answer.type in STATEMENT_TYPES and not statements:
        raise ValueError(f"a {answer.type} family lists its statements (claim ids, wrong variant ids)")
    if answer.type not in STATEMENT_TYPES and not steps:
        raise ValueError("list the worked solution's steps; the last (or answer: value) is the key")
    distractors = tuple(_distractor(d) for d in _list(data.get("distractors", []), "distractors"))
    if answer.type == "choice" and len(distractors) < answer.options - 1:
        raise ValueError(f"{answer.options} options need at least {answer.options - 1} distractors")
    layout = data.get("layout", "denominator")
    if layout not in ("numerator", "denominator"):
        raise ValueError(f"layout {layout!r}: numerator or denominator")
    return ProblemFamily(
        layout=layout, id=folder.name, title=_text(data["title"], "title"), topic=_text(data["topic"], "topic"),
        claims=tuple(_texts(data["claims"], "claims")), parameters=tuple(parameters),
        given=tuple(_texts(data.get("given", []), "given")), require=tuple(_texts(data.get("require", []), "require")),
        steps=tuple(steps), asks=_text(data.get("asks", ""), "asks", empty=True), answer=answer,
        distractors=distractors, statements=statements, question=question, solution=solution, path=folder)


def _answer(spec: Any, steps: Sequence[tuple[str, str]], decimals: Any) -> AnswerSpec:
    if isinstance(spec, str):
        spec = {"type": spec}
    if not isinstance(spec, Mapping):
        raise ValueError("answer: expected a mapping with type (numeric, vector, matrix, choice, truefalse, multi)")
    kind = spec.get("type")
    if kind not in ANSWER_TYPES:
        raise ValueError(f"answer type {kind!r}; the types are {', '.join(ANSWER_TYPES)}")
    step = spec.get("value", steps[-1][0] if steps else "")
    if kind not in STATEMENT_TYPES and step not in {s for s, _ in steps}:
        raise ValueError(f"answer value {step!r} is not a step")
    places = spec.get("decimals", decimals)
    if not isinstance(places, int) or not 0 <= places <= 8:
        raise ValueError("decimals: a whole number from 0 to 8")
    tolerance = spec.get("tolerance", 0.5 * 10.0 ** -places)
    if not isinstance(tolerance, int | float) or tolerance < 0.5 * 10.0 ** -places:
        raise ValueError(f"tolerance {tolerance!r} is below half a unit of the {places} displayed decimals, so the "
                         "displayed key itself would be wrong")
    options = spec.get("options", 4 if kind == "choice" else 0)
    if kind == "choice" and (not isinstance(options, int) or not 2 <= options <= 8):
        raise ValueError("options: a choice has 2 to 8 options")
    return AnswerSpec(kind, step, places, float(tolerance), options)


def _distractor(spec: Any) -> Distractor:
    if isinstance(spec, Mapping) and set(spec) == {"variant"}:
        return Distractor(variant=_text(spec["variant"], "distractor variant"))
    if isinstance(spec, Mapping) and set(spec) == {"latex", "mistake"}:
        return Distractor(latex=_text(spec["latex"], "distractor latex"), mistake=_text(spec["mistake"], "mistake"))
    raise ValueError(f"a distractor is {{variant: name}} or {{latex: ..., mistake: ...}}, got {spec!r}")


def _name(name: Any, what: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"{what} name {name!r}: use one letter or a Greek letter's name (mu, sigma, ...), so the "
                         "LaTeX of later steps can refer to it")
    return name


def _mapping(data: Mapping[str, Any], key: str) -> list[tuple[Any, Any]]:
    value = data.get(key, {})
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise ValueError(f"{key}: expected a mapping of names")
    return list(value.items())


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{what}: expected a list")
    return value


def _texts(value: Any, what: str) -> list[str]:
    return [_text(x, what) for x in ([value] if isinstance(value, str) else _list(value, what))]


def _text(value: Any, what: str, empty: bool = False) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise ValueError(f"{what}: expected text, got {value!r}")
    return value.strip()
