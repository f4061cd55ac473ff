"""The YAML reader: records out, or an error naming the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from govkg.errors import InputError
from govkg.loaders.inputs import read_inputs
from govkg.loaders.yaml import load_yaml_file, parse_yaml_text
from govkg.records import check_partial_date

from .conftest import DATA, FIXTURES


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_yaml_text(text, origin="bad.yaml")
    return info.value


def _all_text(error: InputError) -> str:
    return "\n".join([error.message, *(error.details or [])])


def test_mini_fixture_parses_with_source_defaults() -> None:
    batch = load_yaml_file(FIXTURES / "mini.yaml")
    ids = {e.id for e in batch.entities}
    assert {"src-mini", "inst-fudan", "pilot-zone"} <= ids
    fudan = next(e for e in batch.entities if e.id == "inst-fudan")
    assert fudan.provenance is not None and fudan.provenance.source == "src-mini"
    covers = next(r for r in batch.relations if r.target_id == "inst-fudan")
    assert covers.since == "2021" and covers.batch == 1   # YAML int 2021 kept as text
    assert batch.where("inst-fudan").endswith("mini.yaml:10")


def test_malformed_yaml_names_file_and_line() -> None:
    error = _error("entities:\n  - id: a\n    name: [unclosed\n")
    assert error.message.startswith("bad.yaml:")
    assert "malformed YAML" in error.message


def test_empty_file_is_refused() -> None:
    assert "empty" in _error("").message
    assert "empty" in _error("# only a comment\n").message


def test_unknown_field_names_line_and_field() -> None:
    text = "entities:\n  - id: inst-a\n    type: Institution\n    name: 甲\n    colour: red\n"
    text_all = _all_text(_error(text))
    assert "bad.yaml:2" in text_all and "colour" in text_all


def test_unknown_top_level_key() -> None:
    assert "nodes" in _error("nodes: []\n").message


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13", "21-01-01", "2021/01/01", "二〇二一"])
def test_impossible_or_malformed_dates(value: str) -> None:
    text = ("entities:\n  - {id: pol-a, type: Policy, name: 甲办法, "
            f"issued: '{value}'}}\n")
    text_all = _all_text(_error(text))
    assert "bad.yaml:2" in text_all and "issued" in text_all


@pytest.mark.parametrize("value", ["2021", "2021-03", "2021-03-01", "2020-02-29"])
def test_partial_dates_stay_partial(value: str) -> None:
    assert check_partial_date(value) == value


def test_bad_id_shape_is_refused() -> None:
    text_all = _all_text(_error("entities:\n  - {id: 'Bad Id', type: Region, name: 甲}\n"))
    assert "id" in text_all and "lower-case" in text_all


def test_quote_must_be_verbatim_from_source_file(tmp_path: Path) -> None:
    (tmp_path / "text.txt").write_text("复旦大学作为首批试点单位。", encoding="utf-8")
    good = ("source: {id: src-t, name: 文本, file: text.txt}\n"
            "entities:\n  - {id: inst-f, type: Institution, name: 复旦大学, kind: university,\n"
            "     provenance: {quote: 复旦大学作为首批试点单位}}\n")
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    assert len(load_yaml_file(tmp_path / "good.yaml").entities) == 2
    bad = good.replace("复旦大学作为首批试点单位}", "复旦大学是唯一的试点单位}")
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_yaml_file(tmp_path / "bad.yaml")
    assert "bad.yaml:3" in _all_text(info.value) and "not in the source text" in _all_text(
        info.value)


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("entities:\n  - {id: a, type: Region, name: 上海}\n".encode("gbk"))
    with pytest.raises(InputError, match=r"gbk\.yaml:2: not UTF-8"):
        load_yaml_file(path)


def test_directory_reads_every_yaml_in_order() -> None:
    batch = read_inputs([DATA])
    assert "background.yaml" in batch.origin and "shanghai-2021-ch5.yaml" in batch.origin


def test_missing_path_and_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_inputs([tmp_path / "nope.yaml"])
    other = tmp_path / "x.csv"
    other.write_text("a,b\n")
    with pytest.raises(InputError, match="unknown input kind"):
        read_inputs([other])


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_libyaml_reads_what_the_pure_python_reader_reads(path: Path) -> None:
    """Texts without `*` are read by libyaml's parser (govkg.loaders.yaml._FastLineLoader):
    the same values and the same record lines as the pure-Python reader."""
    import yaml

    from govkg.loaders import yaml as reader

    text = path.read_text(encoding="utf-8")
    slow = yaml.load(text, Loader=reader._LineLoader)
    fast = yaml.load(text, Loader=reader._FastLineLoader)
    assert reader._FastLineLoader.__mro__[1] is yaml.CSafeLoader
    assert fast == slow and fast["__line__"] >= 1


def test_libyaml_errors_name_the_same_line() -> None:
    text = "entities:\n  - id: a\n    name: [unclosed\nrelations: []\n"
    assert "*" not in text
    assert _error(text).message.startswith("bad.yaml:4: malformed YAML")
