"""Production settings with three extra addresses, for runs on loopback only.

`make bench` and the two-instance tests (tests/production/) serve the portal with gunicorn
under these settings: production in every respect, plus azemmour_portal/loopback_urls.py
(a constant page, the benchmark's ceiling; an error). A real
deployment never uses them.
"""

from .prod import *  # noqa: F403

ROOT_URLCONF = "azemmour_portal.loopback_urls"
