"""The commands: govkg extract (file, directory, GBK), extract-eval, and load's argument check."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from govkg.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "extraction"
GOLD = ROOT / "tests" / "fixtures" / "gold"
LAWS = ROOT / "data" / "corpus" / "laws"
runner = CliRunner()


def _said(output: str) -> str:
    """Console output without rich's line wrapping."""
    return "".join(output.split())


def test_extract_one_gbk_file_without_a_graph(tmp_path: Path) -> None:
    text = (FIXTURES / "sh-basic-research-opinions.txt").read_text(encoding="utf-8")
    source = tmp_path / "opinions-gbk.txt"
    source.write_bytes(text.encode("gbk"))
    output = tmp_path / "candidates.yaml"
    result = runner.invoke(app, ["extract", str(source), "-o", str(output), "--no-link"])
    assert result.exit_code == 0, result.output
    written = output.read_text(encoding="utf-8")
    assert "gb18030, not UTF-8" in written
    document = yaml.safe_load(written)
    assert "file" not in document["source"]
    names = {e["name"] for e in document["entities"]}
    title = "上海市人民政府关于加快推动基础研究高质量发展的若干意见"
    assert {title, "复旦大学", "探索者计划"} <= names


def test_extract_a_directory_needs_an_output_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(FIXTURES), "-o", str(tmp_path / "x.yaml"),
                                 "--no-link"])
    assert result.exit_code == 3
    assert "outputdirectory" in _said(result.output)
    result = runner.invoke(app, ["extract", str(FIXTURES), "-o", str(tmp_path / "out"),
                                 "--no-link"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.candidates.yaml"))) == len(
        list(FIXTURES.glob("*.txt")))


def test_extract_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), "-o",
                                 str(tmp_path / "c.yaml"), "--no-link"])
    assert result.exit_code == 3
    assert "nope.txt:nosuchfile" in _said(result.output)


def test_extract_eval_writes_the_figures(tmp_path: Path) -> None:
    output = tmp_path / "extraction.json"
    result = runner.invoke(app, ["extract-eval", "--fixtures", str(GOLD), "--split", "dev",
                                 "-o", str(output), "--no-speed"])
    assert result.exit_code == 0, result.output
    figures = json.loads(output.read_text(encoding="utf-8"))
    assert set(figures["splits"]) == {"all", "dev"}
    dev = figures["splits"]["dev"]
    assert dev["policies"]["gold"] > 50 and len(dev["texts"]) == 9
    for category in ("policies", "institutions", "roles", "programmes", "mechanisms", "dates",
                     "figures"):
        assert {"precision", "recall", "missed", "spurious"} <= set(dev[category])


def test_extract_eval_of_an_unknown_split_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract-eval", "--fixtures", str(GOLD), "--split", "nope",
                                 "-o", str(tmp_path / "e.json"), "--no-speed"])
    assert result.exit_code == 3  # bad input
    assert "split'nope'" in _said(result.output)


def test_extract_a_directory_writes_a_summary(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in ("浙江-宁波市科技创新促进条例-2011-04-11.md", "北京-北京市科学技术普及条例.md"):
        (texts / name).write_text((LAWS / name).read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(texts), "-o", str(tmp_path / "out"),
                                 "--no-link"])
    assert result.exit_code == 0, result.output
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    rows = [line for line in summary.splitlines() if line.startswith("| ") and ".md" in line]
    assert len(rows) == 2
    assert "(浙江-宁波市科技创新促进条例-2011-04-11.candidates.yaml)" in summary
    assert "2texts" in _said(result.output)


def test_load_without_inputs_is_refused() -> None:
    result = runner.invoke(app, ["load"])
    assert result.exit_code == 3
    assert "--ror" in _said(result.output)
