"""One text in, candidates out: structure (a law's header, or the general layout), the
jurisdiction, one segmentation per sentence, the finders, merging within the text, figures,
coverage and the issuer. No graph is needed here; resolution against a graph is a later step.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govkg.extract.candidates import Candidate, Extraction, RelationCandidate, nearest_label
from govkg.extract.coverage import SCHEMES, find_coverage
from govkg.extract.dates import infer_year, more_precise
from govkg.extract.figures import find_figures
from govkg.extract.institutions import InstitutionFinder
from govkg.extract.law_header import LawHeader, read_header
from govkg.extract.lexicon import Lexicon, load_lexicon
from govkg.extract.mechanisms import MechanismFinder
from govkg.extract.programmes import ENDINGS as PROGRAMME_ENDINGS
from govkg.extract.programmes import QUOTED, ProgrammeFinder
from govkg.extract.roles import RoleFinder
from govkg.extract.sections import Document, segment
from govkg.extract.titles import TitleFinder, mask_titles
from govkg.extract.tokens import Words, cut_verb
from govkg.ontology.terms import FIGURE, HAS_FIGURE, INSTITUTION, ISSUED_BY, MECHANISM, POLICY
from govkg.ontology.vocabulary import Gazetteer, Region, gazetteer, instruments, roles
from govkg.records.names import normalise

Progress = Callable[[int], None]
"""Called with the number of characters just processed."""

_ABBREVIATION = re.compile(r"[（(](?:以下简称|下称|以下称|简称)[“\"《]?"
                           r"(?P<short>[^”\"》）)]{1,16})[”\"》]?[)）]")
_DATE_FIELDS = ("issued", "effective", "adopted")
_NUMERAL = re.compile(r"(?<![第0-9０-９一二三四五六七八九十两百千万零〇])"
                      r"[0-9０-９一二三四五六七八九十两百千万]")
"""A number that is not an article's (第二十条): a sentence without one states no figure."""
_NAMED = (INSTITUTION, POLICY, *SCHEMES)
_GOVERNING = frozenset({"体现", "落实", "服务", "围绕", "支撑", "推动", "贯彻", "实施"})


@dataclass(frozen=True)
class Extracted:
    """A segmented document and what was proposed for it."""

    document: Document
    extraction: Extraction
    year: int | None
    mentions: tuple[Candidate, ...]
    region: Region | None = None
    law: LawHeader | None = None


@dataclass(frozen=True)
class _Finders:
    lexicon: Lexicon
    places: Gazetteer
    roles: RoleFinder
    mechanisms: MechanismFinder
    role_labels: frozenset[str]
    instrument_labels: frozenset[str]


@cache
def _finders() -> _Finders:
    """What every text shares: vocabularies, lexicon and compiled patterns (built once)."""
    lexicon = load_lexicon()
    role_vocabulary, instrument_vocabulary = roles(), instruments()
    role_labels = frozenset(label for c in role_vocabulary.concepts.values()
                            for label in (c.name, *c.labels))
    instrument_labels = frozenset(label for c in instrument_vocabulary.concepts.values()
                                  for label in (c.name, *c.labels))
    return _Finders(lexicon, gazetteer(), RoleFinder(role_vocabulary),
                    MechanismFinder(lexicon, instrument_vocabulary, role_labels), role_labels,
                    instrument_labels)


def _merge(mentions: list[Candidate]) -> list[Candidate]:
    """One candidate per key: first mention's sentence, all aliases, the most precise dates.
    A mention heard once is kept as it is; it is copied only when a second one merges into
    it (the mentions themselves are returned unchanged)."""
    merged: dict[str, Candidate] = {}
    copied: set[str] = set()
    for mention in mentions:
        key = mention.key
        seen = merged.get(key)
        if seen is None:
            merged[key] = mention
            continue
        if key not in copied:
            copied.add(key)
            seen = merged[key] = Candidate(
                type=seen.type, name=seen.name, sentence=seen.sentence,
                confidence=seen.confidence, category=seen.category,
                fields=dict(seen.fields), aliases=list(seen.aliases),
                notes=list(seen.notes), quote=seen.quote, start=seen.start, end=seen.end,
            )
        seen.confidence = max(seen.confidence, mention.confidence)
        if mention.aliases:
            for alias in mention.aliases:
                if alias not in seen.aliases and alias != seen.name:
                    seen.aliases.append(alias)
        if mention.category == "role":
            continue  # a role has no dates or quotes to weigh
        for field, value in mention.fields.items():
            if field in _DATE_FIELDS:
                seen.fields[field] = more_precise(seen.fields.get(field), value)
            else:
                seen.fields.setdefault(field, value)
        for note in mention.notes:
            if note not in seen.notes and note.startswith(_DATE_FIELDS):
                seen.notes.append(note)
        if mention.quote and not seen.quote and any(k in mention.fields for k in _DATE_FIELDS):
            seen.quote, seen.sentence = mention.quote, mention.sentence
        elif not seen.quote and any(k in mention.fields for k in _DATE_FIELDS) and not any(
            k in seen.fields and k not in mention.fields for k in _DATE_FIELDS
        ):
            seen.sentence = mention.sentence
    return list(merged.values())


def _abbreviations(doc: Document, mentions: list[Candidate]) -> None:
    """以下简称“市科委”: the short form becomes an alias of the name just before it."""
    ending_at: dict[int, list[Candidate]] = {}
    for mention in mentions:
        if mention.type in _NAMED:
            ending_at.setdefault(mention.span[1], []).append(mention)
    shorts: dict[str, list[str]] = {}
    for match in _ABBREVIATION.finditer(doc.text):
        before = ending_at.get(match.start(), []) + ending_at.get(match.start() - 1, [])
        if before:
            shorts.setdefault(before[-1].key, []).append(match.group("short"))
    if not shorts:
        return
    for mention in mentions:
        for short in shorts.get(mention.key, []):
            if short not in mention.aliases:
                mention.aliases.append(short)


def _owner(sentence_mentions: list[Candidate], label_mentions: list[Candidate],
           position: int) -> Candidate | None:
    owners = (MECHANISM, *SCHEMES, POLICY)
    if label_mentions:
        labelled = [m for m in label_mentions if m.type in owners]
        if labelled:
            return labelled[0]
    before = [m for m in sentence_mentions if m.type in owners and m.start < position]
    return before[-1] if before else None


def _figures(doc: Document, masked: str, words: Words, mentions: list[Candidate],
             skip_before: int) -> tuple[list[Candidate], list[RelationCandidate]]:
    quoted_masked = QUOTED.sub(lambda m: "□" * len(m.group()), masked)
    figures: list[Candidate] = []
    relations: list[RelationCandidate] = []
    by_sentence: dict[int, list[Candidate]] = {}
    by_label: dict[tuple[str, str], list[Candidate]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence.index, []).append(mention)
        by_label.setdefault((mention.sentence.section, mention.sentence.text), []).append(mention)
    starts = [s.start for s in doc.sentences]
    numbered = {bisect_right(starts, m.start()) - 1 for m in _NUMERAL.finditer(quoted_masked)}
    for sentence in doc.sentences:
        if sentence.start < skip_before or sentence.index not in numbered:
            continue
        text = quoted_masked[sentence.start:sentence.end]
        found = find_figures(sentence, text, words.of(sentence))
        if not found:
            continue
        here = by_sentence.get(sentence.index, [])
        label = nearest_label(by_label.get((sentence.section, sentence.label), []),
                              sentence.index) if sentence.label else []
        for figure in found:
            owner = _owner(here, label, figure.start)
            measure = figure.measure or figure.unit
            fields: dict[str, object] = {"value": figure.value, "unit": figure.unit,
                                         "measure": measure}
            if figure.qualifier:
                fields["qualifier"] = figure.qualifier
            prefix = owner.name if owner and not measure.startswith(owner.name) else ""
            candidate = Candidate(
                type=FIGURE, name=f"{prefix}{measure}：{figure.value}{figure.unit}",
                sentence=sentence, confidence=0.8 if figure.measure else 0.5,
                category="figure", fields=fields,
                notes=[f"number “{figure.text.strip('*')}”" +
                       (f" about {owner.name}" if owner else ", owner not found")],
                start=figure.start, end=figure.end,
            )
            figures.append(candidate)
            if owner:
                relations.append(RelationCandidate(HAS_FIGURE, owner.key, candidate.key,
                                                   sentence, candidate.confidence))
    return figures, relations


def _region(doc: Document, law: LawHeader | None, places: Gazetteer,
            issuer: str | None) -> Region | None:
    """The jurisdiction: a law's (title, manifest, header bodies); else the region the
    title or the issuer starts with; else the one the text names most (at least 3 times)."""
    if law is not None and law.region is not None:
        return law.region
    for name in (doc.title, issuer):
        if name and (region := places.at_start(name)) is not None:
            return region
    counts = Counter(region.id for match in _place_names(places).finditer(doc.text)
                     if (region := places.named(match.group())) is not None
                     and region.level != "national")
    if counts:
        region_id, count = counts.most_common(1)[0]
        if count >= 3:
            return places.regions[region_id]
    return None


@cache
def _place_names(places: Gazetteer) -> re.Pattern[str]:
    names = {n for r in places.regions.values() for n in (r.name, *r.short)}
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


def _spans(candidates: list[Candidate]) -> list[tuple[int, int]]:
    return [c.span for c in candidates]


def extract_text(text: str, *, year: int | None = None, hint: str | None = None,
                 progress: Progress | None = None, path: Path | None = None) -> Extracted:
    """Propose policies, institutions, roles, programmes, mechanisms, figures and coverage
    for a text. `path` (where the text was read from) lets a law text find its
    manifest.csv."""
    shared = _finders()
    doc = segment(text)
    law = read_header(text, path, shared.places)
    skip = law.end if law is not None else 0
    if year is None and law is not None and law.events:
        year = int(max(e.date for e in law.events)[:4])  # a law's dates are written in full
    default_year = year or infer_year(text, hint=" ".join(filter(None, [doc.title, hint])))
    masked = mask_titles(text)
    titles = TitleFinder(doc, default_year)
    region = _region(doc, law, shared.places, titles.issuer())
    words = Words(doc)

    mentions: list[Candidate] = []
    own = titles.law_self(law) if law is not None else titles.own()
    if own is not None:
        mentions.append(own)
    quoted = titles.quoted()
    if law is not None:
        titles.header_decisions(law, quoted)
    mentions += quoted + titles.named_plans(masked) + [
        p for p in titles.strategies(masked, skip) + titles.unquoted_laws(masked, skip)
        if _is_name(words, p)]
    institutions = InstitutionFinder(shared.lexicon, roles(), shared.places, region)
    named = (institutions.header(law, doc, words) if law is not None else []) + \
        institutions.find(doc, masked, words, skip)
    defined = tuple(m.group("short") for m in _ABBREVIATION.finditer(text)
                    if text[:m.start()].endswith(PROGRAMME_ENDINGS))
    named += [body for body in institutions.set_up_by(doc, masked, words, named, defined)
              if body.start >= skip]
    mentions += named
    mentions += [p for p in titles.zone_plans(masked, defined) if p.start >= skip and
                 _is_name(words, p)]
    if progress:
        progress(len(text) // 2)
    programmes = ProgrammeFinder(shared.lexicon, shared.role_labels, shared.instrument_labels,
                                 shared.places, region)
    schemes = [p for p in programmes.find(doc, masked, words, skip, defined) +
               programmes.in_titles(quoted, words) if not _within(p.span, _spans(named))]
    mentions += schemes
    mentions += shared.mechanisms.find(doc, masked, words, _spans(named), skip,
                                       _spans(schemes))
    exclusive = {c.span for c in named if not c.shared} | {c.span for c in schemes}
    role_mentions = shared.roles.find(doc, masked, words, exclusive, skip)
    _abbreviations(doc, mentions)
    mentions.sort(key=lambda m: (m.start, -len(m.name)))

    figures, figure_relations = _figures(doc, masked, words, mentions, skip)
    relations = find_coverage(doc, mentions) + figure_relations
    candidates = _merge(mentions) + _merge(figures)
    issuer = law.issuer.body if law is not None and law.issuer is not None else titles.issuer()
    if own is not None and issuer:
        key = normalise(issuer)
        body = next((c for c in candidates if c.type == INSTITUTION and
                     key in {normalise(n) for n in c.names()}), None)
        if body is not None:
            relations.append(RelationCandidate(ISSUED_BY, own.key, body.key, own.sentence, 0.9))
    if progress:
        progress(len(text) - len(text) // 2)
    extraction = Extraction(candidates=candidates, relations=_dedupe(relations),
                            roles=_merge(role_mentions))
    return Extracted(doc, extraction, default_year,
                     tuple(mentions) + tuple(role_mentions) + tuple(figures), region, law)


def _is_name(words: Words, candidate: Candidate) -> bool:
    """A name found by a pattern: on word boundaries, and not starting with a governing verb
    (体现国家战略)."""
    sw = words.of(candidate.sentence)
    start, end = candidate.span
    first = sw.start_at.get(start)
    return first is not None and end in sw.end_at and not (
        cut_verb(sw.words[first]) or sw.words[first] in _GOVERNING)


def _within(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _dedupe(relations: list[RelationCandidate]) -> list[RelationCandidate]:
    seen: dict[tuple[str, str, str], RelationCandidate] = {}
    for relation in relations:
        seen.setdefault((relation.source, relation.type, relation.target), relation)
    return list(seen.values())
