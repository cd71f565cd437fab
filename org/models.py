import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from org.enums import KIND_LEVEL, ROLE_LEVELS, BodyKind, Level, Role, UnitKind


def _kinds_of(level):
    return [kind for kind, kind_level in KIND_LEVEL.items() if kind_level == level]


@functools.cache
def _kind_labels(language):
    with translation.override(language):
        return {kind: str(label) for kind, label in UnitKind.choices}


def kind_label(kind):
    """The unit kind's label in the active language. Lists show hundreds of units (a commune select has 150):
    get_kind_display() rebuilt the choices and translated each time."""
    return _kind_labels(translation.get_language()).get(kind, kind)


# The word a unit's name starts with, where it is shorter than its kind: "Thành phố Cần Thơ", not "Thành phố trực
# thuộc Trung ương Cần Thơ".
NAME_WORDS = {UnitKind.CENTRAL_CITY: _("City"), UnitKind.PROVINCIAL_CITY: _("City")}


@functools.cache
def _name_words(language):
    with translation.override(language):
        return {kind: str(NAME_WORDS.get(kind, label)) for kind, label in UnitKind.choices}


class AdministrativeUnit(models.Model):
    """A province, district or commune, with its official (GSO) code.

    `path` holds the codes from the top of the tree ("/93/936/31484/"), so everything below a
    unit is one indexed prefix query on any database. The tree may skip the district level.
    """

    code = models.CharField(
        _("official code"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"\A[0-9]+\Z", _("The official code is made of digits only."))],
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    # A unit lives from valid_from to valid_until (inclusive; empty: since ever / still exists). An abolished
    # unit ends and keeps its records (rounds, certificates, plans, reports of its time): it is never deleted.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis of its creation"), blank=True)
    ended_by = models.TextField(_("legal basis of its end"), blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        symmetrical=False,
        through="Succession",
        through_fields=("predecessor", "successor"),
        related_name="predecessors",
        blank=True,
    )
    # Paths of the units whose chain of successors leads to this unit (`inherited_own`) or to this unit or one
    # below it (`inherited_below`), worked out by org.succession.refresh_inheritance whenever a succession is
    # recorded. The scope reads them with the membership's unit, so the heritage costs no query.
    inherited_own = models.JSONField(default=list, blank=True, editable=False)
    inherited_below = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=Level.PROVINCE, kind__in=_kinds_of(Level.PROVINCE))
                | Q(level=Level.DISTRICT, kind__in=_kinds_of(Level.DISTRICT))
                | Q(level=Level.COMMUNE, kind__in=_kinds_of(Level.COMMUNE)),
                name="unit_kind_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(level=Level.PROVINCE, parent__isnull=True)
                | Q(level__gt=Level.PROVINCE, parent__isnull=False),
                name="unit_parent_only_below_province",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="unit_valid_until_after_valid_from",
            ),
        ]

    def __str__(self):
        return f"{_name_words(translation.get_language()).get(self.kind, self.kind)} {self.name}"

    def save(self, *args, **kwargs):
        self.level = KIND_LEVEL[self.kind]
        old_path = self.path
        prefix = self.parent.path if self.parent_id else "/"
        self.path = f"{prefix}{self.code}/"
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
                )

    def clean(self):
        if self.kind:
            self.level = KIND_LEVEL[self.kind]
        if self.parent_id is None and self.level and self.level != Level.PROVINCE:
            raise ValidationError({"parent": _("Only a province-level unit may have no parent.")})
        if self.parent_id is not None:
            if self.level == Level.PROVINCE:
                raise ValidationError({"parent": _("A province-level unit has no parent.")})
            if self.parent.level >= self.level:
                raise ValidationError({"parent": _("The parent must be at a higher level.")})
        if self.pk and self.level:
            # Levels strictly increase downwards, which also rules out cycles.
            if self.children.filter(level__lte=self.level).exists():
                raise ValidationError({"kind": _("Units below this one must stay at a lower level.")})
            fitting = [role for role, levels in ROLE_LEVELS.items() if self.level in levels]
            if self.memberships.exclude(role__in=fitting).exists():
                raise ValidationError({"kind": _("People hold roles here that do not fit this level.")})

    def exists_on(self, day):
        """Whether the unit existed on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def top_code(self):
        """The code of the province at the top of the unit's path ('/93/936/31484/' → '93')."""
        return self.path.strip("/").split("/")[0]

    @property
    def ancestor_paths(self):
        """The paths of the units above this one, from the top ('/93/936/31484/' → ['/93/', '/93/936/'])."""
        codes = self.path.strip("/").split("/")
        return ["/" + "/".join(codes[:depth]) + "/" for depth in range(1, len(codes))]


class Succession(models.Model):
    """One link of a reorganisation: `predecessor` ended and `successor` carries on its area from `effective_on`.

    A unit merged into another has one successor; a unit split between several has one link to each."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("former unit"), on_delete=models.PROTECT, related_name="+"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("successor unit"), on_delete=models.PROTECT, related_name="+"
    )
    effective_on = models.DateField(_("effective date"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="succession_not_itself"),
        ]

    def __str__(self):
        return f"{self.predecessor_id} → {self.successor_id} ({self.effective_on:%d/%m/%Y})"


class BodyName(models.Model):
    """The name a body bore over a period: the People's Committee of a unit, a province's department of
    agriculture, the ministry (no unit). Texts name the body in force on their date (org.bodies.body_name)."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="body_names",
    )  # fmt: skip
    kind = models.CharField(_("body"), max_length=10, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("name of a body")
        verbose_name_plural = _("names of bodies")
        ordering = ["kind", "unit_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "valid_from"], name="body_name_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="body_name_valid_until_after_valid_from",
            ),
        ]

    def __str__(self):
        return self.name


class Agency(models.Model):
    """A department, office or mass organisation that a plan assigns tasks to."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="agency_unique_name_in_unit",
                violation_error_message=_("This unit already has an agency with this name."),
            )
        ]

    def __str__(self):
        return self.short_name or self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A person's role, held at one administrative unit or, for agency staff, at one agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # An ended membership (its unit was abolished, the person moved on) grants nothing; it is kept as a record.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user_id", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.AGENCY_STAFF, agency__isnull=False, unit__isnull=True)
                | (~Q(role=Role.AGENCY_STAFF) & Q(agency__isnull=True, unit__isnull=False)),
                name="membership_unit_or_agency_by_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"], condition=Q(unit__isnull=False), name="membership_unique_unit_role"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(agency__isnull=False),
                name="membership_unique_agency_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.place}"

    @property
    def place(self):
        return self.agency if self.role == Role.AGENCY_STAFF else self.unit

    @property
    def scope_unit(self):
        """The unit whose subtree this membership sees."""
        return self.agency.unit if self.role == Role.AGENCY_STAFF else self.unit

    def clean(self):
        if self.role == Role.AGENCY_STAFF:
            if not self.agency_id:
                raise ValidationError({"agency": _("Agency staff must belong to an agency.")})
            if self.unit_id:
                raise ValidationError({"unit": _("Agency staff belong to an agency, not to a unit.")})
            return
        if self.agency_id:
            raise ValidationError({"agency": _("Only agency staff belong to an agency.")})
        if not self.unit_id:
            raise ValidationError({"unit": _("This role is held at an administrative unit.")})
        allowed = ROLE_LEVELS[self.role]
        if self.unit.level not in allowed:
            raise ValidationError(
                {
                    "unit": _("The role “%(role)s” is held at a unit of: %(levels)s.")
                    % {
                        "role": self.get_role_display(),
                        "levels": ", ".join(str(Level(level).label).lower() for level in sorted(allowed)),
                    }
                }
            )
