"""Sessions: tests, lint, typecheck, bench. Each installs the project the way a user would."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"
PYTHON = "3.11"


def install(session: nox.Session, extras: str = "") -> None:
    session.install(f".[{extras}]" if extras else ".")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite against a normal (non-editable) install."""
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".", *session.posargs)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    install(session, "dev")
    session.run("mypy", "mlverify", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Whole-registry verification, single-formula compile-and-verify times, a 300-formula sheet cold and cached."""
    install(session)
    session.run("python", "bench/bench_verify.py", *session.posargs)
    session.run("python", "bench/bench_formula.py")
    session.run("python", "bench/bench_check.py")
    session.run("python", "bench/bench_generate.py")
