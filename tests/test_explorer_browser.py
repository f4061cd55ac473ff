"""The explorer page in a real browser: Debian's Chromium driven headless by Playwright,
against a real `govkg serve` process with the corpus loaded into an embedded store in a
temporary GOVKG_STATE_DIR. `make test` installs Chromium first (the `browser` target).

The screenshot goes to test-artifacts/explorer.png.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image

from govkg.network.palette import TYPE_COLOURS, rgb
from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
START_DEADLINE_S = 90.0
"""How long the server may take to start (it starts FalkorDB first): a readiness wait,
not a performance assertion."""
UI_TIMEOUT_MS = 30_000

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium",
                allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _govkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "govkg.cli", *args]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    state = tmp_path_factory.mktemp("explorer-state")
    env = {**os.environ, "GOVKG_STATE_DIR": str(state), "GOVKG_STORE": "embedded",
           "GOVKG_GRAPH": "govkg"}
    loaded = subprocess.run(_govkg("load", str(DATA)), env=env, capture_output=True,
                            text=True, check=False)
    assert loaded.returncode == 0, loaded.stderr
    port = _free_port()
    log = state / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(_govkg("serve", "--host", "127.0.0.1", "--port", str(port)),
                                   env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_DEADLINE_S
    try:
        while True:
            assert process.poll() is None, f"govkg serve exited:\n{log.read_text()}"
            try:
                if httpx.get(f"{url}/health", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"no answer from {url}:\n{log.read_text()}"
            time.sleep(0.2)
        yield Server(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    page: Page
    requests: list[str]
    errors: list[str]


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    page.set_default_timeout(UI_TIMEOUT_MS)
    seen = Visit(page, [], [])
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("console", lambda message: seen.errors.append(message.text)
            if message.type == "error" else None)
    yield seen
    page.close()


def _node_count(page: Page) -> int:
    return int(page.evaluate("() => window.govkgExplorer.state.cy.nodes().length"))


def _click_node(page: Page, node_id: str) -> None:
    """A real mouse click on the node where Cytoscape drew it on the canvas."""
    box = page.locator("#graph").bounding_box()
    assert box is not None
    x, y = page.evaluate(
        "id => { const p = window.govkgExplorer.state.cy.getElementById(id).renderedPosition();"
        " return [p.x, p.y]; }", node_id)
    page.mouse.click(box["x"] + x, box["y"] + y)


def _pixels_of(png: bytes, colour: str) -> int:
    red, green, blue = rgb(colour)
    with Image.open(io.BytesIO(png)) as image:
        pixels = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    return sum(count for count, (r, g, b) in pixels
               if abs(r - red) + abs(g - green) + abs(b - blue) < 30)


def test_search_a_unit_see_its_network_and_its_pilots(server: Server, visit: Visit) -> None:
    page = visit.page
    page.goto(f"{server.url}/")
    page.wait_for_selector("body[data-ready=true]")
    assert "govkg" in page.title()

    page.fill("#search", "复旦")
    result = page.wait_for_selector("#results button[data-id=inst-fudan]")
    assert result is not None and "复旦大学" in result.inner_text()
    result.click()

    page.wait_for_selector("#graph[data-status=drawn]")
    assert _node_count(page) >= 3
    assert int(page.get_attribute("#graph", "data-nodes") or 0) == _node_count(page)
    assert "focus=inst-fudan" in page.url
    # the nodes are on the canvas, in their class colours
    drawn = page.locator("#graph").screenshot()
    assert _pixels_of(drawn, TYPE_COLOURS["Institution"]) > 100
    assert _pixels_of(drawn, TYPE_COLOURS["Pilot"]) > 100

    # a click on another node shows it; a click on 复旦大学 shows the pilots covering it
    _click_node(page, "reg-shanghai")
    page.wait_for_selector("#detail[data-id=reg-shanghai]")
    assert page.inner_text("#detail h2") == "上海市"
    _click_node(page, "inst-fudan")
    page.wait_for_selector("#detail[data-id=inst-fudan]")
    assert page.inner_text("#detail h2") == "复旦大学"
    coverage = page.inner_text("#coverage")
    assert "基础研究特区" in coverage
    assert "复旦大学、上海交通大学、中科院上海分院等作为首批试点单位" in coverage  # the quote

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer.png"))

    # from the coverage list to the pilot, which lists the units it covers
    page.click("#coverage button[data-id=pilot-basic-research-zone]")
    page.wait_for_selector("#detail[data-id=pilot-basic-research-zone]")
    assert page.inner_text("#detail h2") == "基础研究特区"
    assert {"复旦大学", "上海交通大学"} <= set(page.locator("#coverage li button")
                                                .all_inner_texts())

    assert visit.errors == []
    assert all(url.startswith(server.url) for url in visit.requests), visit.requests


def test_focus_link_depth_and_relation_filter(server: Server, visit: Visit) -> None:
    page = visit.page
    page.goto(f"{server.url}/?focus=揭榜挂帅")
    page.wait_for_selector("#graph[data-status=drawn]")
    assert page.inner_text("#detail h2") == "揭榜挂帅"
    one = _node_count(page)

    page.select_option("#depth", "2")
    page.wait_for_function(f"() => window.govkgExplorer.state.cy.nodes().length > {one}")
    page.wait_for_selector("#graph[data-status=drawn]")
    assert "depth=2" in page.url

    page.click("#relation-filter summary")
    page.uncheck("#relations input[value=HAS_FIGURE]")
    page.wait_for_function("() => window.govkgExplorer.state.cy.edges().length > 0 && "
                           "window.govkgExplorer.state.cy.edges('[type = \"HAS_FIGURE\"]')"
                           ".length === 0")
    types = page.evaluate("() => window.govkgExplorer.state.cy.nodes()"
                          ".map(n => n.data('type'))")
    assert "Figure" not in types
    assert visit.errors == []


def test_as_of_date_filters_coverage(server: Server, visit: Visit) -> None:
    """联影集团 is covered by 探索者计划 since 2021; as of 2000 it is not, and the node
    stays selected while the network is redrawn for the date."""
    page = visit.page
    page.goto(f"{server.url}/?focus=探索者计划")
    page.wait_for_selector("#graph[data-status=drawn]")
    _click_node(page, "inst-united-imaging")
    page.wait_for_selector("#detail[data-id=inst-united-imaging] #coverage li")
    assert "探索者计划" in page.inner_text("#coverage")
    page.fill("#as-of", "2000-01-01")
    page.dispatch_event("#as-of", "change")
    page.wait_for_function("() => document.querySelector('#status').textContent"
                           ".includes('2000-01-01')")
    page.wait_for_selector("#detail[data-id=inst-united-imaging] #coverage p")
    assert "no pilot covers this unit" in page.inner_text("#coverage")
    assert "as_of=2000-01-01" in page.url
    assert visit.errors == []


def test_unknown_focus_says_so(server: Server, visit: Visit) -> None:
    page = visit.page
    page.goto(f"{server.url}/?focus=复旦大学附属不存在医院")
    page.wait_for_selector("#graph[data-status=error]")
    assert "no entity named" in page.inner_text("#status")
