"""The Dockerfile and docker-compose.yml, checked without Docker (there is none on the test
machines): the compose file parses, runs govkg against a FalkorDB server by default and
against Neo4j as the `neo4j` profile, binds loopback only; the Dockerfile installs the lock."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_runs_govkg_against_falkordb_and_neo4j_as_a_profile() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["govkg"]["environment"]["GOVKG_STORE"] == "falkordb://falkordb:6379"
    assert services["govkg"]["depends_on"]["falkordb"]["condition"] == "service_healthy"
    assert "profiles" not in services["govkg"] and "profiles" not in services["falkordb"]
    neo = services["govkg-neo4j"]
    assert neo["profiles"] == ["neo4j"] and services["neo4j"]["profiles"] == ["neo4j"]
    assert neo["environment"]["GOVKG_STORE"] == "neo4j://neo4j:7687"
    for name, service in services.items():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
        if "build" in service:
            assert service["build"] == "."
    volumes = {v.split(":")[0] for s in services.values() for v in s.get("volumes", [])}
    assert {"falkordb-data", "neo4j-data"} <= volumes <= {*compose["volumes"], "./neo4j-import"}


def test_dockerfile_installs_the_lock_and_serves_on_all_interfaces() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements.lock" in text
    assert "GOVKG_HOST=0.0.0.0" in text and "EXPOSE 8000" in text and "USER govkg" in text
    copied = [line.split()[1:-1] for line in text.splitlines() if line.startswith("COPY ")]
    for sources in copied:
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such file"
