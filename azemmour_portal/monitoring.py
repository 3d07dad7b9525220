"""Error reports to Sentry, when a deployment sets SENTRY_DSN (settings/prod.py).

Without it, errors go to the ADMINS by e-mail (Django's own AdminEmailHandler) and to the
log. sentry-sdk is an optional extra: `pip install -c constraints.txt -e '.[sentry]'`.
"""

import re

from django.core.exceptions import ImproperlyConfigured
from django.views.debug import SafeExceptionReporterFilter


class PrivateReporterFilter(SafeExceptionReporterFilter):
    """What an error report (the ADMINS' e-mail) may carry of the request: no value a form
    posted, and no address of the visitor. A citizen's name, phone and e-mail, or a
    subscriber's address, would otherwise reach mailboxes that the retention period and
    the bureau-only rule do not reach (Law 09-08). The fields' names stay, as a clue."""

    hidden_settings = re.compile(
        SafeExceptionReporterFilter.hidden_settings.pattern + "|ADDR|FORWARDED|REAL_IP",
        flags=re.IGNORECASE,
    )

    def get_post_parameters(self, request):
        if request is None:
            return {}
        hidden = request.POST.copy()
        for name in hidden:
            hidden[name] = self.cleansed_substitute
        return hidden


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
        # Nor what a form posted: a citizen's contact (PrivateReporterFilter's reasons).
        max_request_body_size="never",
        **options,
    )
