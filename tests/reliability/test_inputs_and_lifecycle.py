"""Issue 17, break 7 (the smaller ones), with real `govkg` processes and stores:
value types, NaN, JSON-LD contexts, forwarded headers, Host, the API key, the store's
lifecycle shared by processes, SIGTERM of a CLI command, and the store's temporary dumps."""

from __future__ import annotations

import fcntl
import http.server
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import redis

from bench.synthetic import SyntheticSpec, generate, write_yaml
from govkg.graph.falkordb.embedded import LOCK_NAME

from ..conftest import FIXTURES
from .served import GOVKG, Served, env_for, kill_dead, store_processes, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
GUARD_S = 120.0
"""A process or wait longer than this fails the test (a guard, not a measurement)."""


def _govkg(state_dir: Path, *args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GOVKG, *map(str, args)], env=env_for(state_dir, **env),
                          capture_output=True, text=True, timeout=GUARD_S, check=False)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    state_dir = tmp_path_factory.mktemp("inputs")
    assert _govkg(state_dir, "load", FIXTURES / "mini.yaml").returncode == 0
    server = Served.start(state_dir, GOVKG_RATE_LIMIT="3/minute")
    try:
        yield server
    finally:
        server.stop()
        for orphan in store_processes(state_dir):
            orphan.kill()


def test_every_value_type_is_answered(served: Served) -> None:
    query = ("RETURN duration({days: 1, hours: 2}) AS d, point({latitude: 31.2, "
             "longitude: 121.5}) AS p, date('2021-09-01') AS day, 0.0 / 0.0 AS nan")
    answer = httpx.post(f"{served.base}/cypher", json={"query": query}, timeout=GUARD_S)
    assert answer.status_code == 200, answer.text
    [[duration, point, day, nan]] = answer.json()["rows"]
    assert duration == "P1DT2H" and day == "2021-09-01" and nan == "NaN"
    assert point == {"latitude": pytest.approx(31.2), "longitude": pytest.approx(121.5)}
    printed = _govkg(served.state_dir, "query", "RETURN duration({days: 1}) AS d")
    assert printed.returncode == 0 and "P1D" in printed.stdout, printed.stderr


@pytest.mark.parametrize("graph_holds_data", [False, True])
def test_nan_is_refused_with_its_field(tmp_path: Path, graph_holds_data: bool) -> None:
    if graph_holds_data:
        assert _govkg(tmp_path, "load", FIXTURES / "mini.yaml").returncode == 0
    bad = tmp_path / "nan.yaml"
    bad.write_text("entities:\n  - {id: fig-nan, type: Figure, name: 不是数, measure: 比例, "
                   "value: .nan}\n", encoding="utf-8")
    result = _govkg(tmp_path, "load", bad)
    said = " ".join(result.stderr.split())
    assert result.returncode == 3 and "fig-nan: value is nan" in said, said


def test_jsonld_contexts_are_never_fetched(tmp_path: Path) -> None:
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            time.sleep(30)  # a context server that hangs, as in the issue

        def log_message(self, *_: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.json"
    secret.write_text('{"@context": {"x": "http://example.org/"}}', encoding="utf-8")
    try:
        for context in (f"http://127.0.0.1:{server.server_port}/ctx.jsonld", secret.as_uri()):
            doc = tmp_path / "remote.jsonld"
            doc.write_text(f'{{"@context": "{context}", "@id": "urn:x"}}', encoding="utf-8")
            result = _govkg(tmp_path, "validate", doc)
            assert result.returncode == 3, result.stdout
            assert "never fetches remote or file contexts" in " ".join(result.stderr.split())
    finally:
        server.shutdown()
    assert hits == []


def test_forwarded_headers_do_not_defeat_the_rate_limit(served: Served) -> None:
    statuses = [httpx.get(f"{served.base}/network", params={"focus": "inst-cas"},
                          headers={"X-Forwarded-For": f"10.0.0.{n}"}, timeout=GUARD_S
                          ).status_code for n in range(5)]
    assert statuses.count(200) <= 3 and statuses[-2:] == [429, 429], statuses


def test_forwarded_headers_count_from_a_trusted_proxy(tmp_path: Path) -> None:
    assert _govkg(tmp_path, "load", FIXTURES / "mini.yaml").returncode == 0
    proxied = Served.start(tmp_path, GOVKG_RATE_LIMIT="1/minute",
                           GOVKG_TRUSTED_PROXIES='["127.0.0.1"]')
    try:
        statuses = [httpx.get(f"{proxied.base}/network", params={"focus": "inst-cas"},
                              headers={"X-Forwarded-For": f"10.0.0.{n}"}, timeout=GUARD_S
                              ).status_code for n in range(3)]
        assert statuses == [200, 200, 200]  # three clients behind the proxy, one request each
    finally:
        proxied.stop()


def test_only_known_host_names_are_answered(served: Served) -> None:
    evil = httpx.get(f"{served.base}/health", headers={"Host": "evil.example"},
                     timeout=GUARD_S)
    assert evil.status_code == 400 and evil.json()["error"]["code"] == "invalid_host"
    assert httpx.get(f"{served.base}/health", timeout=GUARD_S).status_code == 200


def test_the_api_key_guards_the_expensive_routes(tmp_path: Path) -> None:
    assert _govkg(tmp_path, "load", FIXTURES / "mini.yaml").returncode == 0
    keyed = Served.start(tmp_path, GOVKG_API_KEY="s3cret-key")
    body = {"query": "MATCH (n:Entity) RETURN count(n)"}
    try:
        refused = httpx.post(f"{keyed.base}/cypher", json=body, timeout=GUARD_S)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorised"
        ok = httpx.post(f"{keyed.base}/cypher", json=body,
                        headers={"X-API-Key": "s3cret-key"}, timeout=GUARD_S)
        assert ok.status_code == 200
        assert httpx.get(f"{keyed.base}/health", timeout=GUARD_S).status_code == 200
        schema = httpx.get(f"{keyed.base}/openapi.json", timeout=GUARD_S).json()
        assert "expensive-routes key" in schema["components"]["securitySchemes"]
        assert schema["paths"]["/cypher"]["post"]["security"]
        assert "security" not in schema["paths"]["/health"]["get"]
    finally:
        keyed.stop()


def _start_lock_free(state_dir: Path) -> bool:
    """Whether no process holds the embedded store's start lock (falkordb.lock) now."""
    with open(state_dir / LOCK_NAME, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def _presences(state_dir: Path) -> int:
    client = redis.Redis(unix_socket_path=str(state_dir / "falkordb.sock"), socket_timeout=5)
    try:
        return sum(1 for c in client.client_list()
                   if str(c.get("name", "")).startswith("govkg-presence-"))
    except redis.RedisError:
        return 0
    finally:
        client.close()


def _wait(condition: Callable[[], object], what: str) -> None:
    wait_until(condition, what, GUARD_S, 0.02)


def test_a_cli_that_started_the_store_does_not_stop_it_under_another(tmp_path: Path) -> None:
    files = write_yaml(generate(SyntheticSpec(rels=3000, seed=1)), tmp_path / "big")
    one = tmp_path / "one.yaml"
    one.write_text("entities:\n  - {id: inst-other, type: Institution, name: 另一个, "
                   "kind: university}\n", encoding="utf-8")
    first = subprocess.Popen([*GOVKG, "load", *map(str, files)], env=env_for(tmp_path),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait(lambda: _presences(tmp_path) == 1, "the first load did not start the store")
    second = subprocess.Popen([*GOVKG, "load", str(one)], env=env_for(tmp_path),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait(lambda: _presences(tmp_path) == 2, "the second load did not join the store")
    # a presence is opened under the start lock: pausing the second load before it lets go
    # of that lock would hold up the first one's release (the test's race, not the code's)
    _wait(lambda: _start_lock_free(tmp_path), "the second load kept the start lock")
    os.kill(second.pid, signal.SIGSTOP)
    try:
        assert first.wait(timeout=GUARD_S) == 0, first.communicate()
        assert store_processes(tmp_path), "the first load stopped a store another uses"
    finally:
        os.kill(second.pid, signal.SIGCONT)
    out, err = second.communicate(timeout=GUARD_S)
    assert second.returncode == 0, out + err
    _wait(lambda: not store_processes(tmp_path), "the last load out left the store running")


def test_sigterm_of_a_cli_command_stops_its_store(tmp_path: Path) -> None:
    files = write_yaml(generate(SyntheticSpec(rels=3000, seed=1)), tmp_path / "big")
    loading = subprocess.Popen([*GOVKG, "load", *map(str, files)], env=env_for(tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait(lambda: _presences(tmp_path) == 1, "the load did not start the store")
    loading.send_signal(signal.SIGTERM)
    assert loading.wait(timeout=GUARD_S) != 0
    _wait(lambda: not store_processes(tmp_path), "SIGTERM left the store running")


def test_temporary_dumps_are_private_and_removed(served: Served, tmp_path: Path) -> None:
    """GRAPH.COPY (every load into a non-empty graph) dumps the graph to FalkorDB's
    TEMP_FOLDER: the state directory's tmp/ (0700), written by a store whose umask is 077;
    a dump left by a store that died mid-copy is removed when the next one starts."""
    store = served.store_process()
    client = redis.Redis(unix_socket_path=str(served.state_dir / "falkordb.sock"))
    try:
        folder = client.execute_command("GRAPH.CONFIG", "GET", "TEMP_FOLDER")[1]
    finally:
        client.close()
    temp = served.state_dir / "tmp"
    assert Path(folder.decode()) == temp.resolve()
    assert temp.stat().st_mode & 0o777 == 0o700
    umask = next(line for line in Path(f"/proc/{store.pid}/status").read_text().splitlines()
                 if line.startswith("Umask:"))
    assert umask.split()[1] == "0077", umask
    extra = tmp_path / "extra.yaml"
    extra.write_text("entities:\n  - {id: inst-copy, type: Institution, name: 复制, "
                     "kind: university}\n", encoding="utf-8")
    assert _govkg(served.state_dir, "load", extra).returncode == 0  # a GRAPH.COPY
    assert not list(temp.glob("*.dump"))
    kill_dead(store)
    (temp / "0123-left-by-a-dead-store.dump").write_bytes(b"x")
    served.wait_healthy()  # the next request starts a new store
    assert not list(temp.glob("*.dump")), "a dead store's dump was left behind"
