"""Law files a user brings: one with no manifest row (level, jurisdiction and issuer from its
header), and malformed ones refused with the file and line, nothing written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from govkg.errors import InputError
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.ontology import Ontology
from govkg.service import GovernanceService
from tests.conftest import DATA
from tests.reliability.conftest import make_cli

LAWS = DATA / "corpus" / "laws"
NINGBO = LAWS / "浙江-宁波市科技创新促进条例-2011-04-11.md"


def test_a_law_without_a_manifest_row(kg: GovernanceService, tmp_path: Path) -> None:
    law = tmp_path / "ningbo.md"
    shutil.copy(NINGBO, law)
    kg.load([law])
    [row] = kg.laws(q="宁波市科技创新促进条例").results
    assert (row.level, row.jurisdiction.name) == ("地方性法规", "宁波市")
    assert row.version.in_force_from == "2011-05-01"
    versions = kg.law_versions("宁波市科技创新促进条例").versions
    assert [(e.kind, e.body.name if e.body else None) for e in versions[0].events] == [
        ("adopted", "宁波市人民代表大会常务委员会"), ("approved", "浙江省人民代表大会常务委员会"),
        ("promulgated", "宁波市人民代表大会常务委员会"), ("effective", None)]
    parents = kg.store.query("MATCH (:Region {id: 'reg-ningbo'})-[:PART_OF*1..3]->(r) "
                             "RETURN r.id ORDER BY r.id").rows
    assert [r for (r,) in parents] == ["reg-cn", "reg-zhejiang"]
    basis = kg.law_basis("宁波市科技创新促进条例")
    [link] = basis.links
    assert link.cited.name == "中华人民共和国科学技术进步法"
    assert link.cited.provenance and link.cited.provenance.method == "cited"


def _broken(tmp_path: Path, change: Callable[[str], str]) -> Path:
    path = tmp_path / "宁波-broken.md"
    text = NINGBO.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    return path


CASES: dict[str, tuple[Callable[[str], str], str, str]] = {
    "impossible-header-date": (lambda t: t.replace("2010年12月24日", "2010年2月30日", 1), ":3:",
                               "is not a real date"),
    "two-articles-one-number": (lambda t: t.replace("第三条 ", "第二条 ", 1), ":21:",
                                "第二条 again (first at line 17)"),
    "no-articles": (lambda t: t[: t.index("<!-- INFO END -->") + 17], ":",
                    "no articles"),
    "no-info-end": (lambda t: t.replace("<!-- INFO END -->", ""), ":", "INFO END"),
    "no-title": (lambda t: t.split("\n", 1)[1], ":1:", "starts with '# title'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_law_is_refused_with_its_line(
    case: str, tmp_path: Path, falkordb_server: EmbeddedFalkorDB, ontology: Ontology,
) -> None:
    change, line, said = CASES[case]
    path = _broken(tmp_path, change)
    with make_cli(falkordb_server, ontology) as cli:
        assert cli("load", DATA / "shanghai-2021-ch5.yaml").exit_code == 0
        before = cli.state()
        result = cli("load", path)
        assert result.exit_code == 3, result.output
        text = " ".join(result.output.split())
        assert f"{path}{line}" in text
        assert said in text
        assert "Traceback" not in result.output
        assert cli.state() == before


def test_unknown_level_in_a_manifest_is_refused(tmp_path: Path, kg: GovernanceService) -> None:
    corpus = tmp_path / "laws"
    corpus.mkdir()
    shutil.copy(NINGBO, corpus / NINGBO.name)
    manifest = (LAWS / "manifest.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in manifest if line.startswith(NINGBO.name))
    (corpus / "manifest.csv").write_text(
        manifest[0] + "\n" + row.replace("地方性法规", "地方法规") + "\n", encoding="utf-8")
    before = kg.stats()
    with pytest.raises(InputError, match=r"manifest.csv:2: unknown level '地方法规'"):
        kg.load([corpus])
    assert kg.stats() == before


def test_a_changed_file_does_not_match_its_manifest(tmp_path: Path,
                                                    kg: GovernanceService) -> None:
    corpus = tmp_path / "laws"
    corpus.mkdir()
    shutil.copy(LAWS / "manifest.csv", corpus / "manifest.csv")
    for name in (line.split(",", 1)[0] for line in
                 (LAWS / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]):
        shutil.copy(LAWS / name, corpus / name)
    target = corpus / NINGBO.name
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"differs from .*manifest\.csv"):
        kg.load([corpus])
    assert kg.stats().nodes == 0
