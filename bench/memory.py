"""Peak resident memory of processes (Linux /proc; the bench runs on the project's machines)."""

from __future__ import annotations

import resource
from pathlib import Path

MIB = 1024 * 1024


def _status_mib(pid: int, field: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def peak_rss_mib(pid: int) -> float | None:
    """VmHWM (peak resident set) of a live process, in MiB, or None if unreadable."""
    return _status_mib(pid, "VmHWM:")


def rss_mib(pid: int) -> float | None:
    """VmRSS (resident set now) of a live process, in MiB: the store's peak includes the
    loads and the baselines' graphs, its resident set while serving does not."""
    return _status_mib(pid, "VmRSS:")


def reset_peak(pid: int) -> bool:
    """Start `pid`'s VmHWM again from its resident set now (Linux ≥ 4.0: clear_refs 5), so
    that a later peak_rss_mib is the peak of what ran in between; False where not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def own_peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
