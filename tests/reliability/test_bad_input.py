"""Bad input through `govkg load`, end to end: a clear message naming the file and line or
field, exit code 1, no traceback, and the graph unchanged (counts and content checksum)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ..conftest import FIXTURES
from .conftest import Cli, flat

INST = "{id: inst-x, type: Institution, name: 甲, kind: university"
GBK_HEAD = "entities:\n  - {id: inst-x, type: Institution, name: "
HUGE_BYTES = (16 << 20) + 1
"""One byte over the default GOVKG_MAX_INPUT_BYTES."""


@dataclass(frozen=True)
class Bad:
    """Files to load (name → content) and what the error message must say."""

    name: str
    files: dict[str, bytes]
    says: tuple[str, ...]


def _yaml(text: str) -> bytes:
    return text.encode("utf-8")


def _alias_bomb() -> bytes:
    """Nested YAML aliases: 1.5 kB that expand to 10^7 strings once copied."""
    lines = ["entities:", f"  - {INST}, aliases: &l0 [x, x, x, x, x, x, x, x, x, x]}}"]
    for level in range(1, 8):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"  - {{id: inst-{level}, type: Institution, name: 乙{level}, "
                     f"kind: university, aliases: &l{level} [{refs}]}}")
    return _yaml("\n".join(lines) + "\n")


CASES = [
    Bad("malformed-yaml", {"bad.yaml": _yaml(f"entities:\n  - {INST}\nrelations: []\n")},
        ("bad.yaml:3", "malformed YAML")),
    Bad("not-a-mapping", {"bad.yaml": _yaml("- just\n- a list\n")},
        ("bad.yaml:1", "expected a mapping")),
    Bad("unknown-class",
        {"bad.yaml": _yaml("entities:\n  - {id: inst-x, type: Spaceship, name: 甲}\n")},
        ("bad.yaml:2", "unknown class 'Spaceship'")),
    Bad("unknown-relation",
        {"bad.yaml": _yaml("relations:\n  - {type: FOUNDED, from: inst-cas, to: inst-fudan}\n")},
        ("bad.yaml:2", "unknown relation 'FOUNDED'")),
    Bad("unknown-field", {"bad.yaml": _yaml(f"entities:\n  - {INST}, colour: red}}\n")},
        ("bad.yaml:2", "colour", "Extra inputs are not permitted")),
    Bad("value-outside-shapes",
        {"bad.yaml": _yaml("entities:\n  - {id: inst-x, type: Institution, name: 甲, "
                           "kind: spaceship}\n")},
        ("bad.yaml:2", "kind", "spaceship")),
    Bad("missing-entity",
        {"bad.yaml": _yaml("relations:\n  - {type: PART_OF, from: inst-fudan, to: inst-ghost}\n")},
        ("bad.yaml:2", "PART_OF.to", "no entity 'inst-ghost'")),
    Bad("relation-range",
        {"bad.yaml": _yaml("relations:\n  - {type: COVERS, from: inst-fudan, to: pilot-zone}\n")},
        ("bad.yaml:2", "COVERS cannot go from a Institution to a Pilot")),
    Bad("invalid-date", {"bad.yaml": _yaml(f"entities:\n  - {INST}}}\n  - {{id: pol-x, "
                                           "type: Policy, name: 乙, issued: 2021-13-01}\n")},
        ("bad.yaml:3", "issued", "'2021-13-01' is not a real date")),
    Bad("impossible-date",
        {"bad.yaml": _yaml("entities:\n  - {id: pol-x, type: Policy, name: 乙, "
                           "effective: 2021-02-30}\n")},
        ("bad.yaml:2", "effective", "'2021-02-30' is not a real date")),
    Bad("impossible-date-on-relation",
        {"bad.yaml": _yaml("relations:\n  - {type: COVERS, from: pilot-zone, to: inst-lonely, "
                           "since: '2021-02-29'}\n")},
        ("bad.yaml:2", "since", "'2021-02-29' is not a real date")),
    Bad("not-a-date",
        {"bad.yaml": _yaml("entities:\n  - {id: pol-x, type: Policy, name: 乙, "
                           "issued: 2021/03/01}\n")},
        ("bad.yaml:2", "issued", "is not an ISO date")),
    Bad("duplicate-id-conflict",
        {"a.yaml": _yaml(f"entities:\n  - {INST}}}\n"),
         "b.yaml": _yaml(f"# b\nentities:\n  - {INST.replace('甲', '乙')}}}\n")},
        ("a.yaml:2 and", "b.yaml:3", "duplicate id 'inst-x' with conflicting facts",
         "fields name differ")),
    Bad("huge-file", {"huge.yaml": b"# padding\n" * (HUGE_BYTES // 10 + 1)},
        ("huge.yaml", f"{HUGE_BYTES // 10 * 10 + 10} bytes", "GOVKG_MAX_INPUT_BYTES")),
    Bad("alias-bomb", {"bomb.yaml": _alias_bomb()},
        ("bomb.yaml:3", "aliases (*name) are not allowed")),
    Bad("gbk-encoding", {"gbk.yaml": f"{GBK_HEAD}甲, kind: university}}\n".encode("gbk")},
        ("gbk.yaml:2", f"not UTF-8 text (byte {len(GBK_HEAD)})", "iconv")),
    Bad("empty-file", {"empty.yaml": b""}, ("empty.yaml", "empty file")),
    Bad("comments-only", {"empty.yaml": b"# nothing yet\n\n"}, ("empty.yaml", "empty file")),
    Bad("no-records", {"empty.yaml": _yaml("entities: []\nrelations: []\n")},
        ("empty.yaml", "no records")),
    Bad("nul-character", {"bad.yaml": _yaml('entities:\n  - {id: inst-x, type: Institution, '
                                            'name: "a\\0b", kind: university}\n')},
        ("bad.yaml:2", "inst-x: name contains a NUL character")),
    Bad("integer-beyond-64-bits",
        {"bad.yaml": _yaml("entities:\n  - {id: fig-x, type: Figure, name: 甲, measure: m, "
                           "unit: 个, value: 100000000000000000000000}\n")},
        ("bad.yaml:2", "fig-x: value", "does not fit a 64-bit integer")),
    Bad("good-file-with-bad-file",
        {"good.yaml": _yaml("entities:\n  - {id: inst-good, type: Institution, name: 好, "
                            "kind: university}\n"),
         "bad.yaml": _yaml("relations:\n  - {type: PART_OF, from: inst-good, to: inst-ghost}\n")},
        ("bad.yaml:2", "no entity 'inst-ghost'")),
]


@pytest.fixture
def loaded(cli: Cli) -> Cli:
    """A graph that already holds tests/fixtures/mini.yaml, so 'unchanged' means something."""
    result = cli("load", FIXTURES / "mini.yaml")
    assert result.exit_code == 0, result.output
    return cli


def _refused(cli: Cli, *args: str | Path) -> str:
    before = cli.state()
    result = cli("load", *args)
    assert result.exit_code == 3, result.output  # bad input
    assert isinstance(result.exception, SystemExit), "a crash, not a refusal"
    assert "Traceback" not in result.output
    assert cli.state() == before, "a refused load changed the graph"
    return flat(result.stderr)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_and_changes_nothing(loaded: Cli, tmp_path: Path, case: Bad) -> None:
    paths = []
    for name, content in case.files.items():
        path = tmp_path / name
        path.write_bytes(content)
        paths.append(path)
    message = _refused(loaded, *paths)
    for text in case.says:
        assert text in message, message
    assert str(tmp_path) in message, "the message must name the file"


def test_empty_directory_and_missing_file(loaded: Cli, tmp_path: Path) -> None:
    assert "no .yaml or .yml files" in _refused(loaded, tmp_path)
    assert "no such file" in _refused(loaded, tmp_path / "nope.yaml")


def test_smaller_input_limit_from_the_setting(loaded: Cli) -> None:
    size = (FIXTURES / "mini.yaml").stat().st_size
    result = loaded("load", FIXTURES / "mini.yaml",
                    extra_env={"GOVKG_MAX_INPUT_BYTES": str(size - 1)})
    assert result.exit_code == 3 and "GOVKG_MAX_INPUT_BYTES" in flat(result.stderr)


def test_empty_graph_stays_empty(cli: Cli, tmp_path: Path) -> None:
    """The bulk path for a fresh graph is guarded too."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("relations:\n  - {type: PART_OF, from: inst-x, to: inst-y}\n", encoding="utf-8")
    before = cli.state()
    assert before.nodes == 0
    assert "no entity 'inst-x'" in _refused(cli, FIXTURES / "mini.yaml", bad)
    assert cli.state() == before


POLICY_TEXT = FIXTURES / "extraction" / "sh-basic-research-opinions.txt"


def _candidates(path: Path) -> list[tuple[str, str]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return sorted((e["type"], e["name"]) for e in document["entities"])


def test_extract_reads_gbk_like_utf8(loaded: Cli, tmp_path: Path) -> None:
    """GBK is how many government sites still publish: decoded, said so, same candidates."""
    text = POLICY_TEXT.read_text(encoding="utf-8")
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "gbk.txt").write_bytes(text.encode("gbk"))
    before = loaded.state()
    for name in ("utf8", "gbk"):
        result = loaded("extract", tmp_path / f"{name}.txt", "-o", tmp_path / f"{name}.yaml")
        assert result.exit_code == 0, result.output
    assert "gb18030" in flat(loaded("extract", tmp_path / "gbk.txt", "-o",
                                    tmp_path / "again.yaml").output)
    assert _candidates(tmp_path / "gbk.yaml") == _candidates(tmp_path / "utf8.yaml")
    assert loaded.state() == before


@pytest.mark.parametrize(("content", "says"), [
    ("Politique de la recherche fondamentale à Shanghai".encode("latin-1"),
     "neither UTF-8 nor GBK/GB18030 text"),
    ("Politique de la recherche fondamentale, équipe".encode("latin-1"),
     "its GB18030 reading is not Chinese text"),
    (b"abc\x00\x01\x02", "binary file"),
    (b"", "empty text"),
    (b"  \n\n ", "empty text"),
], ids=["latin-1", "latin-1-that-decodes-as-gb18030", "binary", "empty", "blank"])
def test_extract_refuses_what_it_cannot_read(loaded: Cli, tmp_path: Path, content: bytes,
                                             says: str) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(content)
    before = loaded.state()
    result = loaded("extract", path, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 3 and isinstance(result.exception, SystemExit), result.output
    message = flat(result.stderr)
    assert str(path) in message and says in message, message
    assert not (tmp_path / "out.yaml").exists()
    assert loaded.state() == before
