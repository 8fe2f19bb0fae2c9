"""The audit trail of the regelingen (cycle templates): who created, changed and published which version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AppendOnlyModel, require_kind
from core.models import check_constraint
from reviewcycle.models.template import CycleTemplateVersion


class CycleTemplateEventKind(models.TextChoices):
    """What happened to a cycle template, labelled in the past tense."""

    VERSION_PUBLISHED = "publish_version", _("Version published")
    BUILTIN_LOADED = "load_builtin", _("Built-in regeling loaded")
    TEMPLATE_CREATED = "create_template", _("Regeling created")
    DRAFT_CREATED = "create_draft", _("Draft version started")
    SHAPE_CHANGED = "change_shape", _("Shape of the draft changed")
    FORM_CHANGED = "change_form", _("Talk form of the draft changed")


class CycleTemplateEvent(AppendOnlyModel):
    """The audit trail of the regelingen: who created, changed and published which version, when (see
    ``core.audit``)."""

    Kind = CycleTemplateEventKind

    version = models.ForeignKey(CycleTemplateVersion, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: done by the system."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("cycle template event")
        verbose_name_plural = _("cycle template events")
        ordering = ["created_at", "id"]
        constraints = [
            check_constraint(
                condition=Q(kind__in=CycleTemplateEventKind.values),
                name="cycletemplateevent_known_kind",
                message=_("This is not a known kind of cycle template event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.kind}"

    @classmethod
    def record(
        cls,
        *,
        version: CycleTemplateVersion,
        actor,
        kind: CycleTemplateEventKind,
        payload: dict | None = None,
    ) -> "CycleTemplateEvent":
        """Add one event of ``kind`` on ``version`` by ``actor`` (a User, or None for the system)."""
        return cls.objects.create(
            version=version, actor=actor, kind=require_kind(cls.Kind, kind), payload=payload or {}
        )
