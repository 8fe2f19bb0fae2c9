"""What a Dutch HR department reads on the buttons and in the signing steps (the walk of helper 5):
a button says what it does in the infinitive ("Opslaan", "Cyclus aanmaken"), never in the imperative
("Bewaar", "Maak de cyclus aan"); signing is one term, "ondertekenen"/"ondertekend", never "tekenen"/
"getekend"; a goal's description is an "Omschrijving" and a scoring field is required "bij indienen",
the word of the button that sends it."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from reviewcycle.services import review_reopen_plan, review_sign
from tests.language import speaking
from tests.reviewcycle.helpers import advance
from tests.web.test_dutch_dates import Text

pytestmark = pytest.mark.django_db

PASSWORD = "gesprek2026"

# The imperative a button must not start with (the infinitive comes last in Dutch: "Cyclus sluiten").
IMPERATIVE = re.compile(
    r"^(Bewaar|Maak|Sluit|Stuur|Verstuur|Wijs|Draag|Voeg|Teken|Onderteken|Wissel|Open|Trek|Besluit)\b"
)
# "tekenen", "getekend", "Teken" ... without "onder" before them.
SHORT_SIGN = re.compile(r"(?<![Oo]nder)\b(ge)?teken(d|en)?\b", re.IGNORECASE)


class Buttons(HTMLParser):
    """The text of every <button> and <summary> (what a person clicks)."""

    def __init__(self, html: str):
        super().__init__()
        self.labels: list[str] = []
        self._open: list[list[str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("button", "summary"):
            self._open.append([])

    def handle_endtag(self, tag):
        if tag in ("button", "summary") and self._open:
            self.labels.append(" ".join("".join(self._open.pop()).split()))

    def handle_data(self, data):
        if self._open:
            self._open[-1].append(data)


def dutch(user) -> Client:
    client = speaking(Client(), "nl")
    client.force_login(user)
    return client


def page(client: Client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, (url, answer.status_code)
    return answer.content.decode()


def imperative_buttons(html: str) -> list[str]:
    return [label for label in Buttons(html).labels if IMPERATIVE.match(label)]


def test_buttons_on_the_managers_pages_are_in_the_infinitive(org, review):
    client = dutch(org.manager.user)
    plan = page(client, f"/reviews/{review.pk}/plan/")
    assert imperative_buttons(plan) == []
    labels = Buttons(plan).labels
    assert "Resultaatafspraak toevoegen" in labels or "Resultaatafspraken toevoegen" in labels
    assert "Taal wijzigen" in labels  # the language switch in the header
    text = str(Text(plan))
    assert "Omschrijving" in text
    assert "Wat " not in text.replace("Wat je", "")

    review_page = page(client, f"/reviews/{review.pk}/")
    assert imperative_buttons(review_page) == []
    assert "Gesprek plannen (jullie krijgen allebei een agenda-uitnodiging)" in Buttons(review_page).labels
    assert "Uitnodiging versturen" in Buttons(review_page).labels

    team = page(client, "/team/")
    assert imperative_buttons(team) == []


def test_a_goal_on_the_plan_is_saved_and_withdrawn_in_the_infinitive(org, review, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    review_reopen_plan(review=review, actor=org.manager.user, reason="Weging aanpassen.")
    plan = page(dutch(org.manager.user), f"/reviews/{review.pk}/plan/")
    assert imperative_buttons(plan) == []
    assert "Resultaatafspraak opslaan" in Buttons(plan).labels
    assert "Deze resultaatafspraak intrekken" in str(Text(plan))


def test_buttons_on_hrs_pages_are_in_the_infinitive(org, review):
    client = dutch(org.hr)
    new_cycle = page(client, "/cycles/new/")
    assert imperative_buttons(new_cycle) == []
    assert "Cyclus aanmaken" in Buttons(new_cycle).labels
    assert "organisatie-eenheden" in str(Text(new_cycle))

    dashboard = page(client, f"/reports/cycles/{review.cycle_id}/")
    assert imperative_buttons(dashboard) == []
    assert "Cyclus sluiten" in Buttons(dashboard).labels
    assert "Formulieren als zip maken" in Buttons(dashboard).labels

    review_page = page(client, f"/reviews/{review.pk}/")
    assert imperative_buttons(review_page) == []
    assert {"Gesprekscyclus overdragen", "Tweede beoordelaar aanwijzen"} <= set(Buttons(review_page).labels)

    reviews = page(client, f"/cycles/{review.cycle_id}/reviews/")
    assert "Herinnering versturen" in Buttons(reviews).labels  # "versturen" as on the team and dashboard

    objections = str(Text(page(client, "/objections/")))
    assert "Alle bedenkingen in jouw HR-gebied, open en afgehandeld." in objections


def test_the_inbox_opens_a_notification_and_saves_the_preference_in_the_infinitive(org, review, traveller):
    advance(review, org, "plan_signoff", traveller)  # the employee's turn: a notification with a link
    inbox = page(dutch(org.employee.user), "/notifications/")
    assert imperative_buttons(inbox) == []
    assert "Opslaan" in Buttons(inbox).labels
    assert re.search(r'<a href="[^"]+">Openen</a>', inbox)


def test_the_scoring_form_is_saved_as_a_draft_and_required_when_sent(org, review, traveller):
    review = advance(review, org, "scoring", traveller)
    scoring = page(dutch(org.manager.user), f"/reviews/{review.pk}/scoring/")
    assert imperative_buttons(scoring) == []
    assert "Opslaan als concept" in Buttons(scoring).labels
    assert "(nodig om in te dienen)" in scoring
    assert "insturen" not in scoring
    assert "Oordelen indienen" in Buttons(scoring).labels


def test_the_password_reset_page_sends_a_link_in_the_infinitive():
    form = speaking(Client(), "nl").get("/accounts/password_reset/").content.decode()
    assert "Link versturen" in Buttons(form).labels


def test_signing_is_ondertekenen_on_every_page_of_the_employee(org, review, traveller):
    review = advance(review, org, "plan_signoff", traveller)
    client = dutch(org.employee.user)
    plan_to_sign = str(Text(page(client, f"/reviews/{review.pk}/")))
    assert "Plan ondertekenen" in plan_to_sign
    assert "Ondertekenen als" in plan_to_sign
    assert not SHORT_SIGN.search(plan_to_sign), SHORT_SIGN.search(plan_to_sign)

    review = advance(review, org, "employee_response", traveller)
    client = dutch(org.employee.user)  # months later: a new session
    to_sign = str(Text(page(client, f"/reviews/{review.pk}/")))
    assert "Beoordeling ondertekenen" in to_sign
    assert "Plan ondertekend door" in to_sign  # the history
    assert not SHORT_SIGN.search(to_sign), SHORT_SIGN.search(to_sign)

    review_sign(review=review, actor=org.employee.user, signature="seen", response="Gezien.")
    signed = str(Text(page(client, f"/reviews/{review.pk}/")))
    assert "Voor gezien ondertekend" in signed
    assert "Beoordeling ondertekend door" in signed
    assert not SHORT_SIGN.search(signed), SHORT_SIGN.search(signed)


def test_hrs_review_list_says_ondertekend(org, review):
    reviews = str(Text(page(dutch(org.hr), f"/cycles/{review.cycle_id}/reviews/")))
    assert "Niet ondertekend" in reviews
    assert not SHORT_SIGN.search(reviews), SHORT_SIGN.search(reviews)


def test_the_self_assessment_says_indient_and_opgeslagen(org, review, traveller):
    # "tot je insturt" is no Dutch verb form, and the verb is "indienen": "tot je de zelfbeoordeling indient".
    review = advance(review, org, "self_assessment", traveller)
    client = dutch(org.employee.user)
    url = f"/reviews/{review.pk}/self-assessment/"
    form = str(Text(page(client, url)))
    assert (
        "Sla zo vaak op als je wilt; je leidinggevende ziet niets tot je de zelfbeoordeling indient" in form
    )
    assert "insturt" not in form
    assessment = review.assessments.first()
    saved = client.post(url, {"save": "", f"assessment-{assessment.pk}-rating": "3"}, follow=True)
    assert "Opgeslagen als concept. Er wordt niets verstuurd tot je de zelfbeoordeling indient." in str(
        Text(saved.content.decode())
    )


def test_the_response_term_says_the_appraisal_goes_on_without_signature(org, review, traveller):
    from django.utils import translation

    from reviewcycle.conditions import RESPONSE_TERM_PASSED

    review = advance(review, org, "employee_response", traveller)
    with translation.override("nl"):
        (message,) = RESPONSE_TERM_PASSED.messages(review)
    assert message.endswith("daarna gaat de beoordeling niet ondertekend verder.")


def test_my_cycle_says_when_the_next_step_is_overdue(org, review, traveller):
    # The walk of helper 5: "Volgende: ... — uiterlijk 10 december 2026" ten months later, without the
    # "te laat" that the team list and HR's list show for the same review.
    import datetime

    home = str(Text(page(dutch(org.employee.user), "/")))
    assert "te laat" not in home
    traveller.move_to(datetime.datetime.combine(review.due_date, datetime.time(9), tzinfo=datetime.UTC))
    traveller.shift(datetime.timedelta(days=1))
    home = str(Text(page(dutch(org.employee.user), "/")))
    assert re.search(r"uiterlijk \d+ \w+ \d{4}\. — te laat", home), home


def test_a_draft_cycles_dashboard_says_there_is_nothing_to_chart_yet(org, review):
    # The walk of helper 5: a new draft cycle's charts had axes from -0.045 to 0.045 with English decimal
    # points and tick labels over each other; with no review there is nothing to draw.
    from frameworks.models import Framework, RatingScale
    from frameworks.selectors import current_version
    from reviewcycle.services import cycle_create
    from tests.reviewcycle.fixtures import cycle_fields

    draft = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(year=2027, name="Proef 2027"),
    )
    html = page(dutch(org.hr), f"/reports/cycles/{draft.pk}/")
    assert "<svg" not in html
    assert "Nog geen gesprekscycli: de grafieken verschijnen zodra die er zijn." in str(Text(html))

    opened = page(dutch(org.hr), f"/reports/cycles/{review.cycle_id}/")
    assert "<svg" in opened  # a cycle with reviews keeps its charts


def test_my_cycle_says_whose_step_is_next_when_it_is_not_mine(org, review, traveller):
    # The walk of helper 5: an employee read "Volgende: Houd het planningsgesprek ..." as an order to
    # them; it is their manager's step. Issue 18: the employee reads it as it concerns them.
    home = str(Text(page(dutch(org.employee.user), "/")))
    assert (
        "Volgende stap: je leidinggevende houdt het planningsgesprek met je, uiterlijk 1 maart 2026." in home
    )
    assert "Houd het planningsgesprek" not in home
    advance(review, org, "plan_signoff", traveller)
    home = str(Text(page(dutch(org.employee.user), "/")))
    assert "Actie voor jou: onderteken het plan, uiterlijk" in home


def test_the_password_page_is_named_like_its_link_and_states_the_length_as_a_rule(org):
    form = str(Text(page(dutch(org.employee.user), "/accounts/password_change/")))
    assert "Wachtwoord wijzigen" in form  # the header's link and the page's heading say the same
    assert "Wijzig je wachtwoord" not in form
    assert "Je wachtwoord moet minstens 8 tekens hebben." in form


def test_a_changed_password_is_opgeslagen_like_the_button_says(org):
    user = org.employee.user
    user.set_password(PASSWORD)
    user.save()
    client = dutch(user)
    done = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Lente-2026-wandeling",
            "new_password2": "Lente-2026-wandeling",
        },
        follow=True,
    )
    text = str(Text(done.content.decode()))
    assert "Wachtwoord opgeslagen" in text
    assert "bewaard" not in text


def test_hrs_export_says_ondertekend_in_its_headers(org, review):
    answer = dutch(org.hr).get(f"/api/v1/reviews/export/?cycle={review.cycle_id}&format=csv")
    assert answer.status_code == 200
    header = b"".join(answer.streaming_content if answer.streaming else [answer.content]).decode("utf-8-sig")
    header = header.splitlines()[0]
    assert '"Plan ondertekend"' in header
    assert '"Ondertekend op"' in header
    assert not SHORT_SIGN.search(header), header


def test_the_inbox_keeps_open_and_mark_as_read_apart(org, review, traveller):
    # The walk of helper 5: "Open Als gelezen markeren" read as one phrase (two links side by side).
    advance(review, org, "plan_signoff", traveller)
    inbox = str(Text(page(dutch(org.employee.user), "/notifications/")))
    assert "Openen · Als gelezen markeren" in inbox


def test_the_self_assessment_link_and_the_indicator_rows_read_as_a_button_and_one_indicator(
    org, review, traveller
):
    review = advance(review, org, "self_assessment", traveller)
    html = page(dutch(org.employee.user), f"/reviews/{review.pk}/")
    assert ">Zelfbeoordeling invullen</a>" in html  # not "Vul de zelfbeoordeling in"
    review = advance(review, org, "scoring", traveller)
    scoring = page(dutch(org.manager.user), f"/reviews/{review.pk}/scoring/")
    # On a phone each row is labelled by its column: one indicator, not "Indicatoren van …".
    assert 'data-label="Indicator"' in scoring
    assert 'data-label="Indicatoren van het verwachte niveau"' not in scoring
