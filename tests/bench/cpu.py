"""CPU time spent by each part of a local stack (deploy/stack.py) over a benchmark step.

Requests per second depend on what else the machine is doing (here, the client itself takes a
good share of the two cores); CPU seconds per request do not. Read from /proc: each process's own
time plus what it reaped from its finished children (a PostgreSQL backend that exits is counted by
the postmaster), over the process trees rooted at the stack's pid files.
"""
from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and its reaped children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # after the command's closing parenthesis: state, ppid, ... then utime, stime, cutime, cstime at 11 to 14
    return int(fields[1]), sum(int(value) for value in fields[11:15]) / TICKS


def _tree_seconds(roots: set[int]) -> float:
    stats = {int(p): s for p in os.listdir("/proc") if p.isdigit() and (s := _stat(int(p)))}
    members, grown = set(roots) & stats.keys(), True
    while grown:
        children = {pid for pid, (parent, _cpu) in stats.items() if parent in members} - members
        grown = bool(children)
        members |= children
    return sum(stats[pid][1] for pid in members)


def _pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


class StackCpu:
    """CPU seconds by part: the web instances, PostgreSQL, Redis, the task worker, and this client."""

    def __init__(self, stack_dir: Path):
        run = stack_dir / "run"
        self.roots = {
            "web": {pid for path in sorted(run.glob("web*.pid")) if (pid := _pid(path))},
            "PostgreSQL": {pid for pid in [_pid(stack_dir / "pg" / "data" / "postmaster.pid")] if pid},
            "Redis": {pid for pid in [_pid(run / "redis.pid")] if pid},
            "worker": {pid for pid in [_pid(run / "worker.pid")] if pid},
        }

    def read(self) -> dict[str, float]:
        times = os.times()
        return {**{part: _tree_seconds(roots) for part, roots in self.roots.items()}, "client": times.user + times.system}

    @staticmethod
    def spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
        return {part: after[part] - before[part] for part in before}
