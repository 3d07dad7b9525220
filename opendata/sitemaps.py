"""Every public page, in each language, with its translations as hreflang alternates."""

import datetime
import functools
from collections.abc import Sequence

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Max, Value
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html_join

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
    # one page of 13 MB that took 3.7 s to draw, uncached, at every crawler's visit. An
    # entry takes up to about 1.4 KB (the longest slugs, a long domain name), so a page of
    # 300 stays well under the page cache's PAGE_LIMIT (cache.py), which a page of 1,000
    # could pass on a real domain and then be drawn again at each visit.
    limit = 300

    def get_urls(self, page=1, site=None, protocol=None):
        """A page's entries for templates/opendata/sitemap.xml: each address, its <lastmod>
        day, and its alternates as markup. Django's draws a record's address again for the
        alternates of each of the record's entries, switching the language each time (5,000
        switches for 1,000 entries); here each address is drawn once, a language at a time,
        and a record's entries share their alternates.

        Unlike Django's, no latest_lastmod, which would make the latest of the page's
        records' dates its Last-Modified: a record archived since, or one that moved to the
        next page, changes the page without changing that date, and a crawler asking
        If-Modified-Since would be told nothing changed. The page takes the date of the
        latest change of public data, as every page does (cache.py)."""
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        pairs = self.paginator.page(page).object_list
        own = {record: self.get_languages_for_item(record) for record, _code in pairs}

        addresses = {}
        for code in dict.fromkeys(code for codes in own.values() for code in codes):
            with translation.override(code):
                for record, codes in own.items():
                    if code in codes:
                        addresses[record, code] = root + self.location(record)

        links = dict.fromkeys(own, "")
        if self.alternates:
            default = settings.LANGUAGE_CODE
            for record, codes in own.items():
                alternates = [(code, addresses[record, code]) for code in codes]
                if self.x_default and default in codes:
                    bare = addresses[record, default].replace(f"/{default}/", "/", 1)
                    alternates.append(("x-default", bare))
                links[record] = format_html_join(
                    "", '<xhtml:link rel="alternate" hreflang="{}" href="{}"/>', alternates
                )

        lastmod = getattr(self, "lastmod", None)
        return [
            {
                "location": addresses[record, code],
                "day": day(lastmod(record)) if lastmod else "",
                "links": links[record],
            }
            for record, code in pairs
        ]


def day(moment: datetime.date | None) -> str:
    """A <lastmod> as Django's sitemap template writes it ({{ lastmod|date:"Y-m-d" }}):
    the day in the portal's time zone; none without a date."""
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d")


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


class Addresses(Sequence):
    """Each record of a queryset in each language, (record, language) in the order of the
    queryset, as Django's sitemaps paginate them; counted by the database and read a page
    at a time. The index needs only the count; a page of a section, its own records."""

    def __init__(self, records, count: int, languages):
        self.records = records
        self.count_of_records = count
        self.languages = list(languages)

    def __len__(self):
        return self.count_of_records * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index]
        start, stop, step = index.indices(len(self))
        if start >= stop:
            return []
        each = len(self.languages)
        first, last = start // each, -(-stop // each)
        pairs = [(row, code) for row in self.records[first:last] for code in self.languages]
        return pairs[start - first * each : stop - first * each : step]


class PublishedSitemap(PortalSitemap):
    """The page of each record of `model` that published() lets the public see, at the
    address its get_absolute_url() gives (the `view` reversed with its slug)."""

    model = None
    view = ""

    def items(self):
        # Slugs and dates only.
        return self.model.objects.published().order_by("pk").values_list("slug", "updated_at")

    @staticmethod
    def summarised() -> dict:
        """What a section's summary holds: how many records, and the latest change."""
        return {"count": Count("pk"), "latest": Max("updated_at")}

    @functools.cached_property
    def summary(self) -> dict:
        """The section's summary in one query, for a page of the section. The index asks
        every section's at once (summaries())."""
        return self.model.objects.published().aggregate(**self.summarised())

    def summary_query(self, section: str):
        """summary() as one row named after its section, for a union with the others'."""
        return (
            self.model.objects.published()
            .order_by()
            .annotate(section=Value(section, output_field=CharField()))
            .values("section")  # a constant: no GROUP BY, one row even for no record
            .annotate(**self.summarised())
        )

    @functools.cached_property
    def paginator(self):
        # Django's would list every record in each language to count the pages (the index)
        # or to cut one page (a section): 30,000 pairs for 10,000 initiatives.
        languages = self.languages or [code for code, _name in settings.LANGUAGES]
        return Paginator(Addresses(self.items(), self.summary["count"], languages), self.limit)

    def get_latest_lastmod(self):
        return self.summary["latest"]

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


def summaries(sections: dict) -> None:
    """Give each PublishedSitemap among `sections` (name → sitemap) its summary, read for
    all of them in one query."""
    published = {name: s for name, s in sections.items() if isinstance(s, PublishedSitemap)}
    if not published:
        return
    first, *others = (site.summary_query(name) for name, site in published.items())
    for row in first.union(*others, all=True):
        published[row.pop("section")].summary = row


def index(request):
    """The sitemap index: Django's, with the sections' counts and dates in one query."""
    sections = {name: sitemap() for name, sitemap in SITEMAPS.items()}
    summaries(sections)
    return views.index(request, sections, sitemap_url_name="crawlers:sitemap-section")


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
