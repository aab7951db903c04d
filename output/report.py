"""Plan records → the comparison report of `vnplan report`: one static page that works offline, charts
drawn by matplotlib as inline SVG (targets of every commune by year per indicator, deadlines per
quarter per plan, tasks per lead unit), and a table of the plans with their warnings."""

from __future__ import annotations

import html
import io

import pandas as pd

from vnplan.output.marks import GENERATOR_META
from vnplan.output.tabular import context_row, flatten

_STYLE = """
body{font-family:'DejaVu Sans','Noto Sans',Arial,sans-serif;max-width:1150px;margin:1.5em auto;padding:0 1em;
color:#1d2733}h2{margin-top:2em;border-bottom:2px solid #dde7f0;padding-bottom:.2em}
nav{background:#f5f8fb;border:1px solid #dde7f0;padding:.5em 1.2em;border-radius:6px}
figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{color:#5b6b7b;font-size:.9em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d5dde5;padding:4px 8px;vertical-align:top;
text-align:left}th{background:#eef3f8}td.n{text-align:right}details{font-size:.9em}.muted{color:#8a96a3}
"""


def _e(value) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value))


def plan_label(row) -> str:
    """'Hoài Hảo 2024 (10/KH-UBND)': the commune, its period and the number that tells two plans apart."""
    unit = row["unit_name"] or row["issuer"] or row["plan_id"]
    level = f"{row['admin_level']} " if row["admin_level"] and not str(unit).lower().startswith(str(row["admin_level"])) else ""
    period = f" {row['period']}" if row["period"] else ""
    number = f" ({row['doc_number']})" if row["doc_number"] else ""
    return f"{level}{unit}{period}{number}"


def _svg(figure) -> str:
    """A figure as an inline <svg> element: text kept as text (the browser draws Vietnamese with its
    own fonts), no timestamp, stable ids."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "vnplan", "font.family": "DejaVu Sans",
                         "font.size": 9, "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _context(records: list[dict], frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    plans = frames["plans"].copy()
    periods = {record["plan_id"]: context_row(record)["period"] for record in records}
    plans["period"] = plans["plan_id"].map(periods)
    plans["label"] = [plan_label(row) for _, row in plans.iterrows()]
    return plans.set_index("plan_id")


def _target_charts(frames, plans, plt) -> list[tuple[str, str, str]]:
    """Per indicator: percent by year, one line per plan. Returns (anchor, title, svg)."""
    targets = frames["targets"].dropna(subset=["year"])
    charts = []
    # the indicators most plans set first; "other" (no code) last
    groups = sorted(targets.groupby("indicator"), key=lambda kv: (kv[0] == "other", -kv[1]["plan_id"].nunique(), kv[0]))
    for indicator, rows in groups:
        figure, axes = plt.subplots(figsize=(8.5, 3.4))
        for plan_id, own in rows.groupby("plan_id", sort=False):
            own = own.sort_values("year")
            # markers only: two targets of one plan in one year measure different things, not a trend
            axes.plot(own["year"].astype(int), own["percent"].astype(float), marker="o", linestyle="none",
                      markersize=7, alpha=0.85, label=plans.loc[plan_id, "label"])
        years = sorted(rows["year"].astype(int).unique())
        axes.set_xticks(years)
        axes.set_ylim(0, 105)
        axes.set_ylabel("%")
        axes.grid(axis="y", alpha=0.3)
        axes.set_title(indicator, loc="left", fontsize=10)
        axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
        charts.append((f"indicator-{indicator}", indicator, _svg(figure)))
    return charts


def _quarter(end) -> str | None:
    if not end:
        return None
    year, month = end[:4], int(end[5:7])
    return f"{year}-Q{(month - 1) // 3 + 1}"


def _deadline_chart(frames, plans, plt) -> str | None:
    """Tasks due per quarter (by the end of their deadline) per plan, as a heat map with the counts."""
    tasks = frames["tasks"].copy()
    tasks["quarter"] = tasks["deadline_end"].map(_quarter)
    dated = tasks.dropna(subset=["quarter"])
    if dated.empty:
        return None
    counts = dated.groupby(["plan_id", "quarter"]).size().unstack(fill_value=0)
    counts = counts[sorted(counts.columns)]
    figure, axes = plt.subplots(figsize=(min(2 + 0.45 * len(counts.columns), 11), 0.9 + 0.42 * len(counts)))
    axes.imshow(counts.values, cmap="Blues", aspect="auto")
    axes.set_xticks(range(len(counts.columns)), counts.columns, rotation=60, ha="right")
    axes.set_yticks(range(len(counts)), [plans.loc[p, "label"] for p in counts.index])
    top = counts.values.max()
    for (i, j), value in pd.DataFrame(counts.values).stack().items():
        if value:
            axes.text(j, i, str(value), ha="center", va="center", fontsize=7,
                      color="white" if value > top * 0.6 else "#1d2733")
    axes.spines[:].set_visible(False)
    return _svg(figure)


def _owner_chart(frames, plans, plt) -> str | None:
    """Tasks per lead unit code, stacked by plan."""
    owners = frames["task_owners"]
    lead = owners[owners["role"] == "lead"].drop_duplicates(["task_id", "code"])
    if lead.empty:
        return None
    load = lead.groupby(["code", "plan_id"]).size().unstack(fill_value=0)
    load = load.loc[load.sum(axis=1).sort_values().index]
    figure, axes = plt.subplots(figsize=(8.5, 0.8 + 0.32 * len(load)))
    left = [0] * len(load)
    for plan_id in load.columns:
        axes.barh(load.index, load[plan_id], left=left, label=plans.loc[plan_id, "label"])
        left = [a + b for a, b in zip(left, load[plan_id])]
    axes.set_xlabel("tasks led")
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.grid(axis="x", alpha=0.3)
    return _svg(figure)


def report_html(records: list[dict], title: str = "vnplan report") -> str:
    """The page for a list of plan records (as in plans.jsonl)."""
    plt = _pyplot()
    frames = flatten(records)
    plans = _context(records, frames)
    targets = _target_charts(frames, plans, plt)
    deadlines = _deadline_chart(frames, plans, plt)
    owners = _owner_chart(frames, plans, plt)

    parts = [f"<!doctype html><html lang='vi'><head><meta charset='utf-8'>{GENERATOR_META}",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body><h1>{_e(title)}</h1>",
             f"<p>{len(plans)} plans · {len(frames['tasks'])} tasks · {len(frames['targets'])} targets</p>",
             "<nav><ul><li><a href='#targets'>Targets by year, per indicator</a><ul>"
             + "".join(f"<li><a href='#{a}'>{_e(t)}</a></li>" for a, t, _ in targets)
             + "</ul></li><li><a href='#deadlines'>Deadlines per quarter</a></li>"
               "<li><a href='#owners'>Tasks per lead unit</a></li><li><a href='#plans'>Plans and warnings</a></li>"
               "</ul></nav>",
             "<h2 id='targets'>Targets by year, per indicator</h2>"]
    for anchor, name, svg in targets:
        parts.append(f"<figure id='{anchor}' class='chart'>{svg}<figcaption>{_e(name)}: the percentage each "
                     "plan sets, by the year it is due</figcaption></figure>")
    parts.append("<h2 id='deadlines'>Deadlines per quarter</h2>")
    parts.append(f"<figure class='chart'>{deadlines}<figcaption>Tasks due in each quarter (by the end of their "
                 "deadline); tasks without a dated deadline are left out</figcaption></figure>" if deadlines
                 else "<p class='muted'>No dated deadlines.</p>")
    parts.append("<h2 id='owners'>Tasks per lead unit</h2>")
    parts.append(f"<figure class='chart'>{owners}<figcaption>Tasks each unit code leads, by plan</figcaption></figure>"
                 if owners else "<p class='muted'>No lead units.</p>")
    parts.append("<h2 id='plans'>Plans and warnings</h2><table><tr><th>plan</th><th>issuer</th><th>province</th>"
                 "<th>period</th><th>tasks</th><th>targets</th><th>warnings</th></tr>")
    warnings_of = {record["plan_id"]: record["warnings"] for record in records}
    for plan_id, row in plans.iterrows():
        warnings = warnings_of[plan_id]
        listed = (f"<details><summary>{len(warnings)}</summary><ul>"
                  + "".join(f"<li>{_e(w)}</li>" for w in warnings) + "</ul></details>") if warnings else "0"
        parts.append(f"<tr><td>{_e(row['label'])}<br><span class='muted'>{_e(row['source_path'])}</span></td>"
                     f"<td>{_e(row['issuer'])}</td><td>{_e(row['province'])}</td><td>{_e(row['period'])}</td>"
                     f"<td class='n'>{row['n_tasks']}</td><td class='n'>{row['n_targets']}</td><td>{listed}</td></tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)
