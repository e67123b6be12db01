"""Benchmarks behind `gongjian bench [all|<name>]` (the command: management/commands/bench.py; the
app is installed only so that Django finds it).

Each area adds a module here (``gongjian/bench/<name>.py``) with a function decorated
``@benchmark("<name>")`` taking a `Report` and the command's options; the command finds the modules
itself. Every figure is printed beside the floor measured in the same run on the same database
(the same work done the barest way: a raw executemany, one indexed SELECT), with their ratio.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

BENCHMARKS: dict[str, Callable] = {}


def benchmark(name: str):
    def register(fn: Callable) -> Callable:
        BENCHMARKS[name] = fn
        return fn

    return register


def discover() -> dict[str, Callable]:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_") and not module.ispkg and module.name != "apps":
            importlib.import_module(f"{__name__}.{module.name}")
    return BENCHMARKS


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latencies_ms(fn: Callable, args_list: list) -> list[float]:
    out = []
    for args in args_list:
        started = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - started) * 1000)
    return out


class Stopwatch:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Row:
    operation: str
    size: str
    database: str
    result: str
    floor: str = ""
    ratio: str = ""
    target: str = ""
    values: dict = field(default_factory=dict)


@dataclass
class Report:
    name: str
    database: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    echo: Callable[[str], None] | None = None  # told each row as it is measured (long runs)

    def _add(self, row: Row) -> Row:
        self.rows.append(row)
        if self.echo:
            self.echo(f"{row.operation} [{row.size}]: {row.result}" + (f" — floor {row.floor}, {row.ratio}"
                                                                         if row.floor else ""))
        return row

    def latency(self, operation: str, size: str, samples: list[float], floor: list[float] | None = None,
                target: str = "") -> Row:
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        row = Row(operation, size, self.database, f"p50 {p50:.1f} ms / p95 {p95:.1f} ms", target=target,
                  values={"p50_ms": p50, "p95_ms": p95, "n": len(samples)})
        if floor:
            f50, f95 = percentile(floor, 50), percentile(floor, 95)
            row.floor = f"p50 {f50:.2f} ms / p95 {f95:.2f} ms"
            row.ratio = f"{p95 / f95:.0f}× (p95)" if f95 else ""
            row.values.update(floor_p50_ms=f50, floor_p95_ms=f95)
        return self._add(row)

    def throughput(self, operation: str, size: str, rows: int, seconds: float, floor_rows: int = 0,
                   floor_seconds: float = 0.0, target: str = "", extra: str = "") -> Row:
        rate = rows / seconds if seconds else float("inf")
        row = Row(operation, size, self.database, f"{rate:,.0f} rows/s ({seconds:.1f} s){extra}", target=target,
                  values={"rows": rows, "seconds": seconds, "rows_per_s": rate})
        if floor_rows and floor_seconds:
            floor_rate = floor_rows / floor_seconds
            row.floor = f"{floor_rate:,.0f} rows/s"
            row.ratio = f"{rate / floor_rate:.2f} of floor"
            row.values.update(floor_rows_per_s=floor_rate)
        return self._add(row)

    def duration(self, operation: str, size: str, seconds: float, floor_seconds: float = 0.0, target: str = "",
                 extra: str = "") -> Row:
        row = Row(operation, size, self.database, f"{seconds:.1f} s{extra}", target=target,
                  values={"seconds": seconds})
        if floor_seconds:
            row.floor = f"{floor_seconds:.2f} s"
            row.ratio = f"{seconds / floor_seconds:.1f}×"
            row.values.update(floor_seconds=floor_seconds)
        return self._add(row)

    def figure(self, operation: str, size: str, result: str, target: str = "", **values) -> Row:
        row = Row(operation, size, self.database, result, target=target, values=values)
        return self._add(row)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def table(self) -> str:
        headers = ["operation", "size", "database", "result", "floor (same run)", "ratio", "target"]
        cells = [[r.operation, r.size, r.database, r.result, r.floor, r.ratio, r.target] for r in self.rows]
        widths = [max(_width(h), *(_width(c[i]) for c in cells)) if cells else _width(h)
                  for i, h in enumerate(headers)]
        lines = [" | ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)),
                 "-+-".join("-" * w for w in widths)]
        lines += [" | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in cells]
        lines += [f"* {n}" for n in self.notes]
        return "\n".join(lines)

    def write_json(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = directory / f"{self.name}-{stamp}.json"
        payload = {"benchmark": self.name, "database": self.database, "at": stamp,
                   "rows": [asdict(r) for r in self.rows], "notes": self.notes, **self.extra}
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        return path


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
