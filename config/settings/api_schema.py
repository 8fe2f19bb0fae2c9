"""How drf-spectacular writes the OpenAPI schema (``docs/openapi.yaml``, ``/api/v1/schema/``); the
settings read this module."""

SPECTACULAR_SETTINGS = {
    "TITLE": "Gesprekscyclus API",
    "DESCRIPTION": "The yearly performance cycle: frameworks, cycles, reviews and their transitions.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs page only for someone logged in (a session or a token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    # What a client sends and what it gets back are separate components where they differ (``Cycle``
    # and ``CycleRequest``): read-only fields are never asked for in a request, and a generated client
    # does not demand them.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReviewStateEnum": "reviewcycle.models.Review.State",
        "CycleStateEnum": "reviewcycle.models.ReviewCycle.State",
        "GoalStatusEnum": "reviewcycle.models.Goal.Status",
        "DevelopmentActionStatusEnum": "reviewcycle.models.DevelopmentAction.Status",
        "SignatureEnum": "reviewcycle.models.Review.Signature",
        "SignAsEnum": ["seen", "agreed"],
        "ObjectionDecisionEnum": "reviewcycle.models.Review.ObjectionDecision",
        "ConsequenceKindEnum": "reviewcycle.models.ConsequenceKind",
        "ContractAdviceEnum": "reviewcycle.models.Review.ContractAdvice",
        "NotificationKindEnum": "notifications.models.Notification.Kind",
        "TalkKindEnum": "notifications.models.ScheduledTalk.Kind",
        "OrgUnitKindEnum": "people.models.OrgUnit.Kind",
        "WebhookEventEnum": "notifications.models.WebhookEndpoint.Event",
        "InformantRelationEnum": ["manager", "colleague", "report", "external"],
        "InformantStatusEnum": ["requested", "answered", "withdrawn", "expired"],
        "InformantMarkEnum": ["not", "partly", "fully"],
        "OpenQuestionKindEnum": ["text", "scale", "choice", "yes_no"],
        "StepNameEnum": "reviewcycle.steps.BY_NAME",  # its keys: the steps' names
    },
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # core.converters.IdConverter: at most 18 digits.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_error_answers",
    ],
}
