"""Every public page, in each language, with its translations as hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from communes.models import Commune
from initiatives.models import Initiative


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True  # the address without a language prefix, which picks the visitor's


class PagesSitemap(PortalSitemap):
    def items(self):
        return [
            "home",
            "initiatives:list",
            "communes:list",
            "governance:foundation",
            "opendata:changes",
            "opendata:dictionary",
        ]

    def location(self, name):
        return reverse(name)


class CommunesSitemap(PortalSitemap):
    """Each commune's page, fact sheet and change log."""

    PAGES = ["communes:detail", "opendata:fact-sheet", "opendata:commune-changes"]

    def items(self):
        slugs = Commune.objects.order_by("display_order", "slug").values_list("slug", flat=True)
        return [(slug, name) for slug in slugs for name in self.PAGES]

    def location(self, item):
        slug, name = item
        return reverse(name, kwargs={"slug": slug})


class InitiativesSitemap(PortalSitemap):
    def items(self):
        # Slugs and dates only: the list holds every published initiative in each language.
        return list(Initiative.objects.published().order_by("pk").values_list("slug", "updated_at"))

    def location(self, item):
        return reverse("initiatives:detail", kwargs={"slug": item[0]})

    def lastmod(self, item):
        return item[1]


SITEMAPS = {
    "pages": PagesSitemap,
    "communes": CommunesSitemap,
    "initiatives": InitiativesSitemap,
}
