"""A searchable choice (sector, communes, partner…) sent with a value that names no record,
from an old bookmark or a hand-edited form, gets the form back with Django's «select a
valid choice» message, not a server error."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
from django.db.models import ForeignKey, ManyToManyField
from django.forms.models import ModelChoiceField
from django.test import RequestFactory

from tests.helpers import assert_refused_in_arabic, funding_form, in_arabic, initiative_form

INITIATIVE_ADD = "/ar/admin/initiatives/initiative/add/"
FUNDING_ADD = "/ar/admin/initiatives/funding/add/"


def invalid_choice_in_arabic() -> str:
    return in_arabic(ModelChoiceField.default_error_messages["invalid_choice"])


def test_a_sector_that_is_not_a_number(staff_client, make_sector, make_commune):
    data = initiative_form(sector=make_sector(), communes=[make_commune()]) | {"sector": "abc"}

    response = staff_client.post(INITIATIVE_ADD, data)

    assert_refused_in_arabic(response, invalid_choice_in_arabic())


def test_communes_with_one_value_that_is_not_a_number(staff_client, make_sector, make_commune):
    commune = make_commune()
    data = initiative_form(sector=make_sector(), communes=[commune])
    data["communes"] = [commune.pk, "1 OR 1=1"]

    response = staff_client.post(INITIATIVE_ADD, data)

    assert response.status_code == 200
    # The valid commune stays chosen for the volunteer to correct the form.
    assert f'<option value="{commune.pk}" selected>' in response.content.decode()


def test_a_partner_that_is_not_a_number(staff_client, make_initiative, make_partner):
    data = funding_form(initiative=make_initiative(), partner=make_partner()) | {"partner": "x"}

    response = staff_client.post(FUNDING_ADD, data)

    assert_refused_in_arabic(response, invalid_choice_in_arabic())


def test_every_searchable_choice_of_the_admin_forgives_a_stray_value(superuser):
    """Each admin and inline registered now or later: its autocomplete fields get the
    widget that drops a value naming no record before looking it up."""
    request = RequestFactory().get("/ar/admin/")
    request.user = superuser
    checked = []
    for model_admin in admin.site._registry.values():
        for owner in [model_admin, *model_admin.get_inline_instances(request)]:
            for name in owner.get_autocomplete_fields(request):
                field = owner.model._meta.get_field(name)
                if isinstance(field, ForeignKey):
                    formfield = owner.formfield_for_foreignkey(field, request)
                else:
                    assert isinstance(field, ManyToManyField)
                    formfield = owner.formfield_for_manytomany(field, request)
                widget = formfield.widget
                assert isinstance(widget, AutocompleteMixin)
                options = [
                    option for _, group, _ in widget.optgroups(name, ["x"]) for option in group
                ]
                assert all(option["value"] != "x" for option in options), (type(owner), name)
                checked.append((owner.model, name))
    assert len(checked) >= 20
