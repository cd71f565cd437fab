"""Reorganisation of administrative units from a file (issue 16): read (workbook), check (checks), apply (apply).

parsed = read_workbook(content)      # cells → rows, problems of the cells themselves
preview = plan(parsed, within)       # resolved against the database: what would be done, or the problems
done = apply(parsed, user=..., within=...)  # one transaction; ReorganisationRefused saves nothing
"""

from org.reorganisation.apply import ReorganisationRefused, apply
from org.reorganisation.checks import Preview, plan
from org.reorganisation.workbook import FileProblem, Problem, build_workbook, read_workbook

__all__ = [
    "FileProblem",
    "Preview",
    "Problem",
    "ReorganisationRefused",
    "apply",
    "build_workbook",
    "plan",
    "read_workbook",
]
