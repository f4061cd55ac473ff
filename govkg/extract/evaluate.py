"""Precision and recall of the extractor per category against hand-made gold lists.

A gold file (tests/fixtures/extraction/*.gold.yaml) names its text and lists, per category, what
a careful reader finds; an entry may be a list of accepted spellings. A proposed item is right
when one of its names (name or alias) normalises to an accepted spelling.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govkg.errors import InputError
from govkg.extract.candidates import Candidate, Extraction
from govkg.extract.pipeline import extract_text
from govkg.extract.reading import read_text
from govkg.ontology.terms import COVERS, FIGURE, HAS_FIGURE
from govkg.records.names import normalise

CATEGORIES = ("policies", "institutions", "generic", "mechanisms", "programmes", "coverage",
              "figures")
_CANDIDATE_CATEGORY = {"policies": "policy", "institutions": "institution", "generic": "generic",
                       "mechanisms": "mechanism", "programmes": "programme"}
DATE_FIELDS = ("issued", "effective", "adopted", "doc_number")


@dataclass
class Score:
    """Counts of one category; precision and recall are derived."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold
        self.found += other.found
        self.misses += other.misses
        self.extras += other.extras

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "predicted": self.predicted, "gold": self.gold, "correct": self.true_positives,
                "found": self.found, "missed": self.misses, "spurious": self.extras}


@dataclass
class TextResult:
    name: str
    split: str
    chars: int
    scores: dict[str, Score]
    dates: Score


def _spellings(entry: Any) -> set[str]:
    values = entry if isinstance(entry, list) else [entry]
    return {normalise(str(v)) for v in values}


def _match(predicted: list[set[str]], gold: list[set[str]], labels: list[str],
           gold_labels: list[str]) -> Score:
    score = Score(predicted=len(predicted), gold=len(gold))
    for names, label in zip(predicted, labels, strict=True):
        if any(names & g for g in gold):
            score.true_positives += 1
        else:
            score.extras.append(label)
    for spellings, label in zip(gold, gold_labels, strict=True):
        if any(spellings & names for names in predicted):
            score.found += 1
        else:
            score.misses.append(label)
    return score


def _names(candidate: Candidate) -> set[str]:
    return {normalise(n) for n in candidate.names()}


def _score_entities(extraction: Extraction, gold: dict[str, Any]) -> dict[str, Score]:
    scores = {}
    for category, candidate_category in _CANDIDATE_CATEGORY.items():
        pool = extraction.generic if category == "generic" else extraction.candidates
        chosen = [c for c in pool if c.category == candidate_category]
        entries = gold.get(category) or []
        if category == "policies":
            entries = [e["title"] for e in entries]
        scores[category] = _match([_names(c) for c in chosen], [_spellings(e) for e in entries],
                                  [c.name for c in chosen], [str(e) for e in entries])
    return scores


def _score_coverage(extraction: Extraction, gold: dict[str, Any]) -> Score:
    by_key = {c.key: c for c in extraction.candidates}
    pairs = [(by_key[r.source], by_key[r.target]) for r in extraction.relations
             if r.type == COVERS and r.source in by_key and r.target in by_key]
    entries = gold.get("coverage") or []
    score = Score(predicted=len(pairs), gold=len(entries))
    for scheme, unit in pairs:
        if any(_names(scheme) & _spellings(g[0]) and _names(unit) & _spellings(g[1])
               for g in entries):
            score.true_positives += 1
        else:
            score.extras.append(f"{scheme.name} → {unit.name}")
    for entry in entries:
        if any(_names(s) & _spellings(entry[0]) and _names(u) & _spellings(entry[1])
               for s, u in pairs):
            score.found += 1
        else:
            score.misses.append(f"{entry[0]} → {entry[1]}")
    return score


def _score_figures(extraction: Extraction, gold: dict[str, Any]) -> Score:
    by_key = {c.key: c for c in extraction.candidates}
    owners = {r.target: by_key.get(r.source) for r in extraction.relations
              if r.type == HAS_FIGURE}
    figures = [c for c in extraction.candidates if c.type == FIGURE]
    entries = gold.get("figures") or []
    score = Score(predicted=len(figures), gold=len(entries))

    def fits(figure: Candidate, entry: dict[str, Any]) -> bool:
        if figure.fields.get("value") != entry["value"] or figure.fields.get("unit") != \
                entry["unit"]:
            return False
        if "of" not in entry:
            return True
        owner = owners.get(figure.key)
        return owner is not None and bool(_names(owner) & _spellings(entry["of"]))

    for figure in figures:
        if any(fits(figure, e) for e in entries):
            score.true_positives += 1
        else:
            score.extras.append(figure.name)
    for entry in entries:
        if any(fits(f, entry) for f in figures):
            score.found += 1
        else:
            score.misses.append(f"{entry['value']}{entry['unit']} of {entry.get('of', '?')}")
    return score


def _score_dates(extraction: Extraction, gold: dict[str, Any]) -> Score:
    """Each gold date or number must be exactly right on the matching policy."""
    policies = [c for c in extraction.candidates if c.category == "policy"]
    score = Score()
    for entry in gold.get("policies") or []:
        match = next((p for p in policies if _names(p) & _spellings(entry["title"])), None)
        for key in DATE_FIELDS:
            expected = entry.get(key)
            got = match.fields.get(key) if match else None
            if expected is None and got is None:
                continue
            if expected is not None:
                score.gold += 1
            if got is not None:
                score.predicted += 1
            if expected is not None and got == str(expected):
                score.true_positives += 1
                score.found += 1
            elif expected is not None:
                score.misses.append(f"{entry['title']} {key}: want {expected}, got {got}")
            else:
                score.extras.append(f"{entry['title']} {key}: {got} not in gold")
    return score


def load_gold(path: Path) -> dict[str, Any]:
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read gold list: {exc}") from None
    if not isinstance(gold, dict) or "text" not in gold:
        raise InputError(f"{path}: a gold list needs a 'text' field")
    return gold


def evaluate_file(gold_path: Path) -> TextResult:
    gold = load_gold(gold_path)
    text_path = (gold_path.parent / gold["text"]).resolve()
    source = read_text(text_path)
    extracted = extract_text(source.text, year=gold.get("year"), hint=text_path.stem)
    scores = _score_entities(extracted.extraction, gold)
    scores["coverage"] = _score_coverage(extracted.extraction, gold)
    scores["figures"] = _score_figures(extracted.extraction, gold)
    return TextResult(text_path.name, gold.get("split", "dev"), len(source.text), scores,
                      _score_dates(extracted.extraction, gold))


def summarise(results: Iterable[TextResult]) -> dict[str, Any]:
    """Per split and overall: per-category scores and date exactness."""
    results = list(results)
    out: dict[str, Any] = {"texts": {}, "splits": {}}
    for result in results:
        out["texts"][result.name] = {
            "split": result.split,
            **{c: s.as_dict() for c, s in result.scores.items()},
            "dates": result.dates.as_dict(),
        }
    for split in sorted({r.split for r in results} | {"all"}):
        chosen = [r for r in results if split == "all" or r.split == split]
        totals = {c: Score() for c in CATEGORIES}
        dates = Score()
        for result in chosen:
            for category, score in result.scores.items():
                totals[category].add(score)
            dates.add(result.dates)
        out["splits"][split] = {"texts": [r.name for r in chosen],
                                **{c: s.as_dict() for c, s in totals.items()},
                                "dates": dates.as_dict()}
    return out


def measure_speed(texts: list[str], minimum_chars: int = 1_000_000) -> dict[str, Any]:
    """Extraction throughput on the given texts repeated to at least `minimum_chars`."""
    corpus = "\n\n".join(texts)
    body = corpus
    while len(body) < minimum_chars:
        body += "\n\n" + corpus
    extract_text(texts[0][:200], year=2021)  # load the lexicon and the dictionary first
    began, began_cpu = time.perf_counter(), time.process_time()
    extract_text(body, year=2021)
    seconds = time.perf_counter() - began
    cpu = time.process_time() - began_cpu
    size = len(body.encode("utf-8"))
    return {"chars": len(body), "bytes": size, "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3), "mb_per_s": round(size / 1e6 / seconds, 3),
            "mb_per_cpu_s": round(size / 1e6 / cpu, 3), "chars_per_s": round(len(body) / seconds),
            "note": "wall clock and CPU time of one process; wall clock suffers when other "
                    "processes share the cores"}
