from django.conf import settings


def organisation(request):
    # password_login: whether a password opens the product's pages (people.views.LoginView); off, the
    # header offers no password change (the admin's break-glass login keeps its own).
    return {"organisation_name": settings.ORGANISATION_NAME, "password_login": settings.PASSWORD_LOGIN}
