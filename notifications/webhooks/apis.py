"""``/api/v1/webhooks/``: register endpoints, change them, read their delivery log."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.text import validate_single_line
from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks import endpoints as services


class CanManageWebhooks(permissions.IsAuthenticated):
    """403 for anyone without the right to manage webhooks (``endpoints.can_manage_webhooks``)."""

    message = _("Only someone allowed to manage webhooks may do this.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and services.can_manage_webhooks(request.user)


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEndpoint.Event.choices))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "name", "url", "events", "active", "created_at"]


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookEndpointInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, validators=[validate_single_line])
    url = serializers.URLField(max_length=500, validators=[validate_single_line])
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEndpoint.Event.choices))
    active = serializers.BooleanField(default=True)


class WebhookEndpointChangeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, validators=[validate_single_line])
    url = serializers.URLField(max_length=500, required=False, validators=[validate_single_line])
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEndpoint.Event.choices), required=False
    )
    active = serializers.BooleanField(required=False)


class WebhookDeliverySerializer(serializers.ModelSerializer):
    # Declared, not derived: a model field's bounds come from the database (SQLite says int64,
    # PostgreSQL 32767), and the schema must be the same on both.
    attempts = serializers.IntegerField(read_only=True, help_text="Attempts made so far.")
    last_status_code = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The receiver's HTTP status at the last attempt."
    )

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_response",
            "last_error",
            "next_attempt_at",
            "delivered_at",
            "created_at",
        ]


class WebhookEndpointListView(APIView):
    permission_classes = [CanManageWebhooks]

    @extend_schema(responses=WebhookEndpointSerializer(many=True))
    def get(self, request):
        endpoints = services.webhook_endpoints_for(user=request.user)
        return Response(WebhookEndpointSerializer(endpoints, many=True).data)

    @extend_schema(request=WebhookEndpointInputSerializer, responses={201: WebhookEndpointCreatedSerializer})
    def post(self, request):
        serializer = WebhookEndpointInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_create(actor=request.user, **serializer.validated_data)
        return Response(WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)


class WebhookEndpointDetailView(APIView):
    """404 for an endpoint the caller may not manage (every one, without the right): nothing leaks."""

    @extend_schema(responses=WebhookEndpointSerializer)
    def get(self, request, pk):
        endpoint = get_object_or_404(services.webhook_endpoints_for(user=request.user), pk=pk)
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(request=WebhookEndpointChangeSerializer, responses=WebhookEndpointSerializer)
    def patch(self, request, pk):
        endpoint = get_object_or_404(services.webhook_endpoints_for(user=request.user), pk=pk)
        serializer = WebhookEndpointChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_update(
            endpoint=endpoint, actor=request.user, **serializer.validated_data
        )
        return Response(WebhookEndpointSerializer(endpoint).data)


class WebhookDeliveryListView(generics.ListAPIView):
    """The endpoint's delivery log, newest first: attempts, last status code and answer, next attempt."""

    serializer_class = WebhookDeliverySerializer
    queryset = WebhookDelivery.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WebhookDelivery.objects.none()
        endpoint = get_object_or_404(
            services.webhook_endpoints_for(user=self.request.user), pk=self.kwargs["pk"]
        )
        return services.webhook_deliveries_for(user=self.request.user, endpoint=endpoint)
