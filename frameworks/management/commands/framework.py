"""``manage.py framework …``: import, export, publish and list competency frameworks."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from frameworks.builtin import DATA_DIR, RECIPES, document_from_seeds
from frameworks.document import DocumentError, dump_document, parse_document_text
from frameworks.importers import FORMATS, ImportResult, ParseError, parse_file
from frameworks.models import Framework, FrameworkVersion
from frameworks.selectors import (
    framework_free_slug,
    framework_import_base,
    framework_merge_notes,
    known_competencies,
    version_document,
)
from frameworks.services import (
    framework_import_document,
    framework_merge_into_draft,
    framework_version_publish,
    frameworks_load_builtin,
)


def _competency_name(value: str) -> tuple[int, str]:
    position, separator, name = value.partition("=")
    if not separator or not position.strip().isdecimal() or not name.strip():
        raise CommandError(
            _("--competency-name expects N=NAME (e.g. 1=Analyseren), got %(value)s") % {"value": repr(value)}
        )
    return int(position), name.strip()


class Command(BaseCommand):
    help = "Import, export, publish and list competency frameworks."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        actions.add_parser("list", help="List frameworks and their versions.")

        export = actions.add_parser("export", help="Write a version in the canonical YAML format.")
        export.add_argument("slug")
        export.add_argument(
            "--version", type=int, help="Version number (default: the draft, else the newest published)."
        )
        export.add_argument("--output", "-o", help="File to write (default: standard output).")

        load = actions.add_parser(
            "import", help="Import a canonical YAML/JSON file as the framework's draft."
        )
        load.add_argument("file")
        load.add_argument("--publish", action="store_true", help="Publish the version right away.")

        text = actions.add_parser(
            "import-text", help="Import an HR source document (.txt, .html, .docx, .pdf) into a draft."
        )
        text.add_argument("file")
        text.add_argument("--format", choices=FORMATS, help="Default: detected from the text.")
        text.add_argument(
            "--framework",
            dest="slug",
            help="Framework code to add to (default: a new framework, named after the document).",
        )
        text.add_argument("--name", help="Framework name, for a new framework.")
        text.add_argument(
            "--title", help="Job title, where the export lost it (competency documents: the page title)."
        )
        text.add_argument("--family", help="Job family, where the export lost it.")
        text.add_argument(
            "--competency-name",
            action="append",
            default=[],
            type=_competency_name,
            metavar="N=NAME",
            help="Name the N-th competency of the document, where the export lost its name (repeatable).",
        )
        text.add_argument("--dry-run", action="store_true", help="Show what was found; write nothing.")
        text.add_argument("--publish", action="store_true", help="Publish the draft afterwards.")

        publish = actions.add_parser("publish", help="Publish the framework's draft version.")
        publish.add_argument("slug")

        actions.add_parser(
            "load-builtin", help="Load the built-in frameworks and rating scales (idempotent)."
        )

        build = actions.add_parser(
            "build-builtin", help="Rewrite frameworks/data/ from the source documents."
        )
        build.add_argument("--seeds", required=True, help="Folder with the source documents.")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"handle_{action.replace('-', '_')}")(**options)
        except (ParseError, DocumentError) as error:
            where = options.get("file", "")
            raise CommandError(f"{where}: {error}" if where else str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error

    def handle_list(self, **options):
        for framework in Framework.objects.prefetch_related("versions"):
            versions = ", ".join(
                f"v{v.number} {v.get_status_display().lower()}" for v in framework.versions.order_by("number")
            )
            self.stdout.write(f"{framework.slug:<32} {framework.name} [{versions}]")

    def handle_export(self, *, slug: str, version: int | None, output: str | None, **options):
        framework = Framework.objects.filter(slug=slug).first()
        if framework is None:
            raise CommandError(_("no framework with code %(code)s") % {"code": repr(slug)})
        versions = framework.versions.order_by("-number")
        if version is not None:
            chosen = versions.filter(number=version).first()
        else:
            chosen = (
                versions.filter(status=FrameworkVersion.Status.DRAFT).first()
                or versions.filter(status=FrameworkVersion.Status.PUBLISHED).first()
                or versions.first()
            )
        if chosen is None:
            raise CommandError(
                _("%(code)s has no version %(number)s") % {"code": repr(slug), "number": version}
                if version is not None
                else _("%(code)s has no version") % {"code": repr(slug)}
            )
        # Say which version this is: the draft (what was just imported) or a published one.
        self.stderr.write(
            _("Exporting %(code)s v%(number)s (%(status)s)")
            % {"code": framework.slug, "number": chosen.number, "status": chosen.get_status_display()}
        )
        text = dump_document(version_document(version=chosen))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(
                _("Wrote %(code)s v%(number)s to %(file)s")
                % {"code": framework.slug, "number": chosen.number, "file": output}
            )
        else:
            self.stdout.write(text, ending="")

    def handle_import(self, *, file: str, publish: bool, **options):
        document = parse_document_text(self._read(file))
        version = framework_import_document(document=document)
        self._finish(version, publish)

    def handle_import_text(
        self, *, file: str, slug, name, title, family, competency_name, dry_run, publish, **options
    ):
        framework = Framework.objects.filter(slug=slug).first() if slug else None
        known = known_competencies(version=framework_import_base(framework=framework))
        result: ImportResult = parse_file(
            file,
            self._read_bytes(file),
            format=options["format"],
            slug=slug,
            name=name,
            title=title,
            family=family,
            competency_names=dict(competency_name),
            known_competencies=known,
        )
        self.stdout.write(_("Format: %(format)s") % {"format": result.format})
        for line in result.summary():
            self.stdout.write(f"  {line}")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"  {warning}"))
        if dry_run:
            # What adding it would do, said before anything is stored.
            for note in framework_merge_notes(document=result.document, framework=framework):
                self.stdout.write(self.style.WARNING(f"  {note}"))
            self.stdout.write(_("Dry run: nothing written."))
            return
        if framework is None and not slug:
            # Never merge silently into a framework that happens to have the document's name.
            slug = framework_free_slug(base=result.document["framework"]["slug"])
            self.stdout.write(
                _("New framework %(code)s (add to an existing one with --framework CODE).") % {"code": slug}
            )
        notes: list[str] = []
        version = framework_merge_into_draft(document=result.document, slug=slug, name=name, notes=notes)
        for note in notes:
            self.stdout.write(self.style.WARNING(f"  {note}"))
        self._finish(version, publish)

    def handle_publish(self, *, slug: str, **options):
        draft = FrameworkVersion.objects.filter(
            framework__slug=slug, status=FrameworkVersion.Status.DRAFT
        ).first()
        if draft is None:
            raise CommandError(_("%(code)s has no draft version to publish") % {"code": repr(slug)})
        self._finish(draft, True)

    def handle_load_builtin(self, **options):
        loaded = frameworks_load_builtin()
        for version in loaded:
            self.stdout.write(
                _("Loaded %(code)s v%(number)s") % {"code": version.framework.slug, "number": version.number}
            )
        if not loaded:
            self.stdout.write(_("The built-in frameworks are already loaded."))

    def handle_build_builtin(self, *, seeds: str, **options):
        for recipe in RECIPES:
            path = DATA_DIR / recipe.filename
            path.write_text(dump_document(document_from_seeds(recipe, Path(seeds))), encoding="utf-8")
            self.stdout.write(_("Wrote %(file)s.") % {"file": path})

    def _finish(self, version: FrameworkVersion, publish: bool) -> None:
        if publish:
            version = framework_version_publish(version=version, actor=None)  # the system: a command
        self.stdout.write(
            self.style.SUCCESS(f"{version.framework.slug} v{version.number}: {version.get_status_display()}")
        )

    def _read_bytes(self, file: str) -> bytes:
        try:
            return Path(file).read_bytes()
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot read it (%(error)s)") % {"file": file, "error": error}
            ) from error

    def _read(self, file: str) -> str:
        try:
            return Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("%(file)s: cannot read it (%(error)s)") % {"file": file, "error": error}
            ) from error
