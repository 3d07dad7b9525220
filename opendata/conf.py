"""The open-data settings a deployment may override, with their defaults.

Kept here, in the manner of Django's contrib apps, so that the shared settings module only
needs a line when a deployment differs from the default.
"""

from django.conf import settings

# The licence under which the foundation publishes its data (exports, feeds and the API).
DEFAULT_LICENCE_NAME = "CC BY 4.0"
DEFAULT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def licence() -> dict[str, str]:
    return {
        "name": getattr(settings, "OPEN_DATA_LICENCE_NAME", DEFAULT_LICENCE_NAME),
        "url": getattr(settings, "OPEN_DATA_LICENCE_URL", DEFAULT_LICENCE_URL),
    }
