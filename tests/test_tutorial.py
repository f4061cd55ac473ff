"""docs/tutorial.md runs end to end as a notebook (jupytext + nbclient), so it cannot rot."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"


@pytest.mark.e2e
def test_tutorial_notebook_runs(tmp_path: Path) -> None:
    notebook = jupytext.read(TUTORIAL)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code"
               for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", ""))
                     for o in outputs)
    assert "基础研究特区" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the drawing is shown"
