"""Tags for the open-data parts of the pages: meta tags, history, charts, embeds."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from azemmour_portal.templatetags.portal import number, recorded_mad
from opendata import changes, charts

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %} renders its content once, into a variable.

    The base template captures the page's title and description blocks this way, so that
    the Open Graph and Twitter tags repeat them without every page repeating itself.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def absolute(context, path: str) -> str:
    """The full address (scheme and host) of a path, for embed codes and share links."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag
def embed_code(url: str, title: str, height: int) -> str:
    """The <iframe> element a journalist pastes into an article."""
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" loading="lazy"></iframe>',
        url,
        title,
        height,
    )


@register.inclusion_tag("opendata/includes/history.html")
def initiative_history(initiative):
    """The initiative's public change log and, where it allows, its progress over time."""
    found = changes.of_initiative(initiative)
    points = [
        (change.date.date(), change.progress)
        for change in reversed(found)
        if change.progress is not None
        and (change.published or any(f.field == "progress" for f in change.fields))
    ]
    return {
        "changes": found,
        "chart": charts.progress_chart(
            id="progress-chart",
            title=_("Progress over time"),
            description=_("The progress in percent recorded at each change, oldest first."),
            points=points,
        ),
        "points": points,
    }


@register.inclusion_tag("opendata/includes/chart.html")
def status_chart(rows, id="status-chart"):
    """Initiatives by status, from (value, label, count, …) rows."""
    return {
        "chart": charts.bar_chart(
            id=id,
            title=_("Initiatives by status"),
            description=_("The number of published initiatives in each status."),
            items=[(row[1], row[2], number(row[2]), f"status-{row[0]}") for row in rows],
            css="bar by-status",
        )
    }


@register.inclusion_tag("opendata/includes/chart.html")
def sector_chart(sectors, id="sector-chart"):
    """Planned budget by sector, from sectors annotated with `planned`."""
    return {
        "chart": charts.bar_chart(
            id=id,
            title=_("Planned budget by sector"),
            description=_(
                "The planned budget of the published initiatives of each sector, in dirhams."
            ),
            items=[(str(s), s.planned or 0, recorded_mad(s.planned), "") for s in sectors],
        )
    }


@register.inclusion_tag("opendata/includes/chart.html")
def planned_spent_chart(communes, current=None, id="money-chart"):
    """Planned versus spent per commune, from tallies.communes() (`planned_total`,
    `spent_total`)."""
    return {
        "chart": charts.paired_chart(
            id=id,
            title=_("Planned versus spent, commune by commune"),
            description=_(
                "For each commune, the planned budget and the amount spent so far "
                "of its published initiatives, in dirhams."
            ),
            items=[
                (
                    str(c),
                    (c.planned_total or 0, recorded_mad(c.planned_total)),
                    (c.spent_total or 0, recorded_mad(c.spent_total)),
                    "current" if current is not None and c.pk == current.pk else "",
                )
                for c in communes
            ],
            legend=[_("Planned budget"), _("Amount spent")],
        )
    }


OG_LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_US"}


@register.simple_tag
def og_locales(language: str) -> tuple[str, list[str]]:
    """Open Graph's names of the page's locale and of its translations."""
    others = [locale for code, locale in OG_LOCALES.items() if code != language]
    return OG_LOCALES.get(language, OG_LOCALES["ar"]), others
