"""One bench run: seed each size, measure each page, report."""

import statistics
import sys
import time
from pathlib import Path

from django.test import Client

from .database import describe_database, throwaway_database
from .measure import page_measure
from .pages import BASELINE
from .report import OK, Row, as_json, problems, table
from .seed import trust_seed


def bench_run(*, sizes, repeats, pages, json_path=None):
    """Measure `pages` at each trust size; return the exit status."""
    started = time.perf_counter()
    rows = [Row(page, {}) for page in pages]
    with throwaway_database():
        database = describe_database()
        clients = {}
        for size in sizes:
            _progress(f"Seeding a trust of {size} schools")
            trust = trust_seed(school_count=size)
            clients = clients or _clients(trust, pages)
            _progress(f"Measuring {len(pages)} pages at {size} schools")
            for row in rows:
                row.results[size] = _measure(row.page, trust, clients, repeats)

    print(_summary(rows, sizes, repeats, database))
    if json_path:
        Path(json_path).write_text(
            as_json(rows, sizes, repeats=repeats, database=database) + "\n"
        )
        print(f"Results written to {json_path}.")
    print(f"Finished in {time.perf_counter() - started:.0f} s.")
    return 0 if all(row.verdict == OK for row in rows) else 1


def _clients(trust, pages):
    """A signed-in client per role, kept across sizes: the users stay."""
    clients = {None: Client()}
    for role in {page.role for page in [BASELINE, *pages]} - {None}:
        clients[role] = Client()
        clients[role].force_login(trust.users[role])
    return clients


def _measure(page, trust, clients, repeats):
    return page_measure(
        client=clients[page.role],
        url=page.url(trust),
        baseline_client=clients[BASELINE.role],
        baseline_url=BASELINE.url(trust),
        repeats=repeats,
    )


def _summary(rows, sizes, repeats, database):
    lines = [
        f"Trust sizes {', '.join(map(str, sizes))} schools; {database}; "
        f"{repeats} timed requests per page after a warm-up.",
        f"time@N: median server time / median of {BASELINE.url_name} "
        f"({_baseline_times(rows, sizes)}), timed in turns.",
        "",
        table(rows, sizes),
    ]
    trouble = problems(rows, sizes)
    if trouble:
        lines += ["", *trouble]
    return "\n".join(lines)


def _baseline_times(rows, sizes):
    times = []
    for size in sizes:
        medians = [row.results[size].baseline_ms for row in rows]
        medians = [median for median in medians if median is not None]
        if medians:
            times.append(f"{statistics.median(medians):.1f} ms at {size}")
    return ", ".join(times) or "not measured"


def _progress(message):
    print(f"{message}...", file=sys.stderr, flush=True)
