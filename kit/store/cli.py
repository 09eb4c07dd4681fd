"""``kit store import|export|migrate`` (and ``kit store roles``): a thin click layer over kit.store."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

DB_HELP = ("The store: a file, or a database URL (postgresql://USER@HOST/DATABASE). "
           "Default: $KIT_DB, else kit.db in _config.yml, else responses.db.")


def _say(message: str) -> None:
    click.echo(message, err=True)


@click.group("store")
def store() -> None:
    """Move participants' answers between JSON Lines files and the response store; look after the store."""


@store.command("import")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", help=DB_HELP)
@click.option("--from-workbook", is_flag=True,
              help="INPUTS are CSV files of answers typed from paper workbooks (participant,exercise,answer"
                   "[,submitted_at]) in the workbook's letters and section numbers; needs --session.")
@click.option("--session", help="With --from-workbook: the session the paper answers belong to.")
@click.option("--book", "books", multiple=True, type=click.Path(),
              help="With --from-workbook: notebook file or folder holding the exercises (repeatable; default: "
                   "book/ exercises/).")
def import_command(inputs: tuple[str, ...], db: str | None, from_workbook: bool, session: str | None,
                   books: tuple[str, ...]) -> None:
    """Add the answers of JSON Lines files (or other stores, or typed-back workbooks) to the store; skip those
    already in it."""
    from kit.errors import InputError
    from kit.store import StoreError, open_store
    from kit.store.transfer import check_inputs, import_files

    if from_workbook and not (session or "").strip():
        raise click.UsageError("--from-workbook needs --session: the session whose paper answers these are")
    if (session or books) and not from_workbook:
        raise click.UsageError("--session and --book belong to --from-workbook (JSON Lines name their session)")
    try:
        paths = check_inputs(inputs)
        records = _workbook_records(paths, str(session).strip(), books) if from_workbook else None
    except InputError as error:
        raise click.UsageError(str(error)) from None
    try:
        with open_store(db, create=True) as target:
            if records is not None:
                from kit.store.transfer import import_records

                report = import_records(target, records)
            else:
                report = import_files(target, paths)
    except StoreError as error:
        _fail("import", error)
    for rejection in report.rejections:
        _say(str(rejection))
    from kit.i18n import english_count as count

    _say(f"kit store import: {count(report.read, 'record', 'records')} read, {len(report.rejections)} rejected; "
         f"{report.stored} stored, {report.duplicates} already in the store ({target.where})")
    if report.rejections:
        sys.exit(1)


@store.command("export")
@click.option("--db", help=DB_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the JSON Lines here (default: standard output).")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "xapi"]), default="jsonl", show_default=True,
              help="xapi: one xAPI 1.0.3 statement per attempt (JSON Lines), for a learning record store.")
@click.option("--book", "books", multiple=True, type=click.Path(),
              help="xapi: notebooks or folders with the exercises (default: book/ exercises/).")
@click.option("--home-page", default=None, help="xapi: the address of your organisation, for the actor accounts.")
@click.option("--activities", default=None, help="xapi: the address the exercise ids are appended to.")
@click.option("--lrs", metavar="URL", help="xapi: post the statements to this LRS (its xAPI endpoint) in batches.")
def export_command(db: str | None, output: str | None, output_format: str, books: tuple[str, ...],
                   home_page: str | None, activities: str | None, lrs: str | None) -> None:
    """Write every attempt in the store as JSON Lines, in stored order (or as xAPI statements)."""
    if output_format == "xapi":
        from kit.interchange.xapi_cli import export_xapi

        sys.exit(export_xapi(db, output, books, home_page, activities, lrs, _say))
    if books or home_page or activities or lrs:
        _fail("export", click.UsageError("--book, --home-page, --activities and --lrs are for --format xapi"))
    from kit.store import StoreError, open_store
    from kit.store.transfer import export_lines

    if output:
        from kit.errors import InputError
        from kit.outputs import check_output

        try:
            check_output(output, example="answers.jsonl")
        except InputError as error:
            _fail("export", error)
    try:
        with open_store(db, create=False) as source:
            if output:
                written, rejections = _export_file(source, output)
            else:
                written, rejections = export_lines(source, sys.stdout)
    except StoreError as error:
        _fail("export", error)
    for rejection in rejections:
        _say(str(rejection))
    from kit.i18n import english_count as count

    _say(f"kit store export: {count(written, 'attempt', 'attempts')} written" + (f" to {output}" if output else "")
         + f" from {source.where}"
         + (f"; {count(len(rejections), 'row', 'rows')} could not be read" if rejections else ""))
    if rejections:
        sys.exit(1)


@store.command("migrate")
@click.option("--db", help=DB_HELP)
def migrate_command(db: str | None) -> None:
    """Bring a store made by an older kit up to date (or create a new one); safe to repeat."""
    from kit.store import StoreError
    from kit.store.migrate import migrate

    try:
        done = migrate(db)
    except StoreError as error:
        _fail("migrate", error)
    _say(f"kit store migrate: {done}")


def _workbook_records(paths: list[str], session: str, books: tuple[str, ...]) -> list:
    """Every row of the typed-back CSVs as responses and rejections (the book's problems are said, not fatal)."""
    from pathlib import Path

    from kit.catalog import DEFAULT_PATHS, load_catalog
    from kit.errors import InputError
    from kit.workbook.typed import read_typed_csv, workbook_sheets

    sources = books or tuple(path for path in DEFAULT_PATHS if Path(path).exists())
    for source in sources:
        if not Path(source).exists():
            raise InputError(f"--book {source}: no such file or folder")
    catalog = load_catalog(sources)
    for problem in catalog.problems:
        _say(str(problem))
    if not catalog.exercises:
        raise InputError("no exercises found to read the workbook answers against; give --book NOTEBOOK_OR_FOLDER")
    sheets = workbook_sheets(catalog)
    return [record for path in paths for record in read_typed_csv(path, session, sheets)]


def _fail(command: str, error: Exception) -> NoReturn:
    """A store that cannot be used at all: one line, exit 2 (no traceback)."""
    _say(f"kit store {command}: {error}")
    sys.exit(2)


def _export_file(source: object, output: str) -> tuple[int, list]:
    """Write beside the target and rename, so that a failed export never leaves half a file."""
    import tempfile  # here: `kit --help` loads only click

    from kit.store.transfer import export_lines

    descriptor, temporary = tempfile.mkstemp(prefix=".kit-export-", suffix=".jsonl",
                                             dir=os.path.dirname(os.path.abspath(output)))
    try:
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            result = export_lines(source, handle)  # type: ignore[arg-type]
        os.replace(temporary, output)
    except BaseException:
        os.unlink(temporary)
        raise
    return result


from kit.store.roles_cli import roles as _roles  # noqa: E402 - light: click only

store.add_command(_roles)
