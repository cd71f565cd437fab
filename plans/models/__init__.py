"""The yearly OCOP plan: targets, tasks for agencies, progress reports, activities and funding."""

from plans.models.activities import Activity, Funding, FundingRule
from plans.models.plan import Plan, Target, TargetValueChange
from plans.models.tasks import Evidence, ProgressReport, ReportTransition, Task

__all__ = [
    "Activity", "Evidence", "Funding", "FundingRule", "Plan", "ProgressReport", "ReportTransition", "Target",
    "TargetValueChange", "Task",
]  # fmt: skip
