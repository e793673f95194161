"""Tag records' text with SERVICE, DATE, METRIC and ORG mentions and normalise them (spaCy, rules only).

The pipeline is ``spacy.blank("en")`` plus our own components; nothing is downloaded:

- ``gazetteer`` (a span_ruler): SERVICE names from ``patterns/services.jsonl`` and ORG names from
  ``patterns/orgs.jsonl``; the pattern ``id`` is the canonical name;
- ``service_roles``: unknown units and roles written like "Parish Liaison Officer", "Heads of Service";
- ``date_tagger``: every date expression (pipeline.dates, the normaliser records' timescales use);
- ``metric_tagger``: percentages, money, FTE and counts with their noun, with direction/baseline.

Each component adds spans to ``doc.spans["entities"]``; normalised values ride on ``span._.value``.
A ``responsible`` item is one service by construction (pipeline.services split it), so it becomes a
single SERVICE mention over the whole item rather than being re-tagged; its ``canonical`` is the name
``records.services`` gives it (pipeline.services.canonical_service).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterator, Sequence

import spacy
import srsly
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans

from pipeline.dates import DateValue, find_dates
from pipeline.services import PATTERNS_DIR, canonical_service, service_to_canonical
from schemas.entities import EntityRow

SPANS_KEY = "entities"

if not Span.has_extension("value"):
    Span.set_extension("value", default=None)


@dataclass(frozen=True, slots=True)
class MetricValue:
    """A normalised quantity: 56% (down 11% since 2013) -> 56.0, "%", "percent", "down", 11.0, "2013"."""

    number: float | None
    unit: str
    kind: str                     # percent | money | fte | count
    direction: str | None = None  # up | down
    change: float | None = None
    baseline: str | None = None   # ISO partial date


def doc_text(doc: Doc) -> str:
    """The doc's text, computed once (spaCy rebuilds ``doc.text`` from its tokens on every access)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


# --- gazetteer -----------------------------------------------------------------------------------

_ROLE_TAILS = ("team", "Team", "Officer", "officer", "Manager", "manager", "Managers", "managers")


def _case_variants(pattern: str) -> set[str]:
    """A name as listed, with its first letter capitalised and its role word in either case."""
    out = {pattern, pattern[:1].upper() + pattern[1:]}
    head, _, last = pattern.rpartition(" ")
    if head and last in _ROLE_TAILS:
        toggled = last[:1].swapcase() + last[1:]
        out |= {f"{v.rpartition(' ')[0]} {toggled}" for v in list(out)}
    return out


# Single words that name a service in a responsible cell but are ordinary words in prose
# ("Communications are written in plain English", "Current Performance", seed 000): the tagger
# matches them only with a role word ("Communications team"), which services.jsonl lists as aliases.
PROSE_AMBIGUOUS = frozenset(
    """Communications Performance Planning Finance Licensing Procurement Payroll Transformation Audit
    Homelessness Education Leisure Regeneration Fraud Communities IT""".split()
) | {"Council Tax"}  # the tax far more often than the service ("their Council Tax", seed 003)


def load_patterns() -> list[dict]:
    """SERVICE and ORG span_ruler patterns (with case variants) from pipeline/patterns/*.jsonl."""
    patterns = []
    for name in ("services.jsonl", "orgs.jsonl"):
        for row in srsly.read_jsonl(PATTERNS_DIR / name):
            if row["pattern"] in PROSE_AMBIGUOUS:
                continue
            for variant in sorted(_case_variants(row["pattern"])):
                patterns.append({"label": row["label"], "pattern": variant, "id": row.get("id") or row["pattern"]})
    return patterns


# --- rule components -----------------------------------------------------------------------------

# "Parish Liaison Officer", "Democratic Services team", "Heads of Service", "Director of Shared Services"
_CAP = r"[A-Z][\w'’&]*"
_ROLE_RE = re.compile(
    rf"\b(?:{_CAP}(?: +(?:and|&|of|for) +| +)){{2,6}}(?:team|Team|Unit|Directorate)\b"
    # "Chief Accountant", "Project Manager", "Shared Service Director" (seed 003)
    rf"|\b(?:{_CAP}(?: +(?:and|&|of|for) +| +)){{1,6}}(?:Officers?|Managers?|Directors?|Accountants?|Advis[eo]rs?"
    rf"|Co-?ordinators?|Controllers?|Administrators?)\b"
    rf"|\b(?:Heads?|Director|Directors) +of +{_CAP}(?: +(?:and +)?{_CAP}){{0,3}}\b"
)
# Sentence openers that are not part of a name ("The Policy and Information Team provide...")
_LEADING_NON_NAME = re.compile(r"^(?:(?:The|the|Our|our|All|Both|With|A|An|Through|Following|Support|Provide)\s+)+")


@Language.component("service_roles")
def service_roles(doc: Doc) -> Doc:
    """Add SERVICE spans for units and roles the gazetteer does not list (seed 000, 003)."""
    spans = list(doc.spans.get(SPANS_KEY, []))
    for m in _ROLE_RE.finditer(doc_text(doc)):
        s, e = m.span()
        lead = _LEADING_NON_NAME.match(m.group(0))
        if lead:
            s += lead.end()
        span = doc.char_span(s, e, label="SERVICE", alignment_mode="contract")
        if span is not None and len(span) >= 2 and not _is_part_of_longer_name(span):
            spans.append(span)
    doc.spans[SPANS_KEY] = filter_spans(spans)
    return doc


@Language.component("date_tagger")
def date_tagger(doc: Doc) -> Doc:
    """DATE spans with their DateValue; "Ongoing" only when the text is a timescale (doc.user_data)."""
    ongoing = bool(doc.user_data.get("is_timescale"))
    spans = list(doc.spans.get(SPANS_KEY, []))
    for m in find_dates(doc_text(doc), ongoing=ongoing):
        span = doc.char_span(m.start, m.end, label="DATE", alignment_mode="expand")
        if span is not None:
            span._.value = m.value
            doc.user_data[("chars", "DATE", span.start_char, span.end_char)] = (m.start, m.end)  # type: ignore[index]
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_METRIC_RE = re.compile(
    rf"(?P<money>£\s?(?:{_NUM})(?:\s?(?:m|bn|k|million|billion|thousand)\b)?)"
    rf"|(?P<percent>(?<![\w.])[+\-−]?(?:{_NUM})\s?(?:%|per\s?cent\b))"
    rf"|(?P<fte>(?<![\w.])(?:{_NUM})\s?(?:FTE|full[- ]time equivalents?)\b)"
    # "Marden -20 people" (seed 003) counts; "18-24 year olds" does not
    rf"|(?P<count>(?<![\w.,/£])(?<!\d-)(?:{_NUM})(?=\s+[A-Za-z]))"
)
_SCALE = {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3, "thousand": 1e3}
# Nouns counted in council reports that are singular or do not end in -s
_COUNT_NOUNS = frozenset(
    """people staff children case member customer household tenant response respondent resident complaint
    consultation visit item client employer attendee volunteer officer household application property
    home event session""".split()
)
_NOT_COUNT_HEADS = frozenset(
    """years year months month weeks week days day hours hour minutes minute olds times is was has as this its
    thus plus less always perhaps unless""".split()
)
_STOP = frozenset(
    """of to in the and or were was have has had for from by with are is at on which per a an be been will
    would than that this these those their our its it as out up down over under more most each every""".split()
)
_UP = re.compile(r"\b(?:up|increased?|increasing|rise|risen|rose|grew|growth|higher|more)\b(?:\s+by)?\s*$", re.I)
_DOWN = re.compile(
    r"\b(?:down|decreased?|decreasing|reduced|reduction(?:\s+of)?|fallen|fell|falls?|lower|fewer|less|drop(?:ped)?)"
    r"\b(?:\s+by)?\s*$", re.I)
# The change a metric states in brackets right after it: "56% (down 11% since 2013)", "57.9% (+2.1%)".
# The change is part of that metric (direction, change, baseline), not a metric of its own (issue 11).
_PAREN_CHANGE = re.compile(
    rf"^\s*\(\s*(?:(?P<dir>up|down|increased?|decreased?)\s+(?:by\s+)?|(?P<sign>[+\-−]))(?P<n>{_NUM})\s?%?"
    rf"\s*(?P<rest>[^)]*)\)", re.IGNORECASE)
_BASELINE = re.compile(r"^[^.;]{0,25}?\b(?:since|compared\s+(?:to|with)|from)\s+(?:\S+\s+in\s+)?$", re.I)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "").replace("−", "-"))
    except ValueError:
        return None


def _count_noun(text: str, pos: int) -> int | None:
    """End offset of the counted noun phrase after a number at ``pos`` ("2,008 responses"), or None."""
    words = list(re.finditer(r"[A-Za-z][A-Za-z'’\-]*", text[pos: pos + 80]))
    prev_end = 0
    for w in words[:4]:
        gap = text[pos + prev_end: pos + w.start()]
        if gap.strip():  # punctuation between: the noun phrase ended
            return None
        lw = w.group(0).lower()
        if lw in _STOP or lw in _NOT_COUNT_HEADS:
            return None
        if lw in _COUNT_NOUNS or (len(lw) > 3 and lw.endswith("s") and not lw.endswith("ss")):
            return pos + w.end()
        prev_end = w.end()
    return None


def _baseline_after(text: str, end: int) -> str | None:
    tail = text[end: end + 60]
    for m in find_dates(tail, ongoing=False):
        if _BASELINE.match(tail[: m.start]):
            return m.value.start_iso
    return None


def _search(pattern: str, text: str) -> str:
    """The first match of a pattern the metric regex already matched inside ``text``."""
    m = re.search(pattern, text)
    return m.group(0) if m else ""


def find_metrics(text: str) -> list[tuple[int, int, MetricValue]]:
    """Percentages, money, FTE and counts with their noun in a text, with direction and baseline.

    A change stated in brackets after a metric is part of it, not a second metric (seed 000 KPI table).

    >>> text = "56% (down 11% since 2013)"
    >>> [(text[s:e], v.number, v.direction, v.change, v.baseline) for s, e, v in find_metrics(text)]
    [('56%', 56.0, 'down', 11.0, '2013')]
    """
    out: list[tuple[int, int, MetricValue]] = []
    if not text:
        return out
    change_end = 0  # end of the bracketed change of the metric before
    for m in _METRIC_RE.finditer(text):
        s, e = m.span()
        if s < change_end:
            continue
        kind = m.lastgroup or ""
        raw = m.group(0)
        if kind == "money":
            num_m = re.search(_NUM, raw)
            scale = re.search(r"(m|bn|k|million|billion|thousand)$", raw.strip())
            number = _number(num_m.group(0)) if num_m else None
            if number is not None and scale:
                number *= _SCALE[scale.group(1)]
            unit = "GBP"
        elif kind == "percent":
            number, unit = _number(_search(rf"[+\-−]?(?:{_NUM})", raw)), "%"
        elif kind == "fte":
            number, unit = _number(_search(_NUM, raw)), "FTE"
        else:
            number = _number(raw)
            # a four-digit year is a date, not a count ("2015 responses" does not occur; "in 2015 there")
            if re.fullmatch(r"(?:19[5-9]\d|20\d\d)", raw):
                continue
            noun_end = _count_noun(text, e)
            if noun_end is None:
                continue
            unit = text[e:noun_end].strip().split()[-1]
            e = noun_end
        direction = change = None
        before = text[max(0, s - 30): s]
        if _UP.search(before):
            direction = "up"
        elif _DOWN.search(before):
            direction = "down"
        baseline = _baseline_after(text, e)
        paren = _PAREN_CHANGE.match(text[e:])
        if paren:
            word = (paren.group("dir") or paren.group("sign")).lower()
            direction = "up" if word.startswith(("up", "inc", "+")) else "down"
            change = _number(paren.group("n"))
            baseline = _baseline_after(text, e + paren.start("rest") - 1) or baseline
            change_end = e + paren.end()
        if re.search(r"\bfewer\b", text[s:e]):
            direction = "down"
        out.append((s, e, MetricValue(number, unit, kind, direction, change, baseline)))
    return out


@Language.component("metric_tagger")
def metric_tagger(doc: Doc) -> Doc:
    """METRIC spans with their MetricValue; counts inside a DATE ("31/3/24") are dropped."""
    spans = list(doc.spans.get(SPANS_KEY, []))
    dates = [(sp.start_char, sp.end_char) for sp in spans if sp.label_ == "DATE"]
    for s, e, value in find_metrics(doc_text(doc)):
        if value.kind == "count" and any(ds < e and s < de for ds, de in dates):
            continue
        span = doc.char_span(s, e, label="METRIC", alignment_mode="expand")
        if span is not None:
            span._.value = value
            doc.user_data[("chars", "METRIC", span.start_char, span.end_char)] = (s, e)  # type: ignore[index]
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


# A service name followed by more capitalised words is part of a longer name, not the service:
# "Communications and Engagement Strategy", "Customer Services Training", "Council Tax Discount Scheme"
# (seeds 000, 003); "Equalities Officer Group" is a group, "Council Tax bills" a thing (seed 000).
_NAME_JOINERS = frozenset({"and", "&", "of", "for", "-"})
_NAME_ENDS = frozenset(
    """strategy plan programme policy scheme survey review assessment award awards forum act bill training
    project group board panel partnership talk conference week day event""".split()
)
_GROUP_WORDS = frozenset({"group", "groups", "forum", "board", "panel", "network", "champion", "champions"})
_THING_NOUNS = frozenset(
    """bill bills letter letters customer customers claim claims form forms payment payments demand equipment
    process processes system systems support reduction discount arrears account accounts enquiries
    applications application permits permit collection collections""".split()
)
# Role words that extend a service into a team or post: "Museums Director", "HR team" (seed 001).
_ROLE_AFTER = frozenset({"team", "Team", "Director", "Manager", "Officer", "Lead", "lead", "Unit"})


def _extend_role(span: Span) -> Span:
    doc = span.doc
    end = span.end
    # "Housing management team", "ICT management team" (seed 003)
    if end + 1 < len(doc) and doc[end].lower_ == "management" and doc[end + 1].lower_ == "team":
        end += 1
    if end < len(doc) and doc[end].text in _ROLE_AFTER:
        end += 1
    return Span(doc, span.start, end, label=span.label, span_id=span.id) if end != span.end else span


def _is_part_of_longer_name(span: Span, prefix: bool = True) -> bool:
    """True if a gazetteer match is only part of a longer name, a place or a holding, not the service
    itself; with ``prefix``, also when capitalised words run into it from the left."""
    return (_followed_by_name_word(span) or _joined_to_name_end(span) or _place_or_holding(span)
            or (prefix and _title_prefix(span) > 0))


def _followed_by_name_word(span: Span) -> bool:
    """The next word goes on with the name: a group or thing noun ("HR forum", "Council Tax bills"),
    or a capitalised word that is not a role ("Museums Director" stays a service)."""
    doc, i = span.doc, span.end
    if i >= len(doc):
        return False
    nxt = doc[i]
    if nxt.lower_ in _GROUP_WORDS or nxt.lower_ in _THING_NOUNS:
        return True
    return nxt.is_title and nxt.is_alpha and nxt.text not in _ROLE_AFTER


def _joined_to_name_end(span: Span) -> bool:
    """"Communications and Engagement Strategy": joiner, capitalised words, a name-ending word."""
    doc, i = span.doc, span.end
    j = i
    while j < len(doc) and doc[j].lower_ in _NAME_JOINERS:
        j += 1
    if j == i:
        return False
    while j < len(doc) and doc[j].is_title:
        # "HR and Policy teams" (seed 001): "Policy" names a team there, not a document
        team_follows = j + 1 < len(doc) and doc[j + 1].lower_ in ("team", "teams")
        if doc[j].lower_ in _NAME_ENDS and not team_follows:
            return True
        j += 1
    return False


def _place_or_holding(span: Span) -> bool:
    """"at (the) Museum" is a place and "the Museum’s world collection" its holdings (seed 001)."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(0, span.start - 2): span.start]]
    if before[-1:] == ["at"] or before == ["at", "the"]:
        return True
    return span.end < len(doc) and doc[span.end].lower_ in ("’s", "'s")


def _title_prefix(span: Span) -> int:
    """Capitalised words (up to 3) right before a span, not counting a sentence's first word."""
    doc, n = span.doc, 0
    while n < 3 and span.start - n - 1 > 0:
        prev = doc[span.start - n - 1]
        if not prev.is_title or not prev.is_alpha or doc[span.start - n - 2].is_punct:
            break
        n += 1
    return n


# A list of services ("HR, Museums/Leisure Services, Communications, Civic Services/Mayoralty and
# Policy/Communities", seed 001): when two or more items are known services, every item is one.
_LIST_ITEM = r"[A-Z][\w'’&]*(?: [A-Z][\w'’&]*){0,3}"
_SERVICE_LIST = re.compile(rf"{_LIST_ITEM}(?:(?:, ?|/ ?| and | & ){_LIST_ITEM}){{2,}}")


def _service_list_spans(doc: Doc, known: list[Span]) -> list[Span]:
    out = []
    for m in _SERVICE_LIST.finditer(doc_text(doc)):
        items = [(i.start() + m.start(), i.end() + m.start())
                 for i in re.finditer(_LIST_ITEM, m.group(0))]
        inside = [sp for sp in known if m.start() <= sp.start_char and sp.end_char <= m.end()]
        if len(inside) < 2 or len(inside) * 2 < len(items):
            continue
        for s, e in items:
            span = doc.char_span(s, e, label="SERVICE", alignment_mode="contract")
            if span is not None and len(span) > 0:
                out.append(span)
    return out


# An organisation's name used for its area is a place: "the Shepway area", "Medway Street" (seed 003)
_PLACE_AFTER = frozenset({"area", "areas", "street", "road", "ward", "wards", "district", "borough"})


def _is_place(span: Span) -> bool:
    return span.end < len(span.doc) and span.doc[span.end].lower_ in _PLACE_AFTER


@Language.component("gazetteer_to_entities")
def gazetteer_to_entities(doc: Doc) -> Doc:
    """Move span_ruler matches into doc.spans["entities"]: longest first, no overlaps, names in context."""
    spans = filter_spans(list(doc.spans.get("gazetteer", [])))
    kept = []
    starts = {sp.start for sp in spans} | {sp.end for sp in spans}
    for sp in spans:
        if sp.label_ == "SERVICE":
            sp = _extend_role(sp)
            n = _title_prefix(sp)
            # "Mid Kent HR", "Mid Kent Legal" (seed 003): a prefix that is not itself a name joins the
            # service; "for Housing Benefits" (seed 000) is a benefit, since "Housing" is a service.
            if n and not any(sp.start - k in starts for k in range(n + 1) if k) and _is_part_of_longer_name(
                    Span(doc, sp.start, sp.end, label=sp.label, span_id=sp.id), prefix=False) is False:
                sp = Span(doc, sp.start - n, sp.end, label=sp.label, span_id=sp.id)
            elif _is_part_of_longer_name(sp):
                continue
        elif _is_place(sp):
            continue
        kept.append(sp)
    services = [sp for sp in kept if sp.label_ == "SERVICE"]
    doc.spans[SPANS_KEY] = filter_spans(kept + _service_list_spans(doc, services))
    return doc


# Optional statistical model: an installed spaCy pipeline package or a pipeline folder, never downloaded.
MODEL_ENV = "COUNCIL_EXTRACT_SPACY_MODEL"
MODEL_LABELS = {"ORG": "ORG"}  # model label -> our label; only organisations are taken from a model


def load_statistical_model(name: str) -> Language:
    """Load an installed spaCy model package or a saved pipeline folder; never fetches anything."""
    try:
        return spacy.load(name)
    except OSError as e:
        raise RuntimeError(
            f"spaCy model {name!r} (from {MODEL_ENV}) is not installed; council-extract never downloads "
            f"models: install the model package or point {MODEL_ENV} at a pipeline folder, or unset it"
        ) from e


class ModelOrgs:
    """Add a statistical model's ORG entities where the gazetteer and rules found nothing."""

    def __init__(self, model: Language) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPANS_KEY, []))
        taken = [(sp.start_char, sp.end_char) for sp in spans]
        for ent in self.model(doc_text(doc)).ents:
            label = MODEL_LABELS.get(ent.label_)
            if label is None or any(ent.start_char < e and s < ent.end_char for s, e in taken):
                continue
            span = doc.char_span(ent.start_char, ent.end_char, label=label, alignment_mode="contract")
            if span is not None:
                spans.append(span)
                taken.append((span.start_char, span.end_char))
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory("model_orgs", default_config={"model": ""})
def make_model_orgs(nlp: Language, name: str, model: str) -> ModelOrgs:
    return ModelOrgs(load_statistical_model(model))


def build_nlp(model: str | None = None) -> Language:
    """The tagging pipeline (built once per process and model): blank English + gazetteer + rule components.

    ``model`` (default: the ``COUNCIL_EXTRACT_SPACY_MODEL`` environment variable) names an optional
    statistical spaCy pipeline whose ORG entities are added last; without one, rules only.
    """
    return _build_nlp(os.environ.get(MODEL_ENV, "") if model is None else model)


@spacy.registry.tokenizers("council_extract.Tokenizer.v1")
def create_council_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer with two more word ends, built once (a registered tokenizer factory).

    "Engagement/ Data Analytics/ Climate Change" (seed 004): a slash ends a word.
    "work with HoK. Event planned" (seed 001): a full stop after a mixed-case acronym ends the word.
    Named in the blank pipeline's config, so its ~1,350 special cases load once; replacing the blank
    pipeline's tokenizer afterwards loaded them twice (a tenth of a second of every process's start-up).
    """

    def factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        infixes = defaults.infixes
        return Tokenizer(
            nlp.vocab, rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(list(defaults.prefixes or ()) + [r"/"]).search,
            suffix_search=compile_suffix_regex(list(defaults.suffixes or ()) + [r"/", r"(?<=[A-Za-z]{2})\."]).search,
            infix_finditer=compile_infix_regex(infixes).finditer if infixes else None,
            token_match=defaults.token_match, url_match=defaults.url_match,
        )

    return factory


@lru_cache(maxsize=4)
def _build_nlp(model: str) -> Language:
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "council_extract.Tokenizer.v1"}}})
    ruler: SpanRuler = nlp.add_pipe("span_ruler", name="gazetteer",  # type: ignore[assignment]
                                    config={"spans_key": "gazetteer", "validate": False})
    ruler.add_patterns(load_patterns())
    nlp.add_pipe("gazetteer_to_entities")
    nlp.add_pipe("service_roles")
    nlp.add_pipe("date_tagger")
    nlp.add_pipe("metric_tagger")
    if model:
        nlp.add_pipe("model_orgs", config={"model": model})
    return nlp


# --- records -> entity rows ----------------------------------------------------------------------

TEXT_FIELDS = ("objective", "commitment", "action", "detail", "timescale")
LIST_FIELDS = ("progress", "issues", "measures")


def record_texts(record) -> Iterator[tuple[str, str, int | None]]:
    """(text, field, item) for every text the tagger reads in a record; list items are numbered."""
    for name in TEXT_FIELDS:
        value = getattr(record, name)
        if value:
            yield value, name, None
    for name in LIST_FIELDS:
        for i, value in enumerate(getattr(record, name)):
            if value:
                yield value, name, i


def _row(ids: tuple[str, str], field: str, item: int | None, s: int, e: int, label: str, text: str,
         value) -> EntityRow:
    base = EntityRow(record_id=ids[0], doc_id=ids[1], field=field, item=item, start=s, end=e, label=label,
                     text=text)
    if isinstance(value, DateValue):
        return replace(base, canonical=value.iso, date_start=value.start, date_end=value.end,
                       date_precision=value.precision)
    if isinstance(value, MetricValue):
        return replace(base, number=value.number, unit=value.unit, metric_kind=value.kind,
                       direction=value.direction, change=value.change, baseline=value.baseline)
    return replace(base, canonical=value)


def doc_to_rows(doc: Doc, ids: tuple[str, str], field: str, item: int | None) -> list[EntityRow]:
    """Entity rows of one tagged text, in text order; ``ids`` is (record_id, doc_id)."""
    rows = []
    text = doc_text(doc)
    for span in sorted(doc.spans[SPANS_KEY], key=lambda sp: (sp.start_char, sp.label_)):
        value = span._.value
        s, e = span.start_char, span.end_char
        if isinstance(value, DateValue | MetricValue):
            # keep the rule's exact characters, not the token-expanded span
            s, e = span.doc.user_data.get(("chars", span.label_, span.start_char, span.end_char), (s, e))
        if value is None:
            value = span.id_ or service_to_canonical(span.text) or span.text
        rows.append(_row(ids, field, item, s, e, span.label_, text[s:e], value))
    return rows


def _inputs(records: Sequence) -> Iterator[tuple[Doc, tuple[int, str, int | None]]]:
    nlp = build_nlp()
    for n, record in enumerate(records):
        for text, field, item in record_texts(record):
            doc = nlp.make_doc(text)
            if field == "timescale":
                doc.user_data["is_timescale"] = True
            yield doc, (n, field, item)


def tag_records(records: Sequence) -> list[EntityRow]:
    """Tag every text field of the records; one EntityRow per mention, in record and field order.

    ``field`` names the record field; ``item`` is the index within progress/issues/measures/
    responsible (None for action, detail, commitment, objective, timescale).

    >>> from schemas import ActionRecord
    >>> r = ActionRecord("d:0", "d", "f.txt", 0, "action", "Survey", responsible=("HR",), timescale="June/July 2024")
    >>> [(e.field, e.label, e.text, e.canonical) for e in tag_records([r])]
    [('timescale', 'DATE', 'June/July 2024', '2024-06/2024-07'), ('responsible', 'SERVICE', 'HR', 'Human Resources')]
    """
    nlp = build_nlp()
    rows: list[EntityRow] = []
    pending: dict[int, list[EntityRow]] = {}
    for doc, (n, field, item) in nlp.pipe(_inputs(records), as_tuples=True, batch_size=256):
        ids = (records[n].record_id, records[n].doc_id)
        pending.setdefault(n, []).extend(doc_to_rows(doc, ids, field, item))
    for n, record in enumerate(records):
        rows.extend(pending.get(n, []))
        for i, name in enumerate(record.responsible):
            if name:
                rows.append(EntityRow(record.record_id, record.doc_id, "responsible", i, 0, len(name), "SERVICE",
                                      name, canonical=canonical_service(name)))  # as in records.services
    return rows


def tag_text(text: str, *, timescale: bool = False) -> list[EntityRow]:
    """Tag one free text (for notebooks): entity rows with empty record_id/doc_id and field "text".

    >>> [(e.label, e.text, e.canonical) for e in tag_text("The HR team met Kent County Council in May 2024")]
    [('SERVICE', 'HR team', 'Human Resources'), ('ORG', 'Kent County Council', 'Kent County Council'), ('DATE', 'May 2024', '2024-05')]
    """
    nlp = build_nlp()
    doc = nlp.make_doc(text)
    if timescale:
        doc.user_data["is_timescale"] = True
    return doc_to_rows(nlp(doc), ("", ""), "timescale" if timescale else "text", None)
