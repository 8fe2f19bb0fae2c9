"""``manage.py people import FILE | export FILE | template FILE``: the organisation from the HR system."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from people.importers import (
    ImportFileError,
    export_rows,
    exportable_employees,
    import_people,
    template_rows,
    write_csv,
    write_xlsx,
)


class ProgressBar:
    def __init__(self, stream, width: int = 30):
        self.stream = stream
        self.width = width
        self.started = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        filled = int(self.width * done / total) if total else self.width
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {stage:<10} {elapsed:5.1f}s"
        )
        self.stream.flush()
        if stage == "done":
            self.stream.write("\n")


def _write(path: str, header, rows) -> None:
    data = write_xlsx(header, rows) if path.lower().endswith(".xlsx") else write_csv(header, rows)
    Path(path).write_bytes(data)


class Command(BaseCommand):
    help = "Import employees and org units from CSV/XLSX, export them, or write an empty template."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser("import", help="Create and update employees from a CSV or XLSX file.")
        load.add_argument("file")
        load.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing.")
        load.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="The file is a full export: employees not in it become inactive.",
        )
        load.add_argument(
            "--framework", help="Framework code whose role-type cells and job profiles are meant."
        )
        export = actions.add_parser("export", help="Write every employee in the import's columns.")
        export.add_argument("file", help=".csv or .xlsx")
        export.add_argument("--language", choices=["nl", "en"], default="nl")
        template = actions.add_parser("template", help="Write an empty import file with an example row.")
        template.add_argument("file", help=".csv or .xlsx")
        template.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args, action: str, **options):
        if action == "import":
            self.handle_import(**options)
        elif action == "export":
            _write(options["file"], *export_rows(exportable_employees(), options["language"]))
            self.stdout.write(_("Wrote %(file)s.") % {"file": options["file"]})
        else:
            _write(options["file"], *template_rows(options["language"]))
            self.stdout.write(_("Wrote %(file)s.") % {"file": options["file"]})

    def handle_import(
        self, *, file: str, dry_run: bool, deactivate_missing: bool, framework: str | None, **options
    ):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("%(file)s: the file could not be read (%(error)s).") % {"file": file, "error": error}
            ) from error
        show_progress = options.get("verbosity", 1) >= 1 and sys.stderr.isatty()
        try:
            report = import_people(
                content=content,
                filename=path.name,
                dry_run=dry_run,
                deactivate_missing=deactivate_missing,
                framework=framework,
                progress=ProgressBar(sys.stderr) if show_progress else (lambda *a: None),
            )
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from error
        if not report.ok:
            for issue in report.errors:
                self.stderr.write(f"{file}: {issue}")
            raise CommandError(f"{file}: {report.summary()}")
        self.stdout.write(report.summary())
        for label, numbers in (
            (_("created"), report.created),
            (_("updated"), list(report.updated)),
            (_("deactivated"), report.deactivated),
            (_("moved to another manager"), report.movers),
            (_("role changed (the open review was flagged)"), report.role_changes),
            (_("left (their open reviews were cancelled)"), report.leavers),
            (_("left earlier and kept as departed (rehire them in the admin)"), report.not_reactivated),
        ):
            if numbers:
                shown = ", ".join(numbers[:20]) + (f" … (+{len(numbers) - 20})" if len(numbers) > 20 else "")
                self.stdout.write(f"  {label}: {shown}")
        if dry_run:
            self.stdout.write(_("Trial run: nothing was changed."))
