"""Problem families written on the fly, so the generator's tests do not depend on the packaged problems."""

from pathlib import Path

import yaml

SIGMOID = {
    "title": "Sigmoid derivative",
    "topic": "activations",
    "claims": ["activations.sigmoid_derivative"],
    "parameters": {"x": {"choice": [-2, -1, "1/2", 1, 2]}},
    "steps": {"s": r"\sigma(x)", "g": r"s\,(1 - s)"},
    "answer": {"type": "choice", "decimals": 4},
    "distractors": [{"variant": "plus_sign"}, {"variant": "missing_factor"},
                    {"latex": "s", "mistake": "the sigmoid itself"}],
}
QUESTION = r"What is $\sigma'(x)$ at $x = {{ x | tex }}$?"
SOLUTION = r"$\sigma(x) = {{ s | tex }}$, so $\sigma'(x) = {{ g | tex }}$."


def write_family(root: Path, name: str, spec: dict, question: str = QUESTION, solution: str = SOLUTION) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "problem.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    (folder / "question.md.j2").write_text(question, encoding="utf-8")
    (folder / "solution.md.j2").write_text(solution, encoding="utf-8")
    return folder
