"""A province's register of the OCOP products it recognised before the portal (issue 16 item 6).

An .xlsx list (reading.COLUMNS, Vietnamese headers in any order) becomes certificates with `origin` "register"
and no rating entry, with their producers and products where the portal has none (matching). The web page
(rating.views.register) and `manage.py import_register` both go through `preview()` then `apply()`: the preview
changes nothing; the apply is all or nothing, and a second apply of the same file changes nothing.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from products.excel import load_sheet
from rating.register.applying import NotReady, apply_register
from rating.register.matching import NEW, build_plan
from rating.register.reading import COLUMNS, RegisterError, read_rows

__all__ = ["COLUMNS", "NEW", "NotReady", "RegisterError", "apply", "load", "preview"]


def load(content):
    """(rows, problems) of the register's .xlsx bytes; RegisterError when the file or its columns are wrong."""
    try:
        dataset = load_sheet(content)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise RegisterError([(1, "", _("This Excel file cannot be read: %(error)s") % {"error": error})]) from None
    return read_rows(dataset)


def preview(province, content, choices=None):
    """What importing the file would do (a matching.Plan), nothing saved."""
    rows, problems = load(content)
    return build_plan(province, rows, problems, choices=choices)


def apply(province, content, choices=None, *, user=None):
    """Import the file: the Plan of what was done, or NotReady / RegisterError with nothing saved."""
    rows, problems = load(content)
    return apply_register(province, rows, problems, choices, user=user)


def problems_of(error):
    """The (row, column, message) list of a RegisterError or NotReady."""
    if isinstance(error, RegisterError):
        return error.problems
    if isinstance(error, NotReady):
        return error.plan.problems
    if isinstance(error, ValidationError):
        return [("", "", message) for message in error.messages]
    return []
