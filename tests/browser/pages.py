"""Every public page type, as a path in a language, for the checks that run on all of them."""


def public_pages(records: dict, lang: str) -> dict[str, str]:
    """Page type → path, for the records the live portal was filled with."""
    commune, initiative, status = records["commune"], records["initiative"], records["status"]
    return {
        "home": f"/{lang}/",
        "initiatives": f"/{lang}/initiatives/",
        "initiatives-filtered": f"/{lang}/initiatives/?commune={commune}&status={status}",
        "initiative": f"/{lang}/initiatives/{initiative}/",
        "communes": f"/{lang}/communes/",
        "commune": f"/{lang}/communes/{commune}/",
        "fact-sheet": f"/{lang}/communes/{commune}/fact-sheet/",
        "map": f"/{lang}/map/",
        "commune-map": f"/{lang}/communes/{commune}/map/",
        "foundation": f"/{lang}/foundation/",
        "proposals": f"/{lang}/foundation/proposals/",
        "proposal": f"/{lang}/foundation/proposals/{records['proposal']}/",
        "advocacy": f"/{lang}/foundation/advocacy/",
        "dossier": f"/{lang}/foundation/advocacy/{records['dossier']}/",
        "trainings": f"/{lang}/foundation/trainings/",
        "training": f"/{lang}/foundation/trainings/{records['training']}/",
        "events": f"/{lang}/foundation/events/",
        "event": f"/{lang}/foundation/events/{records['event']}/",
        "news": f"/{lang}/foundation/news/",
        "news-item": f"/{lang}/foundation/news/{records['news']}/",
        "report-form": f"/{lang}/initiatives/{initiative}/report/",
        "suggest-form": f"/{lang}/suggest/",
        "follow-form": f"/{lang}/follow/",
        "search": f"/{lang}/search/?q=" + ("مدرسة" if lang == "ar" else "école"),
        # The public forms: the change log's period form, the data dictionary.
        "changes": f"/{lang}/changes/?period=year",
        "data": f"/{lang}/data/",
        "not-found": f"/{lang}/no-such-page/",
    }
