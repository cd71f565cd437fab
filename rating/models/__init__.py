from rating.models.catalogue import Criterion, CriterionGroup, Option, Part, RuleSet, Sheet
from rating.models.certificates import Certificate
from rating.models.preassessment import (
    PreAssessment,
    PreAssessmentStatus,
    PreAssessmentTransition,
    ProvinceProcedure,
    RecognitionSigner,
)
from rating.models.rounds import CouncilSeat, Entry, Round, RoundTransition
from rating.models.scoring import Answer, Conflict, ScoreSheet

__all__ = [
    "Answer",
    "Certificate",
    "Conflict",
    "CouncilSeat",
    "Criterion",
    "CriterionGroup",
    "Entry",
    "Option",
    "Part",
    "PreAssessment",
    "PreAssessmentStatus",
    "PreAssessmentTransition",
    "ProvinceProcedure",
    "RecognitionSigner",
    "Round",
    "RoundTransition",
    "RuleSet",
    "ScoreSheet",
    "Sheet",
]
