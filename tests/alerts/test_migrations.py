"""Migrations that change the alerts' data as well as their tables."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("alerts", "0004_subscription_outlives_initiative")]


def migrate(targets=None):
    """Migrate to `targets` (the latest migrations when None); the models as they were."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_subscriptions_to_initiatives_deleted_before_their_date_was_kept_get_the_whole_wait():
    old = migrate(BEFORE)
    try:
        Subscriber = old.get_model("alerts", "Subscriber")
        Subscription = old.get_model("alerts", "Subscription")
        reader = Subscriber.objects.create(email="reader@example.org", language="ar")
        Subscription.objects.create(subscriber=reader, scope="initiative", deleted_initiative_id=42)
        Subscription.objects.create(subscriber=reader, scope="district")
    finally:
        new = migrate()

    district, deleted = new.get_model("alerts", "Subscription").objects.order_by("scope")
    assert district.deleted_initiative_at is None
    assert deleted.deleted_initiative_at is not None
