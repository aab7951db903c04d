"""The one spaCy pipeline through which every normalized value of the contract is found.

`spacy.blank("vi")` with syllable tokens (no pyvi: word segmentation did not help matching
lexicon phrases), then:

- `vnplan_fold_norm`: each token's NORM is the text with marks and case folded, so lexicon
  phrases match "Văn phòng", "VĂN PHÒNG" and "Van phong" alike;
- `entity_ruler`: UNIT, AREA and INDICATOR entities, its patterns generated from the lexicons in
  corpus/lexicons/ (units, unit abbreviations, area headings, indicator phrases);
- `vnplan_owners`: OWNER spans in a lead or support cell, one per unit named, coded;
- `vnplan_deadlines`: DEADLINE spans: the whole time cell, or every time expression in running text;
- `vnplan_targets`: TARGET spans: every percentage target in a task cell, a body sentence or an
  indicator-table row;
- `vnplan_areas`: an AREA_CODE span over a section heading or table group row.

Each span carries its contract value in `span._.value`. What a component reads depends on the
text's role, set on the Doc before the pipeline runs (`doc._.role`: lead, support, deadline, text,
heading, target_cell). `normalize/build.py` turns the spans into the record with the small pure
functions at the end of this module (`owners_of`, `deadline_of`, `deadlines_of`, `targets_of`,
`area_of`); `vnplan explain` shows the same spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vnplan.models import Deadline, Owner, Period, Target
from vnplan.normalize.areas import area_code
from vnplan.normalize.time_in_text import due_by, find_deadlines, read_deadline
from vnplan.normalize.indicators import code_targets
from vnplan.lang.vi import fold, load
from vnplan.normalize.owner_lexicon import is_institution, is_role_word
from vnplan.normalize.owners import code_owners, owner_spans
from vnplan.normalize.targets import find_targets, table_target

SPANS_KEY = "sc"
ROLES = ("lead", "support", "deadline", "text", "heading", "target_cell")


@dataclass(frozen=True, eq=False)
class Context:
    """What a text is and what it is read against: its role, the plan period, the year of an
    enclosing "Đến năm 2025:" block, and for an indicator-table target cell its indicator."""

    role: str = "text"
    period: Period | None = None
    context_year: int | None = None
    indicator: str | None = None
    target_year: int | None = None
    reporting: bool = False  # a paragraph of a results section: only goals are targets
    context_basis: str | None = None  # what gave context_year: "block" or "heading"
    due: bool = False  # a time cell under a header naming a time limit: a bare date is due by that day

    def _key(self) -> tuple:
        period = self.period or Period()
        return (self.role, period.start_year, period.end_year, self.context_year, self.indicator,
                self.target_year, self.reporting, self.context_basis, self.due)

    # by value, the period by its years (a pydantic Period does not hash), so a Context keys a cache
    def __eq__(self, other) -> bool:
        return isinstance(other, Context) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@lru_cache(maxsize=1)
def pipeline():
    """The pipeline, built once per process (2–5 s, most of it importing spaCy)."""
    import spacy
    from spacy.lang.xx import MultiLanguage
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc, Span
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    if not Doc.has_extension("context"):
        Doc.set_extension("context", default=Context())
        # (label, start_char, end_char, value) in the order found: a span's own extension storage
        # is keyed by its characters, and two values may share them (two targets of one clause)
        Doc.set_extension("found", default=None)
        Span.set_extension("value", getter=_span_value)

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    # The Vietnamese tokenizer without pyvi only splits on spaces ('VP-TK;' stays one token):
    # give it the punctuation rules of the multi-language defaults, keeping syllables whole.
    # (the rules are read from the class: a blank "xx" pipeline would compile them once more)
    xx = MultiLanguage.Defaults
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        prefix_search=compile_prefix_regex(xx.prefixes).search,
        suffix_search=compile_suffix_regex(xx.suffixes).search,
        infix_finditer=compile_infix_regex(list(xx.infixes) + [r"[-–/;]"]).finditer,
    )

    if "vnplan_fold_norm" not in Language.factories:
        Language.component("vnplan_fold_norm", func=_fold_norm)
        Language.component("vnplan_owners", func=_mark_owners)
        Language.component("vnplan_deadlines", func=_mark_deadlines)
        Language.component("vnplan_targets", func=_mark_targets)
        Language.component("vnplan_areas", func=_mark_areas)
    nlp.add_pipe("vnplan_fold_norm")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM", "overwrite_ents": True})
    ruler.add_patterns(lexicon_patterns())
    for name in ("vnplan_owners", "vnplan_deadlines", "vnplan_targets", "vnplan_areas"):
        nlp.add_pipe(name)
    return nlp


def _fold_norm(doc):
    for token in doc:
        token.norm_ = fold(token.text) or token.text
    return doc


def _phrase_or_tokens(label: str, phrase: str, ent_id: str) -> dict:
    """A lexicon phrase as an EntityRuler pattern; '*' becomes one to five tokens of anything."""
    folded = fold(phrase)
    if "*" not in folded:
        return {"label": label, "pattern": folded, "id": ent_id}
    tokens = []
    for word in re.findall(r"\*|[^\W_]+|[^\w\s]", folded):
        tokens.append({"OP": "{1,5}"} if word == "*" else {"NORM": word})
    return {"label": label, "pattern": tokens, "id": ent_id}


@lru_cache(maxsize=1)
def lexicon_patterns() -> tuple[dict, ...]:
    """EntityRuler patterns generated from units, abbreviations, areas and indicators lexicons."""
    patterns = [_phrase_or_tokens("UNIT", r["name"], r["code"]) for r in load("units")]
    for row in load("unit_abbreviations"):
        owners = code_owners(row["expansion"])
        if owners:
            patterns.append({"label": "UNIT", "pattern": fold(row["abbreviation"]), "id": owners[0].code})
    patterns += [_phrase_or_tokens("AREA", r["heading"], r["code"]) for r in load("areas")]
    patterns += [_phrase_or_tokens("INDICATOR", r["phrase"], r["code"]) for r in load("indicators")]
    return tuple(p for p in patterns if p["pattern"])


def _add(doc, start: int, end: int, label: str, value) -> None:
    """A span over text[start:end] (widened to whole tokens) carrying `value`; the whole text when
    the characters cannot be found in it (a value is never dropped for want of a span)."""
    span = doc.char_span(start, end, alignment_mode="expand", label=label) if start >= 0 else None
    if span is None:
        span = doc.char_span(0, len(doc.text), alignment_mode="expand", label=label)
    doc._.found.append((label, span.start_char, span.end_char, value))
    doc.spans[SPANS_KEY] = [*doc.spans.get(SPANS_KEY, []), span]


def _span_value(span):
    """The value a component gave this span (the first, when two share its characters)."""
    for label, start, end, value in span.doc._.found or ():
        if (label, start, end) == (span.label_, span.start_char, span.end_char):
            return _json(value)
    return None


def _mark_owners(doc):
    """Lead and support cells: one OWNER span per unit, coded from the unit lexicon. A fragment the
    lexicon does not name as a whole keeps the code of the one unit the EntityRuler found inside it
    ("Tổ giúp việc của Văn phòng HĐND-UBND" → van_phong)."""
    if doc._.context.role not in ("lead", "support"):
        return doc
    for start, end, owner in owner_spans(doc.text):
        # (not for an institution, nor a plural of something unknown: "Các doanh nghiệp … xây dựng")
        if owner.code == "other" and not is_institution(owner.raw) and not _is_plural(owner.raw):
            # (a post word heading an unknown unit is not that unit: 'lãnh đạo Trung tâm Xúc tiến …')
            inside = {ent.ent_id_ for ent in doc.ents if ent.label_ == "UNIT"
                      and ent.start_char >= start and ent.end_char <= end
                      and not (ent.end_char < end and is_role_word(ent.text))}
            if len(inside) == 1:
                owner = owner.model_copy(update={"code": inside.pop()})
        _add(doc, start, end, "OWNER", owner)
    return doc


def _is_plural(raw: str) -> bool:
    return fold(raw).split(" ", 1)[0] in ("cac", "nhung")


def _mark_deadlines(doc):
    """A time cell is one DEADLINE span (kind unknown when the grammar cannot read it); in running
    text every expression the grammar reads is one."""
    context = doc._.context
    period = context.period or Period()
    if context.role == "deadline":
        if doc.text.strip():
            deadline = read_deadline(doc.text, period)
            _add(doc, 0, len(doc.text), "DEADLINE", due_by(deadline) if context.due else deadline)
    elif context.role == "text":
        for start, end, deadline in find_deadlines(doc.text, period):
            _add(doc, start, end, "DEADLINE", deadline)
    return doc


def _mark_targets(doc):
    context = doc._.context
    period = context.period or Period()
    if context.role == "text":
        found = find_targets(doc.text, period, context.context_year, context.reporting,
                             context.context_basis or "block")
    elif context.role == "target_cell":
        target = table_target(context.indicator or "", doc.text, period, context.target_year)
        found = [target] if target is not None else []
    else:
        return doc
    for target, code in zip(found, code_targets(found)):
        target.indicator = code
        if context.role == "target_cell":  # the text is the indicator's words and this cell
            _add(doc, 0, len(doc.text), "TARGET", target)
            continue
        start = doc.text.find(target.text)
        _add(doc, start, start + len(target.text) if start >= 0 else -1, "TARGET", target)
    return doc


def _mark_areas(doc):
    if doc._.context.role == "heading":
        code = area_code(doc.text)
        if code is not None:
            _add(doc, 0, len(doc.text), "AREA_CODE", code)
    return doc


def _run(text: str, context: Context):
    nlp = pipeline()
    doc = nlp.make_doc(text)
    doc._.context = context
    doc._.found = []
    doc.spans[SPANS_KEY] = []
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


@lru_cache(maxsize=8192)
def _annotated(text: str, context: Context):
    return _run(text, context)


def annotate(text: str | None, context: Context):
    """The Doc of one text read in its context, with its spans (cached, since cells repeat: take
    values out with the functions below, which copy them)."""
    return _annotated(text or "", context)


def analyse(text: str, period: Period | None = None, role: str = "text"):
    """One passage through the pipeline, for explaining: doc.spans['sc'] holds every span found,
    the lexicon entities included, each value as JSON."""
    doc = _run(text, Context(role=role, period=period))
    doc.spans[SPANS_KEY] = list(doc.spans[SPANS_KEY]) + list(doc.ents)
    return doc


def _json(value):
    return value.model_dump(mode="json", exclude={"provenance"}) if hasattr(value, "model_dump") else value


# --- spans → contract values (pure) -------------------------------------------------------------


def _values(doc, label: str) -> list:
    return [value.model_copy(deep=True) if hasattr(value, "model_copy") else value
            for found_label, _, _, value in doc._.found if found_label == label]


def owners_of(doc) -> list[Owner]:
    """The owners a lead or support cell names, in the order written."""
    return _values(doc, "OWNER")


def deadlines_of(doc) -> list[Deadline]:
    """Every deadline found, in the order written."""
    return _values(doc, "DEADLINE")


def deadline_of(doc) -> Deadline:
    """The deadline of a time cell (kind unknown when unread; raw None when the cell is empty)."""
    found = deadlines_of(doc)
    return found[0] if found else Deadline(raw=None, kind="unknown")


def targets_of(doc) -> list[Target]:
    """The percentage targets, each with its indicator code; provenance is the caller's to set."""
    return _values(doc, "TARGET")


def area_of(doc) -> str | None:
    """The reform-area code of a heading or group row, or None."""
    found = _values(doc, "AREA_CODE")
    return found[0] if found else None
