"""Precision and recall of the extractor per category against hand-made gold lists.

A gold file (tests/fixtures/gold/*.gold.yaml, made by reading real texts; GUIDELINES.md there)
names its text, its split (dev or test) and lists, per category, what a careful reader finds;
an entry may be a list of accepted spellings. A proposed item is right when one of its names
(name or alias) normalises to an accepted spelling of a gold entry. The categories:

- policies: titles (the document itself, `self: true`, and every policy it names);
- issuer: the body that made the document;
- institutions, roles, programmes, mechanisms: names;
- dates: the events of the document's own header (kind and date), its effective date, and the
  dates stated for cited policies (issued, effective);
- figures: value and unit in the right article (and, reported beside, whether the measure
  shares a word with the gold measure).

The unit fixtures of tests/fixtures/extraction use an older form of the same lists (`generic`
for roles, `coverage`, figures with `of`); they are scored by the same code.
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
from govkg.extract.pipeline import Extracted, extract_text
from govkg.extract.reading import read_text
from govkg.ontology.terms import COVERS, FIGURE, HAS_FIGURE, ISSUED_BY
from govkg.records.names import normalise

CATEGORIES = ("policies", "issuer", "institutions", "roles", "programmes", "mechanisms",
              "dates", "figures", "coverage")
GATED = ("policies", "institutions", "programmes", "mechanisms", "dates")
"""The categories the goal (precision and recall ≥ 0.9 on the test split) is set for."""
_NAME_CATEGORIES = {"institutions": "institution", "programmes": "programme",
                    "mechanisms": "mechanism"}
_DATE_FIELDS = ("issued", "effective", "adopted", "doc_number")


@dataclass
class Score:
    """Counts of one category; precision and recall are derived."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    measured: int = 0
    """Figures only: matched figures whose measure shares a word with the gold measure."""

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold
        self.found += other.found
        self.misses += other.misses
        self.extras += other.extras
        self.measured += other.measured

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "predicted": self.predicted, "gold": self.gold, "correct": self.true_positives,
            "found": self.found}
        if self.measured:
            out["measure_agrees"] = self.measured
        out["missed"] = self.misses
        out["spurious"] = self.extras
        return out


@dataclass
class TextResult:
    name: str
    split: str
    chars: int
    scores: dict[str, Score]

    @property
    def dates(self) -> Score:
        return self.scores["dates"]


def _spellings(entry: Any) -> set[str]:
    values = entry if isinstance(entry, list) else [entry]
    return {normalise(str(v)) for v in values}


def _label(entry: Any) -> str:
    return str(entry[0]) if isinstance(entry, list) else str(entry)


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


def _titles(gold: dict[str, Any]) -> list[Any]:
    return [entry["title"] for entry in gold.get("policies") or []]


def _score_names(extraction: Extraction, gold: dict[str, Any]) -> dict[str, Score]:
    scores = {}
    policies = [c for c in extraction.candidates if c.category == "policy"]
    titles = _titles(gold)
    scores["policies"] = _match([_names(c) for c in policies], [_spellings(t) for t in titles],
                                [c.name for c in policies], [_label(t) for t in titles])
    for category, candidate_category in _NAME_CATEGORIES.items():
        chosen = [c for c in extraction.candidates if c.category == candidate_category]
        entries = gold.get(category) or []
        scores[category] = _match([_names(c) for c in chosen], [_spellings(e) for e in entries],
                                  [c.name for c in chosen], [_label(e) for e in entries])
    roles = extraction.roles
    entries = gold.get("roles", gold.get("generic")) or []
    scores["roles"] = _match([_names(c) for c in roles], [_spellings(e) for e in entries],
                             [c.name for c in roles], [_label(e) for e in entries])
    return scores


def _score_issuer(extraction: Extraction, gold: dict[str, Any]) -> Score | None:
    if "issuer" not in gold:
        return None
    by_key = {c.key: c for c in extraction.candidates}
    issuers = [by_key[r.target] for r in extraction.relations
               if r.type == ISSUED_BY and r.target in by_key]
    entries = [gold["issuer"]] if gold["issuer"] else []
    return _match([_names(c) for c in issuers], [_spellings(e) for e in entries],
                  [c.name for c in issuers], [_label(e) for e in entries])


def _score_coverage(extraction: Extraction, gold: dict[str, Any]) -> Score | None:
    if "coverage" not in gold:
        return None
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
            score.misses.append(f"{_label(entry[0])} → {_label(entry[1])}")
    return score


def _number(value: Any) -> float | None:
    """A figure's value as a number: 20, 0.5, "1/3" and "1:3" (a fraction or a ratio as gold
    writes it)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).replace(":", "/")
    numerator, slash, denominator = text.partition("/")
    try:
        return float(numerator) / float(denominator) if slash else float(text)
    except (ValueError, ZeroDivisionError):
        return None


def _same_value(predicted: Any, gold: Any) -> bool:
    first, second = _number(predicted), _number(gold)
    if first is None or second is None:
        return str(predicted) == str(gold)
    return abs(first - second) < 1e-3


def _same_article(section: str, article: str) -> bool:
    """Gold `article` (第二十四条, 5.3, 05) is where the figure's `section` is."""
    if article.startswith("第"):
        return article in section
    head = section.split("（", 1)[0]
    return head.lstrip("0") == article.lstrip("0") or head.startswith(article + ".")


def _measure_agrees(predicted: str, gold: str) -> bool:
    from govkg.extract.tokens import tag

    words = {t.word for t in tag(gold) if len(t.word) >= 2}
    return any(t.word in words for t in tag(predicted) if len(t.word) >= 2)


def _score_figures(extraction: Extraction, gold: dict[str, Any]) -> Score:
    by_key = {c.key: c for c in extraction.candidates}
    owners = {r.target: by_key.get(r.source) for r in extraction.relations
              if r.type == HAS_FIGURE}
    figures = [c for c in extraction.candidates if c.type == FIGURE]
    entries = gold.get("figures") or []
    score = Score(predicted=len(figures), gold=len(entries))

    def fits(figure: Candidate, entry: dict[str, Any]) -> bool:
        if not _same_value(figure.fields.get("value"), entry["value"]) or \
                figure.fields.get("unit") != entry["unit"]:
            return False
        if "article" in entry and not _same_article(figure.sentence.section,
                                                    str(entry["article"])):
            return False
        if "of" not in entry:
            return True
        owner = owners.get(figure.key)
        return owner is not None and bool(_names(owner) & _spellings(entry["of"]))

    for figure in figures:
        if any(fits(figure, e) for e in entries):
            score.true_positives += 1
        else:
            score.extras.append(f"{figure.name} ({figure.sentence.section})")
    for entry in entries:
        matched = [f for f in figures if fits(f, entry)]
        if matched:
            score.found += 1
            if "measure" in entry and any(
                    _measure_agrees(str(f.fields.get("measure", "")), str(entry["measure"]))
                    for f in matched):
                score.measured += 1
        else:
            where = entry.get("article", entry.get("of", "?"))
            score.misses.append(f"{entry['value']}{entry['unit']} "
                                f"{entry.get('measure', '')} ({where})")
    return score


def _date_items(fields: dict[str, Any], events: Iterable[dict[str, Any]]) -> set[str]:
    """`kind date` items: header events as event:<kind>, stated dates by field; an
    `adopted` field is the adoption event."""
    items = {f"event:{e['kind']} {e['date']}" for e in events}
    for key in _DATE_FIELDS:
        value = fields.get(key)
        if value is not None:
            items.add(f"event:adopted {value}" if key == "adopted" else f"{key} {value}")
    return items


def _score_dates(extraction: Extraction, gold: dict[str, Any]) -> Score:
    """Every date gold states for a policy must be on the proposed policy of that title (the
    document's own dates on the proposed self, whatever its title)."""
    policies = [c for c in extraction.candidates if c.category == "policy"]
    entries = gold.get("policies") or []
    score = Score()
    matched_keys: set[str] = set()
    gold_self = any(entry.get("self") for entry in entries)
    for entry in entries:
        spellings = _spellings(entry["title"])
        if entry.get("self"):
            match = next((p for p in policies if p.fields.get("self")), None)
        else:
            match = next((p for p in policies if _names(p) & spellings
                          and not (gold_self and p.fields.get("self"))), None)
        want = _date_items(entry, entry.get("events") or [])
        got = _date_items(match.fields, match.fields.get("events") or []) if match else set()
        if match is not None:
            matched_keys.add(match.key)
        label = _label(entry["title"])
        score.gold += len(want)
        score.predicted += len(got)
        score.true_positives += len(want & got)
        score.found += len(want & got)
        score.misses += [f"{label}: {item}" for item in sorted(want - got)]
        score.extras += [f"{label}: {item}" for item in sorted(got - want)]
    for policy in policies:
        if policy.key in matched_keys or not (policy.fields.get("self") or any(
                _names(policy) & _spellings(t) for t in _titles(gold))):
            continue
        got = _date_items(policy.fields, policy.fields.get("events") or [])
        score.predicted += len(got)
        score.extras += [f"{policy.name}: {item}" for item in sorted(got)]
    return score


def load_gold(path: Path) -> dict[str, Any]:
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read gold list: {exc}") from None
    if not isinstance(gold, dict) or "text" not in gold:
        raise InputError(f"{path}: a gold list needs a 'text' field")
    for number, entry in enumerate(gold.get("policies") or []):
        if not isinstance(entry, dict) or "title" not in entry:
            raise InputError(f"{path}: policies[{number}] needs a 'title'",
                             details={"field": f"policies[{number}]"})
    return gold


def extract_for(gold_path: Path) -> tuple[dict[str, Any], Path, Extracted, int]:
    """The gold list, its text's path, what the extractor proposes for it, and its length."""
    gold = load_gold(gold_path)
    text_path = (gold_path.parent / gold["text"]).resolve()
    source = read_text(text_path)
    extracted = extract_text(source.text, year=gold.get("year"), hint=text_path.stem,
                             path=text_path)
    return gold, text_path, extracted, len(source.text)


def evaluate_file(gold_path: Path) -> TextResult:
    gold, text_path, extracted, chars = extract_for(gold_path)
    extraction = extracted.extraction
    scores = _score_names(extraction, gold)
    for category, score in (("issuer", _score_issuer(extraction, gold)),
                            ("coverage", _score_coverage(extraction, gold))):
        if score is not None:
            scores[category] = score
    scores["figures"] = _score_figures(extraction, gold)
    scores["dates"] = _score_dates(extraction, gold)
    return TextResult(text_path.name, str(gold.get("split", "dev")), chars, scores)


def summarise(results: Iterable[TextResult]) -> dict[str, Any]:
    """Per text, and per split and overall: per-category scores with missed and spurious
    items."""
    results = list(results)
    out: dict[str, Any] = {"texts": {}, "splits": {}}
    for result in results:
        out["texts"][result.name] = {"split": result.split,
                                     **{c: s.as_dict() for c, s in result.scores.items()}}
    for split in [*sorted({r.split for r in results}), "all"]:
        chosen = [r for r in results if split == "all" or r.split == split]
        totals: dict[str, Score] = {}
        for result in chosen:
            for category, score in result.scores.items():
                totals.setdefault(category, Score()).add(score)
        out["splits"][split] = {"texts": [r.name for r in chosen],
                                **{c: totals[c].as_dict() for c in CATEGORIES if c in totals}}
    return out


def split_scores(results: Iterable[TextResult], split: str) -> dict[str, Score]:
    """The summed scores of one split's texts, per category."""
    totals: dict[str, Score] = {}
    for result in results:
        if result.split == split:
            for category, score in result.scores.items():
                totals.setdefault(category, Score()).add(score)
    return totals


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
