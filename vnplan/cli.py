"""The `vnplan` command: a thin layer over vnplan.batch and vnplan.api."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

EXIT_CODES = """Exit codes (every command): 0 done; 1 done, but some input could not be read (import: the
files listed in errors.jsonl; explain: the plan); 2 bad usage (a missing file or folder, an unknown
code, an option out of range) and nothing was written."""

app = typer.Typer(add_completion=False, no_args_is_help=True, epilog=EXIT_CODES,
                  help="Turn Vietnamese administrative-reform plans into one comparable dataset.")
err = Console(stderr=True)
out = Console()


def _type_in_words(param, ctx) -> str | None:
    """Help shows what a value is in words (DIR, N, CODE: the metavar), a flag shows none; typer would
    print <bool>, <list[str]>."""
    if getattr(param, "is_flag", False):
        return None
    return param.metavar or param.name.upper()


typer.core.TyperOption.display_type_rich = _type_in_words
typer.core.TyperArgument.display_type_rich = _type_in_words


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out.print(f"vnplan {version('vnplan')}", highlight=False)
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Turn Vietnamese administrative-reform plans into one comparable dataset."""


def _usage_error(message: str) -> None:
    err.print(f"[red]{message}[/red]")
    raise typer.Exit(2)


@app.command("import")
def import_(
    paths: list[str] = typer.Argument(..., metavar="PATH...",
                                      help="Files, folders or glob patterns of plans (PDF, DOCX, images, TXT/MD)."),
    out_dir: Path = typer.Option(..., "--out", "-o", metavar="DIR", help="Folder for the dataset (created when missing)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, metavar="N",
                                          help="Worker processes, at least 1 (default: one per core)."),
    force: bool = typer.Option(False, "--force", help="Re-read files already imported unchanged."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Read again files that failed in an earlier run."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="Dask scheduler address (tcp://host:8786) to run on a cluster."),
    max_memory: Optional[int] = typer.Option(None, "--max-memory", min=1, metavar="MIB",
                                             help="Memory ceiling per worker, MiB (default: 3/4 of memory / workers)."),
    file_timeout: float = typer.Option(900.0, "--file-timeout", min=0, metavar="SECONDS",
                                       help="Seconds allowed for one file (0: no limit)."),
    max_pages: int = typer.Option(300, "--max-pages", min=1, metavar="N", help="Refuse files with more pages than this."),
    ocr_timeout: float = typer.Option(180.0, "--ocr-timeout", min=0.1, metavar="SECONDS",
                                      help="Seconds allowed for OCR of one page."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object (no table, no progress bar)."),
) -> None:
    """Read every plan under PATHS and write plans.jsonl, CSV, Parquet, dataset.xlsx, errors.jsonl and
    vnplan.sqlite to --out."""
    import glob

    from vnplan.batch import check_out, expand_paths, run_import
    from vnplan.errors import UsageError, VnplanError, readable

    missing = [p for p in paths if not glob.has_magic(p) and not os.path.lexists(p)]
    if missing:
        _usage_error(f"No such file or folder: {', '.join(missing)}.")
    try:
        check_out(out_dir)
    except UsageError as exc:
        _usage_error(str(exc))
    skipped: list[str] = []
    files = expand_paths(paths, exclude=out_dir, skipped=skipped)  # listed once; a large folder is walked once
    if not files:
        _usage_error(f"No files found under {', '.join(paths)}. Give files, folders or glob patterns.")
    workers = workers or os.cpu_count() or 1
    quiet = quiet or as_json
    progress = Progress(TextColumn("[bold]Importing"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                        TextColumn("{task.fields[pages]} pages ({task.fields[rate]})"), TimeElapsedColumn(),
                        TextColumn("{task.fields[current]}"), console=err, disable=quiet or not err.is_terminal)
    pages = 0
    with progress:
        task = progress.add_task("import", total=None, pages=0, current="", rate="–")

        def on_start(n: int) -> None:
            progress.update(task, total=n)

        def on_done(outcome) -> None:
            nonlocal pages
            if outcome.ok:
                pages += outcome.record["source"].get("pages") or 0
            elapsed = progress.tasks[0].elapsed or 0
            rate = f"{pages / elapsed:.1f} pages/s" if elapsed and pages else "–"
            progress.update(task, advance=1, pages=pages, rate=rate, current=readable(Path(outcome.path).name))
            if not outcome.ok:
                progress.console.print("failed: " + readable(outcome.error), markup=False, style="yellow")
            elif outcome.error:
                progress.console.print("incomplete: " + readable(outcome.error), markup=False, style="yellow")

        try:
            summary = run_import(paths, out_dir, workers=workers, force=force, retry_failed=retry_failed,
                                 max_pages=max_pages, ocr_page_timeout=ocr_timeout, max_memory_mb=max_memory,
                                 file_timeout=file_timeout or None, scheduler=scheduler, on_start=on_start,
                                 on_done=on_done, files=files, skipped=skipped)
        except UsageError as exc:
            err.print(str(exc), markup=False, style="red")
            raise typer.Exit(2)
        except VnplanError as exc:
            err.print(str(exc), markup=False, style="red")
            raise typer.Exit(1)

    if as_json:
        sys.stdout.write(json.dumps(_summary_json(summary, out_dir), ensure_ascii=False) + "\n")
        raise typer.Exit(summary.exit_code)
    table = Table(title=f"vnplan import → {out_dir}", show_header=True)
    table.add_column("")
    table.add_column("count", justify="right")
    counts = summary.counts
    for label, value in (
        ("files found", summary.found), ("read now", summary.read), ("unchanged (skipped)", summary.unchanged),
        ("duplicates (same bytes as another file)", len(summary.duplicates)),
        ("skipped (vnplan's own outputs)", len(summary.skipped)),
        ("failed", len(summary.failed)), ("imported with pages left out", len(summary.incomplete)),
        ("plans in dataset", counts.get("records", 0)),
        ("tasks", counts.get("tasks", 0)), ("indicators", counts.get("indicators", 0)),
        ("targets", counts.get("targets", 0)),
    ):
        table.add_row(label, str(value))
    out.print(table)
    if summary.failed:
        out.print(f"[yellow]{len(summary.failed)} file(s) could not be read; see {out_dir / 'errors.jsonl'}.[/yellow]")
    if summary.incomplete:
        out.print(f"[yellow]{len(summary.incomplete)} file(s) were imported with pages left out; see "
                  f"{out_dir / 'errors.jsonl'}.[/yellow]")
    raise typer.Exit(summary.exit_code)


def _summary_json(summary, out_dir: Path) -> dict:
    """The import summary for scripts: the same figures as the table, and the files that failed."""
    counts = summary.counts
    return {
        "out": str(out_dir), "exit_code": summary.exit_code, "files_found": summary.found,
        "read": summary.read, "unchanged": summary.unchanged, "pages": summary.pages,
        "duplicates": [{"path": p, "same_as": q} for p, q in summary.duplicates],
        "failed": [{"path": o.path, "error": o.error, "stage": o.stage} for o in summary.failed],
        "incomplete": [{"path": o.path, "error": o.error, "stage": o.stage} for o in summary.incomplete],
        "plans": counts.get("records", 0), "tasks": counts.get("tasks", 0),
        "indicators": counts.get("indicators", 0), "targets": counts.get("targets", 0),
    }


@app.command()
def repair(
    file: Optional[Path] = typer.Argument(None, metavar="FILE", help="Text file to repair (default: standard input)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line: tokens, alternatives, confidences."),
) -> None:
    """Restore Vietnamese diacritics and OCR damage; line N of the output answers line N of the input."""
    from vnplan.extract.repair import repair_lines

    if file is not None and not file.is_file():
        _usage_error(f"{file}: no such file.")
    text = file.read_text(encoding="utf-8") if file else sys.stdin.read()
    had_final_newline = text.endswith("\n")
    lines = repair_lines(text[:-1] if had_final_newline else text)
    if as_json:
        for line in lines:
            sys.stdout.write(json.dumps(line.to_json(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n".join(line.text for line in lines) + ("\n" if had_final_newline else ""))


@app.command()
def explain(
    file: Path = typer.Argument(..., metavar="FILE", help="A plan file."),
    out_dir: Path = typer.Option(Path("out"), "--out", "-o", metavar="DIR",
                                 help="Output folder: the page goes to DIR/explain/FILE.html; a plan this "
                                      "folder's store already holds is shown as imported."),
    html_out: Optional[Path] = typer.Option(None, "--html", metavar="PATH", help="Write the page here instead."),
    lang: str = typer.Option("vi", "--lang", metavar="LANG", help="Language of the page: vi or en."),
) -> None:
    """Write a review page of one plan: its header, each task as the document states it beside what
    vnplan made of it, repairs with their originals, and what to check first."""
    from vnplan.errors import VnplanError
    from vnplan.output.atomic import atomic_open
    from vnplan.api import kept_record
    from vnplan.output.review import LANGUAGES, review_html

    if lang not in LANGUAGES:
        _usage_error(f"Unknown language '{lang}'. Known: {', '.join(LANGUAGES)}.")
    if not file.is_file():
        _usage_error(f"{file}: no such file.")
    record = kept_record(out_dir, file)
    if record is None:
        from vnplan.pipeline import read_plan

        try:
            record = read_plan(file).model_dump(mode="json")
        except VnplanError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(1)
    target = html_out or out_dir / "explain" / f"{file.name}.html"
    with atomic_open(target) as handle:
        handle.write(review_html(record, lang=lang))
    out.print(f"wrote {target}", highlight=False)


def _dataset_dir(directory: Path) -> None:
    if not (directory / "plans.jsonl").is_file():
        _usage_error(f"{directory}: no plans.jsonl here; run `vnplan import … --out {directory}` first.")


@app.command()
def compare(
    directory: Path = typer.Argument(..., metavar="DIR", help="An output folder of `vnplan import`."),
    indicator: str = typer.Option(..., "--indicator", "-i", metavar="CODE",
                                  help="Indicator code, e.g. online_application_rate."),
    shape: str = typer.Option("wide", "--shape", metavar="SHAPE",
                              help="Shape of the --csv table: wide (one row per plan, a percent and a comparator "
                                   "column per year) or long (one row per target)."),
    csv_out: Optional[Path] = typer.Option(None, "--csv", metavar="PATH",
                                           help="Write the table as CSV (UTF-8 with BOM), numbers as numbers."),
) -> None:
    """The targets each plan sets for one indicator, as numbers, with commune, province and period; the
    screen shows one line per target."""
    from vnplan.api import compare as compare_frame
    from vnplan.models import INDICATOR_CODES
    from vnplan.output.compare import compare_wide

    if indicator not in INDICATOR_CODES:
        _usage_error(f"Unknown indicator '{indicator}'. Known: {', '.join(INDICATOR_CODES)}.")
    if shape not in ("wide", "long"):
        _usage_error(f"Unknown shape '{shape}'. Known: wide, long.")
    _dataset_dir(directory)
    long = compare_frame(directory, indicator, "long")
    table = Table(title=f"{indicator}: targets by plan and year")
    shown = ["unit_name", "district", "province", "period", "doc_number", "year", "comparator", "percent"]
    headers = ["commune", "district", "province", "period", "number", "year", "cmp", "%"]
    for column, header in zip(shown, headers):
        table.add_column(header, justify="right" if header in ("year", "%") else "left",
                         no_wrap=header in ("period", "number", "year", "cmp"))
    for row in long[shown].itertuples(index=False):
        table.add_row(*[_shown(v) for v in row])
    out.print(table)
    if csv_out:
        from vnplan.output.tabular import write_csv

        write_csv(long if shape == "long" else compare_wide(long), csv_out)


def _shown(value) -> str:
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


@app.command()
def report(
    directory: Path = typer.Argument(..., metavar="DIR", help="An output folder of `vnplan import`."),
    html_out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="PATH",
                                            help="Where to write the page (default: DIR/report.html)."),
) -> None:
    """Write one offline HTML page comparing the plans: targets by year per indicator, deadlines per
    quarter, tasks per unit, and each plan's warnings."""
    from vnplan.output.atomic import atomic_open
    from vnplan.output.report import report_html

    _dataset_dir(directory)
    from vnplan.output.jsonl import read_jsonl

    target = html_out or directory / "report.html"
    page = report_html(read_jsonl(directory / "plans.jsonl"))
    with atomic_open(target) as handle:
        handle.write(page)
    out.print(f"wrote {target}", highlight=False)


@app.command()
def schema(
    as_csv: bool = typer.Option(False, "--csv", help="Print the data dictionary of the flat outputs as CSV instead."),
) -> None:
    """Print the JSON Schema of a plan record (or, with --csv, every column of every flat output)."""
    if as_csv:
        from vnplan.output.dictionary import dictionary_csv

        sys.stdout.write(dictionary_csv())
        return
    from vnplan.models import plan_json_schema

    sys.stdout.write(json.dumps(plan_json_schema(), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
