"""Choices of the product registry: legal forms, registration kinds, statuses, document types."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    """The producer's legal form, as criterion 3.1 of QĐ 1048 tells them apart (plus the unregistered)."""

    HOUSEHOLD = "household", _("Registered household business")
    COOPERATIVE_GROUP = "coop_group", _("Cooperative group")
    LLC_ONE_MEMBER = "llc_one", _("Single-member limited liability company")
    PRIVATE_ENTERPRISE = "private", _("Private enterprise")
    LLC_MULTI_MEMBER = "llc_multi", _("Limited liability company with two or more members")
    JSC_MINORITY = "jsc_minor", _("Joint-stock company, community capital below 51%")
    JSC_MAJORITY = "jsc_major", _("Joint-stock company, community capital at least 51%")
    COOPERATIVE = "cooperative", _("Cooperative (2012 Cooperative Law)")
    UNREGISTERED = "unregistered", _("Individual or household without business registration")


# Points under criterion 3.1 of QĐ 1048 (the rating issue reads them from the rule set; kept here for display).
LEGAL_FORM_POINTS_1048 = {
    LegalForm.HOUSEHOLD: 1,
    LegalForm.COOPERATIVE_GROUP: 1,
    LegalForm.LLC_ONE_MEMBER: 1,
    LegalForm.PRIVATE_ENTERPRISE: 1,
    LegalForm.LLC_MULTI_MEMBER: 2,
    LegalForm.JSC_MINORITY: 2,
    LegalForm.JSC_MAJORITY: 3,
    LegalForm.COOPERATIVE: 3,
}


class RegistrationKind(models.TextChoices):
    NEW_IDEA = "new", _("New product idea (Biểu 01)")
    EXISTING = "existing", _("Existing product (Biểu 02)")


class Novelty(models.TextChoices):
    NEW = "new", _("New")
    IMPROVED = "improved", _("Improved")
    TRADITIONAL = "traditional", _("Traditional")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    RESEARCH = "research", _("Research and development")
    SAMPLE = "sample", _("Sample made")
    ON_MARKET = "market", _("On the market")


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    ACCEPTED = "accepted", _("Accepted, business plan due")
    PLAN_SUBMITTED = "plan_submitted", _("Business plan submitted")
    IMPLEMENTING = "implementing", _("Plan in implementation")
    READY = "ready", _("Ready for rating")


# Where the commune side may still change the record itself (the district moves it on from there).
EDITABLE_STATUSES = (ProductStatus.DRAFT, ProductStatus.RETURNED)
# Where documents may still be added or removed.
DOSSIER_OPEN_STATUSES = (
    ProductStatus.DRAFT,
    ProductStatus.RETURNED,
    ProductStatus.SUBMITTED,
    ProductStatus.ACCEPTED,
    ProductStatus.PLAN_SUBMITTED,
    ProductStatus.IMPLEMENTING,
)


class DocumentKind(models.TextChoices):
    REGISTRATION_FORM = "registration_form", _("Registration form (Biểu 01/02)")
    BUSINESS_PLAN = "business_plan", _("Business plan (Biểu 03)")
    ORGANISATION_PROFILE = "organisation_profile", _("Organisation profile (Biểu 04)")
    BUSINESS_REGISTRATION = "business_registration", _("Business registration certificate")
    PRODUCTION_ELIGIBILITY = "production_eligibility", _("Production eligibility certificate")
    FOOD_SAFETY = "food_safety", _("Food safety certificate")
    TEST_REPORT = "test_report", _("Test report")
    QUALITY_DECLARATION = "quality_declaration", _("Quality declaration")
    TRACEABILITY = "traceability", _("Barcode / traceability")
    TRADEMARK = "trademark", _("Trademark")
    STORY = "story", _("Product story material")
    SELF_ASSESSMENT = "self_assessment", _("Producer's self-assessment report (QĐ 148)")
    OTHER = "other", _("Other")


class CategoryKind(models.TextChoices):
    SECTOR = "sector", _("Sector")
    GROUP = "group", _("Group")
    SUBGROUP = "subgroup", _("Subgroup")
