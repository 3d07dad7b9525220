"""The database itself refuses a mandate, assembly or charter entry that breaks a rule."""

import datetime

import pytest

from governance.models import Assembly, Goal, Membership, Principle
from tests.helpers import refused_by_database

OFFICER_ROLES = ["president", "secretary_general", "treasurer"]


def test_database_refuses_a_mandate_that_ends_before_it_starts(make_membership):
    membership = make_membership(start_date=datetime.date(2024, 1, 10))

    with refused_by_database(check="membership_end_after_start"):
        Membership.objects.filter(pk=membership.pk).update(end_date=datetime.date(2024, 1, 9))


def test_a_mandate_that_ends_the_day_it_starts_is_accepted(make_membership):
    day = datetime.date(2024, 1, 10)
    membership = make_membership(start_date=day, end_date=day)

    assert not Membership.objects.get(pk=membership.pk).is_current


@pytest.mark.parametrize("role", OFFICER_ROLES)
def test_a_body_has_at_most_one_current_holder_of_an_officer_role(make_membership, role):
    current = make_membership(role=role)

    with refused_by_database():
        make_membership(body=current.body, role=role)


@pytest.mark.parametrize("role", OFFICER_ROLES)
def test_an_ended_officer_and_the_current_one_are_both_kept(make_membership, role):
    former = make_membership(role=role, end_date=datetime.date(2024, 6, 30))
    make_membership(body=former.body, role=role)

    assert Membership.objects.filter(body=former.body, role=role).count() == 2


def test_each_body_has_its_own_president(make_membership):
    make_membership(role="president")
    make_membership(role="president")

    assert Membership.objects.filter(role="president", end_date=None).count() == 2


def test_a_body_may_have_several_current_advisors(make_membership):
    first = make_membership(role="advisor")
    make_membership(body=first.body, role="advisor")

    assert Membership.objects.filter(body=first.body, role="advisor").count() == 2


def test_a_person_cannot_hold_the_same_current_role_twice_in_a_body(make_membership):
    membership = make_membership(role="advisor")

    with refused_by_database():
        make_membership(person=membership.person, body=membership.body, role="advisor")


def test_a_person_may_take_up_a_role_again_after_an_ended_mandate(make_membership):
    ended = make_membership(role="advisor", end_date=datetime.date(2023, 12, 31))
    make_membership(person=ended.person, body=ended.body, role="advisor")

    assert ended.person.memberships.count() == 2


def test_the_foundation_has_only_one_constitutive_assembly(make_assembly):
    make_assembly(kind=Assembly.Kind.CONSTITUTIVE)

    with refused_by_database():
        make_assembly(kind=Assembly.Kind.CONSTITUTIVE)


def test_the_foundation_holds_many_ordinary_assemblies(make_assembly):
    make_assembly(kind=Assembly.Kind.CONSTITUTIVE)
    make_assembly(kind=Assembly.Kind.ORDINARY)
    make_assembly(kind=Assembly.Kind.ORDINARY)

    assert Assembly.objects.count() == 3


@pytest.mark.parametrize("model", [Principle, Goal], ids=["principle", "goal"])
def test_two_charter_entries_cannot_share_a_position(db, model):
    model.objects.create(position=1, text_ar="الشفافية")

    with refused_by_database():
        model.objects.create(position=1, text_ar="الاستقلالية")

    model.objects.create(position=2, text_ar="الاستقلالية")
    assert list(model.objects.values_list("position", flat=True)) == [1, 2]
