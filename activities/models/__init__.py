"""The foundation's own work, one module per kind: proposals to the communes, advocacy
dossiers, capacity building, events and news."""

from .advocacy import Dossier, DossierAction, DossierState
from .common import Publishable, PublishedQuerySet
from .events import Event, EventPhoto
from .news import NewsItem
from .proposals import ADOPTIONS, DECISIONS, Proposal, ProposalStep, StepKind
from .trainings import AUDIENCES, TrainingMaterial, TrainingProgramme, TrainingSession

__all__ = [
    "ADOPTIONS",
    "AUDIENCES",
    "DECISIONS",
    "Dossier",
    "DossierAction",
    "DossierState",
    "Event",
    "EventPhoto",
    "NewsItem",
    "Proposal",
    "ProposalStep",
    "Publishable",
    "PublishedQuerySet",
    "StepKind",
    "TrainingMaterial",
    "TrainingProgramme",
    "TrainingSession",
]
