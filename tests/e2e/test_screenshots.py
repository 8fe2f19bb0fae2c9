"""A screenshot of every main page, as the role that uses it, on a desktop (1366 px) and on a phone
(390 px), written where the README says (``test-artifacts/screenshots``, ``E2E_SCREENSHOTS``) as
``<role>-<page>-<width>.png``: what a buyer, a reviewer or a designer looks at (issue 16).

One browser, one live server: the review moves through the cycle and each page is taken in the state
where its role works on it."""

import struct

import pytest

from tests.e2e.conftest import SCREENSHOTS, log_in
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = ({"width": 1366, "height": 900}, {"width": 390, "height": 844})


def png_width(path) -> int:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">I", header[16:20])[0]


def take(chromium, live_server, user, role: str, pages: dict[str, str], screenshot) -> list:
    written = []
    for viewport in WIDTHS:
        page = log_in(chromium, live_server, user, viewport=viewport)
        for name, url in pages.items():
            answer = page.goto(f"{live_server.url}{url}")
            assert answer.ok, (role, name, answer.status)
            written.append(screenshot(page, f"{role}-{name}-{viewport['width']}"))
        page.context.close()
    return written


def test_every_main_page_is_photographed_at_1366_and_390_pixels(
    chromium, live_server, people, review, org, traveller, screenshot
):
    pk, cycle = review.pk, review.cycle_id
    written = take(
        chromium,
        live_server,
        people["employee"],
        "employee",
        {
            "home": "/",
            "review": f"/reviews/{pk}/",
            "plan": f"/reviews/{pk}/plan/",
            "inbox": "/notifications/",
        },
        screenshot,
    )
    written += take(chromium, live_server, people["manager"], "manager", {"team": "/team/"}, screenshot)

    review = advance(review, org, "self_assessment", traveller)
    written += take(
        chromium,
        live_server,
        people["employee"],
        "employee",
        {"self-assessment": f"/reviews/{pk}/self-assessment/"},
        screenshot,
    )
    review = advance(review, org, "scoring", traveller)
    written += take(
        chromium,
        live_server,
        people["manager"],
        "manager",
        {"review": f"/reviews/{pk}/", "scoring": f"/reviews/{pk}/scoring/"},
        screenshot,
    )
    review = advance(review, org, "second_review", traveller)
    written += take(
        chromium,
        live_server,
        people["second"],
        "second-reviewer",
        {"queue": "/second-review/", "review": f"/reviews/{pk}/"},
        screenshot,
    )
    written += take(
        chromium,
        live_server,
        people["hr"],
        "hr",
        {
            "cycles": "/reports/",
            "dashboard": f"/reports/cycles/{cycle}/",
            "reviews": f"/cycles/{cycle}/reviews/",
            "objections": "/objections/",
            "new-cycle": "/cycles/new/",
            "review": f"/reviews/{pk}/",
        },
        screenshot,
    )

    assert len(written) == 2 * 16
    for path in written:
        assert path.parent == SCREENSHOTS
        assert png_width(path) == int(path.stem.rsplit("-", 1)[1]), path
