"""Who may do what with rounds (django-rules). Scope (404) is the selectors' job; these decide 403."""

import rules

from rating import workflow
from rating.enums import RoundStatus


@rules.predicate
def organises(user, round_):
    return round_ is not None and workflow.organises(user, round_)


@rules.predicate
def chairs(user, round_):
    return round_ is not None and workflow.chairs(user, round_)


@rules.predicate
def before_scoring(user, round_):
    return round_ is not None and round_.status in (RoundStatus.DRAFT, RoundStatus.ACCEPTING)


@rules.predicate
def is_scoring(user, round_):
    return round_ is not None and round_.status == RoundStatus.SCORING


@rules.predicate
def owns_sheet(user, sheet):
    return sheet is not None and sheet.seat.user_id == user.pk


@rules.predicate
def organises_anything(user):
    from org.enums import MANAGING_ROLES, Role
    from org.selectors import roles_of

    return user.is_superuser or bool(roles_of(user) & {*MANAGING_ROLES, Role.COMMUNE_OFFICIAL})


rules.add_perm("rating.add_round", organises_anything)
rules.add_perm("rating.prepare_round", organises & before_scoring)
rules.add_perm("rating.discuss_entry", chairs & is_scoring)
rules.add_perm("rating.score_sheet", owns_sheet)
