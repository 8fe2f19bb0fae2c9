"""The progress talks on the review form: each talk's report and, on a regeling that asks for it, the
employee's signature *voor gezien* in a sentence (``reviewcycle.talk_reports``)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import long_date
from reviewcycle import talk_reports
from reviewcycle.models import Review
from reviewcycle.selectors import actor_name


def _when(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


@dataclass
class ProgressReport:
    """A progress talk's report and, on a regeling that asks for it, the employee's signature *voor gezien*
    in a sentence (``reviewcycle.talk_reports``; empty where the regeling does not ask for it)."""

    talk_date: date
    notes: str
    signature: str = ""


def progress_reports(review: Review) -> list[ProgressReport]:
    """The progress talks as reports, in the order recorded, each with its signature's sentence."""
    reports = {report.id: report for report in talk_reports.talk_reports(review)}
    shown = []
    for talk in sorted(review.progress_talks.all(), key=lambda talk: talk.pk):
        report = reports.get(talk.pk)
        if report is None:
            sentence = ""
        elif report.signed:
            sentence = _("Signed for seen by %(name)s on %(date)s.") % {
                "name": actor_name(talk.acknowledged_by),
                "date": long_date(_when(report.acknowledged_at)),
            }
        elif report.term_open:
            sentence = _("Not signed for seen yet (the employee may sign until %(date)s).") % {
                "date": long_date(report.sign_by)
            }
        else:
            sentence = _("Not signed for seen: the term ended on %(date)s.") % {
                "date": long_date(report.sign_by)
            }
        shown.append(ProgressReport(talk.talk_date, talk.notes, sentence))
    return shown
