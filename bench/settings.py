"""The test settings, with a database of the bench's own on PostgreSQL."""

from pvat.settings.test import *  # noqa: F403
from pvat.settings.test import DATABASES, LOGGING

# `make test` creates test_<name>; the bench must not drop that database from
# under a test run on the same server. SQLite stays in memory and needs no name.
if "sqlite" not in DATABASES["default"]["ENGINE"]:
    DATABASES["default"]["TEST"] = {
        "NAME": f"test_bench_{DATABASES['default']['NAME']}"
    }

# The app logs each sign-in at INFO, which would bury the bench's progress.
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}
