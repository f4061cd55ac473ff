"""The gate on real texts: the extractor's scores on the test split of the gold lists
(tests/fixtures/gold, made by reading the texts before any rule was tuned; GUIDELINES.md).

The goal is precision and recall ≥ 0.9 per category for policies, institutions, programmes,
mechanisms and dates. Where the rules do not reach it, the test holds the scores they reached
as a floor (FLOORS: it fails if they drop) and docs/extraction.md says which categories miss
the goal; the floors are never set from anything but a measured test run (TEST-RUNS.md).
Roles, figures and the issuer are reported, not gated.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govkg.extract.evaluate import GATED, TextResult, evaluate_file, load_gold, split_scores

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "gold"
GOAL = 0.9
FLOORS: dict[str, tuple[float, float]] = {
    "policies": (1.0, 0.89),
    "institutions": (0.94, 0.84),
    "programmes": (0.5, 0.26),
    "mechanisms": (0.63, 0.43),  # 764072c traded precision (0.64) for recall (0.35); a873f31: 0.63
    "dates": (0.87, 1.0),
}
"""(precision, recall) reached on the test split at the last change (TEST-RUNS.md, last row),
rounded down to two decimals; a category at or above the goal is held to the goal."""


@pytest.fixture(scope="module")
def test_split() -> list[TextResult]:
    return [evaluate_file(path) for path in sorted(GOLD.glob("*.gold.yaml"))
            if load_gold(path).get("split") == "test"]


def test_the_split_is_the_one_recorded_before_tuning() -> None:
    guidelines = (GOLD / "GUIDELINES.md").read_text(encoding="utf-8")
    recorded = dict((name, split) for split, name in
                    re.findall(r"^\| (dev|test) \| (\S+\.md) \|$", guidelines, re.M))
    assert len(recorded) == 15
    for path in GOLD.glob("*.gold.yaml"):
        gold = load_gold(path)
        name = Path(gold["text"]).name
        assert gold["split"] == recorded.get(name, "dev"), name  # the chapter is dev
    splits = [load_gold(p)["split"] for p in GOLD.glob("*.gold.yaml")]
    assert (splits.count("dev"), splits.count("test")) == (9, 7)


def test_the_first_run_is_kept() -> None:
    first = json.loads((GOLD / "FIRST-RUN.json").read_text(encoding="utf-8"))
    assert first["extractor_commit"].startswith("5d1f3e7")
    assert first["splits"]["test"]["policies"]["gold"] == 28


@pytest.mark.parametrize("category", GATED)
def test_the_test_split_holds_the_goal_or_the_floor(test_split: list[TextResult],
                                                    category: str) -> None:
    score = split_scores(test_split, "test")[category]
    assert score.gold > 0
    precision_floor, recall_floor = FLOORS[category]
    assert score.precision >= min(GOAL, precision_floor), score.extras
    assert score.recall >= min(GOAL, recall_floor), score.misses


def test_the_floors_are_not_above_the_goal() -> None:
    """A floor only lowers the goal where the rules miss it; it never raises it."""
    for category in GATED:
        assert category in FLOORS
        assert all(0 <= value <= 1 for value in FLOORS[category])
