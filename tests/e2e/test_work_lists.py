"""HR's review list in headless Chromium: a search and two filters, then the export of the filtered list
(the downloaded file holds only those rows); screenshots at 1366 and 390 px."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from reviewcycle.models import Review
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_filters_the_review_list_and_exports_the_filtered_list(
    chromium, live_server, people, review, org, cycle, screenshot
):
    Review.objects.filter(employee__in=[org.employee, org.colleague]).update(
        due_date=datetime.date(2026, 1, 2)
    )
    hr = log_in(chromium, live_server, people["hr"], viewport={"width": 1366, "height": 900})
    hr.goto(f"{live_server.url}/")
    with hr.expect_navigation():
        hr.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gesprekscycli").click()
    assert hr.url.endswith(f"/cycles/{cycle.pk}/reviews/")
    assert "Otto Ander" in hr.content()

    hr.get_by_label("Naam of personeelsnummer", exact=True).fill("e")
    # The unit is found by typing (never a list of every unit): a search field over the API.
    unit = hr.get_by_role("combobox", name="Eenheid (met de eenheden eronder)")
    unit.click()
    unit.press_sequentially("burger")
    hr.get_by_role("option", name="Burgerzaken").click()
    hr.get_by_label("Te laat", exact=True).select_option("true")
    with hr.expect_navigation():
        hr.get_by_role("button", name="Filteren").click()
    rows = hr.locator("table.work-list tbody tr")
    listed = sorted(rows.locator("td[data-label=Medewerker] a").all_inner_texts())
    assert listed == ["Cor Collega", "Eva Employee"]
    assert "te laat" in rows.first.inner_text()
    screenshot(hr, "work-lists-hr-reviews-1366")

    with hr.expect_download() as download_info:
        hr.get_by_role("link", name="CSV").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    exported = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert exported[0][1] == "Medewerker"
    assert sorted(row[1] for row in exported[1:]) == ["Cor Collega", "Eva Employee"]

    phone = log_in(chromium, live_server, people["hr"], viewport={"width": 390, "height": 844})
    phone.goto(hr.url)
    assert phone.locator("table.work-list tbody tr").count() == 2
    screenshot(phone, "work-lists-hr-reviews-390")
