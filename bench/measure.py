"""Query counts and median times of one page."""

import gc
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext


class BadStatus(Exception):
    """The page answered something other than 200."""


@dataclass
class Result:
    """One page at one trust size. On failure only `error` is set."""

    queries: int | None = None
    page_ms: float | None = None
    baseline_ms: float | None = None
    error: str = ""
    statements: Counter = field(default_factory=Counter, repr=False)

    @property
    def ratio(self):
        if self.page_ms is None or not self.baseline_ms:
            return None
        return self.page_ms / self.baseline_ms


def page_measure(*, client, url, baseline_client, baseline_url, repeats):
    try:
        return _measure(client, url, baseline_client, baseline_url, repeats)
    except Exception as error:  # noqa: BLE001 - one broken page must not hide the rest
        return Result(error=f"{type(error).__name__}: {error}"[:200])


def _measure(client, url, baseline_client, baseline_url, repeats):
    # Warm up first, so that one-off work (template loading, content type
    # cache) is not counted against the page.
    _get(client, url)
    _get(baseline_client, baseline_url)
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    # Read them now: the next request clears the connection's query log.
    statements = [query["sql"] for query in captured]
    # The page and the baseline take turns, so that a neighbour's load on this
    # shared machine slows both alike and the ratio holds.
    gc.collect()
    page_times, baseline_times = [], []
    for _ in range(repeats):
        baseline_times.append(_timed(baseline_client, baseline_url))
        page_times.append(_timed(client, url))
    return Result(
        queries=len(statements),
        page_ms=statistics.median(page_times),
        baseline_ms=statistics.median(baseline_times),
        statements=Counter(_shape(sql) for sql in statements),
    )


def _get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise BadStatus(f"HTTP {response.status_code} from {url}")
    return response


def _timed(client, url):
    started = time.perf_counter()
    _get(client, url)
    return (time.perf_counter() - started) * 1000


def _shape(sql):
    """The statement with its values taken out, so that the same query for
    different rows counts as one shape."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\?, )+\?\)", "(...)", sql)
