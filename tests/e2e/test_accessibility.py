"""Every main page, for the role that uses it, on a desktop and on a phone (320 CSS pixels wide):
no WCAG 2.1 A/AA violation that axe-core finds, nothing wider than the screen, and a keyboard reaches
every control in reading order with a visible focus. Dutch public bodies must meet WCAG 2.1 AA."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import log_in
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}

# Focusable controls in document order, as the keyboard should meet them.
FOCUSABLE_SELECTOR = ", ".join(
    [
        "a[href]",
        "button:not([disabled])",
        "input:not([type=hidden]):not([disabled])",
        "select:not([disabled])",
        "textarea:not([disabled])",
        "summary",
        '[tabindex]:not([tabindex="-1"])',
    ]
)
# A group of radio buttons is one Tab stop (the checked one, else the first); arrows move within it.
FOCUSABLE = f"""() => [...document.querySelectorAll('{FOCUSABLE_SELECTOR}')]
  .filter(el => el.getClientRects().length && el.checkVisibility({{visibilityProperty: true}}))
  .filter(el => el.tabIndex >= 0)  // tabindex=-1: out of the Tab order (a search field's own select)
  .filter(el => {{
    if (el.type !== 'radio') return true;
    const group = [...el.form.querySelectorAll(`input[type=radio][name="${{el.name}}"]`)];
    return el === (group.find(radio => radio.checked) || group[0]);
  }})
  .map(el => el.outerHTML.slice(0, 120))"""
WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('table'))
  .map(el => `${el.tagName}.${el.className} ${el.outerHTML.slice(0, 80)}`).slice(0, 8)"""
FOCUSED = """() => { const el = document.activeElement; const style = getComputedStyle(el);
  return {html: el.outerHTML.slice(0, 120),
          visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2}; }"""


def pages_by_role(review, cycle_id: int) -> dict[str, dict[str, str]]:
    return {
        "anonymous": {"login": "/accounts/login/"},
        "employee": {
            "my cycle": "/",
            "review": f"/reviews/{review.pk}/",
            "plan": f"/reviews/{review.pk}/plan/",
            "inbox": "/notifications/",
        },
        "manager": {
            "team": "/team/",
            "review": f"/reviews/{review.pk}/",
            "plan": f"/reviews/{review.pk}/plan/",
        },
        "hr": {
            "cycles": "/reports/",
            "dashboard": f"/reports/cycles/{cycle_id}/",
            "new cycle": "/cycles/new/",
            "objections": "/objections/",
            "reviews of a cycle": f"/cycles/{cycle_id}/reviews/",
            "people import": "/people/import/",
            "framework import": "/frameworks/import/",
            "review (HR)": f"/reviews/{review.pk}/",
        },
    }


def problems_on(page, url: str, *, phone: bool) -> list[str]:
    page.goto(url)
    found = []
    results = Axe().run(page, options=WCAG_21_AA)
    if results.violations_count:
        found.append(f"{url}: {results.generate_report()}")
    if phone:
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            culprits = page.evaluate(WIDER_THAN_THE_SCREEN)
            found.append(f"{url}: {overflow}px wider than a 320px screen (WCAG 1.4.10 reflow): {culprits}")
    return found


def keyboard_problems(page, url: str) -> list[str]:
    """Tab from the top through the page: each control in document order, each with a visible focus ring."""
    page.goto(url)
    expected = page.evaluate(FOCUSABLE)
    met, found = [], []
    page.locator("body").focus()
    for _ in range(3 * len(expected)):  # a date field takes a Tab per part (day, month, year)
        if len(met) == len(expected):
            break
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if met and met[-1] == focused["html"]:
            continue
        met.append(focused["html"])
        if not focused["visible"]:
            found.append(f"{url}: no visible focus on {focused['html']}")
    if met != expected:
        found.append(f"{url}: the keyboard met\n  {met}\nbut the page reads\n  {expected}")
    return found


def check_all(chromium, live_server, people, org, pages: dict[str, dict[str, str]]) -> list[str]:
    users = {"employee": people["employee"], "manager": people["manager"], "hr": people["hr"]}
    users["second"] = people["second"]
    found = []
    for role, urls in pages.items():
        for viewport in (DESKTOP, PHONE):
            if role == "anonymous":
                page = chromium.new_context(locale="nl-NL", viewport=viewport).new_page()
            else:
                page = log_in(chromium, live_server, users[role], viewport=viewport)
            for url in urls.values():
                found += problems_on(page, f"{live_server.url}{url}", phone=viewport is PHONE)
                if viewport is DESKTOP:
                    found += keyboard_problems(page, f"{live_server.url}{url}")
            page.context.close()
    return found


def test_every_main_page_meets_wcag_21_aa_on_desktop_and_phone_and_by_keyboard(
    chromium, live_server, people, review, org, traveller
):
    found = check_all(chromium, live_server, people, org, pages_by_role(review, review.cycle_id))

    review = advance(review, org, "self_assessment", traveller)
    found += check_all(
        chromium,
        live_server,
        people,
        org,
        {"employee": {"self-assessment": f"/reviews/{review.pk}/self-assessment/"}},
    )
    review = advance(review, org, "scoring", traveller)
    found += check_all(
        chromium, live_server, people, org, {"manager": {"scoring": f"/reviews/{review.pk}/scoring/"}}
    )
    review = advance(review, org, "second_review", traveller)
    found += check_all(chromium, live_server, people, org, {"second": {"queue": "/second-review/"}})
    assert not found, "\n\n".join(found)


def test_the_review_page_meets_wcag_21_aa_wherever_someone_must_sign_or_decide(
    chromium, live_server, people, review, org, traveller
):
    """The review page with the form of a legal commitment or a decision on it, for whoever takes it:
    the plan to sign and the appraisal to sign or object to (employee), the objection to decide (HR),
    the appraisal to finalise or return (second reviewer), the appraisal to score again beside its
    earlier round (manager); on a desktop, by keyboard, and at 320 px."""
    from reviewcycle.services import review_decide_objection, review_object, review_return_to_manager

    url = f"/reviews/{review.pk}/"
    review = advance(review, org, "plan_signoff", traveller)
    found = check_all(chromium, live_server, people, org, {"employee": {"plan to sign": url}})
    review = advance(review, org, "employee_response", traveller)
    found += check_all(chromium, live_server, people, org, {"employee": {"appraisal to sign": url}})
    review = review_object(review=review, actor=people["employee"], grounds="Oneens met het oordeel.")
    found += check_all(chromium, live_server, people, org, {"hr": {"objection to decide": url}})
    review = review_decide_objection(
        review=review, actor=people["hr"], decision="rejected", reason="Het oordeel is goed onderbouwd."
    )
    assert review.state == "second_review"
    found += check_all(chromium, live_server, people, org, {"second": {"appraisal to finalise": url}})
    review = review_return_to_manager(review=review, actor=people["second"], reason="Graag opnieuw bekijken.")
    found += check_all(chromium, live_server, people, org, {"manager": {"earlier round to score again": url}})
    assert not found, "\n\n".join(found)


# WCAG 1.4.11: the focus ring (the outline) must have 3:1 against what lies on both sides of it: the
# background around the control, and inside it the inner ring (box-shadow), the gap, or the control itself.
FOCUS_RING = r"""() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const rgba = c => { const v = (c.match(/[\d.]+/g) || []).map(Number); return v.length === 3 ? [...v, 1] : v; };
  const opaque = c => rgba(c)[3] === 1;
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  let around = el.parentElement;
  while (around && !opaque(getComputedStyle(around).backgroundColor)) around = around.parentElement;
  const behind = around ? rgba(getComputedStyle(around).backgroundColor) : [255, 255, 255, 1];
  const own = opaque(style.backgroundColor) ? rgba(style.backgroundColor) : behind;
  const offset = parseFloat(style.outlineOffset) || 0;
  const shadow = style.boxShadow === 'none' ? null : style.boxShadow.match(/(rgba?\([^)]*\))\s+(.*)/);
  const spread = shadow ? parseFloat(shadow[2].split(/\s+/)[3] || '0') : 0;
  const inside = shadow && spread >= offset ? rgba(shadow[1]) : offset > 0 ? behind : own;
  const outline = rgba(style.outlineColor);
  return {html: el.outerHTML.slice(0, 80), width: parseFloat(style.outlineWidth), style: style.outlineStyle,
          behind: behind.slice(0, 3).join(','), own: own.slice(0, 3).join(','),
          outer: ratio(outline, behind), inner: ratio(outline, inside)};
}"""


def test_the_focus_ring_has_3_to_1_contrast_on_every_background(chromium, live_server):
    page = chromium.new_context(locale="nl-NL", viewport=DESKTOP).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("body").focus()
    rings, found = [], []
    for _ in range(12):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["html"].startswith("<body") or (rings and ring["html"] == rings[-1]["html"]):
            break  # past the last control
        rings.append(ring)
        if ring["style"] == "none" or ring["width"] < 2 or min(ring["outer"], ring["inner"]) < 3:
            found.append(ring)
    page.context.close()
    backgrounds = {ring["behind"] for ring in rings} | {ring["own"] for ring in rings}
    # white (the header, cards), the page's background, and a blue primary button are all met
    assert {"255,255,255", "246,248,250", "11,92,173"} <= backgrounds, rings
    assert not found, found


CHART_TEXT = r"""() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
  const box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')];
  return {
    smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
    serif: texts.filter(t => !getComputedStyle(t).fontFamily.includes('sans-serif')).length,
    cut: texts.filter(t => { const r = t.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1; })
      .map(t => t.textContent),
  };
})"""


def test_the_dashboards_charts_are_named_readable_and_have_their_numbers_at_hand(
    chromium, live_server, people, org, screenshot
):
    from reviewcycle.models import ReviewCycle
    from tests.reports.test_dashboard import add_staff, open_cycle, spread

    # The review the login fixture made is in an open cycle of the same period: close that one, or the
    # new cycle is refused for overlapping it.
    ReviewCycle.objects.filter(state=ReviewCycle.State.OPEN).update(state=ReviewCycle.State.CLOSED)
    add_staff(org, 12)
    cycle = open_cycle(org, name="Grafieken 2027", year=2027)  # the review fixture's cycle covers 2026
    spread(cycle)
    for viewport in (DESKTOP | {"width": 1366}, {"width": 390, "height": 844}):
        page = log_in(chromium, live_server, people["hr"], viewport=viewport)
        found = problems_on(
            page, f"{live_server.url}/reports/cycles/{cycle.pk}/", phone=viewport["width"] < 400
        )
        assert not found, found
        figures = page.locator("figure.chart")
        assert figures.count() == 5
        for index in range(figures.count()):
            figure = figures.nth(index)
            title = figure.locator("h3").inner_text()
            assert figure.get_by_role("img", name=title).count() == 1  # the SVG's name starts with its title
            figure.locator("summary").click()
            assert figure.locator("table").is_visible()
        for chart in page.evaluate(CHART_TEXT):
            assert chart["smallest"] >= 12, chart
            assert chart["serif"] == 0, chart
            assert chart["cut"] == [], chart
        screenshot(page, f"dashboard-charts-{viewport['width']}")
        page.context.close()
