"""The API's JSON shapes: plain functions from records to dicts.

Field names are part of the API's contract (opendata/openapi.py describes each one and a
test holds every response to it): rename nothing, add with care. A translated text is a
string in the requested language (`?lang=`, with the pages' fallbacks) or, without `lang`,
an object {"ar", "fr", "en"} whose missing translations are null.
"""

from django.urls import reverse
from django.utils import timezone, translation

from communes.models import Commune
from initiatives.models import Initiative, Partner, Update

from .exports import json_value

LANGUAGES = ("ar", "fr", "en")


class Serializer:
    def __init__(self, request, lang: str | None):
        self.request = request
        self.lang = lang

    # Building blocks

    def text(self, obj, name: str):
        if self.lang:
            return getattr(obj, name) or ""
        return {code: getattr(obj, f"{name}_{code}") or None for code in LANGUAGES}

    def label(self, lazy):
        """A label of the interface (a status, a kind) in one language or all three."""
        if self.lang:
            return str(lazy)
        labels = {}
        for code in LANGUAGES:
            with translation.override(code):
                labels[code] = str(lazy)
        return labels

    def url(self, name: str, anchor: str = "", **kwargs):
        def absolute(code):
            with translation.override(code):
                return self.request.build_absolute_uri(reverse(name, kwargs=kwargs)) + anchor

        if self.lang:
            return absolute(self.lang)
        return {code: absolute(code) for code in LANGUAGES}

    @staticmethod
    def date(value):
        return value.isoformat() if value else None

    @staticmethod
    def moment(value):
        return timezone.localtime(value).isoformat(timespec="seconds") if value else None

    @staticmethod
    def location(obj):
        if obj.latitude is None or obj.longitude is None:
            return None
        return {"latitude": float(obj.latitude), "longitude": float(obj.longitude)}

    # Records

    def commune_ref(self, commune):
        return {"slug": commune.slug, "name": self.text(commune, "name")}

    def commune(self, commune):
        return {
            **self.commune_ref(commune),
            "kind": commune.kind,
            "kind_label": self.label(Commune.Kind(commune.kind).label),
            "tifinagh_name": commune.tifinagh_name or None,
            "alternative_names": commune.alternative_name_list,
            "hcp_code": commune.hcp_code or None,
            "area_km2": json_value(commune.area_km2),
            "location": self.location(commune),
            "url": self.url("communes:detail", slug=commune.slug),
            "initiative_count": commune.initiative_count,
            "census": [
                {
                    "year": figure.year,
                    "population": figure.population,
                    "households": figure.households,
                    "source": figure.source,
                }
                for figure in commune.census_figures.all()
            ],
        }

    def sector_ref(self, sector):
        return {
            "slug": sector.slug,
            "name": self.text(sector, "name"),
            "dac_code": sector.dac_code or None,
        }

    def sector(self, sector):
        return {**self.sector_ref(sector), "initiative_count": sector.initiative_count}

    def partner_ref(self, partner):
        return {"slug": partner.slug, "name": self.text(partner, "name")}

    def partner(self, partner):
        return {
            **self.partner_ref(partner),
            "kind": partner.kind,
            "kind_label": self.label(Partner.Kind(partner.kind).label),
            "website": partner.website or None,
            "initiative_count": partner.initiative_count,
        }

    def source(self, source):
        return {
            "publication": source.publication,
            "url": source.url or None,
            "published_on": self.date(source.published_on),
            "published_on_precision": source.published_on_precision
            if source.published_on
            else None,
            "language": source.language,
        }

    def initiative(self, initiative):
        return {
            "slug": initiative.slug,
            "url": self.url("initiatives:detail", slug=initiative.slug),
            "title": self.text(initiative, "title"),
            "summary": self.text(initiative, "summary"),
            "communes": [self.commune_ref(c) for c in initiative.listed_communes],
            "sector": self.sector_ref(initiative.sector),
            "status": initiative.status,
            "status_label": self.label(Initiative.Status(initiative.status).label),
            "iati_status_code": initiative.iati_status_code(),
            "progress": initiative.progress,
            "planned_budget": json_value(initiative.planned_budget),
            "spent_amount": json_value(initiative.spent_amount),
            "fundings": [
                {"partner": self.partner_ref(f.partner), "amount": json_value(f.amount)}
                for f in initiative.listed_fundings
            ],
            "implementing_body": self.partner_ref(initiative.implementing_body)
            if initiative.implementing_body
            else None,
            "origin": initiative.origin,
            "origin_reference": initiative.origin_reference or None,
            "start_date": self.date(initiative.start_date),
            "start_date_precision": initiative.start_date_precision
            if initiative.start_date
            else None,
            "planned_end_date": self.date(initiative.planned_end_date),
            "planned_end_date_precision": initiative.planned_end_precision
            if initiative.planned_end_date
            else None,
            "actual_end_date": self.date(initiative.actual_end_date),
            "status_as_of": self.date(initiative.status_as_of),
            "status_as_of_precision": initiative.status_as_of_precision
            if initiative.status_as_of
            else None,
            "status_as_of_note": self.text(initiative, "status_as_of_note"),
            "is_late": initiative.is_late(),
            "location": self.location(initiative),
            "sources": [self.source(s) for s in initiative.listed_sources],
            # What the sources leave uncertain travels with the figures.
            "confidence": initiative.confidence or None,
            "disagreement": self.text(initiative, "disagreement"),
            "budget_wording": initiative.budget_wording or None,
            "is_demo": initiative.is_demo,
            "published_at": self.moment(initiative.published_at),
            "updated_at": self.moment(initiative.updated_at),
        }

    def initiative_detail(self, initiative, parent):
        return {
            **self.initiative(initiative),
            "description": self.text(initiative, "description"),
            "source_notes": self.text(initiative, "source_notes"),
            "status_wording": initiative.status_wording or None,
            "parent": parent.slug if parent else None,
        }

    def update(self, update):
        return {
            "id": update.pk,
            "initiative": {
                "slug": update.initiative.slug,
                "title": self.text(update.initiative, "title"),
            },
            "url": self.url(
                "initiatives:detail", slug=update.initiative.slug, anchor=f"#update-{update.pk}"
            ),
            "observed_on": self.date(update.observed_on),
            "title": self.text(update, "title"),
            "body": self.text(update, "body"),
            "status_observed": update.status_observed or None,
            "progress_observed": update.progress_observed,
            "source": update.source,
            "source_label": self.label(Update.Source(update.source).label),
            "source_url": update.source_url or None,
            "sources": [self.source(s) for s in update.sources.all()],
            "is_demo": update.initiative.is_demo,
            "published_at": self.moment(update.published_at),
        }
