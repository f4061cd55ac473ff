"""The explorer's files and config as the server hands them out (no browser needed):
everything the page loads is served by govkg itself, Cytoscape.js is the vendored release."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.api.routers.explorer import STATIC_DIR
from govkg.network.palette import TYPE_COLOURS
from govkg.service import GovernanceService

CYTOSCAPE = "3.34.4"
VENDORED = STATIC_DIR / "vendor" / "cytoscape"
PAGE_FILES = ("index.html", "explorer.js", "explorer-util.js", "explorer-graph.js",
              "explorer-views.js", "explorer.css")
VENDOR_FILES = {"cytoscape": "cytoscape.min.js", "layout-base": "layout-base.js",
                "cose-base": "cose-base.js", "cytoscape-fcose": "cytoscape-fcose.js"}
API_DOCS_FILES = {"swagger-ui-dist": ("swagger-ui-bundle.js", "swagger-ui.css"),
                  "redoc": ("redoc.standalone.js",)}
PERMISSIVE = ("Permission is hereby granted, free of charge",  # MIT
              "Apache License")  # Apache-2.0 (Swagger UI)


@pytest.fixture
def client(kg: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(kg.settings, kg=kg)) as test_client:
        yield test_client


def test_page_and_its_files_are_served(client: TestClient) -> None:
    page = client.get("/", params={"focus": "复旦大学"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/static/vendor/cytoscape/cytoscape.min.js" in sources
    for source in sources:
        if source.startswith("/static/"):
            assert client.get(source).status_code == 200, source
    assert client.get("/static/vendor/cytoscape/LICENSE").text.startswith("Copyright")
    assert client.get("/static/nope.js").status_code == 404
    assert "/" not in client.get("/openapi.json").json()["paths"]


def test_nothing_is_loaded_from_the_internet() -> None:
    for name in PAGE_FILES:
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|//cdn", text), name


def test_vendored_cytoscape_is_the_recorded_release() -> None:
    bundle = (VENDORED / "cytoscape.min.js").read_bytes()
    assert f'"{CYTOSCAPE}"'.encode() in bundle
    recorded = (VENDORED / "README.md").read_text(encoding="utf-8")
    assert f"Cytoscape.js {CYTOSCAPE}" in recorded
    assert hashlib.sha256(bundle).hexdigest() in recorded
    assert "Permission is hereby granted, free of charge" in (VENDORED / "LICENSE").read_text(
        encoding="utf-8")  # the MIT licence


def test_every_vendored_file_is_the_recorded_one_with_its_licence(client: TestClient) -> None:
    """The layout (fCoSE and what it needs), vendored like Cytoscape, and the API docs' files,
    all under permissive licences (MIT, Apache-2.0): no copyleft file is shipped."""
    recorded = (STATIC_DIR / "vendor" / "README.md").read_text(encoding="utf-8")
    page = client.get("/").text
    for folder, name in VENDOR_FILES.items():
        path = STATIC_DIR / "vendor" / folder / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() in recorded, name
        assert f"/static/vendor/{folder}/{name}" in page
    docs_page = client.get("/docs").text + client.get("/redoc").text
    for folder, names in API_DOCS_FILES.items():
        for name in names:
            path = STATIC_DIR / "vendor" / folder / name
            assert hashlib.sha256(path.read_bytes()).hexdigest() in recorded, name
            assert f"/static/vendor/{folder}/{name}" in docs_page
    shipped = {p.name for p in (STATIC_DIR / "vendor").iterdir() if p.is_dir()}
    assert shipped == set(VENDOR_FILES) | set(API_DOCS_FILES), shipped
    for folder in shipped:
        licence = (STATIC_DIR / "vendor" / folder / "LICENSE").read_text(encoding="utf-8")
        assert any(mark in licence for mark in PERMISSIVE), folder
        assert "GNU GENERAL PUBLIC LICENSE" not in licence.upper(), folder
    # the layout registers itself with Cytoscape only when loaded after its dependencies
    order = [page.index(f"vendor/{f}/") for f in ("cytoscape", "layout-base", "cose-base",
                                                   "cytoscape-fcose")]
    assert order == sorted(order)


def test_config_comes_from_the_ontology(client: TestClient, kg: GovernanceService) -> None:
    config = client.get("/explorer/config").json()
    assert {c["label"]: c["colour"] for c in config["classes"]} == TYPE_COLOURS
    assert {r["type"] for r in config["relations"]} == set(kg.ontology.relations)
    assert [r["type"] for r in config["relations"] if not r["walked_by_default"]] == [
        "MENTIONED_IN"]
    class_names = {c["label"]: c["name_zh"] for c in config["classes"]}
    assert class_names["Institution"] == "机构"
    assert "Institution" in config["unit_types"] and "Pilot" in config["covering_types"]
    assert 1 <= config["max_depth"] <= kg.settings.max_depth
