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

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Vietnamese administrative-reform plans into one comparable dataset.")
err = Console(stderr=True)
out = Console()


@app.command("import")
def import_(
    paths: list[str] = typer.Argument(..., help="Files, folders or glob patterns of plans (PDF, DOCX, images, TXT/MD)."),
    out_dir: Path = typer.Option(..., "--out", "-o", help="Folder for the dataset (created when missing)."),
    workers: int = typer.Option(0, "--workers", "-w", help="Worker processes (0: one per core)."),
    force: bool = typer.Option(False, "--force", help="Re-read files already imported unchanged."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Read again files that failed in an earlier run."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Dask scheduler address (tcp://host:8786) to run on a cluster."),
    max_memory: Optional[int] = typer.Option(None, "--max-memory",
                                             help="Memory ceiling per worker, MiB (default: 3/4 of memory / workers)."),
    file_timeout: float = typer.Option(900.0, "--file-timeout", help="Seconds allowed for one file (0: no limit)."),
    max_pages: int = typer.Option(300, "--max-pages", help="Refuse files with more pages than this."),
    ocr_timeout: float = typer.Option(180.0, "--ocr-timeout", help="Seconds allowed for OCR of one page."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read every plan under PATHS and write plans.jsonl, CSVs, errors.jsonl and vnplan.sqlite to --out."""
    import glob

    from vnplan.batch import check_out, expand_paths, run_import
    from vnplan.errors import UsageError, VnplanError, readable

    missing = [p for p in paths if not glob.has_magic(p) and not os.path.lexists(p)]
    if missing:
        err.print(f"[red]No such file or folder: {', '.join(missing)}.[/red]")
        raise typer.Exit(2)
    try:
        check_out(out_dir)
    except UsageError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2)
    if workers < 0 or (max_memory is not None and max_memory <= 0) or file_timeout < 0 or max_pages < 1:
        err.print("[red]--workers, --max-memory, --file-timeout and --max-pages take positive numbers.[/red]")
        raise typer.Exit(2)
    skipped: list[str] = []
    files = expand_paths(paths, exclude=out_dir, skipped=skipped)  # listed once; a large folder is walked once
    if not files:
        err.print(f"[red]No files found under {', '.join(paths)}.[/red] Give files, folders or glob patterns.")
        raise typer.Exit(2)
    workers = workers or os.cpu_count() or 1
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

    table = Table(title=f"vnplan import → {out_dir}", show_header=True)
    table.add_column("")
    table.add_column("count", justify="right")
    counts = summary.counts
    for label, value in (
        ("files found", summary.found), ("read now", summary.read), ("unchanged (skipped)", summary.unchanged),
        ("duplicates (same bytes as another file)", len(summary.duplicates)),
        ("skipped (vnplan's own outputs)", len(summary.skipped)),
        ("failed", len(summary.failed)), ("plans in dataset", counts.get("records", 0)),
        ("tasks", counts.get("tasks", 0)), ("indicators", counts.get("indicators", 0)),
        ("targets", counts.get("targets", 0)),
    ):
        table.add_row(label, str(value))
    out.print(table)
    if summary.failed:
        out.print(f"[yellow]{len(summary.failed)} file(s) could not be read; see {out_dir / 'errors.jsonl'}.[/yellow]")
    raise typer.Exit(summary.exit_code)


@app.command()
def repair(
    file: Optional[Path] = typer.Argument(None, help="Text file to repair (default: standard input)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line: tokens, alternatives, confidences."),
) -> None:
    """Restore Vietnamese diacritics and OCR damage; line N of the output answers line N of the input."""
    from vnplan.extract.repair import repair_lines

    if file is not None and not file.is_file():
        err.print(f"[red]{file}: no such file.[/red]")
        raise typer.Exit(2)
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
    file: Path = typer.Argument(..., help="A plan file."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Where to write the page (default: FILE.explain.html)."),
) -> None:
    """Write an HTML page showing the units, deadlines, targets, areas and indicators found in a plan."""
    from vnplan.errors import VnplanError
    from vnplan.output.atomic import atomic_open
    from vnplan.output.report import explain_html
    from vnplan.pipeline import read_plan_and_draft

    try:
        plan, draft = read_plan_and_draft(file)
    except VnplanError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1)
    target = html_out or file.with_name(file.name + ".explain.html")
    with atomic_open(target) as handle:
        handle.write(explain_html(plan, draft))
    out.print(f"wrote {target}")


@app.command()
def compare(
    directory: Path = typer.Argument(..., help="An output folder of `vnplan import`."),
    indicator: str = typer.Option(..., "--indicator", "-i", help="Indicator code, e.g. online_application_rate."),
    csv_out: Optional[Path] = typer.Option(None, "--csv", help="Also write the table as CSV (UTF-8 with BOM)."),
) -> None:
    """One row per plan, one column per year: the targets each plan sets for one indicator."""
    from vnplan.api import compare as compare_frame
    from vnplan.models import INDICATOR_CODES

    if indicator not in INDICATOR_CODES:
        err.print(f"[red]Unknown indicator '{indicator}'.[/red] Known: {', '.join(INDICATOR_CODES)}.")
        raise typer.Exit(2)
    if not (directory / "plans.jsonl").is_file():
        err.print(f"[red]{directory}: no plans.jsonl here; run `vnplan import … --out {directory}` first.[/red]")
        raise typer.Exit(2)
    frame = compare_frame(directory, indicator)
    shown = frame.drop(columns=["plan_id", "doc_number"])
    table = Table(title=f"{indicator} targets by year")
    for column in shown.columns:
        table.add_column(str(column))
    for row in shown.itertuples(index=False):
        table.add_row(*["" if v is None or v != v else str(v) for v in row])
    out.print(table)
    if csv_out:
        from vnplan.output.tabular import write_csv

        write_csv(frame, csv_out)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a plan record."""
    from vnplan.models import plan_json_schema

    sys.stdout.write(json.dumps(plan_json_schema(), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
