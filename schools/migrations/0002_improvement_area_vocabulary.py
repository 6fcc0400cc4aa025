from django.db import migrations

# The trust's starting vocabulary; the admin extends it in the browser.
AREAS = [
    ("curriculum-and-teaching", "Curriculum and teaching"),
    ("reading-and-phonics", "Reading and phonics"),
    ("mathematics", "Mathematics"),
    ("behaviour-and-attitudes", "Behaviour and attitudes"),
    ("attendance", "Attendance"),
    ("personal-development", "Personal development and well-being"),
    ("inclusion-and-send", "Inclusion and SEND"),
    ("leadership-and-governance", "Leadership and governance"),
    ("safeguarding", "Safeguarding"),
    ("early-years", "Early years"),
    ("sixth-form", "Sixth form"),
    ("finance", "Finance"),
]


def add_areas(apps, schema_editor):
    ImprovementArea = apps.get_model("schools", "ImprovementArea")
    for position, (slug, name) in enumerate(AREAS, start=1):
        ImprovementArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]

    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
