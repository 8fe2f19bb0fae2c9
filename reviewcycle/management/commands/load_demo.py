from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from people.demo import (
    ADMIN_USERNAME,
    DEMO_PASSWORD,
    ORGANISATION,
    demo_role_text,
    demo_roles,
    load_demo_organisation,
    walk_demo_tree,
)
from reviewcycle.demo import load_demo_cycle
from reviewcycle.shapes.services import cycle_templates_load_builtin


class Command(BaseCommand):
    help = "Load the demo organisation, the built-in frameworks and an open cycle (idempotent); print the accounts."

    def handle(self, *args, **options):
        created = load_demo_organisation()
        loaded = (
            _(
                "Loaded: the demo organisation %(name)s with the built-in competency frameworks (Kempen role-type cells)."
            )
            if created
            else _(
                "Already loaded: the demo organisation %(name)s with the built-in competency frameworks "
                "(Kempen role-type cells)."
            )
        )
        self.stdout.write(loaded % {"name": ORGANISATION})
        cycle_templates_load_builtin()
        cycle = load_demo_cycle()
        if cycle is not None:
            self.stdout.write(
                _("Opened the cycle %(name)s (%(count)s reviews).")
                % {"name": cycle.name, "count": cycle.reviews.count()}
            )
        self.stdout.write(
            "\n" + _("Demo accounts (password for all: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        self.stdout.write(f"  {ADMIN_USERNAME:<10} " + _("administrator (Django admin)"))
        roles = demo_roles()
        for person, unit_name in walk_demo_tree():
            role = demo_role_text(person.username, roles)
            note = f" — {person.note}" if person.note else ""
            self.stdout.write(
                f"  {person.username:<10} {person.name:<20} {role:<47} {person.role}, {unit_name}{note}"
            )
