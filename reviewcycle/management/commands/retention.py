"""``manage.py retention [--dry-run] [--years N]``: erase reviews of closed cycles past the retention term."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import long_date
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
            raise CommandError(_("Choose --years of 1 or more: a shorter term would erase running work."))
        cutoff = retention_cutoff(years=years)
        lines = retention_report(years=years) if dry_run else retention_apply(years=years)
        for line in lines:
            names = {"count": line.reviews, "cycle": line.cycle, "date": long_date(line.period_end)}
            if dry_run:
                message = ngettext(
                    "Would erase %(count)s review of %(cycle)s (the period ended on %(date)s).",
                    "Would erase %(count)s reviews of %(cycle)s (the period ended on %(date)s).",
                    line.reviews,
                )
            else:
                message = ngettext(
                    "Erased %(count)s review of %(cycle)s (the period ended on %(date)s).",
                    "Erased %(count)s reviews of %(cycle)s (the period ended on %(date)s).",
                    line.reviews,
                )
            self.stdout.write(message % names)
            if line.kept and dry_run:
                self.stdout.write(
                    ngettext(
                        "Would keep %(count)s review of %(cycle)s that is not final, cancelled or exempt: "
                        "finish, cancel or exempt it to let retention erase it.",
                        "Would keep %(count)s reviews of %(cycle)s that are not final, cancelled or exempt: "
                        "finish, cancel or exempt them to let retention erase them.",
                        line.kept,
                    )
                    % {"count": line.kept, "cycle": line.cycle}
                )
            elif line.kept:
                self.stdout.write(
                    ngettext(
                        "Kept %(count)s review of %(cycle)s that is not final, cancelled or exempt: finish, "
                        "cancel or exempt it to let retention erase it.",
                        "Kept %(count)s reviews of %(cycle)s that are not final, cancelled or exempt: finish, "
                        "cancel or exempt them to let retention erase them.",
                        line.kept,
                    )
                    % {"count": line.kept, "cycle": line.cycle}
                )
        total = sum(line.reviews for line in lines)
        names = {"count": total, "cycles": len(lines), "date": long_date(cutoff)}
        if dry_run:
            self.stdout.write(
                _(
                    "Trial run: %(count)s reviews in %(cycles)s closed cycles whose period ended before %(date)s "
                    "would be erased. Nothing was changed."
                )
                % names
            )
        else:
            self.stdout.write(
                _("Erased %(count)s reviews in %(cycles)s closed cycles whose period ended before %(date)s.")
                % names
            )
