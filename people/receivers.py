"""What happens at login (the pages speak the person's preferred language) and to API tokens when
someone logs out or changes their password (they stop working)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from people.accounts import api_tokens_revoke
from people.middleware import remember_preferred_language


@receiver(user_logged_in)
def remember_language_on_login(sender, request, user, **kwargs):
    remember_preferred_language(request, user)


@receiver(user_logged_out)
def revoke_tokens_on_logout(sender, request, user, **kwargs):
    if user is not None:
        api_tokens_revoke(user_ids=[user.pk])


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def revoke_tokens_on_password_change(sender, instance, created, **kwargs):
    # ``set_password`` keeps the new password on the object until the save is done: every way of
    # changing it (the password change and reset pages, the admin, manage.py changepassword) passes here.
    if not created and getattr(instance, "_password", None) is not None:
        api_tokens_revoke(user_ids=[instance.pk])
