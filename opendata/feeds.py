"""Atom feeds, in the language of their address (/<lang>/…/feed/).

The monitoring updates of the whole district, of one commune and of one initiative, and the
public change log of the district and of one commune. Only what `published()` returns is
read, but for the change log's withdrawals (opendata/changes.py), which say only what the
public saw; the feeds name the foundation as their author, never a person.
"""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from azemmour_portal.cache import data_stamp
from communes.models import Commune
from initiatives.models import Initiative, Update

from . import changes
from .conf import licence

ENTRIES = 50
# What XML 1.0 cannot hold: the C0 controls but tab, line feed and carriage return (a word
# processor's line break is a vertical tab), and the two non-characters.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _site():
    return _("Azemmour Foundation for Local Development")


def _xml_text(value):
    return NOT_XML.sub(" ", value) if isinstance(value, str) else value


class PortalAtomFeed(Atom1Feed):
    """Atom that a pasted control character cannot break (it becomes a space), and whose
    date, when it has no entry, is the last change of the public data: a feed reader asking
    again gets the same feed and its 304, where Django's would say «changed now»."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{name: _xml_text(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **{name: _xml_text(value) for name, value in kwargs.items()})

    def latest_post_date(self):
        if self.items:
            return super().latest_post_date()
        return datetime.datetime.fromtimestamp(data_stamp() / 1e9, tz=datetime.UTC)


class PortalFeed(Feed):
    feed_type = PortalAtomFeed

    def author_name(self):
        return _site()

    def feed_copyright(self):
        return licence()["name"]

    def title(self, obj):
        return f"{self.heading(obj)} – {_site()}"


class UpdatesFeed(PortalFeed):
    """The latest published monitoring updates."""

    def heading(self, obj):
        return _("Latest monitoring updates")

    def link(self, obj):
        return reverse("home")

    def subtitle(self, obj):
        return _("What the foundation observed on the development initiatives of the district.")

    def updates(self, obj):
        return Update.objects.published()

    def items(self, obj):
        return (
            self.updates(obj)
            .select_related("initiative")
            .order_by("-published_at", "-id")[:ENTRIES]
        )

    def item_title(self, update):
        return f"{update.initiative.title}: {update.title}"

    def item_description(self, update):
        return linebreaks(escape(update.body)) if update.body else escape(update.title)

    def item_link(self, update):
        return f"{update.initiative.get_absolute_url()}#update-{update.pk}"

    def item_pubdate(self, update):
        return update.published_at

    def item_updateddate(self, update):
        return update.updated_at


class CommuneUpdatesFeed(UpdatesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Commune, slug=slug)

    def heading(self, commune):
        return _("Monitoring updates in %(commune)s") % {"commune": commune.name}

    def link(self, commune):
        return commune.get_absolute_url()

    def updates(self, commune):
        return Update.objects.published().filter(initiative__communes=commune)


class InitiativeUpdatesFeed(UpdatesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Initiative.objects.published(), slug=slug)

    def heading(self, initiative):
        return _("Monitoring updates: %(initiative)s") % {"initiative": initiative.title}

    def link(self, initiative):
        return initiative.get_absolute_url()

    def subtitle(self, initiative):
        return initiative.summary

    def updates(self, initiative):
        return Update.objects.published().filter(initiative=initiative)


class ChangesFeed(PortalFeed):
    """The public change log: status, progress, budget, spending and planned end."""

    def heading(self, obj):
        return _("What changed")

    def link(self, obj):
        return reverse("opendata:changes")

    def subtitle(self, obj):
        return _(
            "Changes to the status, progress, budget, spending and planned end of the "
            "published initiatives."
        )

    def initiatives(self, obj):
        return Initiative.objects.published()

    def commune(self, obj):
        return None

    def items(self, obj):
        initiatives = self.initiatives(obj)
        commune = self.commune(obj)
        found = changes.latest(
            initiatives, ENTRIES, withdrawn=changes.ever_public(commune), commune=commune
        )
        return changes.attach(found, initiatives)

    def item_title(self, change):
        return f"{change.title}: {change.summary()}"

    def item_description(self, change):
        if change.withdrawn:
            return escape(_("Withdrawn from the portal; the figures no longer count it."))
        if change.published:
            text = (
                _("Published on the portal again with the status: %(status)s")
                if change.again
                else _("Published on the portal with the status: %(status)s")
            )
            return escape(text % {"status": change.status_text})
        return "".join(
            f"<p>{escape(c.label)}: <bdi>{escape(c.old_text)}</bdi> {changes.arrow()} "
            f"<bdi>{escape(c.new_text)}</bdi></p>"
            for c in change.fields
        )

    def item_link(self, change):
        # Each change has its own anchor in the initiative's history, so the link is also
        # the entry's unique, absolute id.
        if change.withdrawn:
            return changes.withdrawal_link(change)
        return f"{change.initiative.get_absolute_url()}#change-{change.history_id}"

    def item_pubdate(self, change):
        return change.date

    def item_updateddate(self, change):
        return change.date


class CommuneChangesFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Commune, slug=slug)

    def heading(self, commune):
        return _("What changed in %(commune)s") % {"commune": commune.name}

    def link(self, commune):
        return reverse("opendata:commune-changes", kwargs={"slug": commune.slug})

    def initiatives(self, commune):
        return Initiative.objects.published().in_commune(commune)

    def commune(self, commune):
        return commune
