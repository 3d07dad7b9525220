"""Strings of Django's user admin that its Arabic catalogue lacks (Django 5.1 added them),
or gets wrong (CORRECTED), so that the bureau's user pages are Arabic throughout: the
project catalogue under LOCALE_PATHS translates them, and listing them here keeps them in it
when `makemessages` runs. The message ids are Django's, exactly. Nothing imports this
module.

The admin's JavaScript strings (its date picker's months and days) are in the hand-written
locale/ar/LC_MESSAGES/djangojs.po.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

AUTH = [
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and "
        "uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "count",
    ),
    # A formset's limits: Django's Arabic still holds them with %d for %(num)d.
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"
    ),
    ngettext_lazy(
        "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"
    ),
]

# Django's Arabic says "was added" (نجحت إضافة) after every change of a record, and that
# the account lacks a permission where a protected record stops a deletion; its French
# makes every plural masculine ("les initiatives sélectionnés").
CORRECTED = [
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
]

# django-simple-history's Arabic for a record's history page: "تم انشاءه" for a creation, and
# a revert hint that leaves out what it does. The strings of its list of versions are in
# templates/simple_history/object_history_list.html.
HISTORY = [
    gettext_noop("Created"),
    gettext_noop("Deleted"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
]
