"""Admin form pieces for places: a commune's outline uploaded as a file, and the map on
which an editor clicks an initiative's location."""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from azemmour_portal.geo import (
    BOUNDARY_MAX_BYTES,
    DISTRICT,
    OUTLINE_TOO_LARGE,
    outline_geometry,
    within_outline,
)


class OutlineField(forms.JSONField):
    """The outline's GeoJSON box: empty, not the word `null`, when there is no outline."""

    def prepare_value(self, value):
        return "" if value is None else super().prepare_value(value)


class OutlineFormMixin:
    """`boundary` pasted as GeoJSON, or `boundary_file` uploaded: a Feature (or a collection
    of one) is stored as its geometry; the model's validator checks the rest."""

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        if upload.size > BOUNDARY_MAX_BYTES:
            raise ValidationError(OUTLINE_TOO_LARGE, code="too_large")
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise ValidationError(
                _(
                    "This file is not valid GeoJSON (JSON text in UTF-8). Check that it is the "
                    ".geojson file exported by your mapping tool."
                )
            ) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("boundary_file") is not None:
            cleaned["boundary"] = cleaned["boundary_file"]
        if cleaned.get("boundary") is not None:
            cleaned["boundary"] = outline_geometry(cleaned["boundary"])
        return cleaned


def outline_file_field():
    return forms.FileField(
        label=_("outline file"),
        required=False,
        help_text=_(
            "A .geojson or .json file of at most 1 MB holding one Polygon or MultiPolygon; "
            "it replaces the outline above."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".geojson,.json,application/geo+json",
                "data-max-bytes": BOUNDARY_MAX_BYTES,
            }
        ),
    )


def outside_outlines(latitude, longitude, communes) -> bool:
    """The point lies outside the outline of every commune given, all of which have one.

    A commune without an outline may hold any point of the district, so the point is then
    accepted.
    """
    outlines = list(communes.values_list("boundary", flat=True))
    if not outlines or None in outlines:
        return False
    return not any(
        within_outline(float(latitude), float(longitude), outline) for outline in outlines
    )


class LocationPickerInput(forms.NumberInput):
    """The longitude's input, followed by a map on which a click sets both coordinates
    (static/admin/js/location_picker.js, which loads Leaflet only when asked). Without
    JavaScript the editor types the two numbers."""

    def render(self, name, value, attrs=None, renderer=None):
        picker = format_html(
            '<div class="location-picker" data-leaflet-js="{}" data-leaflet-css="{}" '
            'data-tiles="{}" data-attribution="{}" data-district="{}">'
            '<button type="button" class="button" hidden>{}</button></div>',
            static("leaflet/leaflet.js"),
            static("leaflet/leaflet.css"),
            settings.MAP_TILE_URL,
            settings.MAP_TILE_ATTRIBUTION,
            f"{DISTRICT.south},{DISTRICT.west},{DISTRICT.north},{DISTRICT.east}",
            _("Choose the location on a map"),
        )
        return super().render(name, value, attrs, renderer) + picker
