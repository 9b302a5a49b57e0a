"""Items and problem sets: checked variants with their question and solution text, versions, and the manifest.

The manifest (seed, family, parameters, key, options and a content hash per item) is what a course commits so
that CI shows when regenerating an exam would change it; it holds no timestamp and no format.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
from jinja2.sandbox import SandboxedEnvironment

from mlverify.claims import Registry
from mlverify.engine import map_in_processes
from mlverify.errors import MlverifyError
from mlverify.generate.display import plain_number, tex, to_json
from mlverify.generate.family import ProblemFamily
from mlverify.generate.variant import Variant, draw_variant, item_seed

LETTERS = "ABCDEFGH"
MAX_VERSIONS = 10_000


class RosterError(MlverifyError):
    """A roster file cannot be read; the message starts with its path."""


@dataclass(frozen=True)
class Student:
    name: str
    id: str


@dataclass(frozen=True)
class Item:
    """A variant ready to print: its question and worked solution in Markdown, and the key as a student reads it."""

    number: int
    variant: Variant
    question: str
    solution: str
    key: str

    @property
    def family(self) -> ProblemFamily:
        return self.variant.family

    @property
    def content_hash(self) -> str:
        options = "\n".join(f"{o.correct}:{o.latex}" for o in self.variant.options)
        text = "\x1f".join((self.family.id, self.question, options, self.solution, self.key))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Version:
    number: int
    label: str  # v01, or the student's id
    student: Student | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ProblemSet:
    seed: int
    slots: tuple[ProblemFamily, ...]
    versions: tuple[Version, ...]

    def manifest(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "slots": [family.id for family in self.slots],
            "versions": [{
                "version": version.number,
                "label": version.label,
                "student": None if version.student is None else {"name": version.student.name,
                                                                   "id": version.student.id},
                "items": [_manifest_item(item) for item in version.items],
            } for version in self.versions],
        }


def _manifest_item(item: Item) -> dict[str, Any]:
    variant = item.variant
    return {
        "number": item.number,
        "family": item.family.id,
        "claims": list(item.family.claims),
        "seed": variant.seed,
        "parameters": {name: to_json(value) for name, value in variant.parameters.items()},
        "answer": None if variant.answer is None else to_json(variant.answer),
        "key": item.key,
        "tolerance": item.family.answer.tolerance if variant.answer is not None else None,
        "options": [{"latex": o.latex, "correct": o.correct, "source": o.source, "mistake": o.mistake}
                    for o in variant.options],
        "checks": list(variant.checks),
        "hash": item.content_hash,
    }


def build_set(slots: Sequence[ProblemFamily], seed: int, registry: Registry, versions: int = 1,
              roster: Sequence[Student] = (), jobs: int | None = None) -> ProblemSet:
    """One version per student of the roster (else ``versions`` numbered ones) of the problems in ``slots``.

    An item's seed depends on the set's seed, the version's label (a student's id), the slot and its family,
    so adding a student or a problem leaves the other items as they were, and items can be drawn on every
    core without changing a byte.
    """
    labelled = [(s.id, s) for s in roster] if roster else [(f"v{k:02d}", None) for k in range(1, versions + 1)]
    if not 1 <= len(labelled) <= MAX_VERSIONS:
        raise MlverifyError(f"between 1 and {MAX_VERSIONS} versions, not {len(labelled)}")
    work = [_Work(k, family, item_seed(seed, label, k, family.id), registry)
            for label, _ in labelled for k, family in enumerate(slots, start=1)]
    items = map_in_processes(_drawn, work, jobs) if len(work) >= _PARALLEL_FROM else [_drawn(w) for w in work]
    built = [Version(number, label, student, tuple(items[(number - 1) * len(slots):number * len(slots)]))
             for number, (label, student) in enumerate(labelled, start=1)]
    return ProblemSet(seed, tuple(slots), tuple(built))


_PARALLEL_FROM = 40  # items; below this, starting workers costs more than it saves


@dataclass(frozen=True)
class _Work:
    number: int
    family: ProblemFamily
    seed: int
    registry: Registry


def _drawn(work: _Work) -> Item:
    return render_item(work.number, draw_variant(work.family, work.seed, work.registry))


def render_item(number: int, variant: Variant) -> Item:
    family = variant.family
    context = _context(variant)
    question = _render(family, "question.md.j2", family.question, context)
    solution = _render(family, "solution.md.j2", family.solution, context)
    return Item(number, variant, question, solution, _key(variant))


def _key(variant: Variant) -> str:
    kind = variant.family.answer.type
    if kind == "truefalse":
        return "True" if variant.options[0].correct else "False"
    if kind == "multi":
        return ", ".join(LETTERS[k] for k, o in enumerate(variant.options) if o.correct) or "none"
    shown = f"${tex(variant.answer, variant.family.answer.decimals)}$"
    index = variant.key_index
    return f"({LETTERS[index]}) {shown}" if kind == "choice" and index is not None else shown


def _context(variant: Variant) -> dict[str, Any]:
    family = variant.family
    context: dict[str, Any] = {**variant.values, **variant.parameters, "decimals": family.answer.decimals,
                               "options": variant.options, "title": family.title}
    if variant.answer is not None:
        context["answer"] = variant.answer
    if family.answer.type == "truefalse":
        (option,) = variant.options
        context.update(statement=option.latex, correct=option.correct, witness=option.witness,
                       mistake=option.mistake, source=option.source)
    return context


@jinja2.pass_context
def _tex_filter(context: jinja2.runtime.Context, value: Any, decimals: int | None = None) -> str:
    return tex(value, context.get("decimals", 4) if decimals is None else decimals)


def template_environment(loader: jinja2.BaseLoader | None = None, trim_blocks: bool = True) -> SandboxedEnvironment:
    """Jinja's sandbox with ``StrictUndefined``: a template may only read what it is given, and a misspelt
    name is an error rather than an empty string in a student's exam. A family's question and solution keep
    the line break after a block tag (Jinja's default), so a sentence after ``{% endif %}`` starts its line."""
    environment = SandboxedEnvironment(loader=loader, undefined=jinja2.StrictUndefined, autoescape=False,
                                       keep_trailing_newline=True, trim_blocks=trim_blocks, lstrip_blocks=True)
    environment.filters["tex"] = _tex_filter
    environment.filters["number"] = plain_number
    environment.globals["letters"] = LETTERS
    return environment


_ENVIRONMENT = template_environment(trim_blocks=False)


@functools.lru_cache(maxsize=512)
def _template(source: str) -> jinja2.Template:
    return _ENVIRONMENT.from_string(source)


def _render(family: ProblemFamily, name: str, source: str, context: Mapping[str, Any]) -> str:
    where = family.path / name
    try:
        return _template(source).render(context).strip()
    except jinja2.TemplateSyntaxError as error:
        raise MlverifyError(f"{where}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise MlverifyError(f"{where}: {error.message or error}") from None
    except (TypeError, ValueError, ArithmeticError) as error:
        raise MlverifyError(f"{where}: {error}") from None


def read_roster(path: Path) -> list[Student]:
    """Students from a CSV with a header naming a ``name`` and/or an ``id`` column (also ``student_id``,
    ``email``); ids must be unique, since each student's version is seeded by their id."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RosterError(f"{path}: cannot read the roster: {getattr(error, 'strerror', None) or error}") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise RosterError(f"{path}: the roster is empty; write a header line such as 'name,id'")
    header = [h.strip().lower() for h in rows[0]]
    name_column = next((k for k, h in enumerate(header) if h in ("name", "student", "full name")), None)
    id_column = next((k for k, h in enumerate(header) if h in ("id", "student_id", "student id", "email")), None)
    if name_column is None and id_column is None:
        raise RosterError(f"{path}:1: the header needs a 'name' or an 'id' column, got {', '.join(rows[0])}")
    students, seen = [], set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = row[name_column].strip() if name_column is not None and name_column < len(row) else ""
        ident = row[id_column].strip() if id_column is not None and id_column < len(row) else ""
        ident = ident or _slug(name)
        if not ident:
            raise RosterError(f"{path}:{line}: a student with neither name nor id")
        if ident in seen:
            raise RosterError(f"{path}:{line}: the id {ident!r} appears twice; each student's version is seeded by "
                              "their id")
        seen.add(ident)
        students.append(Student(name or ident, ident))
    if not students:
        raise RosterError(f"{path}: the roster lists no students")
    return students


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def choose_slots(families: Mapping[str, ProblemFamily], names: Sequence[str], topic: str | None, count: int | None,
                 seed: int) -> list[ProblemFamily]:
    """The problems of a set: the named families in order (repeated to fill ``count``), else ``count`` families
    (default 10) drawn without repetition, as far as they go, from those of ``topic``."""
    unknown = [name for name in names if name not in families]
    if unknown:
        raise MlverifyError(f"unknown problem family {unknown[0]!r}; run 'mlverify generate --list' to see them")
    pool = [families[name] for name in names] or sorted(families.values(), key=lambda f: f.id)
    if topic is not None:
        pool = [f for f in pool if f.topic == topic]
        if not pool:
            topics = sorted({f.topic for f in families.values()})
            raise MlverifyError(f"no problem family of topic {topic!r}; the topics are {', '.join(topics)}")
    if count is not None and count < 1:
        raise MlverifyError("--count must be at least 1")
    if names:
        wanted = count or len(pool)
        return [pool[k % len(pool)] for k in range(wanted)]
    wanted = count or min(10, len(pool))
    rng = np.random.default_rng(item_seed(seed, "slots"))
    order = [pool[int(k)] for k in rng.permutation(len(pool))]
    return [order[k % len(order)] for k in range(wanted)]
