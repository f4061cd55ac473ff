"""End to end: the `govkg` command loads the corpus and serves it; we call it over real HTTP."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from .conftest import DATA, FIXTURES
from .reliability.served import GOVKG, Served, env_for


def _govkg(state_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GOVKG, *args], env=env_for(state_dir), capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    state_dir = tmp_path_factory.mktemp("e2e-state")
    loaded = _govkg(state_dir, "load", str(DATA))
    assert loaded.returncode == 0, loaded.stderr
    served = Served.start(state_dir)
    yield served.base
    served.stop()
    assert not (state_dir / "falkordb.sock").exists(), "serve must stop the store it started"


@pytest.mark.e2e
def test_pilots_over_http(server: str) -> None:
    response = httpx.get(f"{server}/units/{quote('复旦大学')}/pilots", timeout=10)
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert result["pilot"]["name"] == "基础研究特区"
    assert "复旦大学" in result["provenance"]["quote"]
    explorer = httpx.get(f"{server}/units/{quote('华虹集团')}/pilots", timeout=10).json()
    assert [r["pilot"]["name"] for r in explorer["results"]] == ["探索者计划"]
    missing = httpx.get(f"{server}/units/{quote('不存在的单位')}/pilots", timeout=10)
    assert missing.status_code == 404 and "suggestions" in missing.json()["error"]["details"]


@pytest.mark.e2e
def test_cli_round(tmp_path: Path) -> None:
    assert _govkg(tmp_path, "validate", str(FIXTURES / "mini.yaml")).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - {id: inst-x, type: Institution, name: 甲, kind: spaceship}\n",
                   encoding="utf-8")
    refused = _govkg(tmp_path, "load", str(bad))
    assert refused.returncode == 3  # bad input
    assert "bad.yaml:2" in refused.stderr and "kind" in refused.stderr
    empty = _govkg(tmp_path, "stats", "--json")
    assert empty.returncode == 0 and '"nodes": 0' in empty.stdout
    first = _govkg(tmp_path, "load", str(FIXTURES / "mini.yaml"))
    assert first.returncode == 0
    stats = json.loads(_govkg(tmp_path, "stats", "--json").stdout)
    holds = (f"the graph holds {stats['nodes']} entities and {stats['relationships']} "
             "relations")
    again = _govkg(tmp_path, "load", str(FIXTURES / "mini.yaml"))
    said = " ".join(again.stdout.split())
    assert "unchanged, nothing written" in said and holds in said, said
    assert holds in " ".join(first.stdout.split())
    pilots = _govkg(tmp_path, "pilots", "上海有机所", "--json")
    assert pilots.returncode == 0 and "基础研究特区" in pilots.stdout and '"inherited": true' in (
        pilots.stdout)
    query = _govkg(tmp_path, "query", "--json",
                   "MATCH (p:Pilot)-[c:COVERS]->(u) RETURN p.name AS pilot, u.name AS unit")
    assert query.returncode == 0 and "复旦大学" in query.stdout
    write = _govkg(tmp_path, "query", "CREATE (:Institution {id: 'x'})")
    assert write.returncode == 5 and "read" in write.stderr
    unknown = _govkg(tmp_path, "pilots", "复旦大")
    assert unknown.returncode == 4 and "复旦大学" in unknown.stderr
