"""The reorganisation checked against the database: every row resolved, or the problems by row and column.

`plan(parsed, within)` returns a Preview: the units to create, the units to end, the successions to record, the
producers and open products to move, the producers someone must place by hand (a split commune's producers that
the sheet "Chủ thể" does not place), and the memberships that end with their units. What is already done (the
same file applied before) is left out, so a second run previews nothing to do.

`within`: the paths under which the former units must lie (a province officer's province and what it carries
on), or None for anywhere (the command, the superuser). A unit outside is reported as unknown, like a wrong code.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from org.enums import KIND_LEVEL, Level
from org.models import AdministrativeUnit, Membership, Succession
from org.reorganisation import workbook as wb

DAY = datetime.timedelta(days=1)


@dataclass
class NewUnit:
    code: str
    name: str
    kind: str
    parent_code: str
    valid_from: datetime.date
    legal_basis: str
    row: int


@dataclass
class Link:
    predecessor: AdministrativeUnit
    successor_code: str
    effective_on: datetime.date
    legal_basis: str
    note: str


@dataclass
class Move:
    record: object  # a Producer or a Product
    old: AdministrativeUnit
    new_code: str


@dataclass
class Preview:
    creates: list[NewUnit] = field(default_factory=list)
    ends: list[Link] = field(default_factory=list)  # one per ending unit: its first link (date, basis)
    links: list[Link] = field(default_factory=list)
    producers: list[Move] = field(default_factory=list)
    products: list[Move] = field(default_factory=list)
    to_place: list[tuple] = field(default_factory=list)  # (producer, [successor codes])
    memberships: list[Membership] = field(default_factory=list)
    problems: list[wb.Problem] = field(default_factory=list)

    @property
    def nothing_to_do(self):
        return not (self.creates or self.ends or self.links or self.producers or self.products or self.memberships)


def _models():
    # The registry's models, read lazily: org sits below products (products imports org, not the reverse).
    return apps.get_model("products", "Producer"), apps.get_model("products", "Product")


class _Resolver:
    def __init__(self, parsed, within):
        self.parsed, self.within, self.problems = parsed, within, list(parsed.problems)
        codes = (
            {r.old_code for r in parsed.rows} | {r.new_code for r in parsed.rows} | {r.new_parent for r in parsed.rows}
        )
        self.by_code = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes - {""})}
        self.new = {}

    def problem(self, row, column, message):
        self.problems.append(wb.Problem(row.number, column, message))

    def in_scope(self, unit):
        return self.within is None or any(unit.path.startswith(path) for path in self.within)

    def old_unit(self, row):
        if row.old_code:
            unit = self.by_code.get(row.old_code)
            if unit is None or not self.in_scope(unit):
                self.problem(row, wb.OLD_CODE, _("No unit has the code %(code)s.") % {"code": row.old_code})
                return None
            return unit
        provinces = [
            p
            for p in AdministrativeUnit.objects.filter(level=Level.PROVINCE)
            if row.old_province.casefold() in (p.code, p.name.casefold(), str(p).casefold())
        ]
        if not row.old_province or not provinces:
            self.problem(row, wb.OLD_PROVINCE, _("No province is called “%(name)s”.") % {"name": row.old_province})
            return None
        found = [
            u
            for u in AdministrativeUnit.objects.filter(
                path__startswith=provinces[0].path, name__iexact=row.old_name
            ).exclude(pk=provinces[0].pk)
            if self.in_scope(u)
        ]
        if not found:
            self.problem(
                row,
                wb.OLD_NAME,
                _("No unit of %(province)s is called “%(name)s”.") % {"province": provinces[0], "name": row.old_name},
            )
            return None
        if len(found) > 1:
            self.problem(
                row,
                wb.OLD_NAME,
                _("%(count)s units of %(province)s are called “%(name)s” (%(codes)s): write the code in “%(column)s”.")
                % {
                    "count": len(found),
                    "province": provinces[0],
                    "name": row.old_name,
                    "codes": ", ".join(u.code for u in found),
                    "column": wb.OLD_CODE,
                },
            )
            return None
        return found[0]

    def new_unit(self, row):
        """The code of the successor (existing, or created by the file), or None after reporting the problem."""
        if not row.new_code:
            return None
        if row.new_code in self.by_code:
            return row.new_code
        declared = self.new.get(row.new_code)
        if declared is not None:
            if (
                row.new_name or declared.name,
                row.new_kind or declared.kind,
                row.new_parent or declared.parent_code,
            ) != (declared.name, declared.kind, declared.parent_code):
                self.problem(
                    row,
                    wb.NEW_NAME,
                    _("Row %(row)s describes the new unit %(code)s otherwise.")
                    % {"row": declared.row, "code": row.new_code},
                )
            return row.new_code
        if not row.new_name:
            self.problem(
                row, wb.NEW_NAME, _("The unit %(code)s does not exist yet: give its name.") % {"code": row.new_code}
            )
        if not row.new_kind:
            self.problem(
                row, wb.NEW_KIND, _("The unit %(code)s does not exist yet: give its kind.") % {"code": row.new_code}
            )
        if not row.new_code.isdigit():
            self.problem(row, wb.NEW_CODE, _("The official code is made of digits only."))
        if not (row.new_name and row.new_kind in wb.NEW_KINDS and row.new_code.isdigit()):
            return None
        self.new[row.new_code] = NewUnit(
            row.new_code, row.new_name, row.new_kind, row.new_parent, row.effective_on, row.legal_basis, row.number
        )
        return row.new_code

    def check_parents(self, rows_by_code):
        for code, unit in self.new.items():
            row = rows_by_code[code]
            if KIND_LEVEL[unit.kind] == Level.PROVINCE:
                if unit.parent_code:
                    self.problem(row, wb.NEW_PARENT, _("A province-level unit has no parent."))
                continue
            parent = self.by_code.get(unit.parent_code)
            parent_level = (
                parent.level
                if parent
                else (KIND_LEVEL[self.new[unit.parent_code].kind] if unit.parent_code in self.new else None)
            )
            if parent_level is None:
                self.problem(
                    row,
                    wb.NEW_PARENT,
                    _("The parent unit %(code)s is neither in the portal nor in this file.")
                    % {"code": unit.parent_code or "—"},
                )
            elif parent_level != Level.PROVINCE:
                self.problem(
                    row,
                    wb.NEW_PARENT,
                    _("Since 01/07/2025 a commune, ward or special zone sits directly under its province."),
                )


def plan(parsed, within=None):
    """Resolve and check the parsed file; the Preview lists the problems, and nothing else when there are any."""
    resolver = _Resolver(parsed, within)
    successors = defaultdict(list)  # old unit pk -> [(code, row)]
    olds, rows_by_new = {}, {}
    for row in parsed.rows:
        old, new_code = resolver.old_unit(row), resolver.new_unit(row)
        rows_by_new.setdefault(new_code, row)
        if old is None or new_code is None:
            continue
        if old.code == new_code:
            resolver.problem(row, wb.NEW_CODE, _("A unit cannot succeed itself."))
            continue
        olds[old.pk] = old
        successors[old.pk].append((new_code, row))
    resolver.check_parents(rows_by_new)
    placements = _placements(parsed, resolver, olds, successors)
    if resolver.problems:
        return Preview(problems=resolver.problems)
    return _preview(resolver, olds, successors, placements)


def _placements(parsed, resolver, olds, successors):
    """{producer pk: new code} from the sheet "Chủ thể"."""
    Producer, _Product = _models()
    placed = {}
    by_old = {unit.code: unit for unit in olds.values()}
    for placement in parsed.placements:
        old = by_old.get(placement.old_code)
        if old is None:
            resolver.problems.append(
                wb.Problem(
                    placement.number,
                    wb.P_OLD,
                    _("The commune %(code)s is not a former unit of this file.") % {"code": placement.old_code or "—"},
                )
            )
            continue
        found = Producer.objects.filter(commune=old)
        found = (
            found.filter(registration_number=placement.registration_number)
            if placement.registration_number
            else found.filter(name__iexact=placement.name)
        )
        found = list(found[:2])
        if len(found) != 1:
            message = (
                _("No producer of %(unit)s matches.")
                if not found
                else _("Several producers of %(unit)s match: give the registration number.")
            )
            resolver.problems.append(
                wb.Problem(
                    placement.number,
                    wb.P_NUMBER if placement.registration_number else wb.P_NAME,
                    message % {"unit": old},
                )
            )
            continue
        if placement.new_code not in [code for code, _row in successors[old.pk]]:
            resolver.problems.append(
                wb.Problem(
                    placement.number,
                    wb.P_NEW,
                    _("%(code)s is not a successor of %(unit)s in this file.")
                    % {"code": placement.new_code, "unit": old},
                )
            )
            continue
        placed[found[0].pk] = placement.new_code
    return placed


def _preview(resolver, olds, successors, placements):
    from products.enums import ProductStatus  # the registry's statuses (see _models)

    Producer, Product = _models()
    preview = Preview(creates=list(resolver.new.values()))
    existing = set(
        Succession.objects.filter(predecessor__in=list(olds)).values_list("predecessor_id", "successor__code")
    )
    for pk, old in olds.items():
        for code, row in successors[pk]:
            link = Link(old, code, row.effective_on, row.legal_basis, row.note)
            if (pk, code) not in existing:
                preview.links.append(link)
        first = successors[pk][0][1]
        if old.valid_until is None:
            preview.ends.append(Link(old, successors[pk][0][0], first.effective_on, first.legal_basis, first.note))
    for producer in (
        Producer.objects.filter(commune__in=list(olds)).select_related("commune").order_by("commune__code", "name")
    ):
        codes = [code for code, _row in successors[producer.commune_id]]
        target = placements.get(producer.pk) or (codes[0] if len(codes) == 1 else None)
        if target is None:
            preview.to_place.append((producer, codes))
        else:
            preview.producers.append(Move(producer, producer.commune, target))
    moving = {move.record.pk: move for move in preview.producers}
    # Open products follow their producer; a rejected one, or one entered in a round, keeps its commune (its
    # rounds and certificates stay where they were held).
    products = (
        Product.objects.filter(producer__in=list(moving), commune__in=list(olds), entries__isnull=True)
        .exclude(status=ProductStatus.REJECTED)
        .select_related("commune")
        .order_by("pk")
    )
    preview.products = [Move(product, product.commune, moving[product.producer_id].new_code) for product in products]
    ending = list(olds)
    preview.memberships = list(
        Membership.objects.active()
        .filter(Q(unit__in=ending) | Q(agency__unit__in=ending))
        .select_related("user", "unit", "agency")
        .order_by("user__username", "pk")
    )
    return preview
