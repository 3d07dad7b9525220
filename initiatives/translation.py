from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Funding, Initiative, Partner, Sector, Update, UpdateDocument, UpdatePhoto


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Initiative)
class InitiativeTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "disagreement",
        "source_notes",
        "status_as_of_note",
    )
    required_languages = ("ar",)


@register(Update)
class UpdateTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("ar",)


@register(UpdatePhoto)
class UpdatePhotoTranslationOptions(TranslationOptions):
    fields = ("caption",)


@register(UpdateDocument)
class UpdateDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("ar",)


# History is registered here, after the translation fields exist, so that the history
# tables keep every language's text (django-simple-history's advice for modeltranslation).
register_history(Initiative, m2m_fields=["communes", "sources"])
register_history(Funding, m2m_fields=["sources"])
register_history(Update, m2m_fields=["sources"])
# So that an initiative or an update restored after a deletion gets its photos and
# documents back, and one deleted on its own can be restored too (workflow/restore.py);
# their files stay where they were.
register_history(UpdatePhoto)
register_history(UpdateDocument)
