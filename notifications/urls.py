from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("reviews/<int:pk>/talks/", views.schedule_talk, name="schedule-talk"),
    path("talks/<int:pk>/cancel/", views.cancel_talk, name="cancel-talk"),
]
