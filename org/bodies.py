"""Names of bodies in time, and the unit a commune reports to on a date.

Texts (certificates, reports, letters) name the body in force on their date: the ministry was Bộ Nông nghiệp và
Phát triển nông thôn until 28/02/2025 and Bộ Nông nghiệp và Môi trường from 01/03/2025 (the government's
restructuring; docs ocop-2026.md), the provinces' Sở likewise; district People's Committees ended on 30/06/2025
with the districts (two-tier local government from 01/07/2025). The names are rows (org.models.BodyName): an
office corrects or adds one in the admin. `default_rows` gives the sourced defaults that the migration and
`ensure_body_names` store.
"""

import datetime

from django.db import transaction
from django.db.models import Q

from org.enums import BodyKind, Level, UnitKind
from org.models import AdministrativeUnit, BodyName

RESTRUCTURED_ON = datetime.date(2025, 3, 1)  # Bộ NN&PTNT + Bộ TN&MT → Bộ NN&MT; the provinces' Sở likewise
TWO_TIER_SINCE = datetime.date(2025, 7, 1)  # no districts from this day
SOURCE_RESTRUCTURING = "Sắp xếp tổ chức bộ máy Chính phủ từ 01/03/2025 (docs ocop-2026.md)"
SOURCE_TWO_TIER = "Chính quyền địa phương hai cấp từ 01/07/2025 (docs ocop-2026.md)"
DAY = datetime.timedelta(days=1)

MINISTRY_ROWS = [
    {
        "name": "Bộ Nông nghiệp và Phát triển nông thôn",
        "abbreviation": "Bộ NN&PTNT",
        "valid_from": None,
        "valid_until": RESTRUCTURED_ON - DAY,
    },
    {
        "name": "Bộ Nông nghiệp và Môi trường",
        "abbreviation": "Bộ NN&MT",
        "valid_from": RESTRUCTURED_ON,
        "valid_until": None,
    },
]

KIND_WORDS = {
    UnitKind.PROVINCE: "tỉnh",
    UnitKind.CENTRAL_CITY: "thành phố",
    UnitKind.RURAL_DISTRICT: "huyện",
    UnitKind.TOWN: "thị xã",
    UnitKind.PROVINCIAL_CITY: "thành phố",
    UnitKind.URBAN_DISTRICT: "quận",
    UnitKind.COMMUNE: "xã",
    UnitKind.WARD: "phường",
    UnitKind.TOWNSHIP: "thị trấn",
    UnitKind.SPECIAL_ZONE: "đặc khu",
}


def place_name(unit):
    """'tỉnh Hậu Giang', 'huyện Long Mỹ', 'đặc khu Phú Quốc'."""
    return f"{KIND_WORDS.get(unit.kind, '')} {unit.name}".strip()


def _until(limit, unit):
    """The earlier of `limit` and the unit's own end."""
    ends = [day for day in (limit, unit.valid_until) if day is not None]
    return min(ends) if ends else None


def default_rows(unit):
    """The sourced default names of a province's Sở or a district's People's Committee (dicts of BodyName fields)."""
    place = place_name(unit)
    if unit.level == Level.PROVINCE:
        rows = [
            {
                "kind": BodyKind.AGRICULTURE_DEPARTMENT,
                "name": f"Sở Nông nghiệp và Phát triển nông thôn {place}",
                "abbreviation": "Sở NN&PTNT",
                "valid_from": None,
                "valid_until": _until(RESTRUCTURED_ON - DAY, unit),
            },
            {
                "kind": BodyKind.AGRICULTURE_DEPARTMENT,
                "name": f"Sở Nông nghiệp và Môi trường {place}",
                "abbreviation": "Sở NN&MT",
                "valid_from": RESTRUCTURED_ON,
                "valid_until": unit.valid_until,
            },
        ]
        if unit.valid_from and unit.valid_from >= RESTRUCTURED_ON:
            rows = rows[1:]
        if unit.valid_until and unit.valid_until < RESTRUCTURED_ON:
            rows = rows[:1]
        return [{**row, "source": SOURCE_RESTRUCTURING} for row in rows]
    if unit.level == Level.DISTRICT:
        return [
            {
                "kind": BodyKind.PEOPLES_COMMITTEE,
                "name": f"Ủy ban nhân dân {place}",
                "abbreviation": f"UBND {place}",
                "valid_from": None,
                "valid_until": _until(TWO_TIER_SINCE - DAY, unit),
                "source": SOURCE_TWO_TIER,
            }
        ]
    return []


@transaction.atomic
def ensure_body_names(units=None):
    """Store the default names of the ministry and of the given units (all provinces and districts by default)
    that have none of that kind yet. Idempotent; an office's own rows are left alone. Returns how many were added."""
    added = 0
    if not BodyName.objects.filter(kind=BodyKind.MINISTRY).exists():
        BodyName.objects.bulk_create(
            BodyName(kind=BodyKind.MINISTRY, source=SOURCE_RESTRUCTURING, **row) for row in MINISTRY_ROWS
        )
        added += len(MINISTRY_ROWS)
    if units is None:
        units = AdministrativeUnit.objects.filter(level__in=[Level.PROVINCE, Level.DISTRICT])
    present = set(BodyName.objects.filter(unit__in=units).values_list("unit_id", "kind"))
    new = [
        BodyName(unit=unit, **row)
        for unit in units
        for row in default_rows(unit)
        if (unit.pk, row["kind"]) not in present
    ]
    BodyName.objects.bulk_create(new)
    return added + len(new)


def body_name(unit, kind, on_date):
    """The BodyName of `kind` for `unit` (None for the ministry) in force on `on_date`, or None if none is known.

    A People's Committee without a stored name is named after its unit ('Ủy ban nhân dân xã Vĩnh Viễn'), for the
    days the unit existed (a district's, until 30/06/2025)."""
    in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=on_date)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=on_date)
    )
    unit_q = Q(unit__isnull=True) if kind == BodyKind.MINISTRY else Q(unit=unit)
    found = BodyName.objects.filter(unit_q, in_force, kind=kind).order_by("-valid_from").first()
    district_gone = unit is not None and unit.level == Level.DISTRICT and on_date >= TWO_TIER_SINCE
    if (
        found is None
        and kind == BodyKind.PEOPLES_COMMITTEE
        and unit is not None
        and unit.exists_on(on_date)
        and not district_gone
    ):
        place = place_name(unit)
        found = BodyName(unit=unit, kind=kind, name=f"Ủy ban nhân dân {place}", abbreviation=f"UBND {place}")
    return found


def unit_in_force(unit, on_date, _seen=None):
    """`unit` if it existed on `on_date`, else the successor carrying on its area then (the first by code when it
    was split), else None."""
    seen = _seen or set()
    if unit.exists_on(on_date):
        return unit
    if unit.valid_until is None or on_date < unit.valid_until or unit.pk in seen:
        return None  # before it existed, or a cycle
    for successor in unit.successors.order_by("code"):
        found = unit_in_force(successor, on_date, seen | {unit.pk})
        if found is not None:
            return found
    return None


def unit_above(unit, on_date):
    """The unit a commune reported to on `on_date`: its district before the two-tier government (01/07/2025) if it
    had one and the district still existed, else its province, or the province that carried it on."""
    parent = unit.parent
    if parent is None:
        return None
    if parent.level == Level.DISTRICT:
        if on_date < TWO_TIER_SINCE and parent.exists_on(on_date):
            return parent
        parent = parent.parent
    return unit_in_force(parent, on_date) or parent
