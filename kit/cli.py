"""The ``kit`` command: a thin layer of click over functions that tests and notebooks call directly."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from kit.catalog import DEFAULT_PATHS, load_catalog
from kit.errors import InputError, KitError


def _say(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="casework-kit", prog_name="kit")
def main() -> None:
    """casework-kit: exercises, scoring, facilitator guides and the handbook for helpers' training."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
def check(paths: tuple[str, ...]) -> None:
    """Validate every exercise in the notebooks under PATHS (default: book/ exercises/)."""
    from kit.check import check_paths

    problems = check_paths(paths or _existing(DEFAULT_PATHS))
    for problem in problems:
        click.echo(str(problem))
    if problems:
        _say(f"kit check: {len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        sys.exit(1)
    _say("kit check: no problems found")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--book", "books", multiple=True, type=click.Path(),
              help="Notebook file or folder holding the exercises (repeatable; default: book/ exercises/).")
@click.option("--grades", type=click.Path(dir_okay=False), help="CSV of grades for person-scored exercises.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the scores CSV here (default: stdout).")
def score(inputs: tuple[str, ...], books: tuple[str, ...], grades: str | None, output: str | None) -> None:
    """Score JSON Lines files and/or response stores; write one CSV row per participant and exercise."""
    from kit.scoring.session import score_responses, write_scores
    from kit.scoring.load import load_scoring_inputs

    try:
        data = load_scoring_inputs(inputs, books or _existing(DEFAULT_PATHS), grades)
    except InputError as error:
        raise click.UsageError(str(error)) from None
    for problem in data.book_problems:
        _say(str(problem))
    for rejection in data.rejections:
        _say(str(rejection))
    rows = score_responses(data.responses, data.catalog.exercises, data.grades)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            write_scores(rows, handle)
    else:
        write_scores(rows, sys.stdout)
    statuses = Counter(row.result.status for row in rows)
    summary = ", ".join(f"{statuses[s]} {s}" for s in ("scored", "pending", "recorded", "invalid") if statuses[s])
    _say(
        f"kit score: {data.lines} responses read, {len(data.rejections)} rejected; "
        f"{len(rows)} results ({summary or 'none'})" + (f" written to {output}" if output else "")
    )
    if data.rejections or statuses["invalid"]:
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the exercise format (for YAML autocomplete in editors)."""
    import json

    from kit.schema import exercise_schema

    click.echo(json.dumps(exercise_schema(), indent=2, ensure_ascii=False))


def _existing(paths: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(path for path in paths if Path(path).exists())




@main.command()
@click.option("--edition", type=click.Choice(["participant", "facilitator"]), default=None,
              help="Build one edition only (default: both).")
@click.option("--root", type=click.Path(file_okay=False, exists=True), default=".",
              help="The book's root folder (holding _config.yml and _toc.yml).")
def build(edition: str | None, root: str) -> None:
    """Build the handbook into _build/<edition>/html/ (both editions by default)."""
    from kit.build import EDITIONS, build_edition

    for name in [edition] if edition else EDITIONS:
        try:
            html = build_edition(Path(root).resolve(), name, say=_say)
        except KitError as error:
            _say(f"kit build: {error}")
            sys.exit(1)
        _say(f"kit build: the {name} edition is ready: {html / 'index.html'}")


def run() -> None:
    """Entry point that also turns any KitError into a one-line message."""
    try:
        main()
    except KitError as error:
        _say(f"kit: {error}")
        sys.exit(2)


__all__ = ["load_catalog", "main"]
