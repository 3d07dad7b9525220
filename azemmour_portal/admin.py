"""What every admin page of the portal shares: translation tabs and the site's titles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

admin.site.site_header = _("Azemmour Foundation for Local Development")
admin.site.site_title = _("Azemmour Foundation for Local Development")
admin.site.index_title = _("Records of the development monitor")


class TranslationTabsMedia:
    # modeltranslation's own tabs need jQuery UI from a CDN; this small script draws the
    # same language tabs with no third-party code. Without JavaScript all languages show.
    js = ("admin/js/translation_tabs.js",)
    css = {"all": ("admin/css/translation_tabs.css",)}


class TranslatedAdmin(TranslationAdmin):
    Media = TranslationTabsMedia


class TranslatedTabularInline(TranslationTabularInline):
    Media = TranslationTabsMedia


class TranslatedStackedInline(TranslationStackedInline):
    Media = TranslationTabsMedia
