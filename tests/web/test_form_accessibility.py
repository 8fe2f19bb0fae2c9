"""Errors a screen reader can find (WCAG 3.3.1/3.3.2): each field error is linked to its field, an error
summary at the top takes the focus and links to the fields, required fields say so before submit, and no
``aria-describedby`` points at an id the page does not have (issue 16)."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.language import speaking
from tests.reviewcycle.helpers import advance
from tests.reviewcycle.test_hr_pages import cycle_post

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    @property
    def ids(self) -> set[str]:
        return {attrs["id"] for _tag, attrs in self.elements if attrs.get("id")}

    def with_attr(self, name: str) -> list[tuple[str, dict]]:
        return [(tag, attrs) for tag, attrs in self.elements if name in attrs]


def dangling_references(html: str) -> list[str]:
    page = Elements(html)
    return [
        f"{tag} {name}={reference}"
        for name in ("aria-describedby", "aria-labelledby", "aria-controls")
        for tag, attrs in page.with_attr(name)
        for reference in attrs[name].split()
        if reference not in page.ids
    ]


def check_errors_are_linked(html: str) -> None:
    page = Elements(html)
    assert dangling_references(html) == []
    invalid = page.with_attr("aria-invalid")
    assert invalid, "a page with errors marks the fields"
    groups = {attrs["id"]: attrs for _tag, attrs in page.elements if attrs.get("id")}
    for tag, attrs in invalid:
        if attrs.get("type") == "radio":  # a radio button's group carries the description
            attrs = groups[attrs["id"].rsplit("_", 1)[0]]
        assert any(ref.endswith("_error") for ref in attrs.get("aria-describedby", "").split()), (tag, attrs)
    summaries = [attrs for _tag, attrs in page.elements if "data-error-summary" in attrs]
    assert len(summaries) == 1
    assert summaries[0]["tabindex"] == "-1"
    links = [
        attrs["href"][1:]
        for tag, attrs in page.elements
        if tag == "a" and attrs.get("href", "").startswith("#id_")
    ]
    assert links
    assert set(links) <= page.ids
    # Dutch writes no capital after a colon: the summary names the field apart, not "Veld: Dit veld ...".
    summary = re.search(r"<div[^>]*data-error-summary.*?</div>", html, re.DOTALL).group(0)
    assert not re.search(r":\s+[A-Z]", re.sub(r"<[^>]+>", " ", summary)), summary


@pytest.fixture
def client():
    return speaking(Client(), "nl")


def test_no_main_page_points_aria_describedby_at_a_missing_id(org, review, traveller, client):
    pages = {}
    client.force_login(org.manager.user)
    pages["review, planning"] = client.get(f"/reviews/{review.pk}/")
    pages["plan"] = client.get(f"/reviews/{review.pk}/plan/")
    pages["team"] = client.get("/team/")
    pages["inbox"] = client.get("/notifications/")
    review = advance(review, org, "plan_signoff", traveller)
    client.force_login(org.employee.user)
    pages["review, plan to sign"] = client.get(f"/reviews/{review.pk}/")
    pages["home"] = client.get("/")
    review = advance(review, org, "self_assessment", traveller)
    client.force_login(org.employee.user)  # months later
    pages["self-assessment"] = client.get(f"/reviews/{review.pk}/self-assessment/")
    review = advance(review, org, "scoring", traveller)
    client.force_login(org.manager.user)
    pages["scoring"] = client.get(f"/reviews/{review.pk}/scoring/")
    client.force_login(org.hr)
    pages["new cycle"] = client.get("/cycles/new/")
    pages["import"] = client.get("/people/import/")
    pages["hr review"] = client.get(f"/reviews/{review.pk}/")
    for name, answer in pages.items():
        assert answer.status_code == 200, name
        assert dangling_references(answer.content.decode()) == [], name


def test_a_step_form_with_errors_links_each_to_its_field_under_a_summary(org, review, traveller, client):
    review = advance(review, org, "plan_signoff", traveller)
    client.force_login(org.employee.user)
    page = client.post(f"/reviews/{review.pk}/steps/sign-plan/", {"sign_plan-response": "x"})
    assert page.status_code == 400
    html = page.content.decode()
    check_errors_are_linked(html)
    assert 'id="id_sign_plan-signature"' in html  # the radio group the summary links to
    assert "Verbeter het volgende" in html


def test_the_cycle_form_with_errors_links_each_to_its_field(org, client):
    client.force_login(org.hr)
    page = client.post("/cycles/new/", cycle_post(org, name="", goal_weight="50"))
    assert page.status_code == 400
    check_errors_are_linked(page.content.decode())


def test_required_fields_say_so_before_submit(org, review, traveller, client):
    review = advance(review, org, "plan_signoff", traveller)
    client.force_login(org.employee.user)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    group = next(
        attrs
        for tag, attrs in Elements(html).elements
        if tag == "fieldset" and attrs.get("id") == "id_sign_plan-signature"
    )
    assert (group["role"], group["aria-required"]) == ("radiogroup", "true")
    assert "(verplicht)" in html
    review = advance(review, org, "scoring", traveller)
    client.force_login(org.manager.user)
    html = client.get(f"/reviews/{review.pk}/scoring/").content.decode()
    page = Elements(html)
    ratings = [
        attrs for tag, attrs in page.elements if tag == "select" and attrs.get("name", "").endswith("-rating")
    ]
    assert ratings
    assert all("required" in attrs and attrs.get("aria-required") == "true" for attrs in ratings)
    assert "(nodig om in te dienen)" in html
    assert "minstens 20 tekens" in html  # the justification's minimum length, stated before submit
    assert any(
        tag == "button" and attrs.get("name") == "save" and "formnovalidate" in attrs
        for tag, attrs in page.elements
    )


def test_the_scoring_form_groups_the_next_level_and_announces_the_proposal_whole(
    org, review, traveller, client
):
    review = advance(review, org, "scoring", traveller)
    client.force_login(org.manager.user)
    html = client.get(f"/reviews/{review.pk}/scoring/").content.decode()
    page = Elements(html)
    assert any(tag == "fieldset" and "next-level" in attrs.get("class", "") for tag, attrs in page.elements)
    assert "Getoonde indicatoren van het volgende niveau" in html
    live = [attrs for _tag, attrs in page.elements if "data-proposal" in attrs]
    assert live
    assert all(attrs["aria-live"] == "polite" and attrs["aria-atomic"] == "true" for attrs in live)
    # Nothing to say before a mark exists: the sentence is hidden, and empty.
    texts = [attrs for _tag, attrs in page.elements if "data-proposal-text" in attrs]
    assert all("hidden" in attrs for attrs in texts)
