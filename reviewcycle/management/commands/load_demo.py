from django.core.management.base import BaseCommand

from people.demo import ADMIN_USERNAME, DEMO_PASSWORD, ORGANISATION, load_demo_organisation, walk_demo_tree


class Command(BaseCommand):
    help = "Load the demo organisation (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        created = load_demo_organisation()
        self.stdout.write(
            f"{'Loaded' if created else 'Already loaded'}: the demo organisation {ORGANISATION}"
            " with the built-in competency frameworks (Kempen role-type cells)."
        )
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {ADMIN_USERNAME:<10} beheerder (Django admin)")
        for person, unit_name in walk_demo_tree():
            note = f" — {person.note}" if person.note else ""
            self.stdout.write(f"  {person.username:<10} {person.name}, {person.role}, {unit_name}{note}")
