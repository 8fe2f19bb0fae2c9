"""``manage.py regeling load-builtin``: the built-in regelingen (cycle templates), as ``framework load-builtin``
loads the frameworks. ``manage.py regeling list``: every regeling and its versions."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from reviewcycle.models import CycleTemplate
from reviewcycle.shapes.services import cycle_templates_load_builtin
from reviewcycle.talk_forms.services import talk_forms_load_builtin


class Command(BaseCommand):
    help = "Load the built-in regelingen (idempotent), or list the regelingen and their versions."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load-builtin", help="Load the built-in regelingen (idempotent).")
        actions.add_parser("list", help="List the regelingen and their versions.")

    def handle(self, *args, action: str, **options):
        if action == "load-builtin":
            with transaction.atomic():
                loaded = cycle_templates_load_builtin(with_forms=False)
                forms = talk_forms_load_builtin(just_loaded=frozenset(version.pk for version in loaded))
            for version in loaded:
                self.stdout.write(
                    _("Loaded %(name)s v%(number)s")
                    % {"name": version.template.name, "number": version.number}
                )
            for form in forms:  # forms given to a version loaded before (a new one comes with its own)
                version = form.template_version
                if version in loaded:
                    continue
                self.stdout.write(
                    _("Added the talk form %(title)s to %(name)s v%(number)s")
                    % {"title": form.title, "name": version.template.name, "number": version.number}
                )
            if not loaded and not forms:
                self.stdout.write(_("The built-in regelingen are already loaded."))
            return
        for template in CycleTemplate.objects.prefetch_related("versions"):
            versions = ", ".join(
                f"v{version.number} ({version.get_status_display()})" for version in template.versions.all()
            )
            self.stdout.write(f"{template.slug:<34} {template.name:<34} {versions}")
