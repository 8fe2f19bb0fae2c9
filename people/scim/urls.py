"""``/scim/v2/``: Users and the discovery endpoints (RFC 7644 §3.2, §4)."""

from django.urls import path, re_path

from people.scim import views

app_name = "scim"

urlpatterns = [
    path("ServiceProviderConfig", views.ServiceProviderConfigView.as_view(), name="service-provider-config"),
    path("ResourceTypes", views.ResourceTypesView.as_view(), name="resource-types"),
    path("ResourceTypes/<str:name>", views.ResourceTypesView.as_view(), name="resource-type"),
    path("Schemas", views.SchemasView.as_view(), name="schemas"),
    path("Schemas/<str:urn>", views.SchemasView.as_view(), name="schema"),
    path("Users", views.UsersView.as_view(), name="users"),
    # Only Users are served: a search across resource types is a search of Users.
    path(".search", views.UsersSearchView.as_view(), name="search"),
    path("Users/.search", views.UsersSearchView.as_view(), name="users-search"),
    path("Users/<str:pk>", views.UserView.as_view(), name="user"),
    re_path(r"^(?P<rest>.*)$", views.NotFoundView.as_view(), name="not-found"),
]
