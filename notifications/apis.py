"""``/api/v1/notifications/`` (the inbox, preferences) and the talks of a review (calendar invitations)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.query import BooleanFilter, StrictFilterSet
from core.text import validate_single_line
from notifications import services
from notifications.models import Notification, NotificationPreference, ScheduledTalk
from notifications.selectors import inbox_of, talks_visible_to, unread_count
from reviewcycle.selectors import reviews_visible_to


class NotificationSerializer(serializers.ModelSerializer):
    done = serializers.SerializerMethodField(
        help_text="The step it asked for was taken (at `handled_at`): no action needed any more."
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "subject",
            "body",
            "link",
            "review",
            "due_date",
            "created_at",
            "read_at",
            "handled_at",
            "done",
        ]

    def get_done(self, notification) -> bool:
        return notification.handled_at is not None


class NotificationFilter(StrictFilterSet):
    unread = BooleanFilter(method="filter_unread")

    class Meta:
        model = Notification
        fields = ["unread"]

    def filter_unread(self, queryset, name, value):
        # false: every notification, read or not (as without the parameter).
        return queryset.filter(read_at__isnull=True) if value else queryset


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]{1,18}"  # an absurd id is a 404, not a database overflow
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    queryset = Notification.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return inbox_of(user=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unread",
                OpenApiTypes.BOOL,
                description="Only the notifications not read yet (`1` or `true`).",
            ),
            OpenApiParameter(
                "X-Unread-Count",
                OpenApiTypes.INT,
                location=OpenApiParameter.HEADER,
                response=[200],
                description="How many of the caller's notifications are unread (all pages).",
            ),
        ],
        responses=OpenApiResponse(
            response=NotificationSerializer(many=True),
            description="The caller's inbox, newest first; header `X-Unread-Count` gives the unread total.",
        ),
    )
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response["X-Unread-Count"] = str(unread_count(user=request.user))
        return response

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        return Response(
            NotificationSerializer(
                services.notification_mark_read(notification=notification, user=request.user)
            ).data
        )

    @extend_schema(
        request=None, responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()})
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


class PreferenceSerializer(serializers.Serializer):
    email_mode = serializers.ChoiceField(choices=NotificationPreference.EmailMode.choices)


class PreferenceView(APIView):
    @extend_schema(responses=PreferenceSerializer)
    def get(self, request):
        preference = NotificationPreference.objects.filter(user=request.user).first()
        mode = preference.email_mode if preference else NotificationPreference.EmailMode.IMMEDIATE
        return Response({"email_mode": mode})

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def put(self, request):
        serializer = PreferenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        preference = services.preference_set(user=request.user, **serializer.validated_data)
        return Response({"email_mode": preference.email_mode})


class TalkSerializer(serializers.ModelSerializer):
    # Declared: the model field's maximum depends on the database, the schema must not.
    sequence = serializers.IntegerField(
        read_only=True, help_text="Raised on every reschedule (iCalendar SEQUENCE)."
    )

    class Meta:
        model = ScheduledTalk
        fields = [
            "id",
            "review",
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "video_link",
            "uid",
            "sequence",
            "cancelled_at",
            "held_on",
        ]


class TalkInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ScheduledTalk.Kind.choices)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=10, max_value=480, default=60)
    location = serializers.CharField(
        max_length=300, allow_blank=True, required=False, default="", validators=[validate_single_line]
    )
    video_link = serializers.URLField(
        allow_blank=True, required=False, default="", validators=[validate_single_line]
    )


class RescheduleInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=10, max_value=480, default=60)
    location = serializers.CharField(
        max_length=300, allow_blank=True, required=False, validators=[validate_single_line]
    )
    video_link = serializers.URLField(allow_blank=True, required=False, validators=[validate_single_line])


class TalkListView(APIView):
    @extend_schema(responses=TalkSerializer(many=True))
    def get(self, request, pk):
        review = get_object_or_404(reviews_visible_to(user=request.user), pk=pk)
        return Response(
            TalkSerializer(talks_visible_to(user=request.user).filter(review=review), many=True).data
        )

    @extend_schema(request=TalkInputSerializer, responses={201: TalkSerializer})
    def post(self, request, pk):
        review = get_object_or_404(reviews_visible_to(user=request.user), pk=pk)
        serializer = TalkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        talk = services.talk_schedule(review=review, actor=request.user, **serializer.validated_data)
        return Response(TalkSerializer(talk).data, status=status.HTTP_201_CREATED)


class TalkDetailView(APIView):
    @extend_schema(request=RescheduleInputSerializer, responses=TalkSerializer)
    def patch(self, request, pk, talk_id):
        talk = get_object_or_404(talks_visible_to(user=request.user), pk=talk_id, review_id=pk)
        serializer = RescheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(
            TalkSerializer(
                services.talk_reschedule(talk=talk, actor=request.user, **serializer.validated_data)
            ).data
        )


class TalkCancelView(APIView):
    @extend_schema(request=None, responses=TalkSerializer)
    def post(self, request, pk, talk_id):
        talk = get_object_or_404(talks_visible_to(user=request.user), pk=talk_id, review_id=pk)
        return Response(TalkSerializer(services.talk_cancel(talk=talk, actor=request.user)).data)
