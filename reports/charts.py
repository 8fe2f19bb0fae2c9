"""The dashboard's charts, drawn by matplotlib from the numbers the dashboard selectors already hold.

Each chart is a ``Chart``: a title, a description and a table with the same numbers (WCAG 1.1.1: the page
shows the table one click away), and a drawing that is SVG on the page and PNG in the PDF. matplotlib is
used without pyplot (no global figure state, safe in a server) and writes text as text (``svg.fonttype``),
in a sans-serif font. Sizes are in points: the SVG is 440 CSS pixels wide at its natural size, its text
11 pt (14.7 px), still 12 px when a phone of 390 px shrinks it to fit.
"""

import datetime
import hashlib
import io
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import matplotlib
from django.core.cache import cache
from django.utils import formats, translation
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: searchable, scalable, read in the page's font
        "svg.hashsalt": "gesprekscyclus",  # the same chart gives the same SVG (no random ids)
        "font.family": "sans-serif",
        "font.size": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

WIDTH = 330 / 72  # inches: 330 pt, 440 CSS pixels
PALETTE = ["#b3261e", "#e8a33d", "#2e7d32", "#1d4f91", "#6a3d9a", "#00838f", "#8d6e63"]
ACCENT = "#1d4f91"
DONE = "#2e7d32"
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
# Drawing takes a tenth of a second or more per chart; the same numbers give the same drawing, so it is
# kept until the numbers change (the key holds them all) or a day has passed.
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Chart:
    """One chart: ``slug`` names its ids in the page (unique per chart), ``columns`` and ``rows`` are its
    data table (numbers, dates and names, formatted where they are shown), ``draw`` makes its figure."""

    slug: str
    title: str
    description: str
    columns: list[str]
    rows: list[list]
    draw: Callable[[], Figure] = field(repr=False)
    wide: bool = False  # a table of many columns: the chart takes the page's whole width

    def labelled_rows(self) -> list[list[tuple[str, object]]]:
        """The table's rows as (column, value) pairs: each cell knows its column's label."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]

    def _cached(self, kind: str, make: Callable[[], object]):
        numbers = repr(
            (kind, translation.get_language(), self.title, self.description, self.columns, self.rows)
        )
        key = f"chart:{self.slug}:{hashlib.sha256(numbers.encode()).hexdigest()}"
        return cache.get_or_set(key, make, timeout=CACHE_SECONDS)

    def svg(self) -> str:
        """Inline SVG for the page: named by its title and description, ids prefixed with the slug so that
        several charts on one page never share one, without the <style> element the CSP would refuse."""
        return self._cached("svg", self._svg)

    def _svg(self) -> str:
        buffer = io.StringIO()
        self.draw().savefig(buffer, format="svg", metadata=NO_METADATA)
        svg = buffer.getvalue()
        svg = svg[svg.index("<svg") :]
        svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
        svg = re.sub(r'(\bid="|url\(#|href="#)', rf"\g<1>{self.slug}-", svg)
        title_id, desc_id = f"{self.slug}-title", f"{self.slug}-desc"
        opening = svg.index(">") + 1
        return (
            svg[: opening - 1]
            + f' role="img" aria-labelledby="{title_id} {desc_id}">'
            + f"<title id={quoteattr(title_id)}>{escape(self.title)}</title>"
            + f"<desc id={quoteattr(desc_id)}>{escape(self.description)}</desc>"
            + svg[opening:]
        )

    def png(self) -> io.BytesIO:
        """The same drawing as a PNG (200 dpi) for the PDF."""
        return io.BytesIO(self._cached("png", self._png))

    def _png(self) -> bytes:
        buffer = io.BytesIO()
        self.draw().savefig(buffer, format="png", dpi=200, metadata={"Software": None})
        return buffer.getvalue()


def _label(text: str, width: int = 22) -> str:
    """A category name on at most two lines (never cut inside a word)."""
    return textwrap.fill(text, width, max_lines=2, placeholder=" …", break_long_words=False)


def _bars(names: list[str], values: list[float], *, colour: str, percent: bool) -> Figure:
    figure = Figure(figsize=(WIDTH, 1.0 + 0.42 * max(len(names), 1)), layout="constrained")
    axes = figure.add_subplot()
    axes.barh([_label(name) for name in reversed(names)], list(reversed(values)), color=colour)
    if percent:
        axes.set_xlim(0, 100)
        axes.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    else:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts are whole numbers
    axes.grid(axis="x", color="#c9d1d9", linewidth=0.6)
    axes.set_axisbelow(True)
    return figure


def phase_chart(phases: list[dict]) -> Chart:
    """Reviews per phase of the cycle."""
    return Chart(
        slug="chart-phases",
        title=_("Reviews per phase"),
        description=_("The number of reviews in each phase of the cycle, one bar per phase."),
        columns=[_("Phase"), _("Reviews"), "%"],
        rows=[[phase["label"], phase["count"], phase["percent"]] for phase in phases],
        draw=lambda: _bars(
            [phase["label"] for phase in phases],
            [phase["count"] for phase in phases],
            colour=ACCENT,
            percent=False,
        ),
    )


def completion_chart(rows: list[dict], limit: int = 15) -> Chart:
    """Percentage done per organisation unit (the first ``limit`` units by name)."""
    rows = rows[:limit]
    return Chart(
        slug="chart-completion",
        title=_("Share done per organisation unit"),
        description=_("The percentage of reviews done in each organisation unit, from 0 to 100%."),
        columns=[_("Unit"), _("Reviews"), _("Done"), _("Percentage done")],
        rows=[[row["name"], row["counted"], row["done"], row["percent_done"]] for row in rows],
        draw=lambda: _bars(
            [row["name"] for row in rows], [row["percent_done"] for row in rows], colour=DONE, percent=True
        ),
    )


def burndown_chart(points: list[dict]) -> Chart:
    """Reviews not yet done on each day since the cycle opened."""

    def draw() -> Figure:
        figure = Figure(figsize=(WIDTH, 2.8), layout="constrained")
        axes = figure.add_subplot()
        values = [point["not_done"] for point in points]
        marker = "o" if len(values) == 1 else None  # one day is a dot, not a line
        axes.plot(range(len(values)), values, color=ACCENT, linewidth=2, marker=marker)
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        if points:
            step = max(1, (len(points) - 1) // 3)  # four dates at most fit on a phone
            ticks = list(range(0, len(points), step))
            axes.set_xticks(ticks, [_day(points[index]["date"]) for index in ticks])
        axes.grid(axis="y", color="#c9d1d9", linewidth=0.6)
        return figure

    return Chart(
        slug="chart-burndown",
        title=_("Reviews not yet done (burn-down)"),
        description=_("The number of reviews not yet done on each day since the cycle opened."),
        columns=[_("Date"), _("Not yet done")],
        rows=[[point["date"], point["not_done"]] for point in points],
        draw=draw,
    )


def _day(date: datetime.date) -> str:
    return formats.date_format(date, "j b")  # "9 dec" in Dutch


def calibration_chart(calibration: dict, groups: str, organisation_label: str, limit: int = 12) -> Chart:
    """Share of each rating per unit (``groups="org_units"``) or manager (``"managers"``), the
    organisation's first, as stacked bars of 100%."""
    scale = [option["label"] for option in calibration["scale"]]
    rows = [{"name": organisation_label, **calibration["organisation"]}, *calibration[groups][:limit]]
    per_unit = groups == "org_units"

    def draw() -> Figure:
        figure = Figure(figsize=(WIDTH, 1.6 + 0.42 * len(rows)), layout="constrained")
        axes = figure.add_subplot()
        names = [_label(row["name"]) for row in reversed(rows)]
        left = [0.0] * len(rows)
        for index, label in enumerate(scale):
            values = [row["percent"][label] for row in reversed(rows)]
            axes.barh(names, values, left=left, color=PALETTE[index % len(PALETTE)], label=label)
            left = [start + value for start, value in zip(left, values, strict=True)]
        axes.set_xlim(0, 100)
        axes.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        # Below the bars, as many columns as fit: the legend is never cut off.
        figure.legend(loc="outside lower center", ncols=min(len(scale), 2), frameon=False)
        return figure

    return Chart(
        slug=f"chart-calibration-{'units' if per_unit else 'managers'}",
        title=_("Overall ratings per unit (calibration)")
        if per_unit
        else _("Overall ratings per manager (calibration)"),
        description=_(
            "The share of each overall rating, the organisation's first, as bars that add up to 100%."
        ),
        columns=[_("Unit") if per_unit else _("Manager"), _("Rated"), *[f"{label} %" for label in scale]],
        rows=[[row["name"], row["rated"], *[row["percent"][label] for label in scale]] for row in rows],
        draw=draw,
        wide=True,
    )


def has_scores(dashboard: dict) -> bool:
    """Whether the dashboard's regeling has scores, so sections on ratings (figures kept from before the
    dashboard named its regeling had them all)."""
    return dashboard.get("regeling", {}).get("has_scores", True)


def dashboard_charts(dashboard: dict) -> list[Chart]:
    """The dashboard's charts, in order, for the page and the PDF alike; calibration only with scores."""
    organisation = _("Organisation")
    charts = [
        phase_chart(dashboard["phases"]),
        burndown_chart(dashboard["burndown"]),
        completion_chart(dashboard["org_units"]),
    ]
    if has_scores(dashboard):
        charts += [
            calibration_chart(dashboard["calibration"], "org_units", organisation),
            calibration_chart(dashboard["calibration"], "managers", organisation),
        ]
    return charts
