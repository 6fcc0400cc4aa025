"""A throwaway database made by Django's own test machinery."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment


@contextmanager
def throwaway_database():
    """Create and migrate a test database, and destroy it on the way out.

    SQLite gets an in-memory database; PostgreSQL (DATABASE_URL) the TEST
    name from bench.settings, replaced if a crashed run left it behind.
    """
    real_name = connection.settings_dict["NAME"]
    setup_test_environment()
    try:
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            _refuse_real_database(real_name)
            yield connection.settings_dict["NAME"]
        finally:
            connection.creation.destroy_test_db(real_name, verbosity=0)
    finally:
        teardown_test_environment()


def _refuse_real_database(real_name):
    # Seeding adds hundreds of schools and people; landing in the developer's
    # own database would be worse than not running at all.
    if connection.settings_dict["NAME"] == real_name:
        raise RuntimeError(f"Refusing to seed {real_name}: not a test database.")


def describe_database():
    if connection.vendor == "sqlite":
        return "SQLite, in memory"
    return f"{connection.vendor}, {connection.settings_dict['NAME']}"
