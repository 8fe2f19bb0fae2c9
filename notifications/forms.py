"""The talk-scheduling form of the review page (the service sends the calendar invitations)."""

from django import forms
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
