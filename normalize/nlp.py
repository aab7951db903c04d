"""The spaCy pipeline that marks units, areas, indicators, deadlines and targets in plan text.

`spacy.blank("vi")` with syllable tokens (no pyvi), a token-norm component that folds marks and
case, an EntityRuler whose patterns are generated from corpus/lexicons/, and two components that
mark deadline and target spans with the values the normalizers give them. It explains a plan
(`vnplan explain`): every span carries the contract value it stands for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vnplan.models import Period
from vnplan.normalize.deadlines import parse_deadline
from vnplan.normalize.indicators import indicator_code
from vnplan.normalize.lexicons import fold, load
from vnplan.normalize.owners import code_owners
from vnplan.normalize.targets import find_targets

SPANS_KEY = "sc"
# Candidate time expressions; each candidate is kept only when the deadline grammar understands it.
_TIME = re.compile(
    r"(?:(?:trước|đến hết|đến|chậm nhất|trong|từ)\s+(?:ngày\s+)?)?"
    r"(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?(?:\s+(?:hàng|hằng)\s+năm)?"
    r"|quý\s+(?:[IV]+|\d)(?:(?:\s*,\s*quý\s+(?:[IV]+|\d))*)(?:\s*(?:/|năm)\s*\d{4}|\s+(?:hàng|hằng)\s+năm)?"
    r"|tháng\s+\d{1,2}(?:\s*(?:/|năm)\s*\d{4}|\s+(?:hàng|hằng)\s+năm)?"
    r"|6\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?"
    r"|(?:hàng|hằng)\s+(?:năm|quý|tháng)"
    r"|thường\s+xuyên"
    r"|năm\s+\d{4}"
    r"|(?:giai đoạn\s+)?\d{4}\s*[-–]\s*\d{4})",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def pipeline():
    """The pipeline, built once: tokenizer → fold_norm → entity_ruler → deadlines → targets."""
    import spacy
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc, Span
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    if not Span.has_extension("value"):
        Span.set_extension("value", default=None)
    if not Doc.has_extension("period"):
        Doc.set_extension("period", default=None)

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    # The Vietnamese tokenizer without pyvi only splits on spaces ('VP-TK;' stays one token):
    # give it the punctuation rules of the multi-language defaults, keeping syllables whole.
    xx = spacy.blank("xx")
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        prefix_search=compile_prefix_regex(xx.Defaults.prefixes).search,
        suffix_search=compile_suffix_regex(xx.Defaults.suffixes).search,
        infix_finditer=compile_infix_regex(list(xx.Defaults.infixes) + [r"[-–/;]"]).finditer,
    )

    if "vnplan_fold_norm" not in Language.factories:
        Language.component("vnplan_fold_norm", func=_fold_norm)
        Language.component("vnplan_deadlines", func=_mark_deadlines)
        Language.component("vnplan_targets", func=_mark_targets)
    nlp.add_pipe("vnplan_fold_norm")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM", "overwrite_ents": True})
    ruler.add_patterns(lexicon_patterns())
    nlp.add_pipe("vnplan_deadlines")
    nlp.add_pipe("vnplan_targets")
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


def _period(doc) -> Period:
    return doc._.period or Period()


def _mark_deadlines(doc):
    spans = list(doc.spans.get(SPANS_KEY, []))
    for m in _TIME.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand", label="DEADLINE")
        if span is None:
            continue
        deadline = parse_deadline(m.group(0), _period(doc))
        if deadline.kind != "unknown":
            span._.value = deadline.model_dump(mode="json")
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


def _mark_targets(doc):
    spans = list(doc.spans.get(SPANS_KEY, []))
    for target in find_targets(doc.text, _period(doc)):
        start = doc.text.find(target.text)
        if start < 0:
            continue
        span = doc.char_span(start, start + len(target.text), alignment_mode="expand", label="TARGET")
        if span is not None:
            target.indicator = indicator_code(target.text)
            span._.value = target.model_dump(mode="json", exclude={"provenance"})
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


def analyse(text: str, period: Period | None = None):
    """Run the pipeline over one passage: doc.ents are lexicon matches, doc.spans['sc'] all spans."""
    nlp = pipeline()
    doc = nlp.make_doc(text)
    doc._.period = period
    for _, component in nlp.pipeline:
        doc = component(doc)
    spans = list(doc.spans.get(SPANS_KEY, [])) + list(doc.ents)
    doc.spans[SPANS_KEY] = spans
    return doc
