"""`python -m bench`: parse the options, set Django up, run."""

import argparse
import os
import warnings

from .pages import PAGES

SETTINGS = "bench.settings"

DESCRIPTION = f"""\
Seed a throwaway database made by Django's test machinery (in-memory SQLite,
or test_bench_<name> on PostgreSQL when DATABASE_URL is set; never the real
one) with a trust of each size in turn, request every page as its role, and
print the SQL queries per request and the median server time as a ratio to a
trivial signed-in page timed in turns with it. Settings: {SETTINGS}.

Exits with 1 when a page's query count grows with the number of schools (an
N+1) or a page does not answer 200; with 0 otherwise."""


def main(argv=None):
    options = _parser().parse_args(argv)
    # Forced rather than defaulted: a shell that exports the dev or production
    # settings must not change what is measured, or where.
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    # WhiteNoise looks for collected static files, which the bench never serves.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from .run import bench_run

    return bench_run(
        sizes=options.sizes,
        repeats=options.repeats,
        pages=[page for page in PAGES if _chosen(page, options.page)],
        json_path=options.json,
    )


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default="20,200",
        help="trust sizes in schools, comma-separated, at least two (default 20,200)",
    )
    parser.add_argument(
        "--repeats",
        type=_positive,
        default=15,
        help="timed requests per page and size, after one warm-up (default 15)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    names = sorted({page.name for page in PAGES})
    parser.add_argument(
        "--page",
        action="append",
        choices=names,
        metavar="NAME",
        help=f"measure only this page; repeatable; one of: {', '.join(names)}",
    )
    return parser


def _chosen(page, names):
    return not names or page.name in names


def _sizes(text):
    try:
        sizes = sorted({int(size) for size in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text}") from None
    if len(sizes) < 2 or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least two sizes, each 1 or more")
    return sizes


def _positive(text):
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text}")
    return number
