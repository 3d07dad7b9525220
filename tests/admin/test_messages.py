"""What the admin says after a save, in the bureau's language."""

from django.contrib.messages import get_messages
from django.urls import reverse


def test_a_change_is_said_to_be_a_change_in_arabic(staff_client, make_sector):
    """Django's Arabic catalogue says «added» (نجحت إضافة) after every change."""
    sector = make_sector()
    response = staff_client.post(
        reverse("admin:initiatives_sector_change", args=[sector.pk]),
        {
            "name_ar": "الماء الصالح للشرب",
            "name_fr": sector.name_fr,
            "name_en": "",
            "slug": sector.slug,
            "dac_code": "",
            "_save": "1",
        },
    )

    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("تم تعديل") and "إضافة" not in message
