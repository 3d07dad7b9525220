"""Uploaded files, served so that none can ever run in the portal's origin.

A file's name is chosen by whoever uploaded it, and a browser decides what to do with a
file from its Content-Type. So the type comes from a short allow-list of what the portal
stores (photos and PDF documents), never from the name alone: anything else (x.html,
x.svg, x.exe) is sent as application/octet-stream with Content-Disposition: attachment,
which a browser only downloads. Every file also carries nosniff and a sandboxing policy.

In development this view serves MEDIA_URL; in production the web server serves the same
files with the same headers (docs/security.md has the nginx configuration).
"""

import posixpath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views import static

from azemmour_portal.withheld import WITHHELD

SAFE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}
# A file shown in place runs nothing: no script, no form, no navigation. A PDF is not
# sandboxed, because browsers then refuse to show it; their PDF viewers run no page script.
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; sandbox"
PDF_CONTENT_SECURITY_POLICY = "default-src 'none'; object-src 'self'"


def safe_headers(response, name: str):
    """Set the headers under which a stored file may be sent to a browser."""
    extension = posixpath.splitext(name)[1].lower()
    content_type = SAFE_TYPES.get(extension)
    if content_type is None:
        response.headers["Content-Type"] = "application/octet-stream"
        response.headers["Content-Disposition"] = "attachment"
    else:
        response.headers["Content-Type"] = content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        PDF_CONTENT_SECURITY_POLICY
        if content_type == "application/pdf"
        else MEDIA_CONTENT_SECURITY_POLICY
    )
    return response


def serve(request, path):
    """One uploaded file from MEDIA_ROOT (development only)."""
    # As the web server reads the path: //withheld/…, ./withheld/… are withheld/… too.
    if posixpath.normpath("/" + path).lstrip("/").startswith(WITHHELD):
        raise Http404
    try:
        response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as error:  # a path that leaves MEDIA_ROOT
        raise Http404 from error
    return safe_headers(response, path)
