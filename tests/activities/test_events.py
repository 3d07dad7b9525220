"""Events: upcoming and past, photos sized for slow phones, and an iCalendar file of the
upcoming ones that a real calendar parser reads."""

import datetime
import re
import zoneinfo

import icalendar
from django.utils import timezone

from tests.helpers import refused_by_database
from tests.public.pages import Page

CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


def calendar_of(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_parses_and_holds_only_upcoming_published_events(client, make_event):
    now = timezone.now()
    soon = make_event(is_published=True, starts_at=now + datetime.timedelta(days=2))
    # Started an hour ago and ends tonight: still on the calendar.
    ongoing = make_event(
        is_published=True,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=3),
    )
    make_event(is_published=True, starts_at=now - datetime.timedelta(days=3))
    make_event(starts_at=now + datetime.timedelta(days=5))  # a draft

    calendar = calendar_of(client.get("/ar/foundation/events.ics"))

    events = calendar.walk("VEVENT")
    assert sorted(str(event["SUMMARY"]) for event in events) == sorted(
        [soon.title_ar, ongoing.title_ar]
    )
    assert {str(event["URL"]) for event in events} == {
        f"http://testserver/ar/foundation/events/{soon.slug}/",
        f"http://testserver/ar/foundation/events/{ongoing.slug}/",
    }


def test_calendar_times_are_in_casablanca_time(client, make_event):
    starts = datetime.datetime(2031, 5, 12, 18, 30, tzinfo=CASABLANCA)
    make_event(is_published=True, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))

    calendar = calendar_of(client.get("/fr/foundation/events.ics"))

    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Africa/Casablanca"
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Casablanca"]


def test_calendar_follows_rfc_5545_lines(client, make_event):
    make_event(
        is_published=True,
        title_ar="لقاء تواصلي، حول; تأهيل ضفة أم الربيع\\ " * 4,
        summary_ar="سطر أول\nسطر ثان",
    )

    raw = client.get("/ar/foundation/events.ics").content

    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "لقاء تواصلي، حول; تأهيل ضفة أم الربيع\\ " * 4
    assert str(event["DESCRIPTION"]).startswith("سطر أول\nسطر ثان")


def test_an_empty_calendar_still_parses(client, db):
    calendar = calendar_of(client.get("/en/foundation/events.ics"))

    assert calendar.walk("VEVENT") == []


def test_event_list_separates_upcoming_from_past(client, make_event):
    now = timezone.now()
    upcoming = make_event(is_published=True, starts_at=now + datetime.timedelta(days=1))
    past = make_event(is_published=True, starts_at=now - datetime.timedelta(days=1))

    response = client.get("/ar/foundation/events/")

    assert [e.slug for e in response.context["upcoming"]] == [upcoming.slug]
    assert [e.slug for e in response.context["page"].object_list] == [past.slug]


def test_commune_page_names_the_next_event_there(client, make_commune, make_event):
    commune = make_commune(slug="ouled-rahmoune")
    now = timezone.now()
    make_event(communes=[commune], is_published=True, starts_at=now + datetime.timedelta(days=9))
    nearest = make_event(
        communes=[commune], is_published=True, starts_at=now + datetime.timedelta(days=4)
    )
    make_event(communes=[commune], starts_at=now + datetime.timedelta(days=1))  # a draft
    make_event(is_published=True, starts_at=now + datetime.timedelta(days=2))  # elsewhere

    response = client.get("/fr/communes/ouled-rahmoune/")

    foundation = response.context["foundation"]
    assert foundation["next_event_slug"] == nearest.slug
    assert foundation["next_event_title"] == nearest.title_fr
    assert foundation["next_event_starts_at"] == nearest.starts_at
    assert f"/fr/foundation/events/{nearest.slug}/" in response.content.decode()


def test_event_photos_are_sized_described_and_lazy(client, make_event_photo):
    photo = make_event_photo(caption_ar="الحضور في القاعة")

    page = Page(client.get(f"/ar/foundation/events/{photo.event.slug}/"))

    image = page.one("img")
    assert (image.attrs["width"], image.attrs["height"]) == ("64", "48")
    assert image.attrs["alt"] == "الحضور في القاعة"
    assert image.attrs["loading"] == "lazy"


def test_an_event_dated_before_independence_is_a_typing_error(make_event):
    with refused_by_database("event_starts_at_plausible"):
        make_event(starts_at=datetime.datetime(1900, 5, 1, 10, tzinfo=CASABLANCA))
    make_event(starts_at=datetime.datetime(1956, 5, 1, 10, tzinfo=CASABLANCA))


def test_an_event_cannot_end_before_it_starts(make_event):
    now = timezone.now()
    with refused_by_database("event_ends_after_start"):
        make_event(starts_at=now, ends_at=now - datetime.timedelta(hours=1))


def test_the_dashboard_counts_event_photos_awaiting_consent_and_lists_their_events(
    staff_client, make_event_photo
):
    waiting = make_event_photo(shows_identifiable_people=True)
    make_event_photo(shows_identifiable_people=True, consent_recorded_on=datetime.date.today())
    make_event_photo()

    dashboard = staff_client.get("/ar/admin/").content.decode()
    row = re.search(r'<a href="/ar/admin/activities/event/\?consent=awaiting">.*?</tr>', dashboard)
    assert row and re.search(r"<td>(\d+)</td>", row.group(0)).group(1) == "1"

    listed = staff_client.get("/ar/admin/activities/event/?consent=awaiting")
    assert list(listed.context["cl"].result_list) == [waiting.event]


def test_a_place_written_only_in_arabic_is_marked_arabic_on_a_french_page(client, make_event):
    """A volunteer fills the Arabic field alone; the French page falls back to it."""
    event = make_event(place_fr="", place_en="", is_published=True)

    detail = Page(client.get(f"/fr/foundation/events/{event.slug}/"))
    listing = Page(client.get("/fr/foundation/events/"))

    place = next(dd for dd in detail.all("dd") if dd.text == "قاعة الاجتماعات بأزمور")
    assert (place.attrs.get("lang"), place.attrs.get("dir")) == ("ar", "rtl")
    listed = next(b for b in listing.all("bdi") if b.text == "قاعة الاجتماعات بأزمور")
    assert (listed.attrs.get("lang"), listed.attrs.get("dir")) == ("ar", "rtl")
