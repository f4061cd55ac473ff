"""The 45 laws in the graph, checked against the texts themselves with this file's own
patterns (not the loader's), and against a hand-checked sample (tests/fixtures/laws)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from govkg.records.names import normalise
from govkg.service import GovernanceService
from tests.conftest import DATA, FIXTURES

LAWS = DATA / "corpus" / "laws"
ROWS = list(csv.DictReader((LAWS / "manifest.csv").open(encoding="utf-8")))
ARTICLE_LINE = re.compile(r"^第[一二三四五六七八九十百零〇]+条[ 　]", re.MULTILINE)
BASIS_RUN = re.compile(r"根据((?:《[^《》]+》[、，和及与]?)+)")
TITLE = re.compile(r"《([^《》]+)》")
PRC = "中华人民共和国"


def _text(name: str) -> str:
    return (LAWS / name).read_text(encoding="utf-8")


def _title(text: str) -> str:
    return text.split("\n", 1)[0].removeprefix("# ").strip()


def _count(kg: GovernanceService, cypher: str, **params: object) -> int:
    return int(kg.store.query(cypher, params).scalar())


def test_counts_equal_the_texts(corpus_kg: GovernanceService) -> None:
    titles = {normalise(_title(_text(r["file"])).removeprefix(PRC)) for r in ROWS}
    articles = sum(len(ARTICLE_LINE.findall(_text(r["file"]))) for r in ROWS)
    loaded = _count(corpus_kg, "MATCH (l:Law)-[:HAS_VERSION]->() RETURN count(DISTINCT l)")
    assert loaded == len(titles) == 40
    assert _count(corpus_kg, "MATCH (v:LawVersion) RETURN count(v)") == len(ROWS) == 45
    assert _count(corpus_kg, "MATCH (a:Article) RETURN count(a)") == articles == 1927


def test_every_article_text_is_verbatim_in_its_file(corpus_kg: GovernanceService) -> None:
    rows = corpus_kg.store.query(
        "MATCH (s:Source)<-[:MENTIONED_IN]-(a:Article) RETURN s.file, a.name, a.text").rows
    assert len(rows) == 1927
    texts: dict[str, str] = {}
    for file, label, text in rows:
        body = texts.setdefault(file, Path(file).read_text(encoding="utf-8"))
        assert f"{label} {text}" in body or f"{label}　{text}" in body, (file, label)


def test_every_basis_citation_is_a_link(corpus_kg: GovernanceService) -> None:
    """Each 《title》 of a 根据《…》 run is a LEGAL_BASIS link from its article, to a law of the
    corpus or to a node marked cited-only."""
    expected = Counter()
    for row in ROWS:
        for run in BASIS_RUN.finditer(_text(row["file"])):
            for title in TITLE.findall(run.group(1)):
                expected[normalise(title.removeprefix(PRC))] += 1
    links = corpus_kg.store.query(
        "MATCH (:Article)-[b:LEGAL_BASIS]->(law) RETURN b.as_written, law.method, "
        "[(law)-[:HAS_VERSION]->(v) | v.id]").rows
    found = Counter(normalise(str(title).removeprefix(PRC)) for title, _, _ in links)
    assert found == expected
    assert sum(expected.values()) >= 40
    for title, method, versions in links:
        assert versions or method == "cited", f"{title}: neither in the corpus nor cited-only"


def test_versions_chain_and_as_of(corpus_kg: GovernanceService) -> None:
    pairs = corpus_kg.store.query(
        "MATCH (l:Law)-[:HAS_VERSION]->(new)-[:SUPERSEDES]->(old) "
        "RETURN l.name, old.in_force_from, "
        "coalesce(new.in_force_from, new.effective, new.issued)").rows
    # five in the law corpus, and the chapter's 2021 revision of the instrument-sharing
    # provisions over the corpus's 2007 text (data/shanghai-2021-ch5-laws.yaml)
    assert len(pairs) == 6
    assert all(old < new for _, old, new in pairs)
    before = corpus_kg.laws(as_of="2015-01-01", region="上海市", q="上海市科学技术进步条例")
    after = corpus_kg.laws(as_of="2025-01-01", region="上海市", q="上海市科学技术进步条例")
    assert [r.version.version.model_extra["version_date"] for r in before.results] == [
        "2010-09-17"]
    assert [r.version.version.model_extra["version_date"] for r in after.results] == [
        "2024-05-10"]
    diff = corpus_kg.law_diff("上海市科学技术进步条例", "2015-01-01", "2025-01-01")
    assert diff.old.id == before.results[0].version.version.id
    assert diff.new.id == after.results[0].version.version.id
    assert diff.counts["changed"] + diff.counts["added"] + diff.counts["removed"] > 40
    first = next(c for c in diff.changes if c.change == "changed")
    assert first.diff and "[-" in first.diff and "{+" in first.diff


def test_national_laws_answer_for_a_city(corpus_kg: GovernanceService) -> None:
    answer = corpus_kg.laws(as_of="2022-06-01", region="宁波市")
    places = {r.jurisdiction.name for r in answer.results}
    assert places == {"中华人民共和国", "浙江省", "宁波市"}
    assert {r.level for r in answer.results} == {"法律", "行政法规", "地方性法规"}


HAND_CHECKED = yaml.safe_load((FIXTURES / "laws" / "hand_checked.yaml").read_text(
    encoding="utf-8"))


def _version_id(kg: GovernanceService, file: str) -> str:
    return str(kg.store.query("MATCH (s:Source)<-[:MENTIONED_IN]-(v:LawVersion) "
                              "WHERE s.file ENDS WITH $file RETURN v.id", {"file": file}).scalar())


@pytest.mark.parametrize("entry", HAND_CHECKED, ids=[e["file"] for e in HAND_CHECKED])
def test_hand_checked_sample(corpus_kg: GovernanceService, entry: dict) -> None:
    version_id = _version_id(corpus_kg, entry["file"])
    law = corpus_kg.store.query(
        "MATCH (l:Law)-[:HAS_VERSION]->(v {id: $v}) MATCH (l)-[:IN_JURISDICTION]->(r) "
        "OPTIONAL MATCH (v)-[:ISSUED_BY]->(i) RETURN l, r.name, i.name, v.aliases, v.effective, "
        "size([(v)-[:HAS_ARTICLE]->(a) | a])", {"v": version_id}).rows
    [(work, region, issuer, titles, effective, articles)] = law
    assert titles == [entry["title"]]
    assert work.properties["level"] == entry["level"]["value"]
    wanted_region = entry["jurisdiction"]["name"]
    assert region == ("中华人民共和国" if wanted_region == "全国" else wanted_region)
    assert issuer == (entry["issuer"] or {}).get("name")
    assert articles == entry["articles"]
    versions = corpus_kg.law_versions(work.key).versions
    version = next(v for v in versions if v.version.id == version_id)
    events = [(e.kind, e.date, e.body.name if e.body else None) for e in version.events]
    assert events == [(e["kind"], e["date"], e.get("body")) for e in entry["events"]]
    stated = (entry.get("effective") or {}).get("date")
    assert effective == stated
    links = corpus_kg.store.query(
        "MATCH (v {id: $v})-[:HAS_ARTICLE]->(a)-[k:LEGAL_BASIS|CITES|REPEALS]->(t) "
        "RETURN type(k), k.as_written", {"v": version_id}).rows
    kinds = {"LEGAL_BASIS": "basis", "REPEALS": "repeals", "CITES": "citations"}
    for kind in ("basis", "repeals", "citations"):
        got = {normalise(t) for k, t in links if kinds[k] == kind}
        want = {normalise(c["title"]) for c in entry.get(kind) or []}
        assert got == want, kind
