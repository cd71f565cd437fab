"""Who may do what with reports (django-rules). Scope (404) is the selectors' job; these decide 403."""

import rules

from org.rules import is_commune_official, is_leadership, is_manager
from org.selectors import path_in_scope
from reporting.selectors import REQUEST_ROLES

may_request = is_manager | is_leadership | is_commune_official


@rules.predicate
def requests_for_unit(user, report):
    return report is not None and path_in_scope(user, report.unit.path, roles=REQUEST_ROLES)


rules.add_perm("reporting.list_reports", rules.is_authenticated)
rules.add_perm("reporting.request_report", may_request)
rules.add_perm("reporting.regenerate_report", requests_for_unit)
rules.add_perm("reporting.view_dashboard", may_request)
