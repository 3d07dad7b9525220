"""The OpenAPI 3.1 document of /api/v1/, written by hand.

Its schemas are JSON Schema 2020-12 and close every object (`additionalProperties: false`),
so a test that validates each endpoint's real answers against them proves the document
describes the API exactly: no field missing from it, none it promises absent. The lists of
allowed values are read from the models, so they cannot drift from the data.
"""

from communes.models import Commune
from initiatives.filters import QUERY_MAX_LENGTH, SORT_CHOICES
from initiatives.models import Initiative, Partner, Update
from sources.models import DatePrecision, Source

from .conf import licence

# The API document's version: minor for a field or endpoint added, major for one changed.
VERSION = "1.1.0"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, description: str = "") -> dict:
    """An object with exactly these properties, all of them present."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return {"description": description, **schema} if description else schema


def nullable(type_: str, **extra) -> dict:
    return {"type": [type_, "null"], **extra}


def choice(values, *, null=False) -> dict:
    values = list(values)
    return (
        {"type": ["string", "null"], "enum": [*values, None]}
        if null
        else {"type": "string", "enum": values}
    )


def page_of(item: str) -> dict:
    return obj(
        {
            "count": {"type": "integer", "minimum": 0, "description": "Items in all pages."},
            "next": nullable("string", format="uri"),
            "previous": nullable("string", format="uri"),
            "results": {"type": "array", "items": ref(item)},
        }
    )


SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
DATE = nullable("string", format="date")
MOMENT = {"type": "string", "format": "date-time"}
MONEY = nullable("number", minimum=0, description="Moroccan dirhams (MAD).")
PRECISION = choice(DatePrecision.values, null=True)

COMMUNE_REF = {"slug": SLUG, "name": ref("Text")}
SECTOR_REF = {"slug": SLUG, "name": ref("Text"), "dac_code": nullable("string")}
PARTNER_REF = {"slug": SLUG, "name": ref("Text")}

INITIATIVE = {
    "slug": SLUG,
    "url": ref("Url"),
    "title": ref("Text"),
    "summary": ref("Text"),
    "communes": {"type": "array", "items": ref("CommuneRef")},
    "sector": ref("SectorRef"),
    "status": choice(Initiative.Status.values),
    "status_label": ref("Text"),
    "iati_status_code": {"type": "integer", "enum": sorted(set(Initiative.IATI_STATUS.values()))},
    "progress": nullable("integer", minimum=0, maximum=100, description="Percent."),
    "planned_budget": MONEY,
    "spent_amount": MONEY,
    "fundings": {"type": "array", "items": ref("Funding")},
    "implementing_body": {"oneOf": [ref("PartnerRef"), {"type": "null"}]},
    "origin": choice(Initiative.Origin.values),
    "origin_reference": nullable("string"),
    "start_date": DATE,
    "start_date_precision": PRECISION,
    "planned_end_date": DATE,
    "planned_end_date_precision": PRECISION,
    "actual_end_date": DATE,
    "status_as_of": DATE,
    "status_as_of_precision": PRECISION,
    "status_as_of_note": ref("Text"),
    "is_late": {"type": "boolean"},
    "location": ref("Location"),
    "sources": {"type": "array", "items": ref("Source")},
    "confidence": choice(Initiative.Confidence.values, null=True),
    "disagreement": ref("Text"),
    "budget_wording": nullable("string"),
    "is_demo": {
        "type": "boolean",
        "description": "A generated demonstration record, not a real project (shown only by "
        "demonstration deployments).",
    },
    "published_at": MOMENT,
    "updated_at": MOMENT,
}

SCHEMAS = {
    "TranslatedText": obj(
        {code: nullable("string") for code in ("ar", "fr", "en")},
        "A text in the three languages; null where there is no translation.",
    ),
    "Text": {
        "description": "With `lang`, a string in that language (falling back as the pages "
        "do); without it, the text in all three languages.",
        "oneOf": [{"type": "string"}, ref("TranslatedText")],
    },
    "Url": {
        "description": "With `lang`, the page's address in that language; without it, "
        "its address in each language.",
        "oneOf": [
            {"type": "string", "format": "uri"},
            obj({code: {"type": "string", "format": "uri"} for code in ("ar", "fr", "en")}),
        ],
    },
    "Location": {
        "description": "WGS 84 decimal degrees; null when not recorded.",
        "oneOf": [
            obj({"latitude": {"type": "number"}, "longitude": {"type": "number"}}),
            {"type": "null"},
        ],
    },
    "CommuneRef": obj(COMMUNE_REF),
    "Census": obj(
        {
            "year": {"type": "integer"},
            "population": {"type": "integer", "minimum": 1},
            "households": nullable("integer", minimum=1),
            "source": {"type": "string"},
        }
    ),
    "Commune": obj(
        {
            **COMMUNE_REF,
            "kind": choice(Commune.Kind.values),
            "kind_label": ref("Text"),
            "tifinagh_name": nullable("string"),
            "alternative_names": {"type": "array", "items": {"type": "string"}},
            "hcp_code": nullable("string"),
            "area_km2": nullable("number", minimum=0),
            "location": ref("Location"),
            "url": ref("Url"),
            "initiative_count": {
                "type": "integer",
                "minimum": 0,
                "description": "Its published initiatives. An initiative in several communes "
                "counts in each, so the communes' counts add up to more than the district's.",
            },
            "census": {"type": "array", "items": ref("Census")},
        }
    ),
    "SectorRef": obj(SECTOR_REF),
    "Sector": obj({**SECTOR_REF, "initiative_count": {"type": "integer", "minimum": 1}}),
    "PartnerRef": obj(PARTNER_REF),
    "Partner": obj(
        {
            **PARTNER_REF,
            "kind": choice(Partner.Kind.values),
            "kind_label": ref("Text"),
            "website": nullable("string", format="uri"),
            "initiative_count": {"type": "integer", "minimum": 1},
        },
        "A body that funds or carries out published initiatives.",
    ),
    "Source": obj(
        {
            "publication": {"type": "string"},
            "url": nullable("string", format="uri"),
            "published_on": DATE,
            "published_on_precision": PRECISION,
            "language": choice(Source.Language.values),
        }
    ),
    "Funding": obj({"partner": ref("PartnerRef"), "amount": MONEY}),
    "Initiative": obj(INITIATIVE),
    "InitiativeDetail": obj(
        {
            **INITIATIVE,
            "description": ref("Text"),
            "source_notes": ref("Text"),
            "status_wording": nullable("string"),
            "parent": {"oneOf": [SLUG, {"type": "null"}], "description": "The programme."},
        }
    ),
    "Update": obj(
        {
            "id": {"type": "integer"},
            "initiative": obj({"slug": SLUG, "title": ref("Text")}),
            "url": ref("Url"),
            "observed_on": {"type": "string", "format": "date"},
            "title": ref("Text"),
            "body": ref("Text"),
            "status_observed": choice(Initiative.Status.values, null=True),
            "progress_observed": nullable("integer", minimum=0, maximum=100),
            "source": choice(Update.Source.values),
            "source_label": ref("Text"),
            "source_url": nullable("string", format="uri"),
            "sources": {"type": "array", "items": ref("Source")},
            "is_demo": {
                "type": "boolean",
                "description": "Whether its initiative is a demonstration record.",
            },
            "published_at": MOMENT,
        },
        "A monitoring record: what the foundation observed, when, on what evidence.",
    ),
    "CommunePage": page_of("Commune"),
    "SectorPage": page_of("Sector"),
    "PartnerPage": page_of("Partner"),
    "InitiativePage": page_of("Initiative"),
    "UpdatePage": page_of("Update"),
    "Index": obj(
        {
            name: {"type": "string", "format": "uri"}
            for name in ("communes", "sectors", "partners", "initiatives", "updates", "openapi")
        }
    ),
    "Error": obj(
        {
            "error": obj(
                {
                    "status": {"type": "integer"},
                    "message": {"type": "string"},
                    "parameters": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    },
                }
            )
        }
    ),
}


def parameter(name, schema, description, where="query", required=False) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


LANG = parameter(
    "lang",
    {"type": "string", "enum": ["ar", "fr", "en"]},
    "Texts in this language only; without it, each text in all three languages.",
)
PAGING = [
    parameter("page", {"type": "integer", "minimum": 1, "default": 1}, "The page, from 1."),
    parameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
        "Items per page.",
    ),
]
FILTERS = [
    parameter(
        "q",
        {"type": "string", "maxLength": QUERY_MAX_LENGTH},
        "Words in the title or summary, in any language.",
    ),
    parameter("commune", SLUG, "A commune's slug."),
    parameter("sector", SLUG, "A sector's slug."),
    parameter("status", choice(Initiative.Status.values), "A status."),
    parameter("partner", SLUG, "A partner's slug: initiatives it funds or carries out."),
    parameter("origin", choice(Initiative.Origin.values), "An origin."),
    parameter("start_year", {"type": "integer", "minimum": 1956, "maximum": 2100}, "Start year."),
    parameter("budget_min", {"type": "number", "minimum": 0}, "Planned budget from (MAD)."),
    parameter("budget_max", {"type": "number", "minimum": 0}, "Planned budget up to (MAD)."),
    parameter("late", {"type": "string", "enum": ["on", "true"]}, "Late initiatives only."),
    parameter("sort", choice(value for value, _label in SORT_CHOICES), "Order; newest by default."),
]


def answer(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


ERRORS = {
    "400": answer("Error", "A parameter is unknown or its value cannot be read."),
    "404": answer("Error", "No such page or record."),
}


def operation(summary, schema, parameters=(), *, paged=True) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": [LANG, *(PAGING if paged else []), *parameters],
            "responses": {"200": answer(schema, summary), **ERRORS},
        }
    }


def document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Azemmour development monitor API",
            "version": VERSION,
            "description": "Read-only data of the development initiatives that the Azemmour "
            "Foundation for Local Development monitors in the communes of the Azemmour "
            "district: only published records, no personal data. Any method but GET and HEAD "
            "is answered 405. Every error, an unknown address's included, is an `Error` "
            "object whose message is in the language of `lang` (Arabic without it).",
            "license": {"name": licence()["name"], "url": licence()["url"]},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": operation("The API's endpoints.", "Index", paged=False),
            "/communes/": operation("The communes of the district.", "CommunePage"),
            "/sectors/": operation("Sectors of published initiatives.", "SectorPage"),
            "/partners/": operation("Funders and implementers.", "PartnerPage"),
            "/initiatives/": operation(
                "Published initiatives, filtered as the initiatives page filters them.",
                "InitiativePage",
                FILTERS,
            ),
            "/initiatives/{slug}/": {
                "get": {
                    "summary": "One published initiative.",
                    "parameters": [parameter("slug", SLUG, "The initiative.", "path", True), LANG],
                    "responses": {
                        "200": answer("InitiativeDetail", "The initiative."),
                        **ERRORS,
                    },
                }
            },
            "/updates/": operation(
                "Published monitoring updates, newest observation first.",
                "UpdatePage",
                [
                    parameter("initiative", SLUG, "Only this initiative's."),
                    parameter("commune", SLUG, "Only those of this commune's initiatives."),
                ],
            ),
            "/openapi.json": {
                "get": {
                    "summary": "This document.",
                    "parameters": [LANG],
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
