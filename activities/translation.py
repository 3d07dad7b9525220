from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import (
    Dossier,
    DossierAction,
    Event,
    EventPhoto,
    NewsItem,
    Proposal,
    ProposalStep,
    TrainingMaterial,
    TrainingProgramme,
    TrainingSession,
)


class TitledTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ("ar",)


@register(Proposal)
class ProposalTranslationOptions(TitledTranslationOptions):
    pass


@register(ProposalStep)
class ProposalStepTranslationOptions(TranslationOptions):
    fields = ("note",)
    required_languages = ("ar",)


@register(Dossier)
class DossierTranslationOptions(TitledTranslationOptions):
    pass


@register(DossierAction)
class DossierActionTranslationOptions(TranslationOptions):
    fields = ("title", "description", "addressee", "answer")
    required_languages = ("ar",)


@register(TrainingProgramme)
class TrainingProgrammeTranslationOptions(TitledTranslationOptions):
    pass


@register(TrainingSession)
class TrainingSessionTranslationOptions(TranslationOptions):
    fields = ("topic", "place", "trainer")
    required_languages = ("ar",)


@register(TrainingMaterial)
class TrainingMaterialTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("ar",)


@register(Event)
class EventTranslationOptions(TitledTranslationOptions):
    fields = ("title", "summary", "description", "place")


@register(EventPhoto)
class EventPhotoTranslationOptions(TranslationOptions):
    fields = ("caption",)
    required_languages = ("ar",)


@register(NewsItem)
class NewsItemTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "image_description")
    required_languages = ("ar",)


# History is registered after the translation fields exist, so that the history tables keep
# every language's text (as in initiatives/translation.py).
register_history(Proposal, m2m_fields=["communes"])
register_history(ProposalStep)
register_history(Dossier, m2m_fields=["communes"])
register_history(DossierAction)
register_history(TrainingProgramme)
register_history(TrainingSession)
register_history(TrainingMaterial)
register_history(Event, m2m_fields=["communes"])
register_history(EventPhoto)
register_history(NewsItem)
