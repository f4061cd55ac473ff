"""Where the bundled corpus is: inside the installed package, or in a source checkout's data/.

The wheel carries the repository's data/ folder as govkg/data (pyproject.toml,
`force-include`), so `govkg load --bundled` needs no checkout; an editable install or a
source tree reads data/ itself.
"""

from __future__ import annotations

from pathlib import Path

from govkg.errors import InputError

PACKAGED = Path(__file__).resolve().parent / "data"
"""The corpus inside an installed wheel."""
CHECKOUT = Path(__file__).resolve().parents[1] / "data"
"""The corpus of a source checkout (editable install)."""
MARKER = "shanghai-2021-ch5.yaml"
"""A file every copy of the corpus has: tells the corpus from another folder named data."""


def bundled_corpus() -> Path:
    """The folder `govkg load --bundled` loads: the chapter's records, the background facts
    and the 45 laws (data/corpus/laws)."""
    for folder in (PACKAGED, CHECKOUT):
        if (folder / MARKER).is_file():
            return folder
    raise InputError("this installation of govkg has no bundled corpus (neither "
                     f"{PACKAGED} nor {CHECKOUT}); reinstall govkg from its wheel or load "
                     "your own files with `govkg load PATH`")


__all__ = ["bundled_corpus"]
