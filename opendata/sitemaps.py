"""Every public page, in each language, with its translations as hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from activities.models import Dossier, Event, NewsItem, Proposal, TrainingProgramme
from azemmour_portal.addresses import slug_address
from communes.models import Commune
from initiatives.models import Initiative


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True  # the address without a language prefix, which picks the visitor's
    # Addresses a page of a section holds (?p=2, … in the index). The protocol allows
    # 50,000, but each address here carries its four alternates: 10,000 initiatives made
    # one page of 13 MB that took 3.7 s to draw, uncached, at every crawler's visit. A page
    # of 1,000 is about 0.5 MB and 0.15 s.
    limit = 1000


class PagesSitemap(PortalSitemap):
    def items(self):
        return [
            "home",
            "initiatives:list",
            "communes:list",
            "governance:foundation",
            "activities:proposals",
            "activities:dossiers",
            "activities:trainings",
            "activities:events",
            "activities:news",
            "maps:district",
            "opendata:changes",
            "opendata:dictionary",
        ]

    def location(self, name):
        return reverse(name)


class CommunesSitemap(PortalSitemap):
    """Each commune's page, fact sheet, change log and map."""

    PAGES = [
        "communes:detail",
        "opendata:fact-sheet",
        "opendata:commune-changes",
        "maps:commune",
    ]

    def items(self):
        slugs = Commune.objects.order_by("display_order", "slug").values_list("slug", flat=True)
        return [(slug, name) for slug in slugs for name in self.PAGES]

    def location(self, item):
        slug, name = item
        return reverse(name, kwargs={"slug": slug})


class PublishedSitemap(PortalSitemap):
    """The page of each record of `model` that published() lets the public see, at the
    address its get_absolute_url() gives (the `view` reversed with its slug)."""

    model = None
    view = ""

    def items(self):
        # Slugs and dates only: the list holds every published record in each language.
        # Read once per request: the index asks for it twice (the pages, the latest date).
        if not hasattr(self, "_items_read"):
            self._items_read = list(
                self.model.objects.published().order_by("pk").values_list("slug", "updated_at")
            )
        return self._items_read

    def location(self, item):
        return slug_address(self.view, item[0])

    def lastmod(self, item):
        return item[1]


class InitiativesSitemap(PublishedSitemap):
    model = Initiative
    view = "initiatives:detail"


class ProposalsSitemap(PublishedSitemap):
    model = Proposal
    view = "activities:proposal"


class DossiersSitemap(PublishedSitemap):
    model = Dossier
    view = "activities:dossier"


class TrainingsSitemap(PublishedSitemap):
    model = TrainingProgramme
    view = "activities:training"


class EventsSitemap(PublishedSitemap):
    model = Event
    view = "activities:event"


class NewsSitemap(PublishedSitemap):
    model = NewsItem
    view = "activities:news-item"


SITEMAPS = {
    "pages": PagesSitemap,
    "communes": CommunesSitemap,
    "initiatives": InitiativesSitemap,
    "proposals": ProposalsSitemap,
    "advocacy": DossiersSitemap,
    "trainings": TrainingsSitemap,
    "events": EventsSitemap,
    "news": NewsSitemap,
}
