"""The ``council-extract`` command: glue over pipeline.batch, pipeline.store and pipeline.evaluate.

Every command's logic lives in the library; this module parses options, prints and sets the exit
code.  Errors a user can fix are ``click.ClickException`` with the fix in the text.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from pipeline import PIPELINE_VERSION
from pipeline.wording import plural

DEFAULT_OUT = Path("data/processed")
QUERY_FORMATS = ("table", "csv", "json", "ndjson")
TABLE_NAMES = ("documents", "records", "entities")
NO_ROWS = "(no rows)"   # what `query` prints in table format for an empty result
# The overdue example of `query --help`, run by tests/test_export.py on the sample dataset.  `state` is the
# normalised completion (pipeline/state.py): a completed, cancelled or superseded action is not overdue
# whatever its RAG colour, and most action plans rate no colour at all.
OVERDUE_EXAMPLE = (
    "select source_file, action, due_date, state from records "
    "where due_date < current_date and state not in ('complete', 'cancelled', 'superseded')"
)


# Exit status of a command whose reader went away (`... | head`): 128 + SIGPIPE, as a shell reports for
# a program the signal ended (`yes | head`), so `set -o pipefail` scripts see the same as with coreutils.
EXIT_BROKEN_PIPE = 141


def quiet_broken_pipe() -> None:
    """Point stdout at /dev/null so the interpreter's last flush of a closed pipe raises nothing.

    The recipe of the Python docs' "Note on SIGPIPE" (library/signal.html).  Under a test runner
    stdout may have no file descriptor: then there is nothing to redirect.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


class Group(click.Group):
    """The command group: an unexpected exception is one clear line, its traceback only with -v.

    A reader closing the output pipe (`council-extract export --out - | head`) ends the command
    quietly with status EXIT_BROKEN_PIPE: no traceback, no error message.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()   # a pipe closed after the last write breaks here, not at exit
            return result
        except BrokenPipeError:
            quiet_broken_pipe()
            raise SystemExit(EXIT_BROKEN_PIPE) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except Exception as e:  # the last guard between a bug and the user's terminal
            if verbosity(ctx) > 0:
                raise
            raise click.ClickException(
                f"{type(e).__name__}: {e}\n(an error council-extract did not expect; run again with -v to see "
                "where it happened, and please report it)"
            ) from e


def verbosity(ctx: click.Context | None = None) -> int:
    """-1 with -q, 0 by default, 1 with -v, 2 with -vv (set by the group's options)."""
    ctx = ctx or click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return int(root.obj or 0) if root else 0


def info(message: str) -> None:
    """Print a line the user can do without (silenced by -q)."""
    if verbosity() >= 0:
        click.echo(message, err=True)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(PIPELINE_VERSION, "-V", "--version", prog_name="council-extract")
@click.option("-v", "--verbose", count=True,
              help="More detail: -v shows the library's log messages and tracebacks of unexpected errors, -vv debug logs.")
@click.option("-q", "--quiet", is_flag=True, help="Only results and errors: no notes, no warnings from libraries.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Turn council reports (PDF, HTML, DOCX, workbooks, text) into a Parquet dataset of typed records.

    \b
    Start here:
      council-extract run data/raw --out data/processed
      council-extract query "select section, count(*) from records group by 1"
      council-extract show
      council-extract export --to xlsx --out records.xlsx
      council-extract review data/raw --out review.html
      council-extract codes
    """
    if quiet and verbose:
        raise click.UsageError("use either -q or -v, not both")
    ctx.obj = -1 if quiet else min(verbose, 2)
    if quiet:
        logging.basicConfig(level=logging.ERROR)
        logging.captureWarnings(True)
    elif verbose:
        logging.basicConfig(level=logging.DEBUG if verbose > 1 else logging.INFO,
                            format="%(levelname)s %(name)s: %(message)s")


class FaultError(click.ClickException):
    """A fault outside the input (disk full, read-only output, permission denied): exit status 2."""

    exit_code = 2


# Errors writing an output that are the machine's, not the command line's: exit 2 for every command, as
# `run` exits for pipeline.store.OutputNotWritable.
FAULT_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT})


def write_error(out: Path, e: OSError) -> click.ClickException:
    """The error for an output file that could not be written: FaultError (exit 2) for a full disk,
    a read-only file system or a permission denied, else a usage-like error (exit 1: a folder named as
    the file, a missing parent folder)."""
    cls = FaultError if e.errno in FAULT_ERRNOS else click.ClickException
    return cls(f"{out}: cannot write the file ({e.strerror or e}); choose another --out")


# Exit status when another run holds the output folder's lock (nothing was run or written): a scheduler
# can tell "try again later" from a failure.  75 is EX_TEMPFAIL of sysexits.h.
EXIT_LOCKED = 75


class LockedError(click.ClickException):
    """Another run is writing the same output folder: exit status :data:`EXIT_LOCKED`."""

    exit_code = EXIT_LOCKED



HEADERS_HELP = ('Extra header and label words, one JSON line each, e.g. '
                '{"role": "responsible", "pattern": "accountable body"} (docs/patterns.md).')


OCR_HELP = ("Scanned PDF pages: 'auto' reads pages with no text layer by OCR (Tesseract; Debian: apt-get install "
            "tesseract-ocr tesseract-ocr-eng), 'always' every page (a scan with a junk text layer), 'never' none.")


def ocr_option(fn: Any) -> Any:
    """The --ocr option of the commands that read files (run, review)."""
    return click.option("--ocr", type=click.Choice(["auto", "never", "always"]), default="auto", show_default=True,
                        help=OCR_HELP)(fn)


def headers_setting(headers_file: Path | None) -> dict[str, object]:
    """The Settings entry of a --headers file (checked now, so a bad line is a usage error): {} without one."""
    if headers_file is None:
        return {}
    from pipeline.vocab import read_patterns

    try:
        read_patterns(headers_file)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--headers") from e
    return {"headers": headers_file.resolve()}


METADATA_HELP = ("CSV with header path,council,period naming each report's council and period (path: as given, "
                 "relative to the CSV, or a bare file name; an empty cell keeps what the folders or the report "
                 "say).  Overrides folder names (<council>/<year>/...), which override the report.  Files "
                 "already in the output are skipped as usual: add --force after changing it.")


def metadata_setting(metadata_file: Path | None) -> dict[str, object]:
    """The Settings entry of a --metadata CSV (read now, so a bad file is a usage error): {} without one."""
    if metadata_file is None:
        return {}
    from pipeline.docmeta import MetadataFileError, read_metadata_file

    try:
        read_metadata_file(str(metadata_file.resolve()))
    except MetadataFileError as e:
        raise click.BadParameter(str(e), param_hint="--metadata") from e
    return {"metadata_file": str(metadata_file.resolve())}


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the run like Ctrl-C: workers stopped, the lock released


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Dataset folder: documents/, records/, entities/ are written here.")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (local pool or LocalCluster). [default: one per CPU]")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Run on this Dask distributed scheduler; workers must see the input files at the same paths.")
@click.option("--dask-local", is_flag=True, help="Start a Dask LocalCluster of --workers processes and run on it.")
@click.option("--force", is_flag=True, help="Re-run every file, even those already in the output unchanged.")
@click.option("--retry-failed", is_flag=True,
              help="Re-run unchanged files that failed before (e.g. timed out, over the memory ceiling) "
              "after raising a limit; without it they are not run again.")
@click.option("--strict", is_flag=True,
              help="Exit with status 1 if any file failed or there was nothing to run (default: 0).")
@click.option("--progress/--no-progress", default=None,
              help="Show the progress bar. [default: when stderr is a terminal]")
@click.option("--tag/--no-tag", default=True, show_default=True,
              help="Tag services, dates and metrics into entities/.  --no-tag is faster; files run without "
              "tags are skipped later like any other, so add --force to tag them.")
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Refuse files larger than this (E106). [default: 200]")
@click.option("--max-pages", type=click.IntRange(min=1), default=None,
              help="Refuse documents with more pages than this (E106). [default: 2000]")
@click.option("--pdf-backend", type=click.Choice(["pdfplumber", "pdfium"]), default=None,
              help="What reads PDF pages: pdfplumber (pdfminer; the reference) or pdfium (PDFium, faster; "
              "its known differences are listed in extractors/pdf/backend_pdfium.py). [default: pdfplumber]")
@click.option("--max-chars-per-page", type=click.IntRange(min=1), default=None,
              help="Skip PDF pages with more characters than this (W113; E106 when every page is over it). "
              "[default: 100000]")
@click.option("--max-seconds", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop a document after this many seconds (E107). [default: 120]")
@click.option("--max-memory-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop a document whose process passes this resident memory (E108); parses estimated "
              "to need more are refused before they start (E106). [default: 2048]")
@click.option("--headers", "headers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=HEADERS_HELP + "  Files already in the output are skipped as usual: add --force to re-read "
              "them with the new words.")
@click.option("--metadata", "metadata_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help=METADATA_HELP)
@ocr_option
@click.option("--encoding", default=None, metavar="NAME", callback=lambda ctx, param, value: text_encoding(value),
              help="Decode text and HTML files in this encoding (e.g. cp1252, latin-1, utf-8) instead of "
              "sniffing it; for files W105 says were decoded wrongly.  Add --force to re-read files already "
              "in the output.")
@click.option("--follow-symlinks", is_flag=True,
              help="Follow symlinks in the folders whose target is outside every input (by default they are "
              "listed as not run, so a link to /etc/passwd or a key never lands in the dataset).")
def run(
    inputs: tuple[Path, ...], out: Path, workers: int | None, scheduler: str | None, dask_local: bool,
    force: bool, retry_failed: bool, strict: bool, progress: bool | None, tag: bool,
    max_file_mb: float | None, max_pages: int | None, max_chars_per_page: int | None, max_seconds: float | None,
    max_memory_mb: float | None, headers_file: Path | None, follow_symlinks: bool, metadata_file: Path | None,
    pdf_backend: str | None = None, ocr: str = "auto", encoding: str | None = None,
) -> None:
    """Extract records from council reports (files or folders) into a Parquet dataset.

    Folders are walked recursively (hidden files, the --out folder and data/code files such as
    .json, .md, .py are passed over and counted; name a file to run it anyway; FIFOs, sockets,
    devices, symlink loops, links to files outside the inputs (--follow-symlinks to take them)
    and folders that cannot be read are listed as not run).  Each file is read once: the content
    hashed for its doc_id is the content parsed, even if it is rewritten during the run.  A file whose
    content and pipeline version are already in the output is skipped; a changed file replaces its
    old rows; --force re-runs everything.  Writes are atomic: a killed run is resumed by running the
    same command again.  A file that fails (not a report, empty, damaged, over a limit) gets a
    documents row with the error and the run goes on; the summary groups failures by error code.

    \b
    Limits per document: --max-seconds (default 120) and --max-memory-mb (default 2048) stop a
    document and record E107/E108; such a file is not run again while unchanged unless you
    add --retry-failed (or --force).

    \b
    Exit status: 0 when the run completed, even if some files failed;
                 1 with --strict if any file failed or there was nothing to run;
                 2 for a usage error, or when the output cannot be written (disk full,
                   read-only, permission denied);
                 75 when another run is writing the same --out folder (its lock is held:
                   nothing was run; try again later); 130 when interrupted.

    \b
    Examples:
      council-extract run data/raw --out data/processed
      council-extract run archive/ --out data/archive --workers 8
      council-extract run archive/ --out data/archive --max-seconds 600 --retry-failed
      council-extract run old-site/ --out data/old-site --encoding cp1252 --force
      council-extract run archive/ --out data/archive --dask-local --workers 4
      council-extract run archive/ --out /shared/out --scheduler tcp://10.0.0.5:8786
      council-extract run trackers/actions.xlsx scans/appendix-scan.pdf --out data/processed
      council-extract run scans/ --out data/scans --ocr always --max-seconds 600
    """
    import signal

    from extractors import Settings
    from pipeline.batch import failure_lines, run_batch
    from pipeline.store import OutputNotWritable, StoreLocked

    if scheduler and dask_local:
        raise click.UsageError("use either --scheduler ADDRESS or --dask-local, not both")
    limits: dict[str, object] = {"max_file_mb": max_file_mb, "max_pages": max_pages, "max_seconds": max_seconds,
                                 "max_memory_mb": max_memory_mb, "ocr": ocr,
                                 "encoding": encoding}
    settings = Settings.resolve({k: v for k, v in {**limits, **headers_setting(headers_file),
                                                   **metadata_setting(metadata_file)}.items() if v is not None})
    settings = _with_pdf_options(settings, max_chars_per_page, pdf_backend)
    if progress is None:
        progress = sys.stderr.isatty()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        summary = run_batch(
            inputs, out, workers=workers, scheduler=scheduler, dask_local=dask_local, force=force,
            retry_failed=retry_failed, settings=settings, tag=tag, progress=progress,
            follow_symlinks=follow_symlinks,
        )
    except StoreLocked as e:
        raise LockedError(str(e)) from e
    except ConnectionError as e:
        raise click.ClickException(str(e)) from e
    except OutputNotWritable as e:
        raise FaultError(str(e)) from e
    except KeyboardInterrupt:
        click.echo(f"interrupted: documents finished so far are in {out}; run the same command again to "
                   "go on from there", err=True)
        raise SystemExit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    # -q: only the failures (if any), so that a scheduled run prints nothing when all went well.
    for line in failure_lines(summary.failures, out) if verbosity() < 0 else summary.lines():
        click.echo(line)
    if strict and (summary.any_failed or summary.nothing_to_run):
        raise SystemExit(1)


def _with_pdf_options(settings: Any, max_chars_per_page: int | None, pdf_backend: str | None) -> Any:
    """``settings`` carrying the PDF options given on the command line (none given: unchanged)."""
    overrides: dict[str, Any] = {"max_chars_per_page": max_chars_per_page, "backend": pdf_backend}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    if not overrides:
        return settings
    from extractors.pdf.settings import with_pdf_settings

    return with_pdf_settings(settings, **overrides)


def text_encoding(name: str | None) -> str | None:
    """``--encoding NAME`` checked against Python's codecs: the name as given, or None.

    Raises click.BadParameter naming the encoding when Python knows no such codec."""
    import codecs

    if name is None:
        return None
    try:
        codecs.lookup(name)
    except LookupError:
        raise click.BadParameter(f"{name!r} is not a text encoding Python knows (try cp1252, latin-1, utf-8)",
                                 param_hint="--encoding") from None
    return name


@cli.command()
@click.argument("sql")
@click.option("-d", "--data", "data", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Dataset folder written by `council-extract run`.")
@click.option("-f", "--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--max-width", type=int, default=60, show_default=True, help="Truncate table cells to this width.")
def query(sql: str, data: Path, fmt: str, max_width: int) -> None:
    """Run DuckDB SQL over the dataset's views: documents, records, entities (and lineage, once linked).

    The views read the Parquet files in place; list columns with `council-extract schema`.

    -f csv/json/ndjson write lists and dates as `council-extract export` does (lists joined with " | "
    in CSV, arrays in JSON; dates as YYYY-MM-DD).  An empty result prints "(no rows)" in the table
    format, the header line in CSV, [] in JSON and nothing in NDJSON; a null prints as NULL in every
    column of the table format.  Overdue: filter on `state` (complete, on track, at risk, behind, not
    started, ongoing, cancelled, superseded, unknown), not on the RAG `status`, which most plans leave null.
    In CSV, text that starts with = + - @, a tab or a carriage return gets a leading ' (a spreadsheet would
    run it as a formula).

    \b
    Examples:
      council-extract query "select kind, count(*) from records group by kind"
      council-extract query "select source_file, error from documents where error is not null"
      council-extract query "{overdue}" -f csv
    """
    import duckdb

    from pipeline.export import write_table
    from pipeline.store import DatasetNotFound, connect_dataset

    try:
        con = connect_dataset(data)
    except DatasetNotFound as e:
        raise click.ClickException(str(e)) from e
    try:
        relation = con.sql(sql)
        if relation is None:  # a statement with no result (create view ...)
            return
        if fmt != "table":
            write_table(relation.to_arrow_table(), fmt, None)
            return
        frame = relation.df()
    except duckdb.Error as e:
        raise click.ClickException(
            f"{e}\nThe views are documents, records, entities and (once `council-extract lineage` ran) lineage; "
            "`council-extract schema TABLE` lists their columns."
        ) from e
    if frame.empty:
        click.echo(NO_ROWS)   # csv/json/ndjson say it in their own way: a header line, [], nothing
        return
    click.echo(nulls_shown(frame).to_string(index=False, max_colwidth=max_width, na_rep="NULL"))


def nulls_shown(frame):
    """``frame`` with every null of a text or list column as "NULL" (pandas prints None there, and
    ``na_rep`` only reaches numbers and dates), so one query shows nulls one way in every column."""
    import pandas as pd

    def shown(value):
        return "NULL" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value

    for name in frame.select_dtypes(exclude=["number", "datetime", "datetimetz", "timedelta", "bool"]).columns:
        frame[name] = frame[name].map(shown)
    return frame


query.help = (query.help or "").replace("{overdue}", OVERDUE_EXAMPLE)


@cli.command()
@click.option("-d", "--data", "data", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Dataset folder written by `council-extract run`.")
def show(data: Path) -> None:
    """Summarise a dataset: documents, records per kind, versions, what was repaired or left unsure
    (record flags, document warnings), and every failed file.

    \b
    Example:
      council-extract show --data data/processed
    """
    from pipeline.store import DatasetNotFound, connect_dataset

    try:
        con = connect_dataset(data)
    except DatasetNotFound as e:
        raise click.ClickException(str(e)) from e
    n_docs, n_failed, pages = con.execute(
        "select count(*), count(error), coalesce(sum(pages), 0) from documents").fetchall()[0]
    click.echo(f"{data}: {plural(n_docs, 'document')} ({n_failed} failed), {plural(pages, 'page')}")
    for kind, n in con.execute("select kind, count(*) from records group by kind order by kind").fetchall():
        click.echo(f"  {plural(n, kind + ' record')}")
    for pv, sv, n in con.execute(
        "select pipeline_version, schema_version, count(*) from documents group by 1, 2 order by 1, 2"
    ).fetchall():
        click.echo(f"  pipeline {pv}, schema {sv}: {plural(n, 'document')}")
    # What an analyst should check: repairs the pipeline made (record flags) and content it set aside
    # (document warnings), by kind; list the records with
    #   council-extract query "select source_file, seq, action, flags from records where len(flags) > 0"
    for flag, n in con.execute(
        "select split_part(f, ':', 1) as flag, count(*) from (select unnest(flags) as f from records) "
        "group by 1 order by 2 desc, 1"
    ).fetchall():
        click.echo(f"  flagged {flag}: {plural(n, 'record')}")
    for code, n in con.execute(
        "select split_part(w, ' ', 1) as code, count(*) from (select unnest(warnings) as w from documents) "
        "group by 1 order by 1"
    ).fetchall():
        click.echo(f"  warning {code}: {n} (see documents.warnings)")
    for path, code, error in con.execute(
        "select source_path, error_code, error from documents where error is not null order by source_path"
    ).fetchall():
        name = Path(path).name
        said = error[len(name) + 2:] if error.startswith(f"{name}: ") else error   # the message names the file
        click.echo(f"  FAILED {code} {path}: {said}")


@cli.command()
@click.argument("table", required=False, type=click.Choice(("documents", "records", "entities", "lineage")))
def schema(table: str | None) -> None:
    """Print the columns and Arrow types of the output tables (all, or one TABLE).

    \b
    Examples:
      council-extract schema
      council-extract schema records
    """
    from pipeline.store import DERIVED_SCHEMAS, TABLE_SCHEMAS
    from schemas import SCHEMA_VERSION

    click.echo(f"schema version {SCHEMA_VERSION}")
    for name, sch in {**TABLE_SCHEMAS, **DERIVED_SCHEMAS}.items():
        if table and name != table:
            continue
        click.echo(f"{name}/")
        for field in sch:
            null = "" if field.nullable else " not null"
            meta = field.metadata or {}
            description = (meta.get(b"description") or meta.get(b"doc") or b"").decode()
            note = f"  -- {description}" if description else ""
            click.echo(f"  {field.name:<18} {field.type}{null}{note}")


@cli.command("eval")
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold JSON files (one per document, the format: tests/shared/gold/SPEC.md).")
@click.option("--records", "records_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Dataset folder (or its records/ subfolder) written by `council-extract run`.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report as JSON to this file.")
@click.option("--min-f1", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Exit 1 if record F1 is below this (eval always exits 1 when no gold file matches a document).")
@click.option("--min-field", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Exit 1 if the lenient field score (column field(len)) is below this.")
@click.option("--min-strict", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Exit 1 if the strict field score (column strict) is below this.")
def eval_(gold_dir: Path, records_dir: Path, json_path: Path | None, min_f1: float, min_field: float,
          min_strict: float) -> None:
    """Score extracted records against gold JSON: record precision/recall/F1 and field scores.

    Records are paired by action text.  The columns, per document and in total:

    \b
      P, R        record precision (paired/predicted) and recall (paired/gold); F1 theirs
      field(len)  lenient field score: all 15 fields of every paired record, a field
                  empty in both gold and prediction counting as right
      strict      strict field score: only the fields gold or the prediction fills,
                  so a lost objective costs in full

    The per-field lines give both, strict with the number of filled pairs.  --json writes the same
    figures (field_score, strict_field_score, fields, strict_fields, strict_counts; per document too).

    \b
    Example:
      council-extract run data/raw --out data/processed
      council-extract eval --gold tests/shared/gold/seeds --records data/processed --min-f1 0.8
    """
    from pipeline.evaluate import dataset_files, evaluate, load_gold, no_gold_match, read_records, render_report
    from pipeline.store import DatasetNotFound

    try:
        gold, records = load_gold(gold_dir), read_records(records_dir)   # read once for the score and the check
        report = evaluate(gold, records)
        mismatch = no_gold_match(gold, dataset_files(records_dir, records), gold_dir, records_dir)
    except (DatasetNotFound, FileNotFoundError) as e:  # no dataset; a gold folder with no *.json files
        raise click.ClickException(str(e)) from e
    except ValueError as e:  # a gold file that is not JSON or not in the gold format
        raise click.ClickException(f"{gold_dir}: {e} (gold format: tests/shared/gold/SPEC.md)") from e
    if mismatch:
        click.echo(mismatch, err=True)
    click.echo(render_report(report))
    if json_path is not None:
        payload = report.to_json()
        json_path.write_text(payload if isinstance(payload, str) else json.dumps(payload, indent=2))
    if mismatch:
        raise SystemExit(1)   # nothing was scored: a wrong --gold or --records, not a score of 0
    if report.record_f1 < min_f1 or report.field_score < min_field or report.strict_field_score < min_strict:
        click.echo(
            f"below threshold: record F1 {report.record_f1:.3f} (min {min_f1}), "
            f"lenient field score {report.field_score:.3f} (min {min_field}), "
            f"strict field score {report.strict_field_score:.3f} (min {min_strict})",
            err=True,
        )
        raise SystemExit(1)


# A file name's suffix -> the format it names (`export --to xlsx --out x.csv` is refused).
EXPORT_SUFFIXES = {"csv": "csv", "xlsx": "xlsx", "xls": "xlsx", "json": "json", "ndjson": "ndjson", "jsonl": "ndjson",
                   "html": "html", "htm": "html"}


def check_suffix(out: Path, fmt: str, writes: str | None = None) -> None:
    """Refuse an output file named for another format than the one written (a new user got an Excel file
    called x.csv from `export --to xlsx --out x.csv`, and HTML called rev.csv from `review`).

    ``writes``: the command that writes only ``fmt`` ("review"); None: the format is chosen with --to.
    Raises click.UsageError (exit 2) naming the file to use; a name without a known suffix is taken.
    """
    named = EXPORT_SUFFIXES.get(out.suffix.lower().lstrip("."))
    if named is None or named == fmt:
        return
    if writes:
        raise click.UsageError(f"{out} is named as {named} but {writes} writes {fmt}: "
                               f"name the file {out.with_suffix('.' + fmt)}")
    raise click.UsageError(f"{out} is named as {named} but --to is {fmt}: name the file "
                           f"{out.with_suffix('.' + fmt)} or give --to {named}")


@cli.command()
@click.option("-d", "--data", "data", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Dataset folder written by `council-extract run`.")
@click.option("--to", "fmt", type=click.Choice(("csv", "xlsx", "json", "ndjson")), required=True,
              help="File format.")
@click.option("-t", "--table", type=click.Choice((*TABLE_NAMES, "lineage")), default="records", show_default=True,
              help="Which table to export.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="File to write; '-' writes csv/json/ndjson to stdout.  [default: TABLE.FORMAT in the current folder]")
def export(data: Path, fmt: str, table: str, out: Path | None) -> None:
    """Export one table of a dataset to CSV, Excel, JSON or NDJSON, keeping lists and dates.

    \b
    Lists (progress, responsible, services, due, flags, warnings):
      json/ndjson  arrays
      csv          items joined with " | "
      xlsx         one item per line in the cell
    Dates (due_date, period_start, period_end): YYYY-MM-DD in csv/json, date cells in Excel.
    Formulas: text that starts with = + - @, a tab or a carriage return (a spreadsheet would
    run it: =HYPERLINK(...), =cmd|...) gets a leading ' in csv and is a text cell (quote
    prefix) in xlsx, so no cell ever runs; the text itself is kept.  json/ndjson keep it as is.

    \b
    Examples:
      council-extract export --to xlsx --out records.xlsx
      council-extract export --data data/processed --to csv --table documents --out documents.csv
      council-extract export --to ndjson --out - | head -1
    """
    from pipeline.export import ExportError, export_table
    from pipeline.store import DatasetNotFound

    if out is None:
        out = Path(f"{table}.{fmt}")
    check_suffix(out, fmt)
    if table == "lineage" and not _linked(data):
        raise click.ClickException(f"{data} has no lineage table yet: link its reports first with "
                                   f"`council-extract lineage --data {data}` (or `track`)")
    target = None if str(out) == "-" else out
    try:
        n = export_table(data, table, fmt, target)
    except (DatasetNotFound, ExportError) as e:
        raise click.ClickException(str(e)) from e
    except BrokenPipeError:
        raise   # the reader of stdout went away: the group ends quietly
    except OSError as e:
        raise write_error(out, e) from e
    if target is not None:
        info(f"{plural(n, 'row')} of {table} -> {target}")


def _linked(data: Path) -> bool:
    """True when the dataset at ``data`` has a lineage table (``council-extract lineage`` ran on it)."""
    from pipeline.lineage import LINEAGE_DIR
    from pipeline.store import table_files

    return bool(table_files(data / LINEAGE_DIR))


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-d", "--data", "data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Review a dataset written by `council-extract run` (its source files are read again to show them).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("review.html"),
              show_default=True, help="The HTML file to write.")
@click.option("--headers", "headers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=HEADERS_HELP + "  For the files given (as `run --headers`); a --data dataset was read with "
              "the words of its own run.")
@click.option("--thread", "thread_id", default=None, metavar="ID",
              help="With --data: one lineage thread's records side by side, one column per report "
              "(ids from `council-extract track`).")
@ocr_option
def review(inputs: tuple[Path, ...], data: Path | None, out: Path, headers_file: Path | None,
           thread_id: str | None, ocr: str = "auto") -> None:
    """Write one HTML page where every record sits beside its source, to check the extraction by eye.

    PDF pages are pictured with the record's cells outlined; text renderings show the source lines,
    HTML and Word documents the table cells or paragraphs, the record's highlighted.  Records to check
    (confidence under 1, repaired, struck text dropped) come first; each document lists its warnings
    with what the codes mean and the text it dropped.  The file is self-contained: it opens offline.

    \b
    Examples:
      council-extract review data/raw --out review.html
      council-extract review --data data/processed --out review.html
      council-extract review --data data/processed --thread 9ecb42a6348f69f2:0007 --out thread.html
    """
    check_suffix(out, "html", writes="review")
    if thread_id is not None:
        return _review_thread(data, thread_id, out)
    from pipeline.review import ReviewError, review_dataset, review_inputs, write_report
    from pipeline.store import DatasetNotFound

    if bool(inputs) == (data is not None):
        raise click.UsageError("give the report files or folders to run, or --data DIR for a dataset (one of the two)")
    if headers_file is not None and data is not None:
        raise click.UsageError("--headers applies to the files given; a --data dataset keeps the words it was run "
                               "with (run it again with `council-extract run --headers FILE --force`)")
    from extractors import Settings

    settings = Settings.resolve({**headers_setting(headers_file), "ocr": ocr})
    try:
        report = review_dataset(data) if data is not None else review_inputs(inputs, settings)
    except (ReviewError, DatasetNotFound) as e:
        raise click.ClickException(str(e)) from e
    try:
        write_report(report, out)
    except OSError as e:
        raise write_error(out, e) from e
    info(f"{report.n_records} records ({report.n_check} to check) from {len(report.documents)} documents -> {out}")


def _review_thread(data: Path | None, thread_id: str, out: Path) -> None:
    """review --thread: write one thread's records side by side."""
    from pipeline.atomic import atomic_file
    from pipeline.lineage_view import ThreadNotFound, thread_page, thread_records
    from pipeline.store import DatasetNotFound

    if data is None:
        raise click.UsageError("--thread needs --data DIR (the dataset whose lineage holds the thread)")
    try:
        rows = thread_records(data, thread_id)
    except (ThreadNotFound, DatasetNotFound) as e:
        raise click.ClickException(str(e)) from e
    try:
        with atomic_file(out) as tmp:
            tmp.write_text(thread_page(rows), encoding="utf-8")
    except OSError as e:
        raise click.ClickException(f"{out}: cannot write the file ({e.strerror or e}); choose another --out") from e
    info(f"thread {thread_id}: {sum(1 for r in rows if r['record_id'])} records -> {out}")


@cli.command()
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="Print the registry as the Markdown of docs/codes.md.")
def codes(code: str | None, markdown: bool) -> None:
    """List every error (E) and warning (W) code: what it means and what to do.

    A failed file has its code in documents.error_code; warnings in documents.warnings start with theirs.

    \b
    Examples:
      council-extract codes
      council-extract codes E104
      council-extract codes --markdown > docs/codes.md
    """
    from pipeline.codes import CODES, codes_markdown

    if markdown:
        click.echo(codes_markdown(), nl=False)
        return
    if code is not None and code.upper() not in CODES:
        raise click.ClickException(f"no code {code!r}; `council-extract codes` lists them all")
    for c in CODES.values():
        if code is None or c.code == code.upper():
            click.echo(f"{c.code}  {c.meaning}")
            click.echo(f"      what to do: {c.action}")


# --- lineage: one council's actions followed across its reports (pipeline/lineage/) -----------------------------


def _link(data: Path, council: str | None, force: bool):
    """Build or extend the lineage table; usage errors for a missing dataset or a busy one."""
    from pipeline.lineage import link_dataset
    from pipeline.store import DatasetNotFound, OutputNotWritable, StoreLocked

    try:
        summary = link_dataset(data, councils=[council] if council else None, force=force)
    except (DatasetNotFound, StoreLocked) as e:
        raise click.ClickException(str(e)) from e
    except OutputNotWritable as e:
        raise FaultError(str(e)) from e
    for name in summary.undated:
        info(f"not placed (W140, no period): {name}; give its period with `run --metadata FILE --force`")
    return summary


@cli.command()
@click.option("-d", "--data", "data", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Dataset folder written by `council-extract run`.")
@click.option("--council", default=None, help="Link only this council (as in documents.council; case-blind).")
@click.option("--force", is_flag=True, help="Link every report again from the first, not only the new ones.")
def lineage(data: Path, council: str | None, force: bool) -> None:
    """Link each council's records to the records they continue in its earlier reports (the lineage table).

    Reports are grouped by documents.council and ordered by period; each record is linked to the
    record it continues in the previous report (or the one before), with a match probability and
    the evidence for it; splits and merges are kept.  Run again after adding a year's report: only
    the new report is linked.  `council-extract schema lineage` lists the columns.

    \b
    Examples:
      council-extract lineage --data data/processed
      council-extract query "select change, count(*) from lineage group by 1" --data data/processed
    """
    summary = _link(data, council, force)
    info(f"lineage: {plural(len(summary.relinked), 'council')} linked, {len(summary.extended)} extended, "
         f"{len(summary.unchanged)} unchanged (councils with no new report); "
         f"{plural(summary.reports_linked, 'report')} linked -> {data}/lineage")


@cli.command()
@click.option("-d", "--data", "data", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Dataset folder written by `council-extract run`.")
@click.option("--council", default=None, help="Only this council (as in documents.council; case-blind).")
@click.option("--to", "fmt", type=click.Choice(("csv", "xlsx")), default=None,
              help="Write the threads as a table instead of printing them (needs --out).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File for --to.")
def track(data: Path, council: str | None, fmt: str | None, out: Path | None) -> None:
    """Show each council's actions followed across its reports: completed, carried, dropped, new.

    Links reports not linked yet first (as `council-extract lineage`).  A thread is one action
    followed from report to report; it is "dropped without completion" when a later report no longer
    lists it and no report said it was done.  Each thread prints its id (for `review --thread`), the
    periods it spans, the changes on the way, and its action as first and last written.

    \b
    Examples:
      council-extract track --data data/processed
      council-extract track --data data/processed --council "Maidstone Borough Council"
      council-extract track --data data/processed --to xlsx --out threads.xlsx
      council-extract review --data data/processed --thread 9ecb42a6348f69f2:0007 --out thread.html
    """
    from pipeline.lineage import read_lineage, threads
    from pipeline.lineage_view import threads_table, track_lines

    if (fmt is None) != (out is None):
        raise click.UsageError("--to and --out go together: --to csv --out threads.csv")
    if fmt is not None and out is not None:
        check_suffix(out, fmt)
    _link(data, council, False)
    found = threads(read_lineage(data, council))
    if council and not found:
        names = sorted({t.council for t in threads(read_lineage(data))})
        raise click.ClickException(f"no council {council!r} in {data}'s lineage; its councils: "
                                   f"{', '.join(names) if names else 'none (no report names its council and period)'}")
    if fmt is None:
        for line in track_lines(found):
            click.echo(line)
        return
    from pipeline.export import write_table

    try:
        write_table(threads_table(found), fmt, out, sheet="threads")
    except OSError as e:
        raise click.ClickException(f"{out}: cannot write the file ({e.strerror or e}); choose another --out") from e
    info(f"{plural(len(found), 'thread')} -> {out}")


if __name__ == "__main__":  # python -m pipeline.cli, as the kill test runs it
    cli()
