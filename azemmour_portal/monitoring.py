"""Error reports to Sentry, when a deployment sets SENTRY_DSN (settings/prod.py).

Without it, errors go to the ADMINS by e-mail (Django's own AdminEmailHandler) and to the
log. sentry-sdk is an optional extra: `pip install -c constraints.txt -e '.[sentry]'`.
"""

from django.core.exceptions import ImproperlyConfigured


def init_sentry(*, dsn: str, environment: str, release: str | None = None, **options) -> None:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: "
            "pip install -c constraints.txt -e '.[sentry]'"
        ) from None
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        # Errors only: no performance tracing, and no visitor's address, cookie or user.
        traces_sample_rate=0,
        send_default_pii=False,
        **options,
    )
