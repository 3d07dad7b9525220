"""The portal's security rules that are code rather than settings.

- headers: the response headers every page carries, the admin's own content security
  policy, and `frameable` for the pages other sites may embed;
- staff: the admin site with optional two-factor authentication, the lockout page and
  the end of a deactivated user's sessions;
- media: uploaded files served with a safe content type.

The settings themselves (HTTPS, cookies, CSP directives, login lockout, passwords) live in
settings/base.py and settings/prod.py; docs/security.md explains the whole picture.
"""
