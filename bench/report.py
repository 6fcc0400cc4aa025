"""The results as a table for people and as JSON for tools."""

import json
import re
from dataclasses import dataclass

GROWS = "grows"
FAILED = "FAILED"
OK = "ok"


@dataclass
class Row:
    """One page across every trust size: `results` maps size to Result."""

    page: object
    results: dict

    @property
    def role(self):
        return self.page.role or "signed out"

    @property
    def verdict(self):
        if any(result.error for result in self.results.values()):
            return FAILED
        counts = [result.queries for result in self.results.values()]
        return GROWS if max(counts) > counts[0] else OK


def table(rows, sizes):
    headers = ["page", "role"]
    headers += [f"queries@{size}" for size in sizes]
    headers += [f"time@{size}" for size in sizes]
    headers.append("verdict")
    lines = [headers] + [_cells(row, sizes) for row in rows]
    widths = [
        max(len(line[column]) for line in lines) for column in range(len(headers))
    ]
    lines.insert(1, ["-" * width for width in widths])
    numeric = range(2, 2 + 2 * len(sizes))
    return "\n".join(_line(line, widths, numeric) for line in lines)


def _cells(row, sizes):
    results = [row.results[size] for size in sizes]
    queries = ["–" if r.queries is None else str(r.queries) for r in results]
    ratios = ["–" if r.ratio is None else f"{r.ratio:.1f}x" for r in results]
    return [row.page.name, row.role, *queries, *ratios, row.verdict]


def _line(cells, widths, numeric):
    padded = [
        cell.rjust(width) if column in numeric else cell.ljust(width)
        for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(padded).rstrip()


def problems(rows, sizes):
    """Lines explaining each failure and each growing query count."""
    lines = []
    for row in rows:
        label = f"{row.page.name} ({row.role})"
        for size, result in row.results.items():
            if result.error:
                lines.append(f"{label} at {size} schools failed: {result.error}")
        if row.verdict == GROWS:
            lines.append(f"{label}: queries that grow from {sizes[0]} schools:")
            lines += _growth(row.results[sizes[0]], row.results[sizes[-1]])
    return lines


def _growth(small, large):
    extra = large.statements - small.statements
    return [f"  +{count} x {_brief(sql)}" for sql, count in extra.most_common(5)]


def _brief(sql):
    # The column list says nothing about where a query comes from; the table
    # and the condition do.
    return re.sub(r"^SELECT .*? FROM ", "SELECT ... FROM ", sql)[:200]


def as_json(rows, sizes, *, repeats, database):
    pages = [
        {
            "name": row.page.name,
            "url_name": row.page.url_name,
            "query": row.page.query,
            "role": row.page.role,
            "verdict": row.verdict,
            "sizes": {str(size): _result_json(row.results[size]) for size in sizes},
        }
        for row in rows
    ]
    summary = {
        "ok": all(row.verdict == OK for row in rows),
        "sizes": sizes,
        "repeats": repeats,
        "database": database,
        "pages": pages,
    }
    return json.dumps(summary, indent=2)


def _result_json(result):
    return {
        "queries": result.queries,
        "median_ms": _rounded(result.page_ms),
        "baseline_median_ms": _rounded(result.baseline_ms),
        "time_ratio": _rounded(result.ratio),
        "error": result.error or None,
    }


def _rounded(value):
    return None if value is None else round(value, 3)
