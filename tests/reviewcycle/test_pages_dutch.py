"""Every page built so far renders in Dutch without English interface text left over (and in English too)."""

import re
from pathlib import Path

import polib
import pytest

from tests.language import speaking
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def english_interface_texts() -> list[str]:
    """Every text of the catalogue must have its Dutch; returns the English ones to look for as leftovers
    (those long enough not to be data, without placeholders, and whose Dutch differs). That every text
    the code marks is in the catalogue is ``tests/test_translations.py``'s test."""
    texts, missing = [], []
    for entry in polib.pofile(str(CATALOGUE)):
        translated = all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
        if not translated or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
        elif not (
            entry.msgid_plural or "%" in entry.msgid or len(entry.msgid) < 6 or entry.msgstr == entry.msgid
        ):
            texts.append(entry.msgid)
    assert missing == [], "texts without Dutch"
    # Words that Dutch shares ("Upload de export") cannot tell a leftover from a translation.
    dutch = " ".join(entry.msgstr for entry in polib.pofile(str(CATALOGUE)))
    return [text for text in texts if not re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", dutch)]


def leftovers(html: str, texts: list[str]) -> list[str]:
    # The language switch names each language in that language ("English"), on purpose.
    html = re.sub(r'<form[^>]*class="language-switch".*?</form>', " ", html, flags=re.DOTALL)
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.DOTALL)
    visible = " ".join(visible.split())
    return [text for text in texts if re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", visible)]


def pages(review, org, traveller):
    """(user, url) for each main page, with the review where that page is live."""
    from notifications.models import Notification
    from people.models import Employee

    # The fixture's people are called "Eva Employee" and "Max Manager": data, not interface text.
    renamed = {org.employee.pk: "Eva Jansen", org.manager.pk: "Max de Vries", org.director.pk: "Dora Bakker"}
    for pk, name in renamed.items():
        Employee.objects.filter(pk=pk).update(name=name)
    # Notifications are written in the recipient's language: from here on everyone reads Dutch.
    Employee.objects.update(preferred_language="nl")
    Notification.objects.all().delete()
    yield org.employee.user, "/"
    yield org.manager.user, "/team/"
    yield org.manager.user, f"/reviews/{review.pk}/"
    yield org.manager.user, f"/reviews/{review.pk}/plan/"
    yield org.hr, "/reports/"
    yield org.hr, "/cycles/new/"
    yield org.hr, "/people/import/"
    yield org.hr, "/objections/"
    yield org.hr, f"/reports/cycles/{review.cycle_id}/"
    review = advance(review, org, "self_assessment", traveller)
    yield org.employee.user, f"/reviews/{review.pk}/self-assessment/"
    review = advance(review, org, "scoring", traveller)
    yield org.manager.user, f"/reviews/{review.pk}/scoring/"
    review = advance(review, org, "second_review", traveller)
    yield org.director.user, "/second-review/"
    yield org.director.user, f"/reviews/{review.pk}/"
    yield org.employee.user, "/notifications/"  # every message of this walk, in Dutch


def test_every_page_speaks_dutch_without_english_leftovers(review, org, client, traveller):
    texts = english_interface_texts()
    assert len(texts) > 100
    for user, url in pages(review, org, traveller):
        client.force_login(user)
        response = speaking(client, "nl").get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "nl"
        assert leftovers(response.content.decode(), texts) == [], url
    inbox = speaking(client, "nl").get("/notifications/").content.decode()
    assert "Je gesprekscyclus: " in inbox  # the walk's messages are there, in Dutch


def test_every_page_renders_in_english_too(review, org, client, traveller):
    for user, url in pages(review, org, traveller):
        client.force_login(user)
        response = speaking(client, "en").get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "en"
        assert "Mijn gesprekscyclus" not in response.content.decode(), url
