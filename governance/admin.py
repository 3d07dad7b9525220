from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from azemmour_portal.admin import TranslatedAdmin

from .models import Assembly, Body, Goal, Membership, Person, Principle


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["body", "role", "start_date", "end_date", "elected_at"]
    autocomplete_fields = ["body"]


@admin.register(Body)
class BodyAdmin(TranslatedAdmin):
    list_display = ["name", "display_order"]
    list_editable = ["display_order"]
    search_fields = ["name_ar", "name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Person)
class PersonAdmin(TranslatedAdmin):
    list_display = ["full_name", "full_name_fr"]
    search_fields = ["full_name_ar", "full_name_fr", "full_name_en"]
    prepopulated_fields = {"slug": ["full_name_fr"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "start_date", "end_date", "is_current"]
    list_filter = ["body", "role", ("end_date", admin.EmptyFieldListFilter)]
    list_select_related = ["person", "body"]
    search_fields = ["person__full_name_ar", "person__full_name_fr"]
    autocomplete_fields = ["person", "body", "elected_at"]

    @admin.display(description=_("current"), boolean=True)
    def is_current(self, obj):
        return obj.is_current


@admin.register(Assembly)
class AssemblyAdmin(TranslatedAdmin):
    list_display = ["__str__", "kind", "date", "place"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["place_ar", "place_fr", "summary_ar", "summary_fr"]


@admin.register(Principle, Goal)
class StatementAdmin(TranslatedAdmin):
    list_display = ["position", "text"]
    list_display_links = ["text"]
    search_fields = ["text_ar", "text_fr", "text_en"]
