"""``manage.py generate_org --employees N``: a synthetic organisation with a cycle in every state."""

import time

from django.core.management.base import BaseCommand, CommandError

from reviewcycle.generator import generate_org


class Command(BaseCommand):
    help = (
        "Generate an organisation of N employees (org tree, manager chains, role-type cells) with an open "
        "cycle whose reviews are spread over every state, with goals, ratings and events. For benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, required=True)
        parser.add_argument("--name", default="Gemeente Groot", help="The organisation's name (must be new).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-cycle", action="store_true", help="Only the organisation, no cycle.")

    def handle(self, *args, employees: int, name: str, seed: int, no_cycle: bool, **options):
        from people.models import OrgUnit

        if employees < 1:
            raise CommandError("--employees must be at least 1.")
        if OrgUnit.objects.filter(name=name, parent=None).exists():
            raise CommandError(f"An organisation named {name!r} exists already; choose another --name.")
        started = time.monotonic()
        result = generate_org(
            employees=employees,
            name=name,
            seed=seed,
            open_cycle=not no_cycle,
            progress=lambda message: self.stdout.write(f"  {message} ({time.monotonic() - started:.1f}s)"),
        )
        self.stdout.write(
            f"Generated {result.employees} employees and {result.reviews} reviews under {result.root.name} "
            f"in {time.monotonic() - started:.1f}s; HR user: {result.hr.username} (no password; set one)."
        )
