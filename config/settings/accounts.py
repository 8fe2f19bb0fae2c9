"""Local accounts: how long a password-reset or invitation link works, how often one may be asked for, and
whether new people are invited at once (notifications/password_reset.py, notifications.receivers)."""


def settings(env) -> dict:
    """The settings from the environment (``environ.Env``), as names → values for ``base.py``."""
    return {
        # The link in the mail works this long; requests are limited per e-mail address and per client
        # address within a window.
        "PASSWORD_RESET_TIMEOUT": env.int("PASSWORD_RESET_TIMEOUT_HOURS", default=24) * 3600,
        "PASSWORD_RESET_LIMIT_PER_ADDRESS": env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3),
        # Generous: a town hall reaches us from one address for everyone.
        "PASSWORD_RESET_LIMIT_PER_CLIENT": env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=50),
        "PASSWORD_RESET_LIMIT_WINDOW_MINUTES": env.int("PASSWORD_RESET_LIMIT_WINDOW_MINUTES", default=60),
        # Everyone added (people import, by hand, provisioning) gets the invitation to choose a password at
        # once: on wherever people log in with a password (PASSWORD_LOGIN, config/settings/sso.py); off, HR
        # invites with `manage.py invite` when it suits them. The demo (config/settings/local.py) and the
        # tests switch it off: their people log in with known passwords.
        "INVITE_NEW_PEOPLE": env.bool("INVITE_NEW_PEOPLE", default=env.bool("PASSWORD_LOGIN", default=True)),
    }
