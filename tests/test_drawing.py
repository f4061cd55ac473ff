"""`govkg viz`: a PNG of a neighbourhood whose Chinese labels are drawn in a CJK font.

`make test` installs a CJK font (fonts-wqy-zenhei, the `browser` target), so a missing font
is a failure here, not a skip: without it the labels would be English or empty boxes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from govkg.cli import app as cli
from govkg.errors import InputError
from govkg.network import drawing
from govkg.network.drawing import LATIN_FAMILY, draw_neighbourhood, draw_network
from govkg.network.fonts import INSTALL_HINT, cjk_font
from govkg.service import GovernanceService
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"


def _ink(path: Path) -> int:
    """Pixels that are not white: a blank picture has none."""
    with Image.open(path) as image:
        return sum(image.convert("L").histogram()[:200])


def test_png_labels_are_drawn_in_the_cjk_font(corpus_kg: GovernanceService) -> None:
    family = cjk_font()
    assert family is not None, f"no font with Chinese glyphs: {INSTALL_HINT}"
    ARTIFACTS.mkdir(exist_ok=True)
    output = ARTIFACTS / "viz-jiebang-guashuai.png"
    report = draw_neighbourhood(corpus_kg.neighbourhood("揭榜挂帅", 2), output)
    assert report.font == family
    assert report.chinese_labels
    assert report.missing_glyphs == []
    assert report.warnings == []
    assert report.nodes >= 5
    with Image.open(output) as image:
        assert image.format == "PNG"
        assert image.size == (1680, 1200)
    assert _ink(output) > 10_000


def test_missing_glyphs_are_caught(corpus_kg: GovernanceService, tmp_path: Path) -> None:
    """What the test above rules out does happen with a Latin font: the report sees it."""
    graph = corpus_kg.neighbourhood("揭榜挂帅", 1)
    report = draw_network(graph, tmp_path / "boxes.png", title="揭榜挂帅",
                          cjk_family=LATIN_FAMILY)
    assert report.missing_glyphs
    assert "missing from font" in report.missing_glyphs[0]


def test_without_a_cjk_font_labels_fall_back_to_english(
    corpus_kg: GovernanceService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drawing, "cjk_font", lambda: None)  # as on a machine without one
    report = draw_neighbourhood(corpus_kg.neighbourhood("揭榜挂帅", 1), tmp_path / "english.png")
    assert report.font == LATIN_FAMILY
    assert not report.chinese_labels
    assert report.missing_glyphs == []
    assert len(report.warnings) == 1
    assert "labels are English" in report.warnings[0]
    assert INSTALL_HINT in report.warnings[0]


def test_output_must_be_a_png(corpus_kg: GovernanceService, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.png"):
        draw_neighbourhood(corpus_kg.neighbourhood("揭榜挂帅", 1), tmp_path / "net.jpg")
    assert not (tmp_path / "net.jpg").exists()


def test_cli_viz(corpus_kg: GovernanceService, falkordb_server, tmp_path: Path) -> None:
    env = {"GOVKG_STORE": f"unix://{falkordb_server.socket_path}",
           "GOVKG_GRAPH": corpus_kg.store.graph_name}
    output = tmp_path / "net.png"
    result = CliRunner().invoke(cli, ["viz", "--focus", "揭榜挂帅", "-o", str(output)], env=env)
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 10_000
    assert "drew" in result.output and "warning" not in result.output
    unknown = CliRunner().invoke(cli, ["viz", "--focus", "不存在的机构", "-o", str(output)],
                                 env=env)
    assert unknown.exit_code == 1
    assert "no entity named" in unknown.output
