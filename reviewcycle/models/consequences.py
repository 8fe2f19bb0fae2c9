"""Consequences of the appraisal: what an overall rating may carry, as data of the regeling, and what
one review's appraisal carries.

A regeling version (``CycleTemplateVersion``) says which kinds of consequence an overall rating may
carry (``TemplateConsequence``, one row per allowed kind) and which the manager proposes by default
for each point of its rating scale (``TemplateConsequenceDefault``, by the option's ``value``). The
kinds are those Dutch collective agreements name: the yearly pay step (*periodiek*) granted, withheld,
or an extra one; a one-off bonus (*eenmalige uitkering*); a development measure; and for a temporary
contract the advice to continue, extend or not continue it.

On a review, the manager proposes the consequences with the scores, the second reviewer confirms them
with the finalisation, and an upheld objection can change them (``ConsequenceProposal``, its items
``ReviewConsequence``; the rules are in ``reviewcycle.services.consequences``).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line
from reviewcycle.models.review import Review
from reviewcycle.models.template import CycleTemplateVersion


class ConsequenceKind(models.TextChoices):
    """A consequence an appraisal may carry, named as collective agreements name it."""

    PAY_STEP_GRANTED = "pay_step_granted", _("Pay step (periodiek) granted")
    PAY_STEP_WITHHELD = "pay_step_withheld", _("Pay step (periodiek) withheld")
    PAY_STEP_EXTRA = "pay_step_extra", _("Extra pay step (extra periodiek)")
    BONUS = "bonus", _("One-off bonus")
    DEVELOPMENT = "development", _("Development measure")
    CONTRACT_CONTINUE = "contract_continue", _("Advice: continue the contract")
    CONTRACT_EXTEND = "contract_extend", _("Advice: extend the temporary contract")
    CONTRACT_END = "contract_end", _("Advice: do not continue the contract")


# Kinds that exclude each other: at most one of each group on one appraisal. A withheld pay step
# excludes both a granted and an extra one (an extra step is granted on top of the normal one).
EXCLUSIVE_KINDS: tuple[frozenset[str], ...] = (
    frozenset({ConsequenceKind.PAY_STEP_GRANTED, ConsequenceKind.PAY_STEP_WITHHELD}),
    frozenset({ConsequenceKind.PAY_STEP_EXTRA, ConsequenceKind.PAY_STEP_WITHHELD}),
    frozenset(
        {ConsequenceKind.CONTRACT_CONTINUE, ConsequenceKind.CONTRACT_EXTEND, ConsequenceKind.CONTRACT_END}
    ),
)


class TemplateConsequence(models.Model):
    """One kind of consequence a regeling version allows."""

    version = models.ForeignKey(CycleTemplateVersion, on_delete=models.CASCADE, related_name="consequences")
    kind = models.CharField(_("consequence"), max_length=24, choices=ConsequenceKind.choices)

    class Meta:
        verbose_name = _("allowed consequence")
        verbose_name_plural = _("allowed consequences")
        ordering = ["version", "id"]
        constraints = [
            unique_constraint(
                fields=["version", "kind"],
                name="templateconsequence_unique_kind",
                message=_("This consequence is already allowed in this version."),
            ),
            check_constraint(
                condition=Q(kind__in=ConsequenceKind.values),
                name="templateconsequence_known_kind",
                message=_("This is not a known kind of consequence."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.kind}"


class TemplateConsequenceDefault(models.Model):
    """A consequence the manager proposes by default for one overall rating (the ``value`` of an option
    of the version's rating scale); a rating may have several defaults, or none."""

    version = models.ForeignKey(
        CycleTemplateVersion, on_delete=models.CASCADE, related_name="consequence_defaults"
    )
    rating_value = models.PositiveSmallIntegerField(_("overall rating (value on the scale)"))
    kind = models.CharField(_("consequence"), max_length=24, choices=ConsequenceKind.choices)

    class Meta:
        verbose_name = _("default consequence")
        verbose_name_plural = _("default consequences")
        ordering = ["version", "rating_value", "id"]
        constraints = [
            unique_constraint(
                fields=["version", "rating_value", "kind"],
                name="templateconsequencedefault_unique",
                message=_("This consequence is already a default for this rating."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.rating_value} → {self.kind}"


class ConsequenceProposal(TimeStampedModel):
    """The consequences of one review's appraisal as they stand: proposed by the manager with the scores
    (or changed by an upheld objection), confirmed by the second reviewer with the finalisation."""

    class Source(models.TextChoices):
        MANAGER = "manager", _("Proposed by the manager")
        OBJECTION = "objection", _("Changed on the objection")

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="consequence_proposal")
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MANAGER)
    reason = models.TextField(
        _("reason for deviating from the default"),
        blank=True,
        help_text=_("Required when the consequences differ from the regeling's default for the rating."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    effective_date = models.DateField(
        _("effective date"),
        null=True,
        blank=True,
        help_text=_("The first day of the month after the finalisation: when payroll applies them."),
    )

    class Meta:
        verbose_name = _("consequences of the appraisal")
        verbose_name_plural = _("consequences of the appraisal")
        constraints = [
            check_constraint(
                condition=Q(confirmed_at__isnull=True) | Q(effective_date__isnull=False),
                name="consequenceproposal_confirmed_has_date",
                message=_("Confirmed consequences need an effective date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: consequences"


class ReviewConsequence(models.Model):
    """One consequence of a review's appraisal: its kind, an amount for a bonus, a note (e.g. which
    development measure)."""

    proposal = models.ForeignKey(ConsequenceProposal, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("consequence"), max_length=24, choices=ConsequenceKind.choices)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_single_line])

    class Meta:
        verbose_name = _("consequence")
        verbose_name_plural = _("consequences")
        ordering = ["proposal", "id"]
        constraints = [
            unique_constraint(
                fields=["proposal", "kind"],
                name="reviewconsequence_unique_kind",
                message=_("Each consequence is named once."),
            ),
            check_constraint(
                condition=Q(amount__isnull=True) | Q(kind=ConsequenceKind.BONUS),
                name="reviewconsequence_amount_only_bonus",
                message=_("Only a one-off bonus has an amount."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.kind}"
