import os

from django.core.wsgi import get_wsgi_application

# Unset means production (which refuses to start without SECRET_KEY and ALLOWED_HOSTS), never the
# local debug and demo settings: bin/demo and bin/test set theirs.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()


def _warm_up() -> None:
    """Load the URLconf (with every view module) and the translations while the worker starts.

    Django loads them on the first request, which then takes most of a second: with several
    workers, each one's first user waits for it.
    """
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils.translation import trans_real

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)


_warm_up()
