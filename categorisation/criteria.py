"""The tier rules: pure functions from SchoolEvidence and thresholds to
signals. No database access.

Placeholder: being written now (see the categorisation issue).
"""

from .facts import Recommendation


def recommend(evidence, thresholds):
    """The Recommendation for one school's evidence under these thresholds
    (a dict of threshold key -> Decimal, see categorisation.thresholds)."""
    return Recommendation(tier=None, signals=())
