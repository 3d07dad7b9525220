"""The staff roles and what each may do, kept in one place.

Bureau: everything. Editor: initiatives and their records, no publishing, no governance,
no users. Commune correspondent: the same, only in their communes. Reader: sees, changes
nothing. Roles are Django groups; `setup_roles` (and every migrate) makes them match this
table, so a role can never drift from it.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

BUREAU, EDITOR, CORRESPONDENT, READER = "Bureau", "Editor", "Correspondent", "Reader"
ROLES = (BUREAU, EDITOR, CORRESPONDENT, READER)

PROJECT_APPS = (
    "communes",
    "initiatives",
    "governance",
    "sources",
    "workflow",
    "activities",
    "citizens",
)
INITIATIVE_RECORDS = (
    "initiatives.initiative",
    "initiatives.funding",
    "initiatives.update",
    "initiatives.updatephoto",
    "initiatives.updatedocument",
)
EDITOR_REFERENCE = ("initiatives.partner", "initiatives.sector", "sources.source")
# Editors and correspondents read citizens' submissions and reject them; accepting one
# publishes it, which is the bureau's (citizens/services.py).
CITIZEN_QUEUES = ("citizens.fieldreport", "citizens.reportphoto", "citizens.suggestion")

PUBLISH_PERMISSIONS = ("initiatives.publish_initiative", "initiatives.publish_update")


def codenames(labels, actions):
    for label in labels:
        app_label, model = label.split(".")
        for action in actions:
            yield app_label, f"{action}_{model}"


def role_permissions(role: str) -> set[tuple[str, str]]:
    """(app_label, codename) pairs of a role."""
    if role == EDITOR:
        return {
            *codenames(INITIATIVE_RECORDS + EDITOR_REFERENCE, ("view", "add", "change", "delete")),
            *codenames(("communes.commune", "communes.censusfigure"), ("view",)),
            *codenames(CITIZEN_QUEUES, ("view", "change")),
        }
    if role == CORRESPONDENT:
        return {
            *codenames(INITIATIVE_RECORDS, ("view", "add", "change", "delete")),
            *codenames(("sources.source",), ("view", "add", "change")),
            *codenames(
                ("initiatives.partner", "initiatives.sector", "communes.commune"), ("view",)
            ),
            *codenames(CITIZEN_QUEUES, ("view", "change")),
        }
    if role == READER:
        return {
            (p.content_type.app_label, p.codename)
            for p in Permission.objects.filter(
                content_type__app_label__in=PROJECT_APPS, codename__startswith="view_"
            ).select_related("content_type")
        }
    if role == BUREAU:
        return {
            (p.content_type.app_label, p.codename)
            for p in Permission.objects.filter(
                content_type__app_label__in=(
                    *PROJECT_APPS,
                    "auth",
                    "simple_history",
                    "otp_totp",
                    # E-mail subscribers are personal data (law 09-08): the bureau only.
                    "alerts",
                )
            ).select_related("content_type")
        }
    raise ValueError(role)


def setup_roles() -> dict[str, int]:
    """Create the four groups and give each exactly its permissions. Idempotent."""
    counts = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = role_permissions(role)
        permissions = [
            p
            for p in Permission.objects.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts


def setup_roles_after_migrate(sender, **kwargs):
    # Permissions exist only after migrate has run: keep the roles in step each time.
    if global_apps.is_installed("django.contrib.auth"):
        setup_roles()


def in_role(user, role: str) -> bool:
    return user.is_active and user.groups.filter(name=role).exists()


def can_publish(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def can_restore(user) -> bool:
    """Whether `user` may bring back deleted records, of any kind: the bureau's decision,
    as publishing an initiative is (Django has no permission of its own for it)."""
    return user.has_perm("initiatives.publish_initiative")


def locked(record, user) -> bool:
    """Whether `record` was published and `user` may not publish it: once published, a
    record, and what hangs from it (fundings, photos, documents), is changed by those who
    may publish it only. Authors prepare; what the public reads was reviewed."""
    return (
        user is not None  # a command run on the server
        and record is not None
        and getattr(record, "published_at", None) is not None
        and not can_publish(user, type(record))
    )


def still_open(queryset, user):
    """The records of `queryset` that are not locked() for `user`."""
    if can_publish(user, queryset.model):
        return queryset
    return queryset.filter(published_at__isnull=True)


def correspondent_communes(user):
    """The communes a correspondent is limited to, or None when the user is not limited."""
    if user.is_superuser or user.has_perm("initiatives.publish_initiative"):
        return None
    if not in_role(user, CORRESPONDENT):
        return None
    from communes.models import Commune

    return Commune.objects.filter(correspondents__user=user)
