from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import tallies
        from .models import Funding, Initiative

        # What the tallies count: the initiatives, their communes and their partners.
        Through = Initiative.communes.through
        for model in (Initiative, Funding, Through):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                uid = f"tallies-{name}-{model._meta.label_lower}"
                signal.connect(tallies.counted_data_changed, sender=model, dispatch_uid=uid)
        m2m_changed.connect(
            tallies.counted_data_changed, sender=Through, dispatch_uid="tallies-communes"
        )
