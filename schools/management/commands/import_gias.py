from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from schools.gias import (
    GiasPlanStale,
    gias_import_apply,
    gias_plan_file,
    gias_plan_summary,
)
from schools.models import School


class Command(BaseCommand):
    help = (
        "Create or update the trust's schools from a GIAS establishment file "
        "(edubasealldataYYYYMMDD.csv, as published)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The GIAS CSV file.")
        parser.add_argument(
            "--trust",
            default=settings.TRUST_NAME,
            help="The trust's name as in the Trusts (name) column "
            "(any case; default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show the changes without writing them.",
        )

    def handle(self, *args, file, trust, dry_run, **options):
        plan = gias_plan_file(
            _read(file), trust_name=trust, existing_schools=School.objects.all()
        )
        if not plan.is_valid:
            raise CommandError(_errors_text(plan.errors))
        if not plan.trust_row_count:
            self.stderr.write(self.style.WARNING(_no_rows_text(trust)))
        self._write_plan(plan)

        if dry_run:
            self.stdout.write(f"Dry run, nothing was written: {_summary(plan)}")
            return
        try:
            gias_import_apply(plan=plan, imported_by=None)
        except GiasPlanStale as error:
            message = "A school changed during the import, so nothing was written."
            raise CommandError(f"{message} Run the command again.") from error
        self.stdout.write(self.style.SUCCESS(f"Imported from GIAS: {_summary(plan)}"))

    def _write_plan(self, plan):
        for item in plan.creates:
            details = f"{item.phase_display}, {item.status_display}"
            self.stdout.write(f"Create {item.urn} {item.name} ({details})")
        for item in plan.updates:
            self.stdout.write(f"Update {item.urn} {item.name}: {_changes(item)}")
        for item in plan.closes:
            self.stdout.write(f"Close {item.urn} {item.name}: {_changes(item)}")


def _read(file):
    try:
        return file.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from error


def _errors_text(errors):
    count = len(errors)
    lines = [f"Nothing was imported: the file has {count} problem{'s' * (count > 1)}."]
    return "\n".join(lines + [str(error) for error in errors])


def _no_rows_text(trust):
    return (
        f"No rows in the file belong to “{trust}”. "
        "Check the trust's name as GIAS writes it in the Trusts (name) column."
    )


def _changes(item):
    return "; ".join(
        f"{change.label} {change.old_display} → {change.new_display}"
        for change in item.changes
    )


def _summary(plan):
    return f"{gias_plan_summary(plan)}."
