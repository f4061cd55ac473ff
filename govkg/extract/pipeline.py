"""One text in, candidates out: segmentation, the detectors, merging within the text, figures,
coverage and the issuer. No graph is needed here; resolution against a graph is a later step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from govkg.extract.candidates import Candidate, Extraction, RelationCandidate, nearest_label
from govkg.extract.coverage import SCHEMES, find_coverage
from govkg.extract.dates import infer_year, more_precise
from govkg.extract.figures import find_figures
from govkg.extract.institutions import InstitutionFinder
from govkg.extract.lexicon import load_lexicon
from govkg.extract.mechanisms import QUOTED, SchemeFinder
from govkg.extract.sections import Document, segment
from govkg.extract.titles import TitleFinder, mask_titles
from govkg.extract.tokens import TokenIndex
from govkg.ontology.terms import FIGURE, HAS_FIGURE, INSTITUTION, ISSUED_BY, MECHANISM, POLICY
from govkg.records.names import normalise

Progress = Callable[[int], None]
"""Called with the number of characters just processed."""

_ABBREVIATION = re.compile(r"[（(](?:以下简称|下称|以下称|简称)[“\"《]?"
                           r"(?P<short>[^”\"》）)]{1,16})[”\"》]?[)）]")
_DATE_FIELDS = ("issued", "effective", "adopted")


@dataclass(frozen=True)
class Extracted:
    """A segmented document and what was proposed for it."""

    document: Document
    extraction: Extraction
    year: int | None
    mentions: tuple[Candidate, ...]


def _merge(mentions: list[Candidate]) -> list[Candidate]:
    """One candidate per key: first mention's sentence, all aliases, the most precise dates."""
    merged: dict[str, Candidate] = {}
    for mention in mentions:
        seen = merged.get(mention.key)
        if seen is None:
            merged[mention.key] = Candidate(
                type=mention.type, name=mention.name, sentence=mention.sentence,
                confidence=mention.confidence, category=mention.category,
                fields=dict(mention.fields), aliases=list(mention.aliases),
                notes=list(mention.notes), quote=mention.quote, start=mention.start,
                end=mention.end,
            )
            continue
        seen.confidence = max(seen.confidence, mention.confidence)
        for alias in mention.aliases:
            if alias not in seen.aliases and alias != seen.name:
                seen.aliases.append(alias)
        for key, value in mention.fields.items():
            if key in _DATE_FIELDS:
                seen.fields[key] = more_precise(seen.fields.get(key), value)
            else:
                seen.fields.setdefault(key, value)
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
        if mention.type in (INSTITUTION, POLICY):
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


def _figures(doc: Document, masked: str, mentions: list[Candidate]
             ) -> tuple[list[Candidate], list[RelationCandidate]]:
    quoted_masked = QUOTED.sub(lambda m: "□" * len(m.group()), masked)
    figures: list[Candidate] = []
    relations: list[RelationCandidate] = []
    by_sentence: dict[int, list[Candidate]] = {}
    by_label: dict[tuple[str, str], list[Candidate]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence.index, []).append(mention)
        by_label.setdefault((mention.sentence.section, mention.sentence.text), []).append(mention)
    for sentence in doc.sentences:
        text = quoted_masked[sentence.start:sentence.end]
        found = find_figures(sentence, text)
        if not found:
            continue
        here = by_sentence.get(sentence.index, [])
        label = nearest_label(by_label.get((sentence.section, sentence.label), []),
                              sentence.index) if sentence.label else []
        for figure in found:
            owner = _owner(here, label, sentence.start + figure.start)
            owner_name = owner.name if owner else ""
            fields: dict[str, object] = {"value": figure.value, "unit": figure.unit,
                                         "measure": figure.measure or figure.unit}
            if figure.qualifier:
                fields["qualifier"] = figure.qualifier
            candidate = Candidate(
                type=FIGURE, name=f"{owner_name}{figure.measure}：{figure.value}{figure.unit}",
                sentence=sentence, confidence=0.8 if owner else 0.6, category="figure",
                fields=fields, notes=[f"number “{figure.text.strip('*')}”" +
                                      (f" about {owner.name}" if owner else ", owner not found")],
                start=sentence.start + figure.start,
            )
            figures.append(candidate)
            if owner:
                relations.append(RelationCandidate(HAS_FIGURE, owner.key, candidate.key,
                                                   sentence, candidate.confidence))
    return figures, relations


def extract_text(text: str, *, year: int | None = None, hint: str | None = None,
                 progress: Progress | None = None, path: Path | None = None) -> Extracted:
    """Propose policies, institutions, mechanisms, schemes, figures and coverage for a text."""
    lexicon = load_lexicon()
    doc = segment(text)
    default_year = year or infer_year(text, hint=" ".join(filter(None, [doc.title, hint])))
    masked = mask_titles(text)
    titles = TitleFinder(doc, default_year)
    institutions = InstitutionFinder(lexicon)
    schemes = SchemeFinder(lexicon)

    mentions: list[Candidate] = []
    own = titles.own()
    if own is not None:
        mentions.append(own)
    mentions += titles.quoted() + titles.named_plans(masked)
    index = TokenIndex(masked)
    named, generic = institutions.find(doc, masked, index)
    mentions += named
    if progress:
        progress(len(text) // 2)
    mentions += schemes.concepts(doc, masked)
    mentions += schemes.quoted(doc, masked, institutions._ending)
    mentions += schemes.unquoted(doc, masked, index)
    _abbreviations(doc, mentions)
    mentions.sort(key=lambda m: (m.start, -len(m.name)))

    figures, figure_relations = _figures(doc, masked, mentions)
    relations = find_coverage(doc, mentions) + figure_relations
    candidates = _merge(mentions) + _merge(figures)
    issuer = titles.issuer()
    if own is not None and issuer:
        key = normalise(issuer)
        body = next((c for c in candidates if c.type == INSTITUTION and
                     key in {normalise(n) for n in c.names()}), None)
        if body is not None:
            relations.append(RelationCandidate(ISSUED_BY, own.key, body.key, own.sentence, 0.85))
    if progress:
        progress(len(text) - len(text) // 2)
    extraction = Extraction(candidates=candidates, relations=_dedupe(relations),
                            generic=_merge(generic))
    return Extracted(doc, extraction, default_year, tuple(mentions))


def _dedupe(relations: list[RelationCandidate]) -> list[RelationCandidate]:
    seen: dict[tuple[str, str, str], RelationCandidate] = {}
    for relation in relations:
        seen.setdefault((relation.source, relation.type, relation.target), relation)
    return list(seen.values())
