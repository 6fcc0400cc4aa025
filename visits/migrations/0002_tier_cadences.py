from django.db import migrations

# The trust's model: a CEO quality-assurance visit each term for Tier 1, a
# monitoring visit each half-term for Tier 2 and every school fortnight for
# Tier 3. The admin changes these in the browser.
DEFAULTS = [
    (1, "termly", "quality_assurance"),
    (2, "half_termly", "monitoring"),
    (3, "fortnightly", "monitoring"),
]


def add_defaults(apps, schema_editor):
    TierCadence = apps.get_model("visits", "TierCadence")
    for tier, cadence, kind in DEFAULTS:
        TierCadence.objects.get_or_create(
            tier=tier, defaults={"cadence": cadence, "visit_kind": kind}
        )


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
