"""Entity resolution: a candidate that names something already in the graph (by name, alias,
defined abbreviation or a close variant) links to it instead of becoming a duplicate; the
decision and its reason travel with the candidate into the output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from govkg.errors import needs_extra
from govkg.extract.candidates import Candidate
from govkg.extract.titles import strip_parens
from govkg.ontology.terms import INSTITUTION, PILOT, POLICY, PROGRAMME
from govkg.records.names import normalise

LINK_SCORE = 92.0
"""A close variant at or above this similarity (0–100) links; below it is only noted."""
NOTE_SCORE = 80.0
_COMPATIBLE = {PILOT: {PILOT, PROGRAMME}, PROGRAMME: {PILOT, PROGRAMME}}


@dataclass(frozen=True)
class Known:
    """An entity already in the graph: id, class and every name it answers to."""

    id: str
    type: str
    name: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """The decision for one candidate: the graph id it is, and why; or None and a note."""

    id: str | None
    reason: str
    score: float = 100.0


def compatible(first: str, second: str) -> bool:
    return second in _COMPATIBLE.get(first, {first})


def variants(candidate_type: str, name: str) -> set[str]:
    """Normalised spellings that count as the same name."""
    keys = {normalise(name)}
    if candidate_type == POLICY:
        keys.add(normalise(strip_parens(name)))
    if candidate_type in (PILOT, PROGRAMME):
        keys.add(normalise(name.removesuffix("试点")))
    return {k for k in keys if k}


_DROPPED = set("研究科学技术工业中国人民共和省市有限责任公司股份集团化院所")
"""Characters a Chinese short form drops: 上海化工研究院 → 上海化工院."""


def is_abbreviation(short: str, long: str) -> bool:
    """上海化工院 of 上海化工研究院: same start and end, the short one's characters in order, and
    only the usual characters (研究, 科学, 技术, …) dropped. A prefix is a parent, not a short
    form (中国科学院 of 中国科学院上海分院)."""
    if len(short) >= len(long) or len(short) < 3 or short[:2] != long[:2] or \
            short[-1] != long[-1] or long.startswith(short) or not short.isalpha() \
            or short.isascii():
        return False
    dropped: list[str] = []
    position = 0
    for char in short:
        found = long.find(char, position)
        if found < 0:
            return False
        dropped += long[position:found]
        position = found + 1
    dropped += long[position:]
    return all(c in _DROPPED for c in dropped)


class GraphIndex:
    """Names of the graph's entities, for linking candidates and finding duplicates."""

    def __init__(self, known: Iterable[Known]) -> None:
        self.known = list(known)
        self.by_key: dict[str, list[Known]] = {}
        for entity in self.known:
            for name in entity.names:
                for key in variants(entity.type, name):
                    bucket = self.by_key.setdefault(key, [])
                    if entity not in bucket:
                        bucket.append(entity)

    def add(self, entity: Known) -> None:
        """Index an entity proposed earlier in the same run, so later texts link to it."""
        self.known.append(entity)
        for name in entity.names:
            for key in variants(entity.type, name):
                bucket = self.by_key.setdefault(key, [])
                if entity not in bucket:
                    bucket.append(entity)

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]], base_label: str) -> GraphIndex:
        """From the rows of the entity_names query."""
        known = []
        for row in rows:
            labels = [label for label in row["labels"] if label != base_label]
            if not labels:
                continue
            names = tuple(n for n in [row["name"], *(row.get("aliases") or []), row["id"]] if n)
            known.append(Known(row["id"], labels[0], row["name"], names))
        return cls(known)

    def link(self, candidate: Candidate) -> Link:
        """Which graph entity the candidate is, if any, with the reason."""
        exact: dict[str, tuple[Known, str]] = {}
        for name in candidate.names():
            for key in variants(candidate.type, name):
                for entity in self.by_key.get(key, []):
                    if compatible(candidate.type, entity.type):
                        exact.setdefault(entity.id, (entity, name))
        if len(exact) > 1:
            known = candidate.fields.get("known_id")
            by_id = {k: v for k, v in exact.items() if k == known}
            key = normalise(candidate.name)
            by_name = {k: v for k, v in exact.items() if normalise(v[0].name) == key}
            exact = by_id or by_name or exact
        if len(exact) == 1:
            entity, name = next(iter(exact.values()))
            how = "name" if normalise(name) == normalise(entity.name) else "alias"
            return Link(entity.id, f"same {how} as {entity.id} ({entity.name}): “{name}”")
        if len(exact) > 1:
            ids = ", ".join(sorted(exact))
            return Link(None, f"ambiguous: “{candidate.name}” names {ids}; left new for review",
                        0.0)
        same_type = [e for e in self.known if compatible(candidate.type, e.type)]
        if candidate.type == INSTITUTION:
            abbreviated = {e.id: e for e in same_type for n in candidate.names()
                           if any(is_abbreviation(n, other) for other in e.names)}
            if len(abbreviated) == 1:
                entity = next(iter(abbreviated.values()))
                return Link(entity.id, f"abbreviation of {entity.id} ({entity.name})", 90.0)
        choices = {f"{e.id}\x00{n}": normalise(n) for e in same_type for n in e.names}
        best: tuple[str, float] | None = None
        for name in candidate.names():
            with needs_extra("extract", "Name resolution (extract, resolve)"):
                from rapidfuzz import fuzz, process
            found = process.extractOne(normalise(name), choices, scorer=fuzz.ratio,
                                       score_cutoff=NOTE_SCORE)
            if found and (best is None or found[1] > best[1]):
                best = (found[2], found[1])
        if best is None:
            return Link(None, "new: no entity of this name in the graph", 0.0)
        entity_id, matched = best[0].split("\x00", 1)
        if best[1] >= LINK_SCORE:
            return Link(entity_id, f"close variant of {entity_id} ({matched}), "
                        f"similarity {best[1]:.0f}", best[1])
        return Link(None, f"new, but close to {entity_id} ({matched}), similarity "
                    f"{best[1]:.0f}: check before loading", best[1])


@dataclass(frozen=True)
class Duplicate:
    """Two graph entities that are likely the same thing."""

    first: Known
    second: Known
    reason: str
    score: float


def likely_duplicates(index: GraphIndex, threshold: float = 90.0) -> list[Duplicate]:
    """Pairs of entities of one kind sharing a name, one abbreviating the other, or spelt
    nearly alike."""
    found: dict[tuple[str, str], Duplicate] = {}

    def add(first: Known, second: Known, reason: str, score: float) -> None:
        key = (min(first.id, second.id), max(first.id, second.id))
        if first.id != second.id and key not in found:
            found[key] = Duplicate(first, second, reason, score)

    for key, entities in index.by_key.items():
        for i, first in enumerate(entities):
            for second in entities[i + 1:]:
                if compatible(first.type, second.type):
                    add(first, second, f"share the name “{key}”", 100.0)
    by_type: dict[str, list[Known]] = {}
    for entity in index.known:
        by_type.setdefault(entity.type, []).append(entity)
    for entities in by_type.values():
        texts = [normalise(e.name) for e in entities]
        with needs_extra("extract", "Name resolution (extract, resolve)"):
            from rapidfuzz import fuzz, process
        scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=threshold)
        for i, first in enumerate(entities):
            for j in range(i + 1, len(entities)):
                second = entities[j]
                if scores[i][j] >= threshold:
                    add(first, second, "names spelt nearly alike", float(scores[i][j]))
                elif first.type == INSTITUTION and (
                    any(is_abbreviation(a, b) for a in first.names for b in second.names) or
                    any(is_abbreviation(b, a) for a in first.names for b in second.names)
                ):
                    add(first, second, "one name abbreviates the other", 90.0)
    return sorted(found.values(), key=lambda d: (-d.score, d.first.id, d.second.id))


class GraphFacts:
    """What linking needs from a graph beyond names; an empty graph by default."""

    def relations_of(self, entity_id: str) -> list[tuple[str, bool, str, dict[str, Any]]]:
        """(type, outgoing, other id, other node's properties) of every relation."""
        return []

    def source_named(self, title: str) -> dict[str, Any] | None:
        """Record fields of a Source whose name contains `title`, if the graph has one."""
        return None

    def figures(self) -> list[tuple[str, Any, Any, str, str]]:
        """(id, value, unit, quote, name) of every figure in the graph."""
        return []


@dataclass
class Decisions:
    """Linking decisions for one text: candidate key → Link, figures and relations already in
    the graph, and the Source to reuse."""

    links: dict[str, Link]
    existing_relations: set[tuple[str, str, str]]
    source: dict[str, Any] | None


def decide(candidates: list[Candidate], relations: Iterable[tuple[str, str, str]],
           index: GraphIndex, facts: GraphFacts, title: str | None) -> Decisions:
    """Link every candidate it can; figures link through their owner's figures in the graph."""
    from govkg.ontology.terms import FIGURE, HAS_FIGURE

    links: dict[str, Link] = {}
    for candidate in candidates:
        if candidate.type != FIGURE:
            links[candidate.key] = index.link(candidate)
    by_key = {c.key: c for c in candidates}
    relation_list = list(relations)
    for source, rel_type, target in relation_list:
        figure = by_key.get(target)
        owner = links.get(source)
        if rel_type != HAS_FIGURE or figure is None or owner is None or owner.id is None:
            continue
        for other_type, outgoing, other_id, props in facts.relations_of(owner.id):
            if other_type == HAS_FIGURE and outgoing and \
                    props.get("value") == figure.fields.get("value") and \
                    props.get("unit") == figure.fields.get("unit"):
                links[figure.key] = Link(other_id, f"figure {other_id} of {owner.id} has the "
                                         f"same value and unit")
                break
    unlinked = [c for c in candidates if c.type == FIGURE and c.key not in links]
    if unlinked:
        stated = facts.figures()
        for figure in unlinked:
            sentence = "".join(figure.sentence.text.split())
            same = {fid for fid, value, unit, quote, _ in stated
                    if value == figure.fields.get("value") and quote
                    and str(unit or "").startswith(str(figure.fields.get("unit")))
                    and "".join(quote.split()) in sentence}
            if len(same) > 1:
                named = {fid for fid, *_, name in stated if fid in same and name == figure.name}
                same = named or same
            if len(same) == 1:
                fid = same.pop()
                links[figure.key] = Link(fid, f"figure {fid} states the same number in the "
                                         "same sentence")
    for candidate in candidates:
        links.setdefault(candidate.key, Link(None, "new figure", 0.0))
    existing: set[tuple[str, str, str]] = set()
    checked: dict[str, set[tuple[str, str]]] = {}
    for source, rel_type, target in relation_list:
        first, second = links.get(source), links.get(target)
        if not first or not second or first.id is None or second.id is None:
            continue
        if first.id not in checked:
            checked[first.id] = {(t, other) for t, outgoing, other, _ in
                                 facts.relations_of(first.id) if outgoing}
        if (rel_type, second.id) in checked[first.id]:
            existing.add((source, rel_type, target))
    return Decisions(links, existing, facts.source_named(title) if title else None)
