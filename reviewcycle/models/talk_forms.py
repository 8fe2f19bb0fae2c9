"""Talk forms with preparation: per talk of a regeling version, the questions asked, and the answers.

A ``TalkForm`` belongs to one ``CycleTemplateVersion`` (so it is versioned with the regeling: a running
cycle keeps the form it opened with) and to one talk of the review (``planning``, ``progress``,
``appraisal``: the names of the review's talk steps and forms). Its questions are in sections; each
says who answers it: the employee before the talk, the manager before the talk (both *preparation*),
or the manager as the talk's report, written when the talk is recorded.

A ``TalkAnswer`` is one author's answer to one question in one talk of one review (progress talks can be
several: ``occurrence`` counts them from 1). Who may read which answer is decided in one place,
``reviewcycle.talk_forms.selectors.can_see_answer``: a preparation is its author's alone until the talk is
recorded (``talk_recorded_at``) or the author shares it (``shared_at``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line
from reviewcycle.models.review import Review
from reviewcycle.models.template import CycleTemplateVersion


class Talk(models.TextChoices):
    """The review's talks, named as its steps and forms name them."""

    PLANNING = "planning", _("Planning talk")
    PROGRESS = "progress", _("Progress talk")
    APPRAISAL = "appraisal", _("Closing talk (appraisal or evaluation)")
    # Not a talk: the questions informants answer (``reviewcycle.informants``).
    INFORMANT = "informant", _("Informants' input")


class TalkForm(TimeStampedModel):
    """The questions of one talk in one version of a regeling."""

    Talk = Talk

    template_version = models.ForeignKey(
        CycleTemplateVersion, on_delete=models.PROTECT, related_name="talk_forms"
    )
    talk = models.CharField(_("talk"), max_length=12, choices=Talk.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("talk form")
        verbose_name_plural = _("talk forms")
        ordering = ["template_version", "talk"]
        constraints = [
            unique_constraint(
                fields=["template_version", "talk"],
                name="talkform_one_per_talk",
                message=_("This regeling version already has a form for this talk."),
            ),
            check_constraint(
                condition=Q(talk__in=Talk.values),
                name="talkform_known_talk",
                message=_("This is not a talk of the review."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_version}: {self.title}"


class TalkFormSection(models.Model):
    form = models.ForeignKey(TalkForm, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("talk form section")
        verbose_name_plural = _("talk form sections")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class TalkQuestion(models.Model):
    """One question of a talk form: what is asked, how it is answered, and by whom."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        SCALE = "scale", _("Scale")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes or no")

    class AnsweredBy(models.TextChoices):
        EMPLOYEE = "employee", _("The employee, before the talk")
        MANAGER = "manager", _("The manager, before the talk")
        REPORT = "report", _("Together, as the talk's report (the manager writes it)")
        INFORMANT = "informant", _("The informant (on the informant form)")

    section = models.ForeignKey(TalkFormSection, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_("For a choice: the options. For a scale: its labels, lowest first (empty: 1 to 5)."),
    )
    answered_by = models.CharField(_("answered by"), max_length=10, choices=AnsweredBy.choices)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("talk form question")
        verbose_name_plural = _("talk form questions")
        ordering = ["order", "id"]
        constraints = [
            check_constraint(
                condition=Q(kind__in=["text", "scale", "choice", "yes_no"]),
                name="talkquestion_known_kind",
                message=_("This is not a known kind of answer."),
            ),
            check_constraint(
                condition=Q(answered_by__in=["employee", "manager", "report", "informant"]),
                name="talkquestion_known_author",
                message=_(
                    "Say who answers the question: the employee, the manager, both as the report, or the "
                    "informant."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_preparation(self) -> bool:
        return self.answered_by != self.AnsweredBy.REPORT

    @property
    def choices(self) -> list[str]:
        """The answers allowed (empty: free text)."""
        if self.kind == self.Kind.SCALE:
            return [str(option) for option in self.options] or ["1", "2", "3", "4", "5"]
        if self.kind == self.Kind.CHOICE:
            return [str(option) for option in self.options]
        if self.kind == self.Kind.YES_NO:
            return ["yes", "no"]
        return []

    def answer_label(self, value: str) -> str:
        """``value`` as the reader reads it: a yes/no answer in the reader's language ("Ja"), the rest as
        written (the API keeps the stored value)."""
        if self.kind == self.Kind.YES_NO and value in ("yes", "no"):
            return str(_("Yes") if value == "yes" else _("No"))
        return value


class TalkAnswer(TimeStampedModel):
    """One author's answer to one question, in one talk (``occurrence``) of one review."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="talk_answers")
    question = models.ForeignKey(TalkQuestion, on_delete=models.PROTECT, related_name="answers")
    occurrence = models.PositiveSmallIntegerField(
        _("talk number"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.TextField(_("answer"), blank=True)
    shared_at = models.DateTimeField(_("shared before the talk at"), null=True, blank=True)
    talk_recorded_at = models.DateTimeField(_("talk recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("talk answer")
        verbose_name_plural = _("talk answers")
        ordering = ["review", "occurrence", "question__section__order", "question__order", "id"]
        constraints = [
            unique_constraint(
                fields=["review", "question", "occurrence", "author"],
                name="talkanswer_one_per_author",
                message=_("This question already has your answer for this talk."),
            ),
            check_constraint(
                condition=Q(occurrence__gte=1),
                name="talkanswer_occurrence_from_one",
                message=_("Talks are counted from 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} #{self.occurrence}: {self.question_id}"
