"""The foundation's page: each body's members in the order of their roles."""

from governance.models import Membership


def test_a_bodys_members_are_listed_president_first_then_by_rank_of_role(
    client, make_body, make_person, make_membership
):
    body = make_body()
    Role = Membership.Role
    for role, name in [
        (Role.ADVISOR, "Aaron Advisor"),
        (Role.TREASURER, "Tariq Treasurer"),
        (Role.PRESIDENT, "Zineb President"),
        (Role.MEMBER, "Mona Member"),
        (Role.VICE_PRESIDENT, "Yassine Vice"),
    ]:
        person = make_person(full_name_ar=name, full_name_fr=name)
        make_membership(body=body, role=role, person=person)

    html = client.get("/en/foundation/").content.decode()

    names = ("Zineb President", "Yassine Vice", "Tariq Treasurer", "Aaron Advisor", "Mona Member")
    places = [html.index(name) for name in names]
    assert places == sorted(places)


def test_past_members_follow_the_current_ones_the_latest_ended_first(
    client, make_body, make_person, make_membership
):
    import datetime

    body = make_body()
    Role = Membership.Role
    for role, name, ended in [
        (Role.PRESIDENT, "Old President", datetime.date(2015, 6, 1)),
        (Role.MEMBER, "Current Member", None),
        (Role.TREASURER, "Recent Treasurer", datetime.date(2022, 6, 1)),
        (Role.PRESIDENT, "Current President", None),
    ]:
        person = make_person(full_name_ar=name, full_name_fr=name)
        make_membership(
            body=body,
            role=role,
            person=person,
            start_date=ended and ended - datetime.timedelta(days=900),
            end_date=ended,
        )

    html = client.get("/en/foundation/").content.decode()

    names = ("Current President", "Current Member", "Recent Treasurer", "Old President")
    places = [html.index(name) for name in names]
    assert places == sorted(places)
