"""`govkg viz`: a PNG of a neighbourhood whose Chinese labels are drawn in a CJK font.

`make test` installs a CJK font (fonts-wqy-zenhei, the `browser` target), so a missing font
is a failure here, not a skip: without it the labels would be English or boxes. The glyph
check is tried on fonts that cannot draw Chinese (DejaVu Sans, matplotlib's "Last Resort"
placeholder font) to show that it fails on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib import font_manager
from PIL import Image
from typer.testing import CliRunner

from govkg.cli import app as cli
from govkg.errors import InputError
from govkg.network import drawing, fonts
from govkg.network.drawing import draw_neighbourhood, draw_network, labels_of
from govkg.network.fonts import INSTALL_HINT, FontFile, cjk_font, glyph_problems, latin_font
from govkg.service import GovernanceService
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
LAST_RESORT = next(Path(e.fname) for e in font_manager.fontManager.ttflist
                   if e.name.startswith("Last Resort"))
"""matplotlib's bundled placeholder font: every Chinese character is the same box."""


def _ink(path: Path) -> int:
    """Pixels that are not white: a blank picture has none."""
    with Image.open(path) as image:
        return sum(image.convert("L").histogram()[:200])


def test_png_labels_are_drawn_in_a_font_file_that_has_their_glyphs(
        corpus_kg: GovernanceService) -> None:
    graph = corpus_kg.neighbourhood("揭榜挂帅", 2)
    text = "".join(labels_of(graph, chinese=True).values())
    font = cjk_font(text)
    assert font is not None, f"no font draws the labels' Chinese: {INSTALL_HINT}"
    ARTIFACTS.mkdir(exist_ok=True)
    output = ARTIFACTS / "viz-jiebang-guashuai.png"
    report = draw_neighbourhood(graph, output)
    assert report.font_file == font.path
    assert report.chinese_labels
    assert report.missing_glyphs == []
    assert report.warnings == []
    assert report.nodes >= 5
    # every character drawn, checked in the file that drew it: none is the missing-glyph box
    assert glyph_problems(report.font_file, text) == []
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
    with Image.open(output) as image:
        assert image.format == "PNG"
        assert image.size == (1680, 1200)
    assert _ink(output) > 10_000


def test_a_figure_node_shows_its_value(corpus_kg: GovernanceService) -> None:
    # the figures count the 2021 round of 揭榜挂帅, not the mechanism in general
    labels = labels_of(corpus_kg.neighbourhood("round-jbgs-sh-2021", 1), chinese=True)
    figures = [label for node, label in labels.items() if node.startswith("fig-")]
    assert figures and all(any(ch.isdigit() for ch in label) for label in figures)


@pytest.mark.parametrize("font_path", [latin_font().path, LAST_RESORT],
                         ids=["DejaVu Sans", "Last Resort"])
def test_the_glyph_check_fails_on_fonts_that_cannot_draw_chinese(font_path: Path) -> None:
    problems = glyph_problems(font_path, "复旦大学 Fudan")
    assert set("复旦大学") <= {p[0] for p in problems}  # Last Resort's Latin is boxes too
    assert cjk_font("复旦大学", candidates=[FontFile("forced", font_path)]) is None


def test_a_latin_font_forced_on_chinese_labels_is_reported(
        corpus_kg: GovernanceService, tmp_path: Path) -> None:
    graph = corpus_kg.neighbourhood("揭榜挂帅", 1)
    report = draw_network(graph, tmp_path / "boxes.png", title="揭榜挂帅",
                          font=latin_font())
    assert report.chinese_labels
    assert any("missing from font" in p for p in report.missing_glyphs)
    assert any(p.startswith("揭 (U+63ED): no glyph") for p in report.missing_glyphs)


def test_with_only_latin_or_placeholder_fonts_labels_are_english_with_a_warning(
    corpus_kg: GovernanceService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on a machine whose only fonts are matplotlib's own: never boxes reported as
    success."""
    only = [latin_font(), FontFile("Last Resort High-Efficiency", LAST_RESORT)]
    monkeypatch.setattr(drawing, "cjk_font", lambda text: fonts.cjk_font(text, only))
    report = draw_neighbourhood(corpus_kg.neighbourhood("揭榜挂帅", 1), tmp_path / "english.png")
    assert report.font == "DejaVu Sans"
    assert not report.chinese_labels
    assert report.missing_glyphs == []
    assert len(report.warnings) == 1
    assert "labels are English" in report.warnings[0]
    assert INSTALL_HINT in report.warnings[0]


def test_a_stale_matplotlib_font_list_does_not_hide_an_installed_font(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """matplotlib's cached font list made before the CJK font was installed (it lists only
    the bundled fonts, and a file since removed): the choice still finds the font."""
    found = cjk_font()
    assert found is not None, INSTALL_HINT
    manager = font_manager.fontManager
    stale = [e for e in manager.ttflist if e.fname != str(found.path)]
    gone = font_manager.FontEntry(fname="/nonexistent/removed-cjk.ttf", name="Noto Sans CJK SC")
    monkeypatch.setattr(manager, "ttflist", [gone, *stale])
    again = cjk_font()
    assert again is not None and again.path == found.path


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
    assert unknown.exit_code == 4  # not found
    assert "no entity named" in unknown.output
