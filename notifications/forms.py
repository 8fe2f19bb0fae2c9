"""The talk-scheduling form of the review page (the service sends the calendar invitations) and the
form that sends reminders now (team page, HR dashboard, HR's review list)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.text import validate_single_line
from notifications.models import ScheduledTalk


class TalkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Talk"), choices=ScheduledTalk.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=10, max_value=480, initial=60
    )
    location = forms.CharField(
        label=_("Place"), required=False, max_length=300, validators=[validate_single_line]
    )
    video_link = forms.URLField(
        label=_("Video link"), required=False, assume_scheme="https", validators=[validate_single_line]
    )

    def __init__(self, *args, version=None, **kwargs):
        """``version``: the review's regeling (``CycleTemplateVersion``): its talks only, named as it names
        them (``talk_name``); the later talks of a development-only shape as the next talk."""
        super().__init__(*args, **kwargs)
        if version is None:
            return
        choices = [("planning", capfirst(version.talk_name("planning")))]
        if version.is_development_only:
            choices.append(("progress", _("Next talk")))
        else:
            choices.append(("progress", capfirst(version.talk_name("progress"))))
        if version.has_appraisal_talk:
            choices.append(("appraisal", capfirst(version.talk_name("appraisal"))))
        self.fields["kind"].choices = choices


class ReminderForm(forms.Form):
    """Which reviews to remind on: the user's team, a cycle (HR) or chosen reviews (``review``, repeated);
    ``which``: only the overdue ones, or every open one."""

    scope = forms.ChoiceField(
        choices=[("team", _("My team")), ("cycle", _("A cycle")), ("selected", _("The chosen reviews"))]
    )
    which = forms.ChoiceField(
        choices=[("overdue", _("Only overdue reviews")), ("open", _("Every open review"))],
        initial="overdue",
        required=False,
    )
    cycle = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def clean(self):
        data = super().clean()
        # Each a database id, as the cycle's: a tampered value (0, negative, beyond any column) is refused.
        review_id = forms.IntegerField(min_value=1, max_value=2**31 - 1)
        try:
            data["ids"] = [review_id.clean(value) for value in self.data.getlist("review")]
        except (AttributeError, forms.ValidationError):
            raise forms.ValidationError(_("Choose reviews from the list.")) from None
        if data.get("scope") == "cycle" and not data.get("cycle"):
            raise forms.ValidationError(_("Choose a cycle."))
        if data.get("scope") == "selected" and not data["ids"]:
            raise forms.ValidationError(_("Choose at least one review."))
        return data

    def selection(self) -> dict:
        """The arguments of ``notifications.selectors.reviews_to_remind`` (besides the user)."""
        data, scope = self.cleaned_data, self.cleaned_data["scope"]
        return {
            "team": scope == "team",
            "cycle_id": data.get("cycle") if scope == "cycle" else None,
            "ids": data["ids"] if scope == "selected" else None,
            "overdue": data.get("which") != "open",
        }
