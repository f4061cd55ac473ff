"""`make bench` / `python -m bench`: the benchmark run, its summary table on the terminal."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from bench.config import SMOKE, BenchConfig
from bench.report import summary_table
from bench.run import run_bench


def run_from_cli(rels: list[int] | None, output: Path, smoke: bool) -> None:
    """Run the bench with the given sizes (relations) and write its figures to `output`."""
    err = Console(stderr=True)
    config = replace(SMOKE if smoke else BenchConfig(), output=output)
    if rels:
        config = replace(config, sizes=tuple(rels))
    results = run_bench(config, log=lambda line: err.print(line, highlight=False))
    Console().print(summary_table(results))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rels", type=int, action="append",
                        help="graph size in relations (repeat; default 100000 and 1000000)")
    parser.add_argument("--output", "-o", type=Path, default=Path("bench/results.json"))
    parser.add_argument("--smoke", action="store_true",
                        help="a tiny run that only proves the bench works")
    args = parser.parse_args()
    run_from_cli(args.rels, args.output, args.smoke)


if __name__ == "__main__":
    main()
