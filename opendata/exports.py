"""Streamed exports of initiatives: CSV, JSON and GeoJSON.

The initiatives are read with `QuerySet.iterator(chunk_size=…)`: the database sends them a
chunk at a time and each chunk's communes, fundings and sources are fetched with it, so an
export of 100,000 initiatives holds one chunk in memory, never the whole list. Rows are
written in batches so that the server sends a few large pieces rather than one per row.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone, translation

from communes.models import Commune
from initiatives.models import Funding, Initiative
from sources.models import Source

from . import columns
from .conf import licence

# Initiatives held in memory at once, with their communes, fundings and sources.
CHUNK_SIZE = 500
ROWS_PER_PIECE = 200

# Long texts that no column reads: left in the database.
UNEXPORTED = [
    f"{name}_{code}" for name in ("description", "source_notes") for code in columns.LANGUAGES
] + ["status_wording"]


def _names(prefix: str = "") -> list[str]:
    return [f"{prefix}name_{code}" for code in columns.LANGUAGES]


def export_queryset(queryset):
    """The initiatives with everything the columns read, in a fixed number of queries a chunk.

    Related records are read with the few columns the export shows: the instances of a
    chunk are what an export holds in memory.
    """
    return (
        queryset.select_related("sector", "implementing_body")
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.only("slug", *_names())),
            Prefetch(
                "fundings",
                queryset=Funding.objects.select_related("partner").only(
                    "initiative_id", "partner_id", *_names("partner__")
                ),
            ),
            Prefetch(
                "sources",
                queryset=Source.objects.only("url", "published_on").order_by(
                    "-published_on", "publication"
                ),
            ),
        )
        .defer(*UNEXPORTED)
    )


def initiatives(queryset) -> Iterator[Initiative]:
    return export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE)


def rows(queryset, row: columns.Row, language: str) -> Iterator[dict]:
    """Each initiative's column values, computed in the export's language.

    The language is set here, not left to the request: a streamed response is written after
    the view has returned.
    """
    with translation.override(language):
        for initiative in initiatives(queryset):
            yield columns.values(initiative, row)


def _pieces(lines: Iterable[str]) -> Iterator[str]:
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) >= ROWS_PER_PIECE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


class _Echo:
    """A file that hands back what is written to it, for csv.writer."""

    def write(self, value):
        return value


# What a spreadsheet runs as a formula when a cell starts with it (CSV injection): a text
# that does gets an apostrophe before it, which spreadsheets show as text and hide.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    value = columns.flat(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return columns.plain_number(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return str(value)


def csv_stream(values: Iterable[dict]) -> Iterator[str]:
    """UTF-8 CSV with a byte-order mark, which tells Excel the Arabic text is UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(columns.NAMES)
    yield from _pieces(
        writer.writerow([csv_cell(value[name]) for name in columns.NAMES]) for value in values
    )


def json_value(value):
    """Decimal amounts as JSON numbers: whole ones as integers, others as decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, default=json_value)


def metadata(source_url: str) -> dict:
    return {
        "source": source_url,
        "licence": licence(),
        "extracted_at": timezone.localtime().isoformat(timespec="seconds"),
    }


def json_stream(values: Iterable[dict], source_url: str) -> Iterator[str]:
    """{"source", "licence", "extracted_at", "initiatives": [one object per initiative]}."""
    head = _dumps(metadata(source_url))
    yield head[:-1] + ', "initiatives": ['
    yield from _pieces(
        ("\n" if index == 0 else ",\n") + _dumps({k: json_value(v) for k, v in value.items()})
        for index, value in enumerate(values)
    )
    yield "\n]}\n"


def point(longitude, latitude, properties: dict) -> dict:
    """An RFC 7946 Feature: a Point, longitude first, with its properties."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
        "properties": properties,
    }


def feature(value: dict) -> dict:
    """An initiative's Feature, with the CSV columns as properties."""
    properties = {name: json_value(columns.flat(v)) for name, v in value.items()}
    return point(value["longitude"], value["latitude"], properties)


def geojson_stream(values: Iterable[dict], source_url: str) -> Iterator[str]:
    head = _dumps({"type": "FeatureCollection", **metadata(source_url)})
    yield head[:-1] + ', "features": ['
    yield from _pieces(
        ("\n" if index == 0 else ",\n") + _dumps(feature(value))
        for index, value in enumerate(values)
    )
    yield "\n]}\n"


def located(queryset):
    """Only initiatives with a location can be a GeoJSON feature."""
    return queryset.filter(latitude__isnull=False, longitude__isnull=False)
