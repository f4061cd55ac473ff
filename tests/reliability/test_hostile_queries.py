"""Issue 17, break 3: user Cypher that exhausts CPU and memory, against a real `govkg serve`
and its FalkorDB process, both under a memory cap (`prlimit --as`, as the issue tried it).

- The issue's queries are refused before they run (400 naming the construct); the store
  keeps its pid and answers.
- A row-by-row query past its deadline answers 408 and is gone from the store's running
  queries, so it holds no slot: /cypher answers again at once.
- A query the check lets through and the store cannot stop (one expression that runs for
  minutes) is stopped in the store GOVKG_QUERY_KILL_AFTER after its deadline (the store is
  restarted), and service resumes.
- The row cap is a LIMIT in the query: ten million rows are not computed, and the API
  process does not grow by hundreds of megabytes.
- A query over the store's per-query memory answers 400 naming the limit.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Iterator

import httpx
import psutil
import pytest
import redis

from ..conftest import FIXTURES
from .served import Served, kill_dead, store_processes, wait_until
from .test_store_faults import _load

pytestmark = pytest.mark.e2e
GUARD_S = 60.0
"""A request or a wait longer than this fails the test (a guard, not a measurement)."""
CAP = ("prlimit", f"--as={8 << 30}")
"""The API process's address space (its store gets GOVKG_STORE_ADDRESS_SPACE below)."""
QUICK = {"GOVKG_QUERY_TIMEOUT": "3", "GOVKG_QUERY_KILL_AFTER": "2",
         "GOVKG_STORE_ADDRESS_SPACE": str(3 << 30), "GOVKG_QUERY_MEMORY": str(64 << 20),
         "GOVKG_RATE_LIMIT": "100000/minute", "GOVKG_ROW_CAP": "1000"}
PAD = "a" * 200


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    state_dir = tmp_path_factory.mktemp("hostile")
    _load(state_dir, FIXTURES / "mini.yaml")
    server = Served.start(state_dir, prefix=CAP, **QUICK)
    try:
        yield server
    finally:
        server.stop()
        for orphan in store_processes(state_dir):
            orphan.kill()


def _cypher(served: Served, query: str) -> httpx.Response:
    return httpx.post(f"{served.base}/cypher", json={"query": query}, timeout=GUARD_S)


def _running(served: Served) -> list[object]:
    client = redis.Redis(unix_socket_path=str(served.state_dir / "falkordb.sock"),
                         socket_timeout=10)
    try:
        reply = client.execute_command("GRAPH.INFO", "RunningQueries")
    finally:
        client.close()
    return list(reply[1])


def _wait(condition: Callable[[], object], what: str) -> None:
    wait_until(condition, what, GUARD_S, 0.1)


def _serves(served: Served) -> None:
    units = httpx.get(f"{served.base}/units/inst-fudan/pilots", timeout=GUARD_S)
    assert units.status_code == 200, units.text


@pytest.mark.parametrize(("query", "construct"), [
    ("RETURN size([x IN range(1,40000) | size([y IN range(1,40000) | y])])",
     "a list iteration inside another"),
    ("RETURN size(reduce(s='xxxxxxxx', i IN range(1,40) | s+s))",
     "reduce() that uses its accumulator twice"),
    ("UNWIND range(1,1000000000) AS x RETURN count(x)",
     "range() of more than GOVKG_MAX_LIST numbers"),
    ("UNWIND range(1,10000000) AS x RETURN x, '" + PAD + "'",
     "range() of more than GOVKG_MAX_LIST numbers"),
    ("MATCH p = (a)-[*]-(b) RETURN count(p)",
     "a variable-length relationship without an upper bound"),
    ("MATCH (a), (b), (c), (d), (e) RETURN count(*)", "a cartesian product of whole scans"),
])
def test_the_issues_queries_are_refused_before_they_run(
    served: Served, query: str, construct: str
) -> None:
    store = served.store_process()
    refused = _cypher(served, query)
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["details"]["construct"] == construct
    assert served.store_process().pid == store.pid, "the store died"
    _serves(served)


def test_a_query_past_its_deadline_is_stopped_in_the_store(served: Served) -> None:
    endless = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)"
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        cut = list(pool.map(lambda _: _cypher(served, endless), range(2)))
    assert [r.status_code for r in cut] == [408, 408], [r.text for r in cut]
    _wait(lambda: not _running(served), "the store still runs the cut queries")
    quick = _cypher(served, "MATCH (n:Entity) RETURN count(n)")  # no slot is held
    assert quick.status_code == 200, quick.text
    _serves(served)


def test_a_query_the_store_cannot_stop_is_stopped_by_a_restart(served: Served) -> None:
    """One expression of ~5e9 comparisons: FalkorDB checks its TIMEOUT only between records."""
    store = served.store_process()
    cut = _cypher(served, "WITH range(1, 100000) AS l RETURN size([x IN l WHERE x IN l])")
    assert cut.status_code == 408, cut.text
    _wait(lambda: not store.is_running() or store.status() == psutil.STATUS_ZOMBIE,
          "the store still runs the query it cannot stop")
    served.wait_healthy()
    assert served.store_process().pid != store.pid
    assert _cypher(served, "MATCH (n:Entity) RETURN count(n)").status_code == 200
    _serves(served)


def test_the_row_cap_is_applied_in_the_store(served: Served) -> None:
    api = psutil.Process(served.process.pid)
    before = api.memory_info().rss
    many = ("UNWIND range(1, 100000) AS x UNWIND range(1, 100) AS y RETURN x, y, '"
            + PAD + "'")
    answer = _cypher(served, many)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["truncated"] is True and body["row_count"] == body["row_cap"] == 1000
    assert api.memory_info().rss - before < 100 << 20, "the API fetched every row"


def test_a_query_over_its_memory_is_refused_by_the_store(served: Served) -> None:
    store = served.store_process()
    # 30 000 strings of 18 kB: the 64 MB cap is met after ~3 600 rows, long before the
    # query timeout even on a busy machine (with 2 kB strings it once ran past the timeout)
    hungry = ("UNWIND range(1, 10000) AS x UNWIND range(1, 3) AS y "
              "RETURN size(collect(toString(y) + '" + PAD * 90 + "'))")
    refused = _cypher(served, hungry)
    assert refused.status_code == 400, refused.text
    assert "memory" in refused.json()["error"]["message"]
    assert served.store_process().pid == store.pid
    _serves(served)


def test_kill_dead_is_still_recovered(served: Served) -> None:
    """After the limits, the old promise holds: a killed store comes back."""
    kill_dead(served.store_process())
    served.wait_healthy()
    _serves(served)
