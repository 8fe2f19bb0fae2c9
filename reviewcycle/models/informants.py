"""Informant and 360° feedback: a review asks people for their view on the employee's behavioural indicators.

An ``InformantRequest`` asks one person — a user of the product (a manager, a colleague, a report) or an
external contact by e-mail — for input on one review by a due date. Its ``relation`` says which group
the answer belongs to; the regeling (``CycleTemplateVersion.informant_anonymous_relations``) says which
groups are anonymous. An external answers through a personal link: only the SHA-256 of its token is
stored (``token_hash``; kept after the link is used, withdrawn or expired, so that it is refused with
the reason).

An ``InformantAnswer`` is the one answer to a request: a mark per behavioural indicator (``InformantMark``,
the marks of the manager's scoring, ``IndicatorMark.Mark``) and answers to the questions of the regeling's
informant form (``InformantQuestionAnswer``, on ``TalkQuestion`` rows of the form with talk
``informant``). The answer rows carry no time of their own: nothing read from them can tell when
someone answered. Who reads what of them is decided in one place, ``reviewcycle.informants.selectors``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line
from reviewcycle.models.content import IndicatorMark
from reviewcycle.models.review import Review
from reviewcycle.models.talk_forms import TalkQuestion


class Relation(models.TextChoices):
    """How the informant knows the employee: the groups answers are shown in."""

    MANAGER = "manager", _("Manager")
    COLLEAGUE = "colleague", _("Colleague")
    REPORT = "report", _("Direct report")
    EXTERNAL = "external", _("External contact")


class InformantRequest(TimeStampedModel):
    """One person asked for input on one review."""

    Relation = Relation

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="informant_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    informant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("informant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="informant_requests",
    )
    external_email = models.EmailField(_("e-mail address"), blank=True, validators=[validate_single_line])
    external_name = models.CharField(_("name"), max_length=200, blank=True, validators=[validate_single_line])
    due_date = models.DateField(_("answer before"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    include_next_level = models.BooleanField(_("also the next level's indicators"), default=False)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("informant request")
        verbose_name_plural = _("informant requests")
        ordering = ["review", "relation", "id"]
        constraints = [
            check_constraint(
                condition=Q(relation__in=Relation.values),
                name="informantrequest_known_relation",
                message=_("This is not a known relation."),
            ),
            check_constraint(
                condition=Q(status__in=["requested", "answered", "withdrawn", "expired"]),
                name="informantrequest_known_status",
                message=_("This is not a known status."),
            ),
            check_constraint(
                condition=(Q(relation="external", informant__isnull=True) & ~Q(external_email=""))
                | (~Q(relation="external") & Q(informant__isnull=False, external_email="")),
                name="informantrequest_person_or_address",
                message=_("An external contact is asked by e-mail address, anyone else as a user."),
            ),
            unique_constraint(
                "review",
                "informant",
                condition=Q(status__in=["requested", "answered"], informant__isnull=False),
                name="informantrequest_once_per_person",
                message=_("This person has already been asked for input on this review."),
            ),
            unique_constraint(
                "review",
                Lower("external_email"),
                condition=Q(status__in=["requested", "answered"]) & ~Q(external_email=""),
                name="informantrequest_once_per_address",
                message=_("This address has already been asked for input on this review."),
            ),
            unique_constraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="informantrequest_unique_token",
                message=_("This link is already in use."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.get_relation_display()} {self.informant_id or self.external_email}"

    @property
    def is_external(self) -> bool:
        return self.relation == Relation.EXTERNAL


class InformantAnswer(models.Model):
    """The one answer to a request. No timestamps: the request's status says that it was answered."""

    request = models.OneToOneField(InformantRequest, on_delete=models.CASCADE, related_name="answer")

    class Meta:
        verbose_name = _("informant answer")
        verbose_name_plural = _("informant answers")

    def __str__(self) -> str:
        return f"answer to {self.request_id}"


class InformantMark(models.Model):
    """How consistently the informant saw one behavioural indicator (the scoring's marks)."""

    Mark = IndicatorMark.Mark

    answer = models.ForeignKey(InformantAnswer, on_delete=models.CASCADE, related_name="marks")
    indicator = models.ForeignKey(IndicatorMark, on_delete=models.CASCADE, related_name="informant_marks")
    mark = models.CharField(_("mark"), max_length=8, choices=IndicatorMark.Mark.choices)

    class Meta:
        verbose_name = _("informant mark")
        verbose_name_plural = _("informant marks")
        constraints = [
            unique_constraint(
                fields=["answer", "indicator"],
                name="informantmark_once_per_indicator",
                message=_("This indicator already has a mark in this answer."),
            ),
            check_constraint(
                condition=Q(mark__in=["not", "partly", "fully"]),
                name="informantmark_known_mark",
                message=_("This is not a known mark."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.mark}"


class InformantQuestionAnswer(models.Model):
    """The informant's answer to one question of the regeling's informant form."""

    answer = models.ForeignKey(InformantAnswer, on_delete=models.CASCADE, related_name="question_answers")
    question = models.ForeignKey(TalkQuestion, on_delete=models.PROTECT, related_name="informant_answers")
    value = models.TextField(_("answer"))

    class Meta:
        verbose_name = _("informant's answer to a question")
        verbose_name_plural = _("informants' answers to questions")
        constraints = [
            unique_constraint(
                fields=["answer", "question"],
                name="informantquestionanswer_once",
                message=_("This question already has an answer in this answer."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.question_id}"
