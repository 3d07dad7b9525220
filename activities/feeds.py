"""The foundation's news as an Atom feed, and its upcoming events as an iCalendar file,
in the language of their address. Only what `published()` returns is read."""

import zoneinfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from opendata.feeds import PortalFeed

from .models import Event, NewsItem

ENTRIES = 50
# A calendar application downloads the whole file again on every refresh.
CALENDAR_EVENTS = 100


class NewsFeed(PortalFeed):
    def heading(self, obj):
        return _("News of the foundation")

    def link(self, obj):
        return reverse("activities:news")

    def subtitle(self, obj):
        return _("The announcements of the Azemmour Foundation for Local Development.")

    def items(self, obj):
        return NewsItem.objects.published().order_by("-published_at", "-id")[:ENTRIES]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return linebreaks(escape(item.body))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


def events_calendar(request):
    """The upcoming published events (RFC 5545), with times in the portal's time zone
    (Africa/Casablanca) and the zone's rules included for calendar applications."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    language = get_language() or settings.LANGUAGE_CODE
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Azemmour Foundation for Local Development//Portal//{language}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Events of the Azemmour Foundation for Local Development"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    events = Event.objects.published().upcoming().prefetch_related("communes")[:CALENDAR_EVENTS]
    for event in events:
        url = request.build_absolute_uri(event.get_absolute_url())
        places = [event.place, *(str(commune) for commune in event.communes.all())]
        entry = icalendar.Event()
        # The same in every language's calendar: it is the same event.
        entry.add("uid", f"event-{event.pk}@{request.get_host()}")
        entry.add("dtstamp", timezone.now())
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", event.starts_at.astimezone(zone))
        if event.ends_at:
            entry.add("dtend", event.ends_at.astimezone(zone))
        entry.add("summary", event.title)
        entry.add("description", f"{event.summary}\n\n{url}")
        entry.add(
            "location", pgettext("list separator", ", ").join(place for place in places if place)
        )
        entry.add("url", url)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Language"] = language
    return response
