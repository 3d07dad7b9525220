"""The Arabic admin refuses a mandate or assembly that breaks a rule, and says why."""

import pytest

from governance.models import Assembly, Membership, Person
from tests.helpers import (
    assembly_form,
    assert_refused_in_arabic,
    inline_formset,
    membership_form,
    person_form,
    violation_in_arabic,
)

MEMBERSHIP_ADD = "/ar/admin/governance/membership/add/"
PERSON_ADD = "/ar/admin/governance/person/add/"
ASSEMBLY_ADD = "/ar/admin/governance/assembly/add/"


@pytest.mark.parametrize("role", ["president", "secretary_general", "treasurer"])
def test_the_arabic_admin_refuses_a_second_current_officer(
    staff_client, make_membership, make_person, role
):
    current = make_membership(role=role)

    response = staff_client.post(
        MEMBERSHIP_ADD, membership_form(person=make_person(), body=current.body, role=role)
    )

    assert_refused_in_arabic(
        response, violation_in_arabic(Membership, "membership_one_current_officer")
    )
    assert Membership.objects.count() == 1


def test_the_arabic_admin_accepts_a_new_president_once_the_previous_mandate_ended(
    staff_client, make_membership, make_person
):
    former = make_membership(role="president", end_date="2024-06-30")

    response = staff_client.post(
        MEMBERSHIP_ADD,
        membership_form(person=make_person(), body=former.body, role="president"),
    )

    assert response.status_code == 302
    assert Membership.objects.filter(body=former.body, role="president").count() == 2


def test_the_arabic_admin_refuses_a_mandate_that_ends_before_it_starts(
    staff_client, make_person, make_body
):
    data = membership_form(
        person=make_person(), body=make_body(), start_date="2024-01-10", end_date="2024-01-09"
    )

    response = staff_client.post(MEMBERSHIP_ADD, data)

    assert_refused_in_arabic(
        response, violation_in_arabic(Membership, "membership_end_after_start")
    )
    assert not Membership.objects.exists()


def test_the_arabic_admin_refuses_the_same_current_role_twice_for_a_person(
    staff_client, make_membership
):
    current = make_membership(role="advisor")

    response = staff_client.post(
        MEMBERSHIP_ADD, membership_form(person=current.person, body=current.body, role="advisor")
    )

    assert_refused_in_arabic(
        response, violation_in_arabic(Membership, "membership_no_duplicate_current")
    )
    assert Membership.objects.count() == 1


def test_the_person_page_refuses_a_second_current_president_of_the_bureau(
    staff_client, make_membership
):
    current = make_membership(role="president")
    data = person_form(
        **inline_formset(
            "memberships",
            {"body": current.body.pk, "role": "president", "start_date": "", "end_date": ""},
        )
    )

    response = staff_client.post(PERSON_ADD, data)

    assert_refused_in_arabic(
        response, violation_in_arabic(Membership, "membership_one_current_officer")
    )
    assert Person.objects.count() == 1
    assert Membership.objects.count() == 1


def test_the_person_page_refuses_the_same_current_role_twice_in_one_submission(
    staff_client, make_body
):
    row = {"body": make_body().pk, "role": "advisor", "start_date": "", "end_date": ""}

    response = staff_client.post(PERSON_ADD, person_form(**inline_formset("memberships", row, row)))

    assert_refused_in_arabic(
        response, violation_in_arabic(Membership, "membership_no_duplicate_current")
    )
    assert not Person.objects.exists()
    assert not Membership.objects.exists()


def test_the_arabic_admin_refuses_a_second_constitutive_assembly(staff_client, make_assembly):
    make_assembly(kind="constitutive")

    response = staff_client.post(ASSEMBLY_ADD, assembly_form(kind="constitutive"))

    assert_refused_in_arabic(response, violation_in_arabic(Assembly, "assembly_one_constitutive"))
    assert Assembly.objects.count() == 1


def test_the_arabic_admin_records_an_ordinary_assembly_after_the_constitutive_one(
    staff_client, make_assembly
):
    make_assembly(kind="constitutive")

    response = staff_client.post(ASSEMBLY_ADD, assembly_form(kind="ordinary"))

    assert response.status_code == 302
    assert Assembly.objects.filter(kind="ordinary").count() == 1
