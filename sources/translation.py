from modeltranslation.translator import TranslationOptions, register

from .models import Source


@register(Source)
class SourceTranslationOptions(TranslationOptions):
    # What a source says of its date ("October 2025 or later"), read in the page's language.
    # The publication's name and the quotation stay as the source wrote them.
    fields = ("date_note",)
