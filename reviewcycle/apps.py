from django.apps import AppConfig


class ReviewcycleConfig(AppConfig):
    name = "reviewcycle"
