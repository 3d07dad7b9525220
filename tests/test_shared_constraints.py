"""The database refuses what a public page could not show, whoever writes it (a shell, a data
migration, a script): a status, kind or source outside the choices, a slug that no address
can hold, a link to anything but a web page. Forms refuse the same values earlier."""

import pytest

from alerts.models import Subscriber, Subscription
from communes.models import CensusFigure, Commune
from governance.models import Assembly, Body, Membership, Person
from initiatives.models import Initiative, Partner, Sector, Update
from sources.models import Source
from tests.helpers import refused_by_database


@pytest.fixture
def records(make_commune, make_census, make_initiative, make_partner, make_update, make_membership):
    commune = make_commune()
    initiative = make_initiative(communes=[commune])
    membership = make_membership()
    subscriber = Subscriber.objects.create(email="reader@example.org", language="ar")
    return {
        Membership: membership,
        Person: membership.person,
        Body: membership.body,
        Assembly: Assembly.objects.create(kind=Assembly.Kind.ORDINARY),
        Subscription: Subscription.objects.create(subscriber=subscriber, scope="district"),
        Commune: commune,
        CensusFigure: make_census(commune=commune),
        Initiative: initiative,
        Sector: initiative.sector,
        Partner: make_partner(),
        Update: make_update(initiative=initiative),
        Source: Source.objects.create(
            publication="Hespress", url="https://example.org/a", language="ar"
        ),
        Subscriber: subscriber,
    }


@pytest.mark.parametrize(
    "model, field, value, check",
    [
        (Initiative, "status", "bogus", "initiative_status_valid"),
        (Commune, "kind", "metropolis", "commune_kind_valid"),
        (Partner, "kind", "", "partner_kind_valid"),
        (Update, "source", "rumour", "update_source_valid"),
        (Initiative, "slug", "bad slug", "initiative_slug_format"),
        (Initiative, "slug", "مبادرة", "initiative_slug_format"),
        (Commune, "slug", "a/b", "commune_slug_format"),
        (Sector, "slug", "", "sector_slug_format"),
        (Partner, "slug", "radeej\n", "partner_slug_format"),
        (Commune, "website", "javascript:alert(1)", "commune_website_web_address"),
        (CensusFigure, "source_url", "data:text/html,x", "census_source_url_web_address"),
        (Partner, "website", "www.example.org", "partner_website_web_address"),
        (Update, "source_url", "JavaScript:alert(1)", "update_source_url_web_address"),
        (Source, "url", "file:///etc/passwd", "source_url_web_address"),
        (Initiative, "origin", "rumour", "initiative_origin_valid"),
        (Initiative, "confidence", "sure", "initiative_confidence_valid"),
        (Update, "status_observed", "finished", "update_status_observed_valid"),
        (Membership, "role", "king", "membership_role_valid"),
        (Assembly, "kind", "party", "assembly_kind_valid"),
        (Person, "slug", "محمد", "person_slug_format"),
        (Body, "slug", "bureau exécutif", "body_slug_format"),
        (Subscription, "frequency", "daily", "subscription_frequency_valid"),
        (Initiative, "start_date_precision", "week", "initiative_start_date_precision_valid"),
        (Initiative, "planned_end_precision", "", "initiative_planned_end_precision_valid"),
        (Initiative, "status_as_of_precision", "DAY", "initiative_status_as_of_precision_valid"),
        (Source, "published_on_precision", "hour", "source_published_on_precision_valid"),
        (Source, "language", "", "source_language_valid"),
        (Source, "language", "de", "source_language_valid"),
        (Subscriber, "language", "es", "subscriber_language_valid"),
    ],
)
def test_the_database_refuses_a_value_no_page_can_show(records, model, field, value, check):
    with refused_by_database(check=check):
        model.objects.filter(pk=records[model].pk).update(**{field: value})


@pytest.mark.parametrize(
    "model, field, value",
    [
        (Initiative, "slug", "Route-2_bis"),
        (Commune, "website", ""),
        (Partner, "website", "HTTPS://www.radeej.ma/"),
        (Update, "source_url", "http://example.org/article"),
        (Source, "url", ""),
        (Initiative, "confidence", ""),
        (Update, "status_observed", ""),
        (Update, "status_observed", "stalled"),
    ],
)
def test_the_values_the_forms_accept_are_kept(records, model, field, value):
    model.objects.filter(pk=records[model].pk).update(**{field: value})

    assert getattr(model.objects.get(pk=records[model].pk), field) == value
