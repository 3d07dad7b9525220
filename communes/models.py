from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from azemmour_portal.addresses import slug_address
from azemmour_portal.cited import KeptWhileCited, KeptWhileCitedQuerySet
from azemmour_portal.constraints import ChecksInOneQuery, one_of, slug_format, web_address
from azemmour_portal.geo import (
    WORLD,
    coordinate_constraints,
    latitude_field,
    longitude_field,
    validate_outline,
)
from initiatives.money import CountModelField


class CommuneManager(models.Manager.from_queryset(KeptWhileCitedQuerySet)):
    def get_queryset(self):
        # The outline may weigh up to a megabyte: it is read only where a map draws it
        # (Commune.objects.with_boundary()) or the admin edits it.
        return super().get_queryset().defer("boundary")

    def with_boundary(self):
        return self.get_queryset().defer(None)


class CommuneKind(models.TextChoices):
    URBAN = "urban", _("urban commune")
    RURAL = "rural", _("rural commune")


class Commune(KeptWhileCited, ChecksInOneQuery, models.Model):
    """A territorial commune of the district; the list of communes is data, never code."""

    Kind = CommuneKind

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    alternative_names = models.TextField(
        _("alternative spellings"),
        blank=True,
        help_text=_("One per line: other spellings in Arabic and Latin letters, used by search."),
    )
    tifinagh_name = models.CharField(_("name in Tifinagh"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    description = models.TextField(_("short description"), blank=True)
    hcp_code = models.CharField(
        _("HCP code"),
        max_length=20,
        blank=True,
        help_text=_("Geographic code of the High Commission for Planning, e.g. 181.01.01."),
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    latitude = latitude_field()
    longitude = longitude_field()
    website = models.URLField(_("website"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    boundary = models.JSONField(
        _("outline"),
        null=True,
        blank=True,
        validators=[validate_outline],
        help_text=_(
            "Optional: the commune's boundary as a GeoJSON Polygon or MultiPolygon "
            "(longitude before latitude), drawn on the commune's map. Only an outline from "
            "a known source, never a drawn guess."
        ),
    )

    objects = CommuneManager()

    class Meta:
        ordering = ["display_order", "slug"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        constraints = [
            models.UniqueConstraint(
                fields=["hcp_code"],
                condition=~Q(hcp_code=""),
                name="commune_hcp_code_unique",
                violation_error_message=_("Another commune already has this HCP code."),
            ),
            models.CheckConstraint(
                condition=Q(area_km2__isnull=True) | Q(area_km2__gt=0),
                name="commune_area_positive",
                violation_error_message=_("The area must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="commune_name_not_empty",
                violation_error_message=_("A commune needs a name."),
            ),
            *coordinate_constraints("commune", WORLD, "on_earth"),
            one_of("kind", CommuneKind, "commune"),
            slug_format("commune"),
            web_address("website", "commune"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_address("communes:detail", self.slug)

    @property
    def alternative_name_list(self) -> list[str]:
        return [line.strip() for line in self.alternative_names.splitlines() if line.strip()]

    @property
    def has_location(self) -> bool:
        return self.latitude is not None


class CensusFigure(ChecksInOneQuery, models.Model):
    """A population count, always shown with its year and source."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="census_figures"
    )
    year = models.PositiveSmallIntegerField(_("census year"))
    population = CountModelField(_("population"))
    households = CountModelField(_("households"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_(
            "Who published the figure, e.g. HCP, general census of population (RGPH) 2014."
        ),
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    sources = models.ManyToManyField(
        "sources.Source", verbose_name=_("sources"), blank=True, related_name="census_figures"
    )

    class Meta:
        ordering = ["commune", "-year"]
        verbose_name = _("census figure")
        verbose_name_plural = _("census figures")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year"],
                name="census_one_figure_per_commune_and_year",
                violation_error_message=_("This commune already has a figure for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2100),
                name="census_year_plausible",
                violation_error_message=_("The census year must lie between 1900 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(population__gt=0),
                name="census_population_positive",
                violation_error_message=_("The population must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(households__isnull=True) | Q(households__gt=0),
                name="census_households_positive",
                violation_error_message=_("The number of households must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="census_source_required",
                violation_error_message=_("A census figure is never shown without its source."),
            ),
            web_address("source_url", "census"),
        ]

    def __str__(self):
        return f"{self.commune} {self.year}: {self.population}"
