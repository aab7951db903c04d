"""A plan record → the review page of `vnplan explain`: what to check first, the header, then each task
as the document states it beside what vnplan made of it, with repaired words marked by their original.

The page is built from the plan record alone (what the import kept: raw cells beside owners, deadlines
and codes, and `repairs` with every changed token), so it shows exactly what the dataset holds and
runs no extraction or NLP again.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

from vnplan.lang.vi import load
from vnplan.output.marks import GENERATOR_META

LANGUAGES = ("vi", "en")
# the repair's own line between a sure and a doubtful token (extract/repair/decode.py low_confidence)
LOW_CONFIDENCE = 0.6
_WORD = re.compile(r"\w+", re.UNICODE)

_STYLE = """
body{font-family:'DejaVu Sans','Noto Sans',Arial,sans-serif;max-width:1200px;margin:1.5em auto;padding:0 1em;
color:#1d2733;line-height:1.45}
h1{font-size:1.5em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #dde7f0;padding-bottom:.2em}
h3{margin:1.5em 0 .5em;color:#32506e}.sub{color:#5b6b7b}
nav{background:#f5f8fb;border:1px solid #dde7f0;padding:.5em 1.2em;border-radius:6px}nav ul{margin:.3em 0}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #d5dde5;padding:4px 8px;
vertical-align:top;text-align:left}th{background:#eef3f8;font-weight:600}td.f{width:9em;color:#5b6b7b}
td.w{width:48%}.task{margin:1em 0;border:1px solid #d5dde5;border-radius:6px;padding:.2em .8em .6em}
.task.flagged{border-left:5px solid #d97706}.task h4{margin:.5em 0}.flag{display:inline-block;background:#fff4e0;
color:#8a4b00;border:1px solid #f3c98b;border-radius:10px;padding:0 .6em;margin:0 .3em .2em 0;font-size:.85em}
mark.fix{background:#e6f4ea;border-bottom:2px solid #2e7d32;padding:0 1px}mark.fix.low{background:#fde8e8;
border-bottom-color:#c62828}mark.fix .orig{font-size:.75em;color:#6b7785;margin-left:2px;font-style:italic}
.code{font-family:'DejaVu Sans Mono',monospace;font-size:.9em;background:#f1f3f5;padding:0 .3em;border-radius:3px}
.owner{display:block}.muted{color:#8a96a3}
"""


def labels(lang: str) -> dict[str, str]:
    """The page's words in LANG (corpus/lexicons/review_labels.csv)."""
    return {row["key"]: row[lang] for row in load("review_labels")}


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _code(value) -> str:
    return f"<span class='code'>{_e(value)}</span>" if value not in (None, "") else ""


class _Repairs:
    """The plan's repaired tokens by where they are: a table cell's row, or a text line."""

    def __init__(self, plan: dict):
        self.by_row: dict[tuple, list[dict]] = defaultdict(list)
        self.by_line: dict[int, list[dict]] = defaultdict(list)
        for repair in plan.get("repairs", []):
            if repair.get("table_index") is not None:
                self.by_row[(repair["table_index"], repair["row_index"])].extend(repair["tokens"])
            elif repair.get("line") is not None:
                self.by_line[repair["line"]].extend(repair["tokens"])

    def for_task(self, task: dict, next_line: int | None) -> dict[str, dict]:
        prov = task["provenance"]
        tokens = list(self.by_row.get((prov.get("table_index"), prov.get("row_index")), []))
        line = prov.get("line")
        if line is not None and not tokens:  # a body item runs from its line to the next item's
            for n in range(line, min(next_line or line + 1, line + 12)):
                tokens += self.by_line.get(n, [])
        return {t["repaired"]: t for t in tokens}


def marked(text: str | None, tokens: dict[str, dict]) -> str:
    """TEXT escaped, each repaired word marked with its original ('NGUYÊN' over 'NGUYEN')."""
    if not text:
        return ""
    if not tokens:
        return _e(text)
    parts, last = [], 0
    for match in _WORD.finditer(text):
        token = tokens.get(match.group())
        if token is None:
            continue
        low = " low" if token["confidence"] < LOW_CONFIDENCE else ""
        parts.append(_e(text[last:match.start()]))
        parts.append(f"<mark class='fix{low}' title='{_e(token['original'])} → {_e(token['repaired'])} "
                     f"({token['confidence']:.2f})'>{_e(match.group())}<span class='orig'>{_e(token['original'])}"
                     f"</span></mark>")
        last = match.end()
    parts.append(_e(text[last:]))
    return "".join(parts)


def _task_flags(task: dict, tokens: dict[str, dict]) -> list[str]:
    flags = []
    if any(t["confidence"] < LOW_CONFIDENCE for t in tokens.values()):
        flags.append("low_confidence")
    if task.get("deadline_raw") and task["deadline"]["kind"] == "unknown":
        flags.append("deadline_unknown")
    if any(o["code"] == "other" for o in task["lead"] + task["support"]):
        flags.append("owner_other")
    return flags


def _target_flags(target: dict) -> list[str]:
    return [flag for flag, bad in (("target_no_year", target.get("year") is None),
                                   ("indicator_other", target.get("indicator") == "other")) if bad]


def _owners(owners: list[dict]) -> str:
    return "".join(f"<span class='owner'>{_e(o['raw'])} → {_code(o['code'])} <span class='muted'>{_e(o['kind'])}"
                   f"</span></span>" for o in owners)


def _deadline(deadline: dict) -> str:
    if deadline["kind"] == "unknown" and not deadline.get("start"):
        return _code("unknown")
    span = " → ".join(_e(d) for d in (deadline.get("start"), deadline.get("end")) if d)
    extra = " · ".join(_e(x) for x in (deadline.get("timex"), deadline.get("recurrence")) if x)
    return f"{_code(deadline['kind'])} {span}" + (f" <span class='muted'>{extra}</span>" if extra else "")


def _where(prov: dict, words: dict[str, str]) -> str:
    parts = [f"{words[key]} {_e(prov[key])}" for key in ("page", "section", "line") if prov.get(key) is not None]
    if prov.get("table_index") is not None:
        parts.append(f"{words['table']} {prov['table_index'] + 1}, {words['row']} {(prov.get('row_index') or 0) + 1}")
    return ", ".join(parts)


def _task_card(number: int, task: dict, tokens: dict[str, dict], flags: list[str], words: dict[str, str]) -> str:
    rows = []
    for key in ("task", "objective", "activity", "output"):
        if task.get(key):
            rows.append((key, marked(task[key], tokens), ""))
    rows.append(("area", _e(task.get("area_raw")), _code(task.get("area"))))
    for key in ("lead", "support"):
        if task.get(f"{key}_raw") or task[key]:
            rows.append((key, marked(task.get(f"{key}_raw"), tokens), _owners(task[key])))
    if task.get("deadline_raw") or task["deadline"]["kind"] != "unknown":
        rows.append(("deadline", marked(task.get("deadline_raw"), tokens), _deadline(task["deadline"])))
    if task.get("note"):
        rows.append(("note", marked(task["note"], tokens), ""))
    body = "".join(f"<tr><td class='f'>{words[k]}</td><td class='w'>{w}</td><td>{r}</td></tr>" for k, w, r in rows)
    badges = "".join(f"<span class='flag'>{words[f]}</span>" for f in flags)
    where = _where(task["provenance"], words) or words["body_text"]
    row_no = f"{words['row_no']} {_e(task['row_no'])} · " if task.get("row_no") else ""
    return (f"<article class='task{' flagged' if flags else ''}' id='task-{number}'><h4>{row_no}"
            f"<span class='muted'>{where}</span></h4>{badges}<table><tr><th>{words['field']}</th>"
            f"<th>{words['as_written']}</th><th>{words['as_read']}</th></tr>{body}</table></article>")


def _tasks(plan: dict, words: dict[str, str]) -> tuple[list[tuple[str, list[str]]], list[tuple]]:
    """Task cards grouped under their table or area heading, in document order, and what to check."""
    repairs = _Repairs(plan)
    body_lines = sorted(t["provenance"]["line"] for t in plan["tasks"] if t["provenance"].get("line") is not None)
    groups, checks = [], []
    for number, task in enumerate(plan["tasks"], start=1):
        line = task["provenance"].get("line")
        following = next((n for n in body_lines if line is not None and n > line), None)
        tokens = repairs.for_task(task, following)
        flags = _task_flags(task, tokens)
        heading = " · ".join(x for x in (task.get("table"), task.get("area_raw")) if x) or words["body_text"]
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(_task_card(number, task, tokens, flags, words))
        checks += [(f"#task-{number}", f"{words['task']} {task.get('row_no') or number}", words[flag],
                    task["task"][:120]) for flag in flags]
    return groups, checks


def _other_checks(plan: dict, words: dict[str, str]) -> list[tuple]:
    checks = [(f"#target-{number}", f"{words['targets']} {number}", words[flag], target["text"][:120])
              for number, target in enumerate(plan["targets"], start=1) for flag in _target_flags(target)]
    checks += [("#repairs", words["repairs"], words["low_confidence"], repair["text"][:120])
               for repair in plan.get("repairs", []) if repair["confidence"] < LOW_CONFIDENCE]
    return checks


def _check_section(title: str, warnings: list[str], checks: list[tuple], words: dict[str, str]) -> str:
    parts = [f"<section id='check'><h2>{title}</h2>"]
    if warnings:
        parts.append(f"<h3>{words['warnings']}</h3><ul>" + "".join(f"<li>{_e(w)}</li>" for w in warnings) + "</ul>")
    if checks:
        parts.append(f"<table><tr><th>{words['where']}</th><th>{words['reason']}</th><th>{words['as_written']}</th>"
                     "</tr>" + "".join(f"<tr><td><a href='{a}'>{_e(w)}</a></td><td>{_e(r)}</td><td>{_e(t)}</td></tr>"
                                       for a, w, r, t in checks) + "</table>")
    if not checks and not warnings:
        parts.append(f"<p>{words['nothing_to_check']}</p>")
    return "".join(parts) + "</section>"


def _document_section(plan: dict, words: dict[str, str]) -> str:
    doc, period = plan["document"], plan["document"]["period"]
    period_text = "–".join(str(y) for y in dict.fromkeys((period["start_year"], period["end_year"])) if y)
    header = [(words[k], _e(doc.get(k))) for k in ("issuer", "admin_level", "unit_name", "district", "province",
                                                  "doc_number", "doc_type", "issue_date", "place", "title")]
    header += [(words["period"], _e(period_text)), (words["signer"], _e(doc.get("signer"))),
               (words["signer_title"], _e(doc.get("signer_title"))), (words["source"], _e(plan["source"]["path"]))]
    none = f"<span class='muted'>{words['none']}</span>"
    return (f"<section id='document'><h2>{words['document']}</h2><table>"
            + "".join(f"<tr><th>{k}</th><td>{v or none}</td></tr>" for k, v in header) + "</table></section>")


def _targets_section(title: str, targets: list[dict], words: dict[str, str]) -> str:
    rows = []
    for number, target in enumerate(targets, start=1):
        flags = "".join(f"<span class='flag'>{words[f]}</span>" for f in _target_flags(target))
        rows.append(f"<tr id='target-{number}'><td>{_e(target['text'])} {flags}</td><td>{_code(target['indicator'])}"
                    f"</td><td>{_code(target['comparator'])}</td><td>{target['percent']:g}</td>"
                    f"<td>{_e(target.get('year'))}</td><td>{_where(target['provenance'], words)}</td></tr>")
    return (f"<section id='targets'><h2>{title}</h2><table><tr><th>{words['target_text']}</th>"
            f"<th>{words['indicator']}</th><th>{words['comparator']}</th><th>{words['percent']}</th>"
            f"<th>{words['year']}</th><th>{words['where']}</th></tr>{''.join(rows)}</table></section>")


def _indicators_section(title: str, indicators: list[dict], words: dict[str, str]) -> str:
    rows = []
    for ind in indicators:
        target = ind.get("target") or {}
        read = (f"{_code(target.get('indicator'))} {_e(target.get('comparator'))} {target['percent']:g} % "
                f"{_e(target.get('year'))}") if target else ""
        rows.append(f"<tr><td>{_e(ind.get('row_no'))}</td><td>{_e(ind['indicator'])}</td>"
                    f"<td>{_e(ind.get('target_raw'))}</td><td>{read}</td><td>{_owners(ind['lead'])}</td></tr>")
    return (f"<section id='indicators'><h2>{title}</h2><table><tr><th>{words['row_no']}</th>"
            f"<th>{words['indicator']}</th><th>{words['as_written']}</th><th>{words['as_read']}</th>"
            f"<th>{words['lead']}</th></tr>{''.join(rows)}</table></section>")


def _repairs_section(title: str, repairs: list[dict], words: dict[str, str]) -> str:
    rows = []
    for repair in sorted(repairs, key=lambda r: r["confidence"]):  # the doubtful first
        tokens = {t["repaired"]: t for t in repair["tokens"]}
        rows.append(f"<tr><td>{_where(repair, words)}</td><td>{_e(repair['original'])}</td>"
                    f"<td>{marked(repair['text'], tokens)}</td><td>{repair['confidence']:.2f}</td></tr>")
    return (f"<section id='repairs'><h2>{title}</h2><table><tr><th>{words['where']}</th>"
            f"<th>{words['original']}</th><th>{words['repaired']}</th><th>{words['confidence']}</th></tr>"
            f"{''.join(rows)}</table></section>")


def review_html(plan: dict, lang: str = "vi") -> str:
    """The review page of one plan record (a dict as dumped from the models), in LANG ('vi' or 'en')."""
    words = labels(lang)
    doc, repairs = plan["document"], plan.get("repairs", [])
    groups, checks = _tasks(plan, words)
    checks += _other_checks(plan, words)
    titles = {"check": f"{words['check_first']} ({len(checks) + len(plan['warnings'])})",
              "document": words["document"], "tasks": f"{words['tasks']} ({len(plan['tasks'])})",
              "targets": f"{words['targets']} ({len(plan['targets'])})",
              "indicators": f"{words['indicators']} ({len(plan['indicators'])})",
              "repairs": f"{words['repairs']} ({len(repairs)})"}
    toc = []
    for anchor, name in titles.items():
        sub = "<ul>" + "".join(f"<li><a href='#group-{i}'>{_e(h)}</a> ({len(c)})</li>"
                               for i, (h, c) in enumerate(groups, start=1)) + "</ul>" if anchor == "tasks" and groups else ""
        toc.append(f"<li><a href='#{anchor}'>{name}</a>{sub}</li>")
    title = doc.get("title") or plan["source"]["path"]
    return "\n".join([
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>{GENERATOR_META}",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{words['page_title']}: {_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(doc.get('issuer') or '')} · {_e(doc.get('doc_number') or '')}</h1>",
        f"<p class='sub'>{_e(title)} — {_e(plan['source']['path'])}</p>",
        f"<nav id='toc'><b>{words['contents']}</b><ul>{''.join(toc)}</ul></nav>",
        _check_section(titles["check"], plan["warnings"], checks, words),
        _document_section(plan, words),
        f"<section id='tasks'><h2>{titles['tasks']}</h2>"
        + "".join(f"<h3 id='group-{i}'>{_e(h)}</h3>" + "".join(cards) for i, (h, cards) in enumerate(groups, start=1))
        + "</section>",
        _targets_section(titles["targets"], plan["targets"], words),
        _indicators_section(titles["indicators"], plan["indicators"], words),
        _repairs_section(titles["repairs"], repairs, words),
        f"<p class='muted'>{words['made_by']}</p></body></html>",
    ])
