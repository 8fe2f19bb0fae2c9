"""HR moves a review to another manager found by typing, with the keyboard only (issue 17): the page
holds no list of the organisation's people; the search field asks ``GET /api/v1/people/``."""

import pytest

from reviewcycle.models import Review
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_finds_the_new_manager_by_typing_and_moves_the_review(chromium, live_server, people, review, org):
    hr = log_in(chromium, live_server, people["hr"], viewport={"width": 390, "height": 844})
    hr.goto(f"{live_server.url}/reviews/{review.pk}/")
    hr.get_by_text("Deze gesprekscyclus overdragen aan een andere leidinggevende").click()
    field = hr.get_by_role("combobox", name="Nieuwe leidinggevende")
    field.focus()
    field.press_sequentially("olaf")
    hr.get_by_role("option", name=f"Olaf Ander ({org.other_manager.employee_number}), Financiën").wait_for()
    field.press("ArrowDown")
    field.press("Enter")
    with hr.expect_navigation():
        hr.locator("#reassign").get_by_role("button").click()
    assert Review.objects.get(pk=review.pk).manager == org.other_manager


def open_reassign_field(page, live_server, review):
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    page.get_by_text("Deze gesprekscyclus overdragen aan een andere leidinggevende").click()
    field = page.get_by_role("combobox", name="Nieuwe leidinggevende")
    field.focus()
    return field


def test_the_list_shows_only_what_the_latest_search_found_and_says_so_when_nothing(
    chromium, live_server, people, review, org
):
    hr = log_in(chromium, live_server, people["hr"])
    field = open_reassign_field(hr, live_server, review)
    field.press_sequentially("olaf")
    hr.get_by_role("option", name=f"Olaf Ander ({org.other_manager.employee_number}), Financiën").wait_for()
    field.fill("")
    field.press_sequentially("otto")
    hr.get_by_role("option", name=f"Otto Ander ({org.other_employee.employee_number}), Financiën").wait_for()
    # Olaf was found before; "otto" does not find him, so the list must not offer him.
    assert hr.get_by_role("listbox").get_by_role("option").all_inner_texts() == [
        f"Otto Ander ({org.other_employee.employee_number}), Financiën"
    ]
    field.press_sequentially("zzz")
    hr.get_by_text("Niets gevonden", exact=False).wait_for()
    assert hr.get_by_role("status").get_by_text("Niets gevonden", exact=False).count() == 1  # read out
    assert hr.get_by_role("listbox").get_by_role("option").count() == 0


def test_the_searching_text_reads_on_one_line(chromium, live_server, people, review, org):
    """Tom Select's own ``spinner`` class is a 30 px square: a text in it breaks into "Zoe / ken / …"."""
    hr = log_in(chromium, live_server, people["hr"])
    held = []
    hr.route(
        "**/api/v1/people/**", lambda route: held.append(route)
    )  # the answer waits: the field keeps "searching"
    field = open_reassign_field(hr, live_server, review)
    field.press_sequentially("olaf")
    loading = hr.get_by_text("Zoeken…")
    loading.wait_for()
    lines = loading.evaluate(
        "el => { const range = document.createRange(); range.selectNodeContents(el);"
        " return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size; }"
    )
    for route in held:
        route.continue_()
    assert lines == 1


def test_the_search_field_reads_and_outlines_like_the_other_fields(
    chromium, live_server, people, review, org
):
    """As large as the other fields (a phone zooms into a field under 16 px) and with as dark a border
    (WCAG 1.4.11: a field's edge needs 3:1 against the page)."""
    hr = log_in(chromium, live_server, people["hr"], viewport={"width": 390, "height": 844})
    open_reassign_field(hr, live_server, review)
    looks = hr.evaluate(
        """() => { const style = selector => getComputedStyle(document.querySelector(selector));
          const text = style('#id_reassign-reason'), box = style('#id_reassign-manager-ts-control');
          const edge = style('.ts-wrapper .ts-control');
          return {text: text.fontSize, field: box.fontSize, border: text.borderTopColor, edge: edge.borderTopColor}; }"""
    )
    assert looks["field"] == looks["text"]
    assert looks["edge"] == looks["border"]


def test_the_field_keeps_its_height_when_it_loses_the_focus(chromium, live_server, people, review, org):
    """Else the button below moves between pressing and releasing the mouse, and the click misses it."""
    hr = log_in(chromium, live_server, people["hr"], viewport={"width": 320, "height": 640})
    field = open_reassign_field(hr, live_server, review)
    field.press_sequentially("olaf")
    hr.get_by_role("option", name=f"Olaf Ander ({org.other_manager.employee_number}), Financiën").wait_for()
    field.press("Enter")
    control = hr.locator("#reassign .ts-control")
    focused = control.bounding_box()["height"]
    field.blur()
    assert control.bounding_box()["height"] == focused


def test_sending_the_form_with_no_one_chosen_says_so_in_dutch_next_to_the_field(
    chromium, live_server, people, review, org
):
    """Not the browser's bubble on the hidden select (which took the focus: typing then went nowhere, and a
    screen reader was on an element hidden from it), but the server's error, as for any field."""
    hr = log_in(chromium, live_server, people["hr"])
    open_reassign_field(hr, live_server, review)
    with hr.expect_navigation():
        hr.locator("#reassign").get_by_role("button").click()
    assert hr.locator("#reassign").get_by_text("Vul dit in; het is verplicht.").first.is_visible()
    assert hr.evaluate("() => document.activeElement.closest('[aria-hidden=true]')") is None


def test_the_error_summary_leads_to_the_search_field_which_carries_the_error(
    chromium, live_server, people, review, org
):
    hr = log_in(chromium, live_server, people["hr"])
    open_reassign_field(hr, live_server, review)
    with hr.expect_navigation():
        hr.locator("#reassign").get_by_role("button").click()
    hr.locator("[data-error-summary] a").first.click()
    field = hr.get_by_role("combobox", name="Nieuwe leidinggevende")
    assert hr.evaluate("() => document.activeElement.getAttribute('role')") == "combobox"
    assert field.get_attribute("aria-invalid") == "true"
    error = hr.locator(f"#{field.get_attribute('aria-describedby')}")
    assert "Vul dit in; het is verplicht." in error.inner_text()
    hr.keyboard.type("olaf")
    hr.get_by_role("option", name=f"Olaf Ander ({org.other_manager.employee_number}), Financiën").wait_for()
