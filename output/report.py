"""A plan and its parsed text → one HTML page that shows every span vnplan found and what it became."""

from __future__ import annotations

import html
import json

from vnplan.extract.document import PlanDraft
from vnplan.models import Plan

_STYLE = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
th{background:#f3f3f3;text-align:left}h2{margin-top:2em}.cell{margin:0.2em 0}.value{font-size:80%;color:#555}
"""


def _rendered(text: str, period, role: str = "text") -> str:
    from spacy import displacy
    from spacy.tokens import Span

    from vnplan.normalize.nlp import SPANS_KEY, analyse

    doc = analyse(text, period, role)
    spans = list(doc.spans[SPANS_KEY])
    if not spans:
        return html.escape(text)
    values = [f"<li><b>{html.escape(s.label_)}</b> «{html.escape(s.text)}» → "
              f"{html.escape(json.dumps(s._.value, ensure_ascii=False))}</li>"
              for s in spans if s._.value is not None]
    doc.spans[SPANS_KEY] = [Span(doc, s.start, s.end, label=f"{s.label_} {s.ent_id_}".strip()) for s in spans]
    page = displacy.render(doc, style="span", options={"spans_key": SPANS_KEY}, page=False)
    return page + (f"<ul class='value'>{''.join(values)}</ul>" if values else "")


def explain_html(plan: Plan, draft: PlanDraft) -> str:
    """The page: header fields, then each task row's cells and each target paragraph, with spans marked."""
    period = plan.document.period
    parts = [f"<!doctype html><meta charset='utf-8'><title>vnplan explain — {html.escape(plan.source.path)}</title>",
             f"<style>{_STYLE}</style><h1>{html.escape(plan.document.title or plan.source.path)}</h1>",
             "<table>"]
    for field, value in plan.document.model_dump(mode="json").items():
        parts.append(f"<tr><th>{field}</th><td>{html.escape(json.dumps(value, ensure_ascii=False))}</td></tr>")
    parts.append("</table>")
    if plan.warnings:
        parts.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{html.escape(w)}</li>" for w in plan.warnings) + "</ul>")
    parts.append(f"<h2>Tasks ({len(plan.tasks)})</h2>")
    for task in plan.tasks:
        parts.append(f"<h3>{html.escape(task.row_no or '')} {html.escape(task.area_raw or '')}</h3><table>")
        # each cell in the role the import read it in (a lead cell gives OWNER spans, a time cell one DEADLINE)
        for label, text, role in (("task", task.task, "text"), ("lead", task.lead_raw, "lead"),
                                  ("support", task.support_raw, "support"),
                                  ("deadline", task.deadline_raw, "deadline" if task.table else "text")):
            if text:
                parts.append(f"<tr><th>{label}</th><td class='cell'>{_rendered(text, period, role)}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Body paragraphs with targets</h2>")
    with_targets = {t.provenance.line for t in plan.targets if t.provenance.line is not None}
    for para in draft.paragraphs:
        if para.lineno in with_targets:
            parts.append(f"<p><b>§ {html.escape(para.section or '')}</b> (line {para.lineno})</p>"
                         f"{_rendered(para.text, period)}")
    return "\n".join(parts)
