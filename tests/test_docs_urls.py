"""Every curl line of README.md and docs/ runs as written against a real `govkg serve` on
the bundled corpus (issue 19: three README examples with a Chinese query string answered
`400 Invalid HTTP request received.`). Only the port is changed; curl sends a query's UTF-8
bytes raw, as a reader's shell does."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.served import GOVKG, Served, env_for, store_processes

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DOCUMENTED = "http://127.0.0.1:8000"

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _without_comment(line: str) -> str:
    """The line without a shell comment (a ` #` outside single quotes)."""
    for match in re.finditer(r"\s#", line):
        if line[:match.start()].count("'") % 2 == 0:
            return line[:match.start()].rstrip()
    return line


def curl_lines() -> list[tuple[str, str]]:
    """(where, command) of every curl command in the docs, continuation lines joined."""
    found = []
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.lstrip().startswith("curl "):
                continue
            command, at = _without_comment(line.strip()), number
            while command.endswith("\\") or command.count("'") % 2:
                joined = command[:-1] + " " if command.endswith("\\") else command + "\n"
                command = joined + _without_comment(lines[at].strip())
                at += 1
            found.append((f"{doc.name}:{number}", command))
    return found


def test_the_docs_have_curl_examples() -> None:
    commands = [c for _, c in curl_lines()]
    assert len(commands) >= 25
    assert any("q=研究所" in c for c in commands), "the Chinese query string example is gone"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    state_dir = tmp_path_factory.mktemp("docs-urls")
    loaded = subprocess.run([*GOVKG, "load", "--bundled"], env=env_for(state_dir),
                            capture_output=True, text=True, timeout=600, check=False)
    assert loaded.returncode == 0, loaded.stderr
    server = Served.start(state_dir)
    try:
        yield server
    finally:
        server.stop()
        for orphan in store_processes(state_dir):
            orphan.kill()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize(("where", "command"), curl_lines(), ids=[w for w, _ in curl_lines()])
def test_documented_curl_runs_as_written(served: Served, tmp_path: Path, where: str,
                                         command: str) -> None:
    assert DOCUMENTED in command, f"{where}: examples use {DOCUMENTED}"
    sent = command.replace(DOCUMENTED, served.base).replace("curl ", "curl -sS "
                                                            "--fail-with-body ", 1)
    done = subprocess.run(["bash", "-c", sent], cwd=tmp_path, capture_output=True, timeout=120,
                          check=False)
    body = done.stdout.decode("utf-8", "replace")[:400]
    assert done.returncode == 0, f"{where}: {command}\n{done.stderr.decode()}\n{body}"
    assert "Invalid HTTP request" not in body
