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


class LabelledFieldsInline:
    """A tabular inline whose fields say their names: a table's column header does not
    label the input under it, so each visible widget gets its field's label as aria-label."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    # The admin's wrapper (with its add and change links) renders the widget
                    # it wraps, with that widget's own attributes.
                    widget = getattr(field.widget, "widget", field.widget)
                    if not widget.is_hidden:
                        widget.attrs.setdefault("aria-label", str(field.label or name))

        LabelledFormSet.__name__ = formset.__name__
        return LabelledFormSet


class TranslatedAdmin(TranslationAdmin):
    Media = TranslationTabsMedia


class TranslatedTabularInline(LabelledFieldsInline, TranslationTabularInline):
    Media = TranslationTabsMedia


class TranslatedStackedInline(TranslationStackedInline):
    Media = TranslationTabsMedia
