import json
import logging
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from categorisation.facts import MISSING, OUT_OF_DATE
from categorisation.selectors import current_tiers, recommendations_for
from schools.models import School

logger = logging.getLogger(__name__)

STATUS_TEXT = {MISSING: "Missing", OUT_OF_DATE: "Out of date"}


class Command(BaseCommand):
    help = (
        "Recommend a tier for every open school from its evidence, under the "
        "rule set for the current academic year, and show each criterion's "
        "signal with its reason beside the school's current tier. Nothing is "
        "recorded: a person decides the tier in the browser."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--school",
            metavar="URN",
            help="Only this school, whatever its status.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print a JSON array, one object per school: urn, name, "
            "recommended_tier and current_tier (1, 2, 3 or null) and signals "
            "(criterion, label, tier, reason, status).",
        )

    def handle(self, *args, school=None, as_json=False, **options):
        started = time.monotonic()
        schools = _schools(school)
        recommendations = recommendations_for(schools)
        tiers = current_tiers(schools)
        rows = [
            _row(school, recommendation, tiers[school.pk])
            for school, recommendation in recommendations
        ]
        self.stdout.write(_as_json(rows) if as_json else _as_text(rows))
        logger.info(
            "Recommended tiers for %s schools in %.2f s",
            len(rows),
            time.monotonic() - started,
        )


def _schools(urn):
    if urn is None:
        return list(School.objects.open())
    schools = list(School.objects.filter(urn=urn))
    if not schools:
        raise CommandError(f"No school has the URN {urn}.")
    return schools


def _row(school, recommendation, decision):
    return {
        "urn": school.urn,
        "name": school.name,
        "recommended_tier": recommendation.tier,
        "current_tier": decision.tier if decision else None,
        "signals": [signal.as_dict() for signal in recommendation.signals],
    }


def _as_json(rows):
    return json.dumps(rows, indent=2)


def _as_text(rows):
    lines = []
    for row in rows:
        lines.append(
            f"{row['name']} ({row['urn']}): current {_tier(row['current_tier'])}, "
            f"recommended {_tier(row['recommended_tier'])}"
        )
        lines += [f"    {_signal(signal)}" for signal in row["signals"]]
    lines.append(_spread(rows))
    return "\n".join(lines)


def _tier(tier):
    return f"Tier {tier}" if tier else "none"


def _signal(signal):
    tier = signal["tier"]
    where = f"Tier {tier}" if tier else STATUS_TEXT.get(signal["status"], "No tier")
    return f"{where:<12}{signal['label']}: {signal['reason']}"


def _spread(rows):
    """How many schools each tier is recommended for, in one line."""
    counts = Counter(row["recommended_tier"] for row in rows)
    tiers = ", ".join(f"{counts[tier]} in Tier {tier}" for tier in (1, 2, 3))
    schools = "1 school" if len(rows) == 1 else f"{len(rows)} schools"
    return f"{schools}: {tiers}, {counts[None]} without a recommendation."
