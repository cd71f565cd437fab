"""Matching the register's rows to what the portal holds, without changing anything.

- the commune or ward of today, by code or by name within the province (two units of the same name: ambiguous);
- the product group, by the name of a product set or a group of either classification (QĐ 1048 or 148), in the
  classification of the rule set in force on the decision date when a name exists in both;
- the producer, by name within its commune, compared without case, accents or extra spaces: an exact match is
  reused; a near one ("HTX Phụng Phát" / "Hợp tác xã Phụng Phát", or a small spelling difference) is shown for
  a person to choose "use existing" or "create new" — never merged silently;
- the product, by name within its producer (two producers may each have a product of the same name);
- the recognition already imported: the product and the decision number, or without a number the product, the
  stars and the decision date. Such a row changes nothing.
"""

import difflib
import hashlib
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from org.enums import Level
from org.models import AdministrativeUnit
from products.enums import LegalForm
from products.models import Producer, Product, ProductCategory, ProductSet
from products.resources import LEGAL_FORM_ALIASES
from products.widgets import AMBIGUOUS, ChoiceWidget, index_by, normalise
from rating.certificates import add_months
from rating.enums import CertificateSource
from rating.models import Certificate, RuleSet
from rating.register import reading
from rating.register.reading import name_key

# The short forms registers use for a producer's legal form, spelled out before two names are compared.
ABBREVIATIONS = {
    "htx": "hop tac xa", "tht": "to hop tac", "dntn": "doanh nghiep tu nhan", "dn": "doanh nghiep",
    "cty": "cong ty", "ct": "cong ty", "tnhh": "trach nhiem huu han", "mtv": "mot thanh vien",
    "cs": "co so", "cssx": "co so san xuat", "hkd": "ho kinh doanh", "hgd": "ho gia dinh",
}  # fmt: skip
NEAR_RATIO = 0.85  # difflib's ratio from which two producer names of the same commune are offered as one
NEW = "new"


def spelled_out(key):
    return " ".join(ABBREVIATIONS.get(word, word) for word in key.split())


def is_near(key, other):
    a, b = spelled_out(key), spelled_out(other)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= NEAR_RATIO


@dataclass
class NearMatch:
    """A producer of the file whose name is close to one or more producers of its commune: someone chooses."""

    token: str
    commune: AdministrativeUnit
    name: str
    candidates: list  # [(pk, name)]
    rows: list = field(default_factory=list)
    choice: object = None  # None (not chosen yet), NEW, or the pk of a candidate


@dataclass
class Plan:
    province: AdministrativeUnit
    rows: list
    problems: list
    near: list
    validity: dict = field(default_factory=dict)

    @property
    def unresolved(self):
        return [match for match in self.near if match.choice is None]

    @property
    def ready(self):
        return not self.problems and not self.unresolved

    def rows_with(self, state):
        return [row for row in self.rows if row.extra["state"] == state]

    @property
    def counts(self):
        new = self.rows_with("new")
        return {
            "rows": len(self.rows),
            "new": len(new),
            "existing": len(self.rows_with("existing")),
            "flagged": sum(row.without_decision for row in new),
            "near": len(self.near),
            "new_producers": len({row.extra["producer_ref"] for row in new if row.extra["producer"] is None}),
            "new_products": len({row.extra["product_ref"] for row in new if row.extra["product"] is None}),
        }


def communes_of(province):
    return AdministrativeUnit.objects.filter(path__startswith=province.path, level=Level.COMMUNE)


def commune_index(province):
    def keys(unit):
        with translation.override("vi"):
            return [unit.code, unit.name, str(unit)]

    return index_by(communes_of(province), keys)


def rule_sets():
    return sorted(RuleSet.objects.all(), key=lambda r: (r.effective_from is not None, r.effective_from), reverse=True)


def in_force(sets, day):
    """The rule set in force on `day` (the latest to take effect when two overlap), or None."""
    return next((rule_set for rule_set in sets if day and rule_set.in_force_on(day)), None)


def group_index():
    """{normalised name or code: [(scheme, ProductSet or None, ProductCategory or None)]}."""
    index = {}
    for product_set in ProductSet.objects.select_related("category"):
        for key in {product_set.name, product_set.name_en, f"{product_set.number}. {product_set.name}"} - {""}:
            index.setdefault(normalise(key), []).append((product_set.scheme, product_set, product_set.category))
    for category in ProductCategory.objects.all():
        for key in {category.name, category.name_en, f"{category.code} {category.name}"} - {""}:
            index.setdefault(normalise(key), []).append((category.scheme, None, category))
    return index


def build_plan(province, rows, problems=(), choices=None):
    """Match the read rows (reading.read_rows) of `province`'s register. `choices`: {near-match token: NEW or a
    producer pk (as text)} from the person who previewed. Returns a Plan; its `problems` are row errors."""
    problems = list(problems)
    choices = choices or {}
    communes = commune_index(province)
    groups = group_index()
    sets = rule_sets()
    today_set = in_force(sets, timezone.localdate())
    legal_forms = ChoiceWidget(LegalForm, lambda: _("Unknown legal form “%(value)s”."), LEGAL_FORM_ALIASES)
    default_months = RuleSet._meta.get_field("validity_months").default
    kept, seen = [], {}
    for row in rows:
        before = len(problems)

        def problem(column, message, row=row):
            problems.append((row.number, column, message))

        unit = communes.get(normalise(row.commune))
        if unit is AMBIGUOUS:
            problem(reading.COMMUNE, _("“%(value)s” names more than one commune or ward of the province: write its "
                                       "code.") % {"value": row.commune})  # fmt: skip
        elif unit is None:
            problem(reading.COMMUNE, _("Unknown commune or ward “%(value)s” in %(province)s.")
                    % {"value": row.commune, "province": province})  # fmt: skip
        row.unit = unit if unit is not AMBIGUOUS else None
        rule_set = in_force(sets, row.decision_date)
        row.extra.update(product_set=None, category=None)
        if row.group:
            found = groups.get(normalise(row.group), [])
            scheme = (rule_set or today_set).classification if (rule_set or today_set) else None
            if len(found) > 1:
                found = [match for match in found if match[0] == scheme] or found
            if not found:
                problem(reading.GROUP, _("Unknown product group “%(value)s”.") % {"value": row.group})
            elif len(found) > 1:
                problem(reading.GROUP, _("“%(value)s” names more than one product group.") % {"value": row.group})
            else:
                row.extra.update(product_set=found[0][1], category=found[0][2])
        try:
            row.extra["legal_form"] = legal_forms.clean(row.legal_form)
        except ValueError as error:
            problem(reading.LEGAL_FORM, str(error))
        if row.valid_until is None and row.decision_date:
            months = rule_set.validity_months if rule_set else default_months
            row.extra["valid_until"] = add_months(row.decision_date, months)
        else:
            row.extra["valid_until"] = row.valid_until
        if len(problems) > before:
            continue
        key = row.recognition_key()
        if key in seen:
            problem(reading.PRODUCT, _("The same product and decision as row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = row.number
        kept.append(row)
    near = _match_producers(kept, choices, problems)
    _match_products_and_recognitions(kept)
    problems.sort(key=lambda p: (p[0], p[1]))
    return Plan(province=province, rows=kept, problems=problems, near=near)


def _match_producers(rows, choices, problems):
    communes = {row.unit.pk for row in rows}
    existing = {}
    for pk, name, commune in Producer.objects.filter(commune__in=communes).values_list("pk", "name", "commune"):
        existing.setdefault(commune, []).append((pk, name, name_key(name)))
    near = {}
    for row in rows:
        key = name_key(row.producer)
        row.extra["producer_ref"] = (row.unit.pk, key)
        same = [pk for pk, _name, other in existing.get(row.unit.pk, []) if other == key]
        if len(same) > 1:
            problems.append((row.number, reading.PRODUCER, _("“%(value)s” matches more than one producer of this "
                                                               "commune.") % {"value": row.producer}))  # fmt: skip
            row.extra["state"] = "problem"
            continue
        row.extra["producer"] = same[0] if same else None
        if same:
            continue
        close = [(pk, name) for pk, name, other in existing.get(row.unit.pk, []) if is_near(key, other)]
        if not close:
            continue
        token = hashlib.blake2s(f"{row.unit.pk}|{key}".encode(), digest_size=6).hexdigest()
        match = near.get(token)
        if match is None:
            match = near[token] = NearMatch(token=token, commune=row.unit, name=row.producer, candidates=close)
            choice = choices.get(token)
            if choice == NEW:
                match.choice = NEW
            elif choice and choice.isdigit() and int(choice) in {pk for pk, _name in close}:
                match.choice = int(choice)
        match.rows.append(row.number)
        row.extra["near"] = match
        if isinstance(match.choice, int):
            row.extra["producer"] = match.choice
    rows[:] = [row for row in rows if row.extra.get("state") != "problem"]
    return list(near.values())


def _match_products_and_recognitions(rows):
    producers = {row.extra["producer"] for row in rows if row.extra["producer"]}
    products = {}
    for pk, name, producer in Product.objects.filter(producer__in=producers).values_list("pk", "name", "producer"):
        products.setdefault((producer, name_key(name)), pk)
    for row in rows:
        producer = row.extra["producer"]
        row.extra["product"] = products.get((producer, name_key(row.product))) if producer else None
        row.extra["product_ref"] = (row.extra["producer_ref"], name_key(row.product))
    known = {row.extra["product"] for row in rows if row.extra["product"]}
    stored = set()
    register = Certificate.objects.filter(product__in=known, origin=CertificateSource.REGISTER)
    for product, number, stars, day in register.values_list("product", "decision_number", "stars",
                                                                 "decision_date"):  # fmt: skip
        stored.add((product, normalise(number)) if number else (product, stars, day))
    for row in rows:
        product = row.extra["product"]
        key = (
            (product, normalise(row.decision_number))
            if row.decision_number
            else (product, row.stars, row.decision_date)
        )
        row.extra["state"] = "existing" if product and key in stored else "new"
