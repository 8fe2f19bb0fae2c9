"""The look on a phone (390 CSS pixels, an everyday phone): tables become stacked rows, no word is ever
broken in the middle ("Stat us", "Indicatore n"), and the header folds into a menu."""

import pytest

from tests.e2e.conftest import log_in
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Every word of the page's text (split at spaces, hyphens and slashes, where a line may break) must lie
# on one line: a Range over a word that the browser broke in two has client rects on two lines.
BROKEN_WORDS = r"""() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, option, .visually-hidden, svg')) continue;
    if (!parent.getClientRects().length) continue;
    let clipped = false;  // visually hidden text (a stacked table's header row) is read, not seen
    for (let el = parent; el && !clipped; el = el.parentElement) clipped = el.getBoundingClientRect().width <= 1;
    if (clipped) continue;
    const words = /[^\s\-\/–—]+/g;
    let match;
    while ((match = words.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(`"${match[0]}" in <${parent.tagName.toLowerCase()}>`);
    }
  }
  return broken;
}"""
# A cell's label, from the data-label that repeats its column's header, shown when a row is stacked.
UNLABELLED_CELLS = r"""() => [...document.querySelectorAll('main tbody td')]
  .filter(td => !td.hasAttribute('colspan') && !td.dataset.label)
  .map(td => td.closest('table').querySelector('th')?.textContent + ' … ' + td.textContent.trim().slice(0, 40))"""
STACKED = r"""() => [...document.querySelectorAll('main tbody tr')].every(tr => getComputedStyle(tr).display === 'block')"""


def word_breaks(page, url: str) -> list[str]:
    page.goto(url)
    assert page.locator("main").count() == 1, f"{url}: {page.content()[:500]}"
    found = [f"{url}: word broken {word}" for word in page.evaluate(BROKEN_WORDS)]
    found += [f"{url}: cell without data-label: {cell}" for cell in page.evaluate(UNLABELLED_CELLS)]
    if page.viewport_size["width"] <= 640 and not page.evaluate(STACKED):
        found.append(f"{url}: table rows are not stacked on a phone")
    return found


def check(chromium, live_server, user, urls: list[str], viewport=PHONE) -> list[str]:
    page = log_in(chromium, live_server, user, viewport=viewport)
    found = []
    for url in urls:
        found += word_breaks(page, f"{live_server.url}{url}")
    page.context.close()
    return found


def test_no_word_is_broken_on_a_phone_and_tables_stack(chromium, live_server, people, review, org, traveller):
    pk, cycle = review.pk, review.cycle_id
    found = check(chromium, live_server, people["employee"], ["/", f"/reviews/{pk}/", "/notifications/"])
    found += check(chromium, live_server, people["manager"], ["/", "/team/", f"/reviews/{pk}/plan/"])
    found += check(
        chromium,
        live_server,
        people["hr"],
        ["/", "/reports/", f"/reports/cycles/{cycle}/", "/objections/", "/people/import/", f"/reviews/{pk}/"],
    )
    review = advance(review, org, "plan_signoff", traveller)
    found += check(chromium, live_server, people["employee"], [f"/reviews/{pk}/"])
    review = advance(review, org, "self_assessment", traveller)
    found += check(chromium, live_server, people["employee"], [f"/reviews/{pk}/self-assessment/"])
    review = advance(review, org, "scoring", traveller)
    found += check(chromium, live_server, people["manager"], [f"/reviews/{pk}/scoring/", f"/reviews/{pk}/"])
    review = advance(review, org, "second_review", traveller)
    found += check(chromium, live_server, people["second"], ["/", "/second-review/", f"/reviews/{pk}/"])
    found += check(chromium, live_server, people["hr"], [f"/reports/cycles/{cycle}/", f"/reviews/{pk}/"])
    assert not found, "\n".join(found)


def test_the_header_folds_into_a_menu_on_a_phone_and_stays_open_on_a_desktop(
    chromium, live_server, people, screenshot
):
    page = log_in(chromium, live_server, people["hr"], viewport=PHONE)
    dashboard = page.locator("header nav").get_by_role("link", name="Dashboard")
    menu = page.locator("summary", has_text="Menu")
    assert menu.is_visible()
    assert not dashboard.is_visible()
    menu.focus()
    page.keyboard.press("Enter")  # a <summary> is a button to the keyboard and to a screen reader
    assert dashboard.is_visible()
    screenshot(page, "phone-menu-open")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('nav') !== null")
    page.context.close()

    page = log_in(chromium, live_server, people["hr"], viewport=DESKTOP)
    assert not page.locator("summary", has_text="Menu").is_visible()
    assert page.locator("header nav").get_by_role("link", name="Dashboard").is_visible()
    assert page.get_by_role("button", name="Uitloggen").is_visible()
    screenshot(page, "desktop-header")
    page.locator("body").focus()
    page.keyboard.press("Tab")  # the skip link, the brand, then the navigation: no hidden stop in between
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('nav') !== null")
    page.context.close()


def test_an_earlier_round_opened_on_a_phone_breaks_no_word(
    chromium, live_server, people, review, org, traveller, screenshot
):
    from reviewcycle.services import review_return_to_manager

    review = advance(review, org, "second_review", traveller)
    review_return_to_manager(
        review=review, actor=people["second"], reason="De toelichting bij de resultaatafspraken ontbreekt."
    )
    page = log_in(chromium, live_server, people["manager"], viewport=PHONE)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    rounds = page.locator("details.earlier-round")
    assert rounds.count() == 1
    rounds.locator("summary").click()
    assert rounds.get_by_text("De toelichting bij de resultaatafspraken ontbreekt.").is_visible()
    screenshot(page, "phone-earlier-round")
    rounds.screenshot(path="/tmp/h1-round.png")
    found = [f"word broken {word}" for word in page.evaluate(BROKEN_WORDS)]
    found += [f"cell without data-label: {cell}" for cell in page.evaluate(UNLABELLED_CELLS)]
    assert page.evaluate(STACKED), "table rows are not stacked on a phone"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.close()
    assert not found, "\n".join(found)
