"""The bureau gives a group or a person their permissions from a list in its own language:
Django stores each permission's name in English ("Can add initiative")."""

import re

import pytest
from django.contrib.auth.models import Group


def permission_options(html: str) -> list[str]:
    select = re.search(r'<select name="(?:user_)?permissions".*?</select>', html, re.S).group(0)
    return re.findall(r"<option [^>]*>([^<]*)</option>", select)


@pytest.mark.parametrize("page", ["group", "user"])
def test_permissions_are_named_in_arabic(staff_client, superuser, page):
    record = Group.objects.create(name="المراسلون") if page == "group" else superuser

    html = staff_client.get(f"/ar/admin/auth/{page}/{record.pk}/change/").content.decode()

    options = permission_options(html)
    assert len(options) > 100
    assert not [option for option in options if "Can " in option]
    assert "المبادرات | مبادرة | إضافة" in options
    assert any(option.startswith("المبادرات | مبادرة | ") and "نشر" in option for option in options)


def test_permissions_are_named_in_french(staff_client):
    group = Group.objects.create(name="Correspondants")

    html = staff_client.get(f"/fr/admin/auth/group/{group.pk}/change/").content.decode()

    options = permission_options(html)
    assert "Initiatives | initiative | Supprimer" in options
    assert not [option for option in options if "Can " in option]
