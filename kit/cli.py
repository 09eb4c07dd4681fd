"""The ``kit`` command: a thin layer of click over functions that tests and notebooks call directly."""

from __future__ import annotations

import sys
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
    from kit.inputs import track
    from kit.scoring.load import load_scoring_inputs
    from kit.scoring.session import iter_scores, write_scores

    try:
        data = load_scoring_inputs(inputs, books or _existing(DEFAULT_PATHS), grades, every_attempt=False)
    except InputError as error:
        raise click.UsageError(str(error)) from None
    for problem in data.book_problems:
        _say(str(problem))
    for rejection in data.rejections:
        _say(str(rejection))
    rows = track(iter_scores(data.latest, data.catalog.exercises, data.grades), len(data.latest), "scoring")
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            statuses = write_scores(rows, handle)
    else:
        statuses = write_scores(rows, sys.stdout)
    summary = ", ".join(f"{statuses[s]} {s}" for s in ("scored", "pending", "recorded", "invalid") if statuses[s])
    _say(
        f"kit score: {data.lines} responses read, {len(data.rejections)} rejected; "
        f"{statuses.total()} results ({summary or 'none'})" + (f" written to {output}" if output else "")
    )
    if data.rejections or statuses["invalid"]:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--book", "books", multiple=True, type=click.Path(),
              help="Notebook file or folder holding the exercises (repeatable; default: book/ exercises/).")
@click.option("--grades", type=click.Path(dir_okay=False), help="CSV of grades for person-scored exercises.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Write the HTML report here; REPORT-items.csv, REPORT-test.csv and more go beside it.")
def report(inputs: tuple[str, ...], books: tuple[str, ...], grades: str | None, output: str) -> None:
    """Session report: how the room answered, item statistics and charts (HTML and CSV tables)."""
    from kit.report.run import run_report

    try:
        status = run_report(inputs, books or _existing(DEFAULT_PATHS), grades, output, say=_say)
    except InputError as error:
        raise click.UsageError(str(error)) from None
    if status:
        sys.exit(status)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the exercise format (for YAML autocomplete in editors)."""
    import json

    from kit.schema import exercise_schema

    click.echo(json.dumps(exercise_schema(), indent=2, ensure_ascii=False))


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The notebook to write (default: SOURCE with .ipynb).")
@click.option("--language", type=click.Choice(["en", "hu", "cs"]), default="en", show_default=True,
              help="The notebook's language (labels of true/false options, rubric criteria).")
@click.option("--force", is_flag=True, help="Replace the notebook if it exists.")
def import_(source: str, output: str | None, language: str, force: bool) -> None:
    """Turn a Moodle GIFT or Moodle XML file or a Twine (Twee 3) story into an exercise notebook."""
    from kit.interchange import import_file

    try:
        result = import_file(source, output, language, force)
    except InputError as error:
        _say(f"kit import: {error}")
        sys.exit(2)
    for note in result.notes:
        _say(str(note))
    _say(f"kit import: {result.count('exercise')} exercises, {result.count('raw')} kept verbatim in raw "
         f"cells, {len(result.notes)} reported; written to {result.output}")
    if result.notes:
        sys.exit(1)


@main.command()
@click.argument("notebooks", nargs=-1, required=True, type=click.Path())
@click.option("--to", "to", type=click.Choice(["gift", "twee", "moodle-xml"]), required=True,
              help="The format to write.")
@click.option("-o", "--output", type=click.Path(), required=True,
              help="GIFT, Moodle XML: the file. Twee: the file for one story, else a folder for "
                   "<exercise-id>.twee each.")
def export(notebooks: tuple[str, ...], to: str, output: str) -> None:
    """Write the exercises of NOTEBOOKS as a Moodle GIFT or Moodle XML file, or as Twine (Twee 3) stories."""
    from kit.interchange import export_notebooks

    try:
        result = export_notebooks(list(notebooks), to, output)
    except InputError as error:
        _say(f"kit export: {error}")
        sys.exit(2)
    for problem in result.problems:
        _say(str(problem))
    written = ", ".join(str(path) for path in result.written) or "nothing"
    _say(f"kit export: {result.exercises} exercises written to {written}; {len(result.problems)} not exported")
    if result.problems:
        sys.exit(1)


@main.command()
@click.argument("notebooks", nargs=-1, required=True)
@click.option("--start", default="09:00", show_default=True, metavar="HH:MM", help="When the day starts.")
@click.option("--roster", metavar="CSV",
              help="CSV with a 'participant' column (optionally 'name'): split the room into groups.")
@click.option("--results", metavar="CSV", help="Scores CSV written by kit score: how the room answered.")
@click.option("--responses", multiple=True, metavar="JSONL",
              help="JSON Lines file or store with the answers: most chosen wrong options, endings (repeatable).")
@click.option("--session", help="Use only this session of the results and responses.")
@click.option("--break", "breaks", multiple=True, metavar="WHEN=MINUTES TITLE",
              help='A break: "10:30=15 Coffee", "after:EXERCISE-ID=45 Lunch" or "before:EXERCISE-ID=10 Round" '
                   "(repeatable).")
@click.option("--breaks", "auto_breaks", type=click.Choice(["auto", "none"]), default="none", show_default=True,
              help="auto: a 15-minute coffee break about every 90 minutes, between two activities.")
@click.option("-o", "--output", metavar="FILE",
              help="Write the guide here; .html, .md or .pdf (default: Markdown to stdout).")
def guide(notebooks: tuple[str, ...], start: str, roster: str | None, results: str | None,
          responses: tuple[str, ...], session: str | None, breaks: tuple[str, ...], auto_breaks: str,
          output: str | None) -> None:
    """Facilitator guide for NOTEBOOK… (one day, in the given order): agenda, groups, keys, debrief."""
    from kit.guide.cli import run_guide

    sys.exit(run_guide(notebooks, start, roster, results, responses, session, breaks, output,
                       auto_breaks=auto_breaks == "auto", say=_say))


def _existing(paths: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(path for path in paths if Path(path).exists())




@main.command()
@click.option("--edition", type=click.Choice(["participant", "facilitator", "self-study"]), default=None,
              help="Build one edition only (default: every edition).")
@click.option("--root", type=click.Path(file_okay=False, exists=True), default=".",
              help="The book's root folder (holding _config.yml and _toc.yml).")
def build(edition: str | None, root: str) -> None:
    """Build the handbook into _build/<edition>/html/ (every edition by default)."""
    from kit.build import EDITIONS, build_edition

    for name in [edition] if edition else EDITIONS:
        try:
            html = build_edition(Path(root).resolve(), name, say=_say)
        except KitError as error:
            _say(f"kit build: {error}")
            sys.exit(1)
        _say(f"kit build: the {name} edition is ready: {html / 'index.html'}")


from kit.store.cli import store as _store_commands  # noqa: E402 - light: click only

main.add_command(_store_commands)

from kit.workshop.cli import workshop as _workshop_commands  # noqa: E402 - light: click only

main.add_command(_workshop_commands)


def run() -> None:
    """Entry point that also turns any KitError into a one-line message."""
    try:
        main()
    except KitError as error:
        _say(f"kit: {error}")
        sys.exit(2)


__all__ = ["load_catalog", "main"]
