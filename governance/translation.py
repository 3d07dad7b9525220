from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Assembly, Body, Goal, Membership, Person, Principle


@register(Body)
class BodyTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("full_name", "bio")
    required_languages = ("ar",)


@register(Assembly)
class AssemblyTranslationOptions(TranslationOptions):
    fields = ("place", "summary")


@register(Principle)
class PrincipleTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)


@register(Goal)
class GoalTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)


register_history(Membership)
