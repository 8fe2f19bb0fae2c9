"""The printable dashboard: the same numbers and the same charts as the page, numbers and dates in the
reader's format ("12,5", "1 december 2026")."""

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Spacer

from core.dates import long_date, long_datetime
from reports.charts import dashboard_charts, has_scores
from reports.pdf import build_pdf, grid, header, labelled, text

CHART_WIDTH = 120 * mm


def render_dashboard_pdf(dashboard: dict) -> bytes:
    cycle = dashboard["cycle"]
    title = _("Dashboard %(cycle)s") % {"cycle": cycle["name"]}
    story = header(settings.ORGANISATION_NAME, settings.ORGANISATION_LOGO, title)
    story.append(
        text(
            _("%(done)s of %(total)s reviews done (%(percent)s%%); %(overdue)s overdue; as of %(today)s.")
            % {
                "done": dashboard["done"],
                "total": dashboard["counted"],
                "percent": _percent(dashboard["percent_done"]),
                "overdue": dashboard["overdue_total"],
                "today": long_date(dashboard["today"]),
            }
        )
    )
    if "regeling" in dashboard:
        regeling = dashboard["regeling"]
        story.append(
            text(
                _("On the regeling %(name)s, version %(number)s")
                % {"name": regeling["name"], "number": regeling["version"]},
                "small",
            )
        )
    if dashboard["unit"]:  # opened at a unit (``?unit=``): its numbers, and its sub-units below
        story.append(labelled(_("Organisation unit"), dashboard["unit"]["name"]))
    for chart in dashboard_charts(dashboard):
        image = Image(chart.png())
        image.drawWidth, image.drawHeight = CHART_WIDTH, CHART_WIDTH * image.imageHeight / image.imageWidth
        story += [Spacer(1, 4), KeepTogether([text(chart.title, "h2"), image])]
    story.append(text(_("Completion per organisation unit"), "h2"))
    rows = [[text(label, "label") for label in (_("Unit"), _("Reviews"), _("Done"), _("Percentage done"))]]
    rows += [
        [
            text(row["name"], "cell"),
            text(row["counted"], "cell"),
            text(row["done"], "cell"),
            text(_percent(row["percent_done"]) + "%", "cell"),
        ]
        for row in dashboard["org_units"]
    ]
    story.append(grid(rows, [86 * mm, 34 * mm, 24 * mm, 30 * mm]))  # "Beoordelingen" whole
    story.append(text(_("Cancelled and exempt reviews are not counted."), "small"))
    story.append(text(_("Per manager"), "h2"))
    rows = [
        [text(label, "label") for label in (_("Manager"), _("Reviews"), _("Percentage done"), _("Overdue"))]
    ]
    rows += [
        [
            text(row["name"], "cell"),
            text(row["counted"], "cell"),
            text(_percent(row["percent_done"]) + "%", "cell"),
            text(row["overdue"], "cell"),
        ]
        for row in dashboard["managers"]
    ]
    story.append(grid(rows, [86 * mm, 34 * mm, 30 * mm, 24 * mm]))
    if len(dashboard["managers"]) < dashboard["managers_total"]:  # at most fifty, as on the page
        story.append(
            text(
                _(
                    "The %(shown)s managers with the most overdue reviews, of %(total)s; every manager's "
                    "reviews are in the review list (filter by manager)."
                )
                % {"shown": len(dashboard["managers"]), "total": dashboard["managers_total"]},
                "small",
            )
        )
    story.append(text(_("Overdue"), "h2"))
    rows = [[text(label, "label") for label in (_("Employee"), _("Waiting for"), _("Due"), _("Days over"))]]
    rows += [
        [
            text(item["employee"], "cell"),
            text(item["who"], "cell"),
            text(long_date(item["due_date"]), "cell"),
            text(item["days_overdue"], "cell"),
        ]
        for item in dashboard["overdue"]
    ]
    story.append(grid(rows, [62 * mm, 52 * mm, 36 * mm, 24 * mm]))
    if not dashboard["overdue"]:  # as on the page: an empty table says so
        story.append(text(_("Nothing overdue."), "small"))
    if has_scores(dashboard):
        story += _competency_gap(dashboard)
    footer = _("%(cycle)s · generated %(moment)s") % {
        "cycle": cycle["name"],
        "moment": long_datetime(timezone.localtime()),
    }
    return build_pdf(story, title=title, author=settings.ORGANISATION_NAME, subject=title, footer=footer)


def _competency_gap(dashboard: dict) -> list:
    """The competency gap's heading and table (a regeling with scores only)."""
    story = [text(_("Competency gap"), "h2")]
    rows = [
        [
            text(label, "label")
            for label in (_("Competency"), _("Role family"), _("Rated"), _("Percentage at or above level"))
        ]
    ]
    rows += [
        [
            text(row["competency"], "cell"),
            text(row["family"], "cell"),
            text(row["rated"], "cell"),
            text(_percent(row["percent"]) + "%", "cell"),
        ]
        for row in dashboard["competency_gap"]
    ]
    story.append(grid(rows, [60 * mm, 54 * mm, 24 * mm, 36 * mm]))
    if not dashboard["competency_gap"]:
        story.append(text(_("No scores yet."), "small"))
    return story


def _percent(value: float) -> str:
    """``12,5`` in Dutch, ``12.5`` in English: as the page shows it."""
    return formats.number_format(value, 1)
