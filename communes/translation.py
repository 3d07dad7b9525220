from modeltranslation.translator import TranslationOptions, register

from .models import Commune


@register(Commune)
class CommuneTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)
