from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evidence.dfe import DFE_FILES, dfe_import
from evidence.importing import (
    evidence_import,
    file_format_of,
    importable_sources,
)
from evidence.importing.widgets import academic_year_from


def _sources_help():
    slugs = [source.slug for source in importable_sources()]
    return (
        f"{', '.join(slugs)} (files laid out as the templates in the browser), "
        f"or {' or '.join(DFE_FILES)} (DfE's school-level performance files, "
        "as published)."
    )


class Command(BaseCommand):
    help = (
        "Import one source of evidence from a CSV or XLSX file, all or "
        "nothing: every row is checked first, and if any is bad every problem "
        "is listed and nothing is written. Importing the same file again "
        "updates the same records."
    )

    def add_arguments(self, parser):
        choices = [source.slug for source in importable_sources()]
        parser.add_argument(
            "source",
            choices=[*choices, *DFE_FILES],
            metavar="SOURCE",
            help=f"What the file holds: {_sources_help()}",
        )
        parser.add_argument(
            "file",
            type=Path,
            metavar="FILE",
            help="The file; CSV or XLSX by its extension (DfE files are CSV).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and print the counts without writing anything.",
        )
        parser.add_argument(
            "--year",
            help="The academic year a DfE file reports, written 2024/25. "
            "Required for DfE files and refused for the others, whose rows "
            "give their own years.",
        )

    def handle(self, *args, source, file, dry_run, year, **options):
        if source in DFE_FILES:
            result = self._dfe(source, file, year, dry_run)
        else:
            result = self._evidence(source, file, year, dry_run)
        if not result.is_valid:
            raise CommandError(_errors_text(result.errors))
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written: {result.summary()}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported: {result.summary()}."))

    def _dfe(self, source, file, year, dry_run):
        if not year:
            raise CommandError(
                f"Give the year that {source} file reports: --year 2024/25."
            )
        try:
            academic_year = academic_year_from(year)
        except ValueError as error:
            raise CommandError(f"--year: {error}") from None
        if file_format_of(file.name) != "csv":
            raise CommandError("DfE files are imported as published, in CSV.")
        return dfe_import(
            source=source,
            data=_read(file),
            academic_year=academic_year,
            dry_run=dry_run,
        )

    def _evidence(self, source, file, year, dry_run):
        if year:
            raise CommandError(
                "--year is only for DfE files; each row of this file gives its "
                "own year."
            )
        file_format = file_format_of(file.name)
        if file_format is None:
            raise CommandError("The file's name must end in .csv or .xlsx.")
        return evidence_import(
            source=source, data=_read(file), file_format=file_format, dry_run=dry_run
        )


def _read(file):
    try:
        return file.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from error


def _errors_text(errors):
    count = len(errors)
    lines = [f"Nothing was imported: the file has {count} problem{'s' * (count > 1)}."]
    return "\n".join(lines + [str(error) for error in errors])
