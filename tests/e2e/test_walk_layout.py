"""What the walk of issue 16 found in the browser on the scoring and plan pages and HR's list: the
overall proposal follows the ratings live, HR's review list fits 1366 px, radio choices stand one per
line, and the plan's blank rows put each label above its input."""

import pytest

from people.models import Employee, OrgUnit
from tests.e2e.conftest import log_in
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Each label of a radio group on a line of its own: no two share a line box.
RADIO_LINES = r"""() => [...document.querySelectorAll('main fieldset[role=radiogroup]')].map(group => {
  const tops = [...group.querySelectorAll(':scope > label')].map(label => Math.round(label.getBoundingClientRect().top));
  return {id: group.id, tops, distinct: new Set(tops).size};
})"""
# Each label in a blank row of the plan page stands above its input (not beside it).
LABELS_BESIDE = r"""() => [...document.querySelectorAll('main fieldset.new-row label[for]')].flatMap(label => {
  const input = document.getElementById(label.htmlFor);
  if (!input) return [];
  const l = label.getBoundingClientRect(), i = input.getBoundingClientRect();
  return l.bottom <= i.top + 1 ? [] : [`${label.textContent.trim()} (${label.htmlFor})`];
})"""


def test_the_overall_proposal_appears_once_every_rating_is_chosen_without_saving(
    chromium, live_server, people, review, org, traveller
):
    review = advance(review, org, "scoring", traveller)
    page = log_in(chromium, live_server, people["manager"], viewport=DESKTOP)
    page.goto(f"{live_server.url}/reviews/{review.pk}/scoring/")
    label = page.locator("label[for=id_overall_rating]")
    assert "volgt zodra er oordelen zijn" in label.inner_text()
    for radio in page.locator("input[type=radio][value=fully]").all():
        radio.check()
    for select in page.locator("select[name$=-rating]:not([name=overall_rating])").all():
        select.select_option("3")
    page.wait_for_function(
        "() => document.querySelector('label[for=id_overall_rating]').textContent.includes('voorstel ‘goed’')"
    )
    overall = page.locator("fieldset[data-overall] [data-proposal-text]")
    assert overall.is_visible()
    assert overall.inner_text() == "Voorstel: goed"
    page.context.close()


def test_hr_review_list_fits_1366_pixels(chromium, live_server, people, review, org):
    # The walk's longest words: a unit, a manager's name, a phase, a state.
    OrgUnit.objects.filter(pk=org.team.pk).update(name="Informatievoorziening")
    Employee.objects.filter(pk=org.manager.pk).update(name="Mohammed El Amrani")
    Employee.objects.filter(pk=org.employee.pk).update(name="Quinten Hoekstra")
    page = log_in(chromium, live_server, people["hr"], viewport=DESKTOP)
    page.goto(f"{live_server.url}/cycles/{review.cycle_id}/reviews/")
    assert page.locator("table.work-list tbody tr").count() >= 5
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1366, f"HR's review list is {width} px wide at 1366"
    page.context.close()


def test_the_plans_blank_rows_put_labels_above_inputs(chromium, live_server, people, review):
    for viewport in (PHONE, DESKTOP):
        page = log_in(chromium, live_server, people["manager"], viewport=viewport)
        page.goto(f"{live_server.url}/reviews/{review.pk}/plan/")
        assert page.locator("fieldset.new-row").count() >= 2
        assert page.evaluate(LABELS_BESIDE) == [], viewport
        page.context.close()


def test_sign_choices_stand_one_per_line(chromium, live_server, people, review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    for viewport in (PHONE, DESKTOP):
        page = log_in(chromium, live_server, people["employee"], viewport=viewport)
        page.goto(f"{live_server.url}/reviews/{review.pk}/")
        groups = page.evaluate(RADIO_LINES)
        assert groups, "no radio group on the review page to sign"
        for group in groups:
            assert group["distinct"] == len(group["tops"]) >= 2, (viewport, group)
        page.context.close()


def test_the_team_reminder_and_the_email_choice_stand_one_per_line(chromium, live_server, people):
    # The walk of helper 5: "In de te late gesprekscycli van mijn team ( ) In alle lopende ..." ran on as
    # one sentence, and so did the inbox's three ways to receive e-mail.
    for viewport in (PHONE, DESKTOP):
        page = log_in(chromium, live_server, people["manager"], viewport=viewport)
        for url in ("/team/", "/notifications/"):
            page.goto(f"{live_server.url}{url}")
            groups = page.evaluate(RADIO_LINES)
            assert groups, f"no radio group on {url}"
            for group in groups:
                assert group["distinct"] == len(group["tops"]) >= 2, (viewport, url, group)
        page.context.close()


def test_the_review_pages_headings_keep_their_long_dutch_words_whole_at_320_pixels(
    chromium, live_server, people, review, org, traveller
):
    # The walk of helper 5: at 320 px (WCAG's reflow width) "Voortgangsgesprekken" broke in its <h2>.
    from tests.e2e.test_layout import BROKEN_WORDS

    review = advance(review, org, "employee_response", traveller)
    page = log_in(chromium, live_server, people["employee"], viewport={"width": 320, "height": 800})
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert page.get_by_role("heading", name="Voortgangsgesprekken").is_visible()
    assert page.evaluate(BROKEN_WORDS) == []
    page.context.close()
