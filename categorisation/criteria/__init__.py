"""The tier rules: pure functions from a school's evidence and a rule set's
thresholds to signals, and the recommendation they add up to.

Every criterion takes (SchoolEvidence, thresholds) and returns a Signal, or
a tuple of Signals where it reads several measures (one per headline
measure the school has, or one saying it has none). Nothing here touches
the database or the clock: `evidence.today` is the day staleness is judged
by. docs/categorisation.md ("Rules") explains each criterion.
"""

from ..facts import Recommendation
from .attendance import attendance, behaviour
from .finance import finance, workforce
from .inspection import inspection
from .judgements import (
    behaviour_judgement,
    leadership_and_governance,
    safeguarding,
    self_improvement,
    teaching,
)
from .outcomes import outcomes
from .trends import outcomes_decline, outcomes_persistence

# The order signals are listed in, the same for every school.
CRITERIA = (
    inspection,
    outcomes,
    outcomes_decline,
    outcomes_persistence,
    attendance,
    behaviour,
    leadership_and_governance,
    teaching,
    behaviour_judgement,
    finance,
    safeguarding,
    self_improvement,
    workforce,
)
CRITERION_NAMES = tuple(criterion.__name__ for criterion in CRITERIA)


def signals_for(evidence, thresholds):
    """Every criterion's signals, in CRITERIA order."""
    signals = []
    for criterion in CRITERIA:
        result = criterion(evidence, thresholds)
        signals.extend(result if isinstance(result, tuple) else (result,))
    return tuple(signals)


def recommend(evidence, thresholds):
    """The Recommendation for one school's evidence under these thresholds
    (threshold key -> Decimal, see categorisation.thresholds): the highest
    tier any signal points to, 3 above 2 above 1, with every signal beside
    it. The tier is None only when no signal has current evidence."""
    signals = signals_for(evidence, thresholds)
    tiers = [signal.tier for signal in signals if signal.tier is not None]
    return Recommendation(tier=max(tiers, default=None), signals=signals)
