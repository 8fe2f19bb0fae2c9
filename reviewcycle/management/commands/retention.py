"""``manage.py retention [--dry-run] [--years N]``: erase reviews of closed cycles past the retention term."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviewcycle.services.retention import retention_apply, retention_cutoff, retention_report


class Command(BaseCommand):
    help = (
        "Erase the final, cancelled and exempt reviews of closed cycles whose period ended longer ago "
        "than the retention term (AVG); reviews still open are reported and kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only report what would be erased.")
        parser.add_argument(
            "--years", type=int, default=None, help=f"The term in years (default {settings.RETENTION_YEARS})."
        )

    def handle(self, *args, dry_run: bool, years: int | None, **options):
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1: a shorter term would erase running work.")
        cutoff = retention_cutoff(years=years)
        lines = retention_report(years=years) if dry_run else retention_apply(years=years)
        verb = "Would erase" if dry_run else "Erased"
        keep = "Would keep" if dry_run else "Kept"
        for line in lines:
            self.stdout.write(
                f"{verb} {line.reviews} reviews of {line.cycle} (period ended {line.period_end})."
            )
            if line.kept:
                self.stdout.write(
                    f"{keep} {line.kept} review{'s' if line.kept != 1 else ''} of {line.cycle} that "
                    f"{'are' if line.kept != 1 else 'is'} not final, cancelled or exempt: finish, cancel "
                    "or exempt them to let retention erase them."
                )
        total = sum(line.reviews for line in lines)
        self.stdout.write(
            f"{verb} {total} reviews in {len(lines)} closed cycles whose period ended before {cutoff}."
            + (" Nothing was changed (dry run)." if dry_run else "")
        )
