"""The dashboard's charts (WCAG 1.1.1): each is named by its title and description, has a table with the
same numbers one click away, and no id repeats when several SVGs share the page; the PDF shows the
numbers in the reader's format (Dutch ``12,5``, as on the page)."""

import collections
import datetime
import html
import re
import subprocess

import pytest
from django.utils import formats, translation

from reports.dashboard import cycle_dashboard
from tests.reports import needs_pdftotext
from tests.reports.test_dashboard import TODAY, add_staff, open_cycle, spread

pytestmark = pytest.mark.django_db

TITLES = [
    "Gesprekscycli per fase",
    "Nog niet afgeronde gesprekscycli per dag",
    "Aandeel afgerond per organisatie-eenheid",
    "Eindoordelen per eenheid (kalibratie)",
    "Eindoordelen per leidinggevende (kalibratie)",
]


def shown(value) -> str:
    if isinstance(value, datetime.date):
        return formats.date_format(value)
    if isinstance(value, float):
        return formats.number_format(value)
    return html.escape(str(value))


def chart_numbers(data: dict) -> list[list]:
    """What each chart draws, read from the dashboard's own numbers (not from the chart)."""
    calibration = data["calibration"]
    scale = [option["label"] for option in calibration["scale"]]

    def distribution(rows):
        return [
            value for row in rows for value in (row["rated"], *[row["percent"][label] for label in scale])
        ]

    return [
        [value for phase in data["phases"] for value in (phase["count"], phase["percent"])],
        [value for point in data["burndown"] for value in (point["date"], point["not_done"])],
        [value for row in data["org_units"] for value in (row["counted"], row["done"], row["percent_done"])],
        distribution([calibration["organisation"], *calibration["org_units"]]),
        distribution([calibration["organisation"], *calibration["managers"]]),
    ]


def test_every_chart_is_named_and_has_a_table_with_its_numbers_and_no_id_repeats(org, traveller, client):
    add_staff(org, 12)
    cycle = open_cycle(org)
    spread(cycle)
    client.force_login(org.hr)
    page = client.get(f"/reports/cycles/{cycle.pk}/").content.decode()

    ids = collections.Counter(re.findall(r'\sid="([^"]+)"', page))
    assert not [name for name, count in ids.items() if count > 1]
    figures = re.findall(r'<figure class="chart[ "].*?</figure>', page, flags=re.S)
    with translation.override("nl"):
        expected = chart_numbers(cycle_dashboard(cycle=cycle, user=org.hr, today=TODAY))
        assert len(figures) == len(TITLES)
        for figure, title, numbers in zip(figures, TITLES, expected, strict=True):
            svg = re.search(r"<svg[^>]*>", figure).group()
            assert 'role="img"' in svg
            labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
            names = [
                re.search(rf'<(?:title|desc) id="{name}">([^<]+)<', figure).group(1) for name in labelled_by
            ]
            assert names[0] == title
            assert len(names[1]) > 20
            assert "…" not in names[0]
            cells = re.findall(r"<td data-label=\"[^\"]*\">(.*?)</td>", figure)
            assert cells
            for number in numbers:
                assert shown(number) in cells, (title, number)


@needs_pdftotext
def test_the_printable_dashboard_writes_percentages_the_dutch_way(org, traveller, client):
    add_staff(org, 6)
    cycle = open_cycle(org)
    spread(cycle)
    client.force_login(org.hr)
    response = client.get(f"/reports/cycles/{cycle.pk}/dashboard.pdf")
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    words = " ".join(text.stdout.decode().split())
    with translation.override("nl"):
        data = cycle_dashboard(cycle=cycle, user=org.hr, today=TODAY)
    assert f"({formats.number_format(data['percent_done'], 1)}%)" in words
    assert re.search(r"\b\d+,\d%", words)
    assert not re.search(r"\b\d+\.\d%", words)
    assert "Gesprekscycli per fase" in words  # each chart has its title above it
