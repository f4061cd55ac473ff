"""The house rules of docs/architecture.md hold: imports run one way, no cycles (lint-imports,
with the contracts in pyproject.toml); and the check itself catches a broken rule."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"),
                           "--no-cache"], cwd=package_parent, env=env, capture_output=True,
                          text=True, check=False)


def test_imports_run_one_way_without_cycles() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "govkg", tmp_path / "govkg",
                    ignore=shutil.ignore_patterns("__pycache__", "static"))
    return tmp_path / "govkg"


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    module = package / "records" / "names.py"
    module.write_text(module.read_text(encoding="utf-8")
                      + "\nfrom govkg.service import GovernanceService  # upward\n",
                      encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "govkg.records is not allowed to import govkg.service" in result.stdout


def test_a_cycle_inside_a_package_is_caught(tmp_path: Path) -> None:
    package = _copy(tmp_path)
    module = package / "graph" / "falkordb" / "digests.py"
    module.write_text(module.read_text(encoding="utf-8")
                      + "\nfrom govkg.graph.falkordb import writer  # back up: a cycle\n",
                      encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "no cycles among the modules of any package BROKEN" in result.stdout


def test_readme_names_every_setting() -> None:
    from govkg.settings import Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [f"GOVKG_{name.upper()}" for name in Settings.model_fields
               if f"`GOVKG_{name.upper()}`" not in readme]
    assert not missing, f"README.md does not name {missing}"
