"""The scope probe: every role asks for every object URL of places it must not see, and gets 404.

Every named URL of the resolver is either an object URL in `OBJECT_URLS` (how to name one object of a place's
kit, see scope_world.py) or exempt in `EXEMPT` (with the reason): a URL nobody classified fails
`test_every_named_url_is_probed_or_exempt`. Each object URL is asked with every method its view answers (GET,
POST); a POST from an outsider must answer 404 and change no row.

`test_the_probe_reaches_the_object` is the control: the same request by someone who sees the object (the
superuser; a sheet's own member) does not answer 404, so a 404 of the probe is the scope's and not a wrong URL's.

Who must not see which place (`ROLE_PLACES`), from the selectors of each app:
- a commune official sees their commune's records (and the plans and rounds above it): not the other commune of
  the district, nor another district;
- district officers and leadership see their district and its communes: not another district or its communes;
- a province officer sees the province: not another province;
- agency staff see their agency's unit (not the communes below it), and only their own agency's page.

Visible by design, hence not probed: the plans of the units above one's own (and their tasks, targets, reports,
activities, funding, files: a plan assigns tasks downwards, plans/selectors.py); a published round of another unit
in which one of one's own products is entered (its own entries only, rating/selectors.py); within a district, the
other agencies' tasks and progress reports on the district plan, which agency staff read (writing them is 403).
"""

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ocop_portal.tests.scope_world import build_world

pytestmark = pytest.mark.django_db


def walk(resolver=None, namespace=None):
    """(namespaced name, view callback) of every named pattern, through included resolvers."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from walk(pattern, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


NAMED_URLS = dict(walk())


def methods_of(name):
    """The methods the URL's view answers, among GET and POST (a method it refuses answers 405 to everyone)."""
    view = getattr(NAMED_URLS[name], "view_class", None)
    if view is None:
        return ["GET", "POST"]
    return [m for m in ("GET", "POST") if m.lower() in view.http_method_names and hasattr(view, m.lower())]


def pk(attribute):
    return lambda kit: {"pk": getattr(kit, attribute).pk}


# url name -> kit -> reverse() kwargs (a "?" key: the query string). The methods come from the view.
OBJECT_URLS = {
    "org:unit_detail": lambda k: {"code": k.unit.code},
    "org:agency_edit": pk("agency"),
    # The reorganisation of the province above the kit's unit: only its officers (and the superuser) reach it.
    "org:reorganise": lambda k: {"code": k.unit.top_code},
    "products:product_detail": pk("product"),
    "products:product_edit": pk("product"),
    "products:product_action": lambda k: {"pk": k.product.pk, "action": "submit"},
    "products:business_plan": pk("product"),
    "products:document_add": pk("product"),
    "products:document_file": pk("document"),
    "products:document_delete": pk("document"),
    "products:producer_detail": pk("producer"),
    "products:producer_edit": pk("producer"),
    "plans:funding_rule_delete": pk("funding_rule"),
    "plans:funding_edit": pk("funding"),
    "plans:plan_detail": pk("plan"),
    "plans:plan_edit": pk("plan"),
    "plans:plan_copy": pk("plan"),
    "plans:plan_file": pk("plan"),
    "plans:dashboard": pk("plan"),
    "plans:task_export": pk("plan"),
    "plans:target_add": pk("plan"),
    "plans:task_add": pk("plan"),
    "plans:activity_list": pk("plan"),
    "plans:activity_add": pk("plan"),
    "plans:funding_list": pk("plan"),
    "plans:funding_add": pk("plan"),
    "plans:target_edit": pk("target"),
    "plans:target_actual": pk("target"),
    "plans:task_detail": pk("task"),
    "plans:task_edit": pk("task"),
    "plans:report_add": pk("task"),
    "plans:report_review": pk("progress"),
    "plans:activity_edit": pk("activity"),
    "plans:evidence_file": pk("evidence"),
    "reporting:dashboard": lambda k: {"?": {"unit": k.unit.pk}},
    "reporting:report_detail": pk("report"),
    "reporting:report_regenerate": pk("report"),
    "reporting:report_pdf": pk("report"),
    "reporting:report_xlsx": pk("report"),
    "certificates:certificate_detail": pk("certificate"),
    "certificates:certificate_pdf": pk("certificate"),
    "certificates:certificate_revoke": pk("certificate"),
    "certificates:certificate_issue": lambda k: {"entry_pk": k.entry.pk},
    "certificates:register_import": lambda k: {"code": k.unit.top_code},  # the province of the place
    "certificates:register_apply": lambda k: {"code": k.unit.top_code},
    "rating:round_detail": pk("round"),
    "rating:minutes": pk("round"),
    "rating:round_action": lambda k: {"pk": k.round.pk, "action": "publish"},
    "rating:round_prepare": lambda k: {"pk": k.round.pk, "what": "seat"},
    "rating:entry_checks": lambda k: {"pk": k.round.pk, "entry_pk": k.entry.pk},
    "rating:discussion": lambda k: {"pk": k.round.pk, "entry_pk": k.entry.pk},
    "rating:entry_dossier": lambda k: {"pk": k.round.pk, "entry_pk": k.entry.pk},
    "rating:entry_document": lambda k: {"pk": k.round.pk, "entry_pk": k.entry.pk, "document_pk": k.document.pk},
    "rating:sheet": pk("sheet"),
    "rating:pre_assessment_detail": pk("pre_assessment"),
    "rating:pre_assessment_step": lambda k: {"pk": k.pre_assessment.pk, "action": "submit"},
    "rating:pre_assessment_start": lambda k: {"product_pk": k.product.pk},
    "rating:conflict": pk("sheet"),
    "rating:sheet_reopen": pk("sheet"),
}

# Who sees a sheet: its own member only (rating.selectors.sheets_of), not even the superuser.
CONTROL_USER = {"rating:sheet": "member", "rating:conflict": "member", "rating:sheet_reopen": "member"}

EXEMPT = {
    "home": "redirects to the user's own role home; names no object",
    "role_home": "the user's own home for a role slug they hold (403 otherwise); names no object",
    "login": "public sign-in form",
    "logout": "signs the user out; names no object",
    "password_change": "the user's own password",
    "password_change_done": "the user's own password",
    "set_language": "stores the language choice; names no object",
    "org:unit_list": "list, starts from units_visible_to",
    "org:agency_list": "list, starts from agencies_visible_to",
    "org:agency_add": "form without an object; the unit choices come from units_managed_by",
    "products:product_list": "list, starts from products_visible_to",
    "products:product_add": "form without an object; producer choices from producers_for_registration",
    "products:producer_list": "list, starts from producer_list_for",
    "products:producer_add": "form without an object; commune choices from communes_for_registration",
    "products:import": "import of a kind of rows ('producers'/'products'), no object; rows land in the user's scope",
    "products:import_template": "an empty workbook for a kind of rows",
    "products:export": "export of the user's scoped, filtered list",
    "plans:plan_list": "list, starts from plan_list_for",
    "plans:plan_add": "form without an object; unit choices from units_managed_by",
    "plans:agency_tasks": "the user's own agencies' tasks",
    "plans:funding_rules": "list, starts from funding_rules_visible_to",
    "plans:funding_rule_add": "form without an object; unit choices from units_managed_by",
    "reporting:report_list": "list, starts from report_list_for",
    "reporting:report_request": "form without an object; unit choices from units_for_reports",
    "certificates:certificate_list": "list, starts from certificates_visible_to",
    "rating:round_list": "list, starts from round_list_for",
    "rating:round_add": "form without an object; unit choices from organised_units",
    "rating:pre_assessment_list": "list, starts from pre_assessments_visible_to",
    "rating:rule_set_list": "rule sets are national law, the same for every signed-in user; no unit's data",
    "rating:rule_set_detail": "a rule set (national law) and the count of its loaded sheets; no unit's data",
    "rating:rule_set_template": "an empty workbook for a rule set's sheets; no unit's data",
    "public:verify": "public by design: a certificate's page for anyone holding its QR code (unguessable token)",
    "public:catalogue": "public by design: the catalogue of certified products",
}
EXEMPT_NAMESPACES = {
    "admin": "Django admin: staff only (no role user is staff; test_role_users_do_not_reach_the_admin)",
}

# Which places' objects each role must not find (see the module docstring and scope_world.py).
ROLE_PLACES = {
    "commune_official": ["xa_phien", "vi_thuy"],
    "other_commune_official": ["thuan_hoa", "vi_thang"],
    "district_officer": ["vi_thuy", "vi_thang"],
    "leadership": ["vi_thuy", "vi_thang"],
    "province_officer": ["p94"],
    "agency_staff": ["xa_phien", "vi_thuy"],
}

# (role, url name) refused as a whole page to the role, whatever the object: 403, which tells nothing of the object.
PAGE_REFUSED = {
    ("agency_staff", "reporting:dashboard"): "agency staff have no dashboard (reporting.view_dashboard), any unit",
}
# (role, place, url name, method) legitimately visible across the places above, with the reason; none so far.
KNOWN_VISIBLE = {}
# Control requests that fail for the superuser only (ordinary users are refused earlier), with the reason.
CONTROL_ERRORS = {}

PROBES = [
    pytest.param(role, place, name, method, id=f"{role}-{place}-{name}-{method}")
    for role, places in ROLE_PLACES.items()
    for place in places
    for name in OBJECT_URLS
    for method in methods_of(name)
    if (role, place, name, method) not in KNOWN_VISIBLE
]
CONTROLS = [
    pytest.param(place, name, method, id=f"{place}-{name}-{method}")
    for place in sorted({p for places in ROLE_PLACES.values() for p in places})
    for name in OBJECT_URLS
    for method in methods_of(name)
]
PROJECT_APPS = ("org", "products", "rating", "plans", "reporting")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, in a transaction rolled back at its end; each test runs in a savepoint."""
    media = tmp_path_factory.mktemp("scope-media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers):
        with transaction.atomic():
            built = build_world()
            built.media = media
            yield built
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _test_settings(settings, world):
    """The root conftest's settings, with the media folder where the world's files were written."""
    settings.MEDIA_ROOT = world.media
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def url_of(name, kit):
    kwargs = dict(OBJECT_URLS[name](kit))
    query = kwargs.pop("?", None)
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else url


def snapshot():
    """Every row of the project's apps, as stored."""
    rows = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
    return rows


def ask(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, {"note": "x", "decision": "accept"})


@pytest.mark.parametrize(("role", "place", "name", "method"), PROBES)
def test_an_outsider_gets_404(world, client_for, role, place, name, method):
    client = client_for(world.users[role])
    url = url_of(name, world.kits[place])
    before = snapshot() if method == "POST" else None
    response = ask(client, method, url)
    expected = 403 if (role, name) in PAGE_REFUSED else 404
    assert response.status_code == expected, f"{role} {method} {url} ({place}): {response.status_code}"
    if method == "POST":
        assert snapshot() == before, f"{role} POST {url} changed rows"


@pytest.mark.parametrize(("place", "name", "method"), CONTROLS)
def test_the_probe_reaches_the_object(world, client_for, place, name, method):
    kit = world.kits[place]
    who = CONTROL_USER.get(name)
    client = client_for(getattr(kit, who) if who else world.superuser)
    client.raise_request_exception = name not in CONTROL_ERRORS
    response = ask(client, method, url_of(name, kit))
    assert response.status_code != 404, f"{method} {url_of(name, kit)}: 404"
    assert response.status_code < 500 or name in CONTROL_ERRORS, f"{method} {url_of(name, kit)}: 500"


@pytest.mark.parametrize("method", methods_of("org:agency_edit"))
def test_agency_staff_do_not_find_another_agency_of_their_unit(world, client_for, method):
    url = reverse("org:agency_edit", args=[world.other_agency.pk])
    before = snapshot()
    assert ask(client_for(world.users["agency_staff"]), method, url).status_code == 404
    assert snapshot() == before


def test_every_named_url_is_probed_or_exempt():
    def exempt(name):
        return name in EXEMPT or name.split(":")[0] in EXEMPT_NAMESPACES

    unclassified = sorted(name for name in NAMED_URLS if name not in OBJECT_URLS and not exempt(name))
    assert not unclassified, (
        f"URLs neither in the scope probe nor exempt: {unclassified}. Add each to OBJECT_URLS in "
        "ocop_portal/tests/test_scope_probe.py (an object URL) or to EXEMPT with the reason (see docs/development.md)."
    )
    stale = sorted(name for name in [*OBJECT_URLS, *EXEMPT] if name not in NAMED_URLS)
    assert not stale, f"The probe lists URLs that no longer exist: {stale}"
    assert not set(OBJECT_URLS) & set(EXEMPT)


@pytest.mark.parametrize("role", ROLE_PLACES)
def test_role_users_do_not_reach_the_admin(world, client_for, role):
    kit = world.kits[ROLE_PLACES[role][0]]
    url = reverse("admin:products_product_change", args=[kit.product.pk])
    assert client_for(world.users[role]).get(url).status_code == 302  # to the admin's sign-in
