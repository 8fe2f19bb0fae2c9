"""The native Dutch HR editor's last review of the demo before issue 18 was resolved (the walk of helper 6:
every main page as each role at 1366 and 390 px, the e-mails and the PDFs), each finding asserted where it
is read: a percentage carries its % sign (the weights on the plan page, the printable dashboard); a
decision set after a colon in a sentence starts in lower case ("…: niet overgenomen."); a signature is
dated with "op" ("Voor akkoord ondertekend op 12 januari 2026", not "…, 12 januari 2026"); a cycle's own
name is not preceded by "de cyclus" (the demo's "Cyclus 2026" made "De cyclus Cyclus 2026 is geopend");
the scoring page explains a justification in one wording for competencies and goals; a blocked step says
what to do ("Leg eerst minstens 1 voortgangsgesprek vast"); no sentence repeats its subject; a label has
one pair of brackets ("Duur in minuten (verplicht)"); the earlier rounds say what happened, true in every state; a count of one takes the singular ("1 dag te laat");
the second-review queue's note reads as Dutch;
an invitation speaks to the employee; saving a preference says so; no sentence starts with a number."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed

from notifications.messages import cycle_opened, escalation
from notifications.models import Notification, NotificationPreference
from notifications.services import enqueue_pending, send_digests, talk_schedule
from people.models import Employee
from reports.pdf import render_review_form
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.record import review_form
from reviewcycle.services import (
    cycle_close,
    cycle_copy,
    goal_create,
    review_decide_objection,
    review_object,
    review_return_to_manager,
)
from tests.language import speaking
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import flat, pdf_text
from tests.reviewcycle.helpers import advance
from tests.web.test_dutch_dates import Text
from tests.web.test_dutch_wording import dutch, page

pytestmark = pytest.mark.django_db


def text_of(client, url: str) -> str:
    return " ".join(str(Text(page(client, url))).split())


def test_the_weights_on_the_plan_page_are_percentages_with_their_sign(org, review):
    for title, weight in (("Wachttijd balie onder 10 minuten", 60), ("Nieuwe collega's inwerken", 50)):
        goal_create(review=review, actor=org.manager.user, title=title, weight=weight)
    plan = text_of(dutch(org.manager.user), f"/reviews/{review.pk}/plan/")
    assert "De wegingen tellen op tot 110%; pas ze aan zodat ze samen 100% zijn." in plan
    assert "laat ze allemaal leeg, of zorg dat ze samen 100% zijn." in plan
    assert "samen 100 zijn" not in plan


def test_a_signature_is_dated_with_op_on_the_page(org, review, traveller):
    review = advance(review, org, "employee_response", traveller)
    Employee.objects.update(preferred_language="nl")
    record = text_of(dutch(org.employee.user), f"/reviews/{review.pk}/")
    assert re.search(r"Voor akkoord ondertekend op \d{1,2} [a-z]+ \d{4}", record), record
    assert "ondertekend, " not in record


@needs_pdftotext
def test_a_signature_is_dated_with_op_in_the_pdf(org, review, traveller):
    review = advance(review, org, "second_review", traveller)
    Employee.objects.update(preferred_language="nl")
    with translation.override("nl"):
        planning = flat(
            pdf_text(render_review_form(review_form(user=org.manager.user, pk=review.pk, kind="planning")))
        )
        appraisal = flat(
            pdf_text(render_review_form(review_form(user=org.manager.user, pk=review.pk, kind="appraisal")))
        )
    for text in (planning, appraisal):
        assert re.search(r"Voor akkoord ondertekend op \d{1,2} [a-z]+ \d{4}", text), text
        assert "ondertekend, " not in text


def test_a_decision_after_a_colon_starts_in_lower_case(org, review, traveller):
    review = advance(review, org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn inzet telt niet mee.")
    review_decide_objection(
        review=review, actor=org.hr, decision="rejected", reason="De inzet is meegewogen."
    )
    record = text_of(dutch(org.employee.user), f"/reviews/{review.pk}/")
    assert ": niet overgenomen." in record
    assert ": Niet overgenomen" not in record


def test_the_opening_mail_does_not_repeat_the_word_cyclus(org, cycle):
    ReviewCycle.objects.filter(pk=cycle.pk).update(name="Cyclus 2026")
    cycle.refresh_from_db()
    Employee.objects.filter(pk=org.manager.pk).update(preferred_language="nl")
    org.manager.refresh_from_db()
    mail = cycle_opened(cycle, org.manager.user, reports=3)
    assert mail.subject == "Cyclus 2026 is geopend"
    assert mail.body.startswith("Cyclus 2026 is geopend voor 3 van je medewerkers.")
    assert "cyclus Cyclus" not in mail.body


def test_the_scoring_page_explains_a_justification_in_one_wording(org, review, traveller):
    review = advance(review, org, "scoring", traveller)
    scoring = text_of(dutch(org.manager.user), f"/reviews/{review.pk}/scoring/")
    assert (
        "Nodig bij een oordeel onder de norm: licht het toe met concrete voorbeelden (minstens 20 tekens)."
        in (scoring)
    )
    assert "Verplicht bij een oordeel onder de norm: concrete voorbeelden" not in scoring


def test_the_employee_reads_when_the_scores_appear_without_a_repeated_subject(org, review, traveller):
    review = advance(review, org, "self_assessment", traveller)
    Employee.objects.update(preferred_language="nl")
    record = text_of(dutch(org.employee.user), f"/reviews/{review.pk}/")
    assert "De oordelen van de leidinggevende staan hier zodra ze zijn ingediend." in record


def test_a_blocked_start_of_the_appraisal_says_what_to_do(org, review, traveller):
    review = advance(review, org, "in_progress", traveller)
    record = text_of(dutch(org.manager.user), f"/reviews/{review.pk}/")
    required = review.cycle.min_progress_talks
    talk = "voortgangsgesprek" if required == 1 else "voortgangsgesprekken"
    assert f"Leg eerst minstens {required} {talk} vast (tot nu toe 0)." in record
    assert "moet minstens" not in record


@needs_pdftotext
def test_the_printable_dashboard_shows_percentages_with_their_sign(org, cycle, client):
    client.force_login(org.hr)
    response = client.get(f"/reports/cycles/{cycle.pk}/dashboard.pdf")
    layout = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    manager = next(line for line in layout.splitlines() if line.strip().startswith(org.manager.name))
    assert manager.split()[-2] == "0,0%", manager


def test_the_talk_form_labels_the_duration_without_double_brackets(org, review):
    record = text_of(dutch(org.manager.user), f"/reviews/{review.pk}/")
    assert "Duur in minuten (verplicht)" in record
    assert "(minuten) (verplicht)" not in record


def test_the_earlier_rounds_say_what_happened_in_every_state(org, review, traveller):
    review = advance(review, org, "second_review", traveller)
    review_return_to_manager(
        review=review, actor=org.director.user, reason="Licht het oordeel op klantgerichtheid beter toe."
    )
    record = text_of(dutch(org.manager.user), f"/reviews/{review.pk}/")
    # returned a moment ago: the manager has not scored again yet
    assert "De beoordeling is teruggegaan naar de leidinggevende om opnieuw te beoordelen;" in record
    assert "heeft opnieuw beoordeeld" not in record


@needs_pdftotext
def test_the_pdf_gives_the_response_term_as_until_and_including(org, review, traveller):
    review = advance(review, org, "employee_response", traveller)
    Employee.objects.update(preferred_language="nl")
    with translation.override("nl"):
        form = review_form(user=org.manager.user, pk=review.pk, kind="appraisal")
        text = flat(pdf_text(render_review_form(form)))
    assert re.search(r"Termijn voor een reactie of bedenkingen: tot en met \d{1,2} [a-z]+ \d{4}", text), text


def test_a_count_of_one_takes_the_singular(
    org, cycle, review, mailoutbox, django_capture_on_commit_callbacks
):
    """ "1 dagen te laat", "1 berichten", "1 gesprekscycli zijn nog niet definitief": a count is ngettext's."""
    Employee.objects.update(preferred_language="nl")
    org.manager.refresh_from_db()
    mail = escalation(
        recipient=org.manager.user,
        employee_name="Eva Employee",
        owner_name="Mark Manager",
        cycle_name=cycle.name,
        state=review.state,
        due=cycle.planning_due,
        days_overdue=1,
    )
    assert mail.subject == "1 dag te laat: de gesprekscyclus van Eva Employee"

    NotificationPreference.objects.create(user=org.manager.user, email_mode="daily_digest")
    goal_create(review=review, actor=org.employee.user, title="Voorstel")
    enqueue_pending()
    with django_capture_on_commit_callbacks(execute=True):
        send_digests()
    assert [m.subject for m in mailoutbox] == ["Je dagelijkse overzicht: 1 bericht"]

    Review.objects.filter(cycle=cycle).exclude(pk=review.pk).update(state=Review.State.CANCELLED)
    with translation.override("nl"), pytest.raises(TransitionNotAllowed) as refused:
        cycle_close(cycle=cycle, actor=org.hr)
    assert "1 gesprekscyclus is nog niet definitief" in str(refused.value)


def test_the_queue_says_which_appraisals_it_shows_in_plain_dutch():
    """The queue's note when more are waiting than it shows (a page needs more than PAGE_SIZE appraisals
    waiting: rendered from its template's own tag here)."""
    source = Path(settings.BASE_DIR, "reviewcycle/templates/reviewcycle/queue.html").read_text()
    tag = re.search(
        r"\{% blocktranslate with shown=rows\|length total=waiting_count %\}.*?\{% endblocktranslate %\}",
        source,
    )
    assert tag, "the queue's note moved: update this test"
    template = Template("{% load i18n %}" + tag.group(0))
    with translation.override("nl"):
        note = template.render(Context({"rows": list(range(50)), "waiting_count": 120}))
    assert note == "Hier staan de 50 met de vroegste uiterste datum, van de 120."


def test_an_invitation_gives_the_moment_as_the_page_does_and_speaks_to_the_employee(org, review):
    """The employee read "… in de gesprekscyclus van <her own name>: 8 december 2026, 10:00" and, in the
    inbox, "uiterlijk 8 december 2026" under a talk that is on that day, not by it."""
    Employee.objects.update(preferred_language="nl")
    talk_schedule(
        review=review,
        actor=org.manager.user,
        kind="planning",
        starts_at=datetime.datetime(2026, 1, 20, 9, 0, tzinfo=datetime.UTC),
        location="Stadhuis, kamer 2.14",
    )
    notice = Notification.objects.get(recipient=org.employee.user, kind="invitation", channel="in_app")
    assert (
        notice.subject == f"Uitnodiging: planningsgesprek met {org.manager.name} op 20 januari 2026 om 10:00"
    )
    assert notice.body.startswith(
        f"Planningsgesprek met {org.manager.name} in je gesprekscyclus: 20 januari 2026 om 10:00."
    )
    manager_notice = Notification.objects.get(recipient=org.manager.user, kind="invitation", channel="in_app")
    assert f"in de gesprekscyclus van {org.employee.name}: 20 januari 2026 om 10:00." in manager_notice.body
    inbox = text_of(dutch(org.employee.user), "/notifications/")
    assert "Uitnodiging: planningsgesprek" in inbox
    assert "uiterlijk 20 januari 2026" not in inbox


def test_the_objection_receipt_says_how_the_decision_comes(org, review, traveller):
    """ "Je ontvangt het besluit hier": in an e-mail, "hier" is nowhere."""
    Employee.objects.update(preferred_language="nl")
    review = advance(review, org, "employee_response", traveller)
    review_object(review=review, actor=org.employee.user, grounds="Mijn inzet telt niet mee.")
    for channel in ("in_app", "email"):
        notice = Notification.objects.get(
            recipient=org.employee.user, kind=Notification.Kind.OBJECTION, channel=channel
        )
        assert "Je krijgt bericht zodra HR heeft beslist." in notice.body
        assert "besluit hier" not in notice.body


def test_saving_the_mail_preference_says_so(org, review):
    client = dutch(org.employee.user)
    answer = client.post("/notifications/preferences/", {"email_mode": "daily_digest"}, follow=True)
    assert "Je e-mailvoorkeur is opgeslagen." in " ".join(str(Text(answer.content.decode())).split())


def test_the_password_reset_answer_is_in_the_perfect_tense(org):
    answer = speaking(Client(), "nl").post(
        "/accounts/password_reset/", {"email": "nobody@example.org"}, follow=True
    )
    text = " ".join(str(Text(answer.content.decode())).split())
    assert "hebben we er een link naartoe gestuurd" in text
    assert "stuurden we" not in text
    assert "voordat die aankomt" in text


def test_the_open_confirmation_does_not_start_a_sentence_with_a_number(org, cycle):
    draft = cycle_copy(cycle=cycle, actor=org.hr)
    confirm = text_of(dutch(org.hr), f"/cycles/{draft.pk}/open/")
    assert re.search(r"Er gaat een e-mail naar \d+ leidinggevenden? dat de cyclus open is\.", confirm), (
        confirm
    )


def test_the_phase_table_gives_each_share_with_its_sign(org, review):
    """On a phone each cell is a card with its column's name: "%" over "94,9" read as a label, not a number."""
    dashboard = page(dutch(org.hr), f"/reports/cycles/{review.cycle_id}/")
    phases = re.search(r'<section aria-labelledby="phases">(.*?)</section>', dashboard, re.S).group(1)
    assert '<th scope="col">Aandeel</th>' in phases
    assert re.search(r'<td data-label="Aandeel">\d+,\d%</td>', phases), phases
    assert 'data-label="%"' not in phases


def test_the_reset_mail_and_the_failure_texts_are_in_the_perfect_tense(org):
    """ "vroeg om een nieuw wachtwoord … Vroeg je er niet om?", "Iemand anders wijzigde …", "De verwerking
    stopte …": a Dutch HR text reports what happened in the perfect tense."""
    Employee.objects.filter(user=org.employee.user).update(preferred_language="nl")
    org.employee.user.email = "eva@example.org"
    org.employee.user.save()
    Employee.objects.filter(user=org.employee.user).update(email="eva@example.org")
    speaking(Client(), "nl").post("/accounts/password_reset/", {"email": "eva@example.org"})
    mail = Notification.objects.filter(kind="password_reset", channel="email").last()
    assert mail is not None
    assert "heeft een nieuw wachtwoord aangevraagd" in mail.body
    assert "Heb je dat niet gedaan?" in mail.body
    with translation.override("nl"):  # a conflict of two saves: hard to make on a page in a test
        assert gettext(
            "Someone else changed this review at the same moment; reload and try again."
        ).startswith("Iemand anders heeft deze gesprekscyclus")
