"""The talk form of the form's kind: its questions and the answers the reader may see (the record's
``talks``, masked once in ``reviewcycle.talk_forms.selectors``)."""

from django.utils.translation import gettext as _

from reports.pdf.common import labelled, text
from reviewcycle.record import ReviewForm


def talk_form_sections(form: ReviewForm) -> list:
    """Per talk of the form's kind (every talk on the appraisal form of a regeling without a closing
    talk) with answers the reader may see: its title, and per question the
    answers with who gave them and whether they are still a preparation."""
    story = []
    # Without a closing talk the appraisal form sums up the cycle: every talk's form is on it.
    every_talk = form.kind == "appraisal" and not form.shape.has_closing_talk
    for talk in form.talks:
        if talk.talk != form.kind and not every_talk:
            continue
        story.append(text(f"{talk.title} ({talk.label})", "h2"))
        section = None
        for question in talk.questions:
            if question.section != section:
                section = question.section
                story.append(text(section, "h3"))
            story.append(text(question.text, "body"))
            for answer in question.answers:
                who = f"{question.answered_by_label} — {answer.author}"
                if answer.private:
                    who = _("%(who)s (only you see this until the talk is recorded)") % {"who": who}
                story.append(labelled(who, answer.shown or "—"))
    return story
