"""Extraction alone (no curated YAML) on the bundled chapter, and the dates of the invented
texts of tests/fixtures/extraction, which stay as unit fixtures only (the evaluation on real
texts is tests/test_extract_gold.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from govkg.extract.evaluate import Score, TextResult, evaluate_file
from govkg.extract.pipeline import Extracted, extract_text
from govkg.ontology.terms import COVERS, FIGURE, HAS_FIGURE, INSTITUTION, POLICY
from govkg.records.names import normalise

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "data" / "corpus" / "shanghai-2021-st-governance.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "extraction"


@pytest.fixture(scope="module")
def chapter() -> Extracted:
    return extract_text(CHAPTER.read_text(encoding="utf-8"), hint=CHAPTER.stem)


def _by_name(extracted: Extracted, type_: str) -> dict[str, object]:
    return {normalise(c.name): c for c in extracted.extraction.candidates if c.type == type_}


def test_every_title_in_angle_brackets_with_its_date(chapter: Extracted) -> None:
    gold = yaml.safe_load((FIXTURES / "shanghai-2021-st-governance.gold.yaml").read_text())
    text = CHAPTER.read_text(encoding="utf-8")
    policies = {normalise(c.name): c for c in chapter.extraction.candidates if c.type == POLICY}
    for entry in gold["policies"]:
        if f"《{entry['title']}》" not in text and f"《{entry['title'].replace('，', ',')}》" \
                not in text:
            continue
        found = policies[normalise(entry["title"])]
        for field in ("issued", "effective"):
            assert found.fields.get(field) == entry.get(field), (entry["title"], field)


def test_the_five_public_function_institutes(chapter: Extracted) -> None:
    institutions = _by_name(chapter, INSTITUTION)
    for name in ("上海电器科学研究所", "上海化工院", "上海材料所", "上海工业自动化仪表研究院",
                 "上海激光技术研究所"):
        assert normalise(name) in institutions, name


def test_both_pilots_with_their_units(chapter: Extracted) -> None:
    covers = {(r.source, r.target) for r in chapter.extraction.relations if r.type == COVERS}
    assert {("Pilot:基础研究特区", "Institution:复旦大学"),
            ("Pilot:基础研究特区", "Institution:上海交通大学"),
            ("Pilot:基础研究特区", "Institution:中科院上海分院"),
            ("Programme:探索者计划", "Institution:联影集团"),
            ("Programme:探索者计划", "Institution:华虹集团")} <= covers


def test_figures_of_open_competition_and_lump_sum(chapter: Extracted) -> None:
    figures = {c.key: c for c in chapter.extraction.candidates if c.type == FIGURE}
    stated: dict[str, set[tuple[object, object]]] = {}
    for relation in chapter.extraction.relations:
        if relation.type == HAS_FIGURE:
            figure = figures[relation.target]
            stated.setdefault(relation.source, set()).add(
                (figure.fields["value"], figure.fields["unit"]))
    assert stated["Mechanism:揭榜挂帅"] == {(14, "条"), (74, "份"), (19, "家"), (10, "家")}
    assert stated["Mechanism:包干制"] == {(523, "个"), (127, "个")}


@pytest.fixture(scope="module")
def results() -> list[TextResult]:
    return [evaluate_file(path) for path in sorted(FIXTURES.glob("*.gold.yaml"))]


def test_dates_of_the_unit_fixtures_are_exact(results: list[TextResult]) -> None:
    dates = Score()
    for result in results:
        dates.add(result.dates)
    assert dates.gold >= 20
    assert dates.found == dates.gold, dates.misses
    assert dates.extras == []
