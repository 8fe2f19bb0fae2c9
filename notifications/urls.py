from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:pk>/read/", views.mark_read, name="read"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("talks/<id:pk>/cancel/", views.cancel_talk, name="cancel-talk"),
    path("reminders/", views.send_reminders, name="send-reminders"),
]
