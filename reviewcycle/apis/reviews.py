"""Reading reviews: the filtered list and the detail."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from reviewcycle import services
from reviewcycle.apis.serializers import ReviewDetailSerializer, ReviewListSerializer
from reviewcycle.filters import ReviewFilter
from reviewcycle.models import (
    Review,
)
from reviewcycle.selectors import (
    review_detail,
    review_list,
)

# --- reading ---------------------------------------------------------------------------


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]{1,18}"  # an absurd id is a 404, not a database overflow
    serializer_class = ReviewListSerializer
    filterset_class = ReviewFilter

    def get_queryset(self):
        return review_list(user=self.request.user)

    @extend_schema(responses=ReviewDetailSerializer)
    def retrieve(self, request, pk=None):
        try:
            review = review_detail(user=request.user, pk=pk)
        except (Review.DoesNotExist, ValueError):
            raise NotFound from None
        services.review_log_access(review=review, user=request.user, via="api")
        return Response(ReviewDetailSerializer(review, context={"request": request}).data)
