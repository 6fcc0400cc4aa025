"""Tests that need a real service skip without it, except under CI=true,
where a missing service is a failure."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(available, reason):
    """Skip (or, under CI, fail) when a service is not available."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true and a required service is missing: {reason}")
    pytest.skip(reason)
