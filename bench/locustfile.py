"""The load test's users (run by bench/load.py; see bench/README.md, "load.py: 50 users for 60 s").

Five kinds of user, weighted like real use of a district's portal: commune officials are the most numerous,
then the public, district officers, council members and leadership. Each signed-in user opens its own session
with its role's demo account (GET the sign-in page, POST it with the CSRF token) and then follows its journey,
finding the ids it needs (products, rounds, sheets, reports, certificates) in the pages it reads, as a person
clicks through them. Requests are named by page (`name=`), so the figures are per page, not per id.

Environment: LOAD_PASSWORD (the accounts' password, required), LOAD_WORLD ("demo": seed_demo's accounts;
"scale": seed_scale's, on the province-scale world), LOAD_STATUS_FILE (where the status codes
seen per page are written as JSON when the run stops; load.py reads it), LOAD_WAIT ("1,4": the think time
between two pages, in seconds).
"""

import json
import os
import random
import re
import uuid
from collections import defaultdict
from html import unescape

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
SCALE = os.environ.get("LOAD_WORLD", "demo") == "scale"


def accounts(demo, scale):
    """The role's accounts in the world the run seeded (seed_demo's, or seed_scale's: Long Mỹ's people)."""
    return scale if SCALE else demo


WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "1,4").split(","))

# Status codes per request name, from every response (a followed redirect's too), for the 5xx/4xx columns.
STATUS_CODES = defaultdict(lambda: defaultdict(int))

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def links(html, pattern):
    return sorted(set(re.findall(pattern, html)))


def form_hidden(html):
    """The hidden inputs of the page's own POST form (not the language or sign-out forms), as a browser sends them."""
    for attributes, body in re.findall(r"<form([^>]*)>(.*?)</form>", html, re.S):
        if 'method="post"' in attributes and re.search(r'action="/(i18n|accounts/logout)/', attributes) is None:
            fields = {}
            for tag in re.findall(r"<input[^>]*>", body):
                if 'type="hidden"' in tag and (name := re.search(r'name="([^"]+)"', tag)):
                    value = re.search(r'value="([^"]*)"', tag)
                    fields[name.group(1)] = unescape(value.group(1)) if value else ""
            return fields
    return {}


def form_errors(html):
    """The form's error messages, for a failure's text."""
    found = re.findall(r'class="invalid-feedback"[^>]*>(.*?)</(?:span|div|p)>', html, re.S)
    found += re.findall(r'class="alert alert-block alert-danger"[^>]*>(.*?)</div>', html, re.S)
    return "; ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", e)).strip() for e in found)[:300]


def select_options(html, name):
    """The non-empty option values of <select name=...>."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return [v for v in re.findall(r'<option value="([^"]*)"', match.group(1)) if v] if match else []


@events.request.add_listener
def _count_status(name, response, exception, **_kwargs):
    if response is None:
        return
    for step in [*getattr(response, "history", []), response]:
        STATUS_CODES[name][getattr(step, "status_code", 0) or 0] += 1


@events.test_stop.add_listener
def _write_status(**_kwargs):
    path = os.environ.get("LOAD_STATUS_FILE")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({name: dict(codes) for name, codes in STATUS_CODES.items()}, out, indent=1, sort_keys=True)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    accounts = ()  # demo usernames of the role; users take them in turn
    role = ""  # the home page's role slug (/home/<role>/)
    _taken = 0

    def on_start(self):
        cls = type(self)
        self.username = cls.accounts[cls._taken % len(cls.accounts)]
        cls._taken += 1
        self.sign_in()

    def sign_in(self):
        page = self.client.get("/accounts/login/", name="sign in (GET)")
        token = CSRF_RE.search(page.text)
        if token is None:
            return
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token.group(1), "username": self.username, "password": PASSWORD, "next": ""},
            name="sign in (POST)",
            catch_response=True,
        ) as response:
            if response.status_code == 200 and f"/home/{self.role}/" not in response.url:
                response.failure(f"{self.username} not signed in (landed on {response.url})")

    def page(self, path, name, *, params=None):
        """GET a page that needs the session: a failure unless 200 and still signed in."""
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            if response.status_code == 200 and "/accounts/login/" in response.url:
                response.failure("sent to the sign-in page: session lost")
            return response.text if response.status_code == 200 else ""

    def form_post(self, path, data, name, *, form_html):
        data = {**form_hidden(form_html), **data}  # the CSRF token, and whatever else the form carries
        return self.client.post(path, data=data, name=name, catch_response=True)

    def home(self):
        self.page("/", f"home: {self.role.replace('_', ' ')}")


class CommuneOfficial(PortalUser):
    """Registers and follows the products of its commune."""

    weight = 16
    role = "commune_official"
    accounts = accounts(("xa.thuanhoa", "xa.vithang"), ("scale.xa",))  # communes with producers

    def on_start(self):
        super().on_start()
        self.products = []
        self.sent_invalid = False

    @task(3)
    def open_home(self):
        self.home()

    @task(4)
    def product_list(self):
        html = self.page("/products/", "products: list")
        self.products = links(html, r'href="/products/(\d+)/"') or self.products

    @task(4)
    def product_detail(self):
        if self.products:
            self.page(f"/products/{random.choice(self.products)}/", "products: detail")

    @task(2)
    def new_product_form(self):
        self.page("/products/add/", "products: add (GET)")

    @task(1)
    def register_product(self):
        form = self.page("/products/add/", "products: add (GET)")
        producers, sets = select_options(form, "producer"), select_options(form, "product_set")
        if not producers or not sets:
            return
        data = {
            "kind": "new",
            "name": f"Sản phẩm thử tải {uuid.uuid4().hex[:8]}",
            "producer": random.choice(producers),
            "product_set": random.choice(sets),
            "year": "2026",
            "value_proposition": "Đặc sản địa phương, nguyên liệu tại chỗ.",
            "expected_price": "85000",
        }
        if not self.sent_invalid:  # once per user: no name, a price that is not a number
            self.sent_invalid = True
            bad = {**data, "name": "", "expected_price": "tám lăm nghìn"}
            with self.form_post("/products/add/", bad, "products: add (POST, invalid)", form_html=form) as response:
                if response.status_code == 200 and "/products/add/" not in response.url:
                    response.failure(f"invalid form not shown again (landed on {response.url})")
                elif response.status_code == 200 and "is-invalid" not in response.text:
                    response.failure("invalid form shown without its errors")
        with self.form_post("/products/add/", data, "products: add (POST)", form_html=form) as response:
            if response.status_code == 200 and not re.search(r"/products/\d+/$", response.url):
                response.failure(f"product not saved ({response.url}): {form_errors(response.text)}")

    @task(2)
    def producer_list(self):
        self.page("/products/producers/", "producers: list")


class DistrictOfficer(PortalUser):
    """Reviews the district's registry and follows the rating rounds."""

    weight = 8
    role = "district_officer"
    accounts = accounts(("huyen.longmy",), ("scale.huyen",))
    searches = ("trà", "mật ong", "bánh", "khô", "gạo", "cá")

    def on_start(self):
        super().on_start()
        self.products, self.rounds, self.statuses, self.communes = [], [], [], []

    @task(2)
    def open_home(self):
        self.home()

    @task(4)
    def filtered_list(self):
        if not self.statuses:
            html = self.page("/products/", "products: list")
            self.statuses = select_options(html, "status")
            self.communes = select_options(html, "commune")
        params = {}
        if self.statuses and random.random() < 0.7:
            params["status"] = random.choice(self.statuses)
        if self.communes and random.random() < 0.5:
            params["commune"] = random.choice(self.communes)
        if random.random() < 0.5:
            params["q"] = random.choice(self.searches)
        html = self.page("/products/", "products: list (filtered)", params=params)
        self.products = links(html, r'href="/products/(\d+)/"') or self.products

    @task(3)
    def product_detail(self):
        if self.products:
            self.page(f"/products/{random.choice(self.products)}/", "products: detail")

    @task(2)
    def round_list(self):
        html = self.page("/rating/", "rating: rounds")
        self.rounds = links(html, r'href="/rating/(\d+)/"') or self.rounds

    @task(2)
    def round_results(self):
        if self.rounds:
            self.page(f"/rating/{random.choice(self.rounds)}/", "rating: round (results)")


class CouncilMember(PortalUser):
    """Opens the rounds it sits on and its score sheets (the demo's sheets are all submitted: read only)."""

    weight = 8
    role = "agency_staff"  # council members are agency staff with a seat
    accounts = accounts(
        ("hoidong.nnptnt", "hoidong.yte", "hoidong.tckh", "hoidong.vhtt", "hdt.nnptnt", "hdt.khcn"),
        ("scale.hoidong", "scale.hd.936.1", "scale.hd.936.2", "scale.hd.936.3", "scale.hd.tinh.2"),
    )

    def on_start(self):
        super().on_start()
        self.rounds, self.sheets = [], []

    @task(2)
    def open_home(self):
        self.home()

    @task(2)
    def round_list(self):
        html = self.page("/rating/", "rating: rounds")
        self.rounds = links(html, r'href="/rating/(\d+)/"') or self.rounds

    @task(2)
    def round_detail(self):
        if self.rounds:
            html = self.page(f"/rating/{random.choice(self.rounds)}/", "rating: round (results)")
            self.sheets = sorted(set(self.sheets) | set(links(html, r'href="/rating/sheets/(\d+)/"')))

    @task(5)
    def score_sheet(self):
        if self.sheets:
            self.page(f"/rating/sheets/{random.choice(self.sheets)}/", "rating: score sheet")


class Leadership(PortalUser):
    """Reads the dashboard and the reports, asks for a report now and then, looks at certificates."""

    weight = 6
    role = "leadership"
    accounts = accounts(("lanhdao.longmy",), ("scale.lanhdao",))

    def on_start(self):
        super().on_start()
        self.reports = []

    @task(3)
    def open_home(self):
        self.home()

    @task(3)
    def report_list(self):
        html = self.page("/reports/", "reports: list")
        self.reports = links(html, r'href="/reports/(\d+)/"') or self.reports

    @task(1)
    def report_detail(self):
        if self.reports:
            self.page(f"/reports/{random.choice(self.reports)}/", "reports: detail")

    @task(2)
    def dashboard(self):
        self.page("/reports/dashboard/", "reports: dashboard")

    @task(2)
    def certificate_list(self):
        self.page("/rating/certificates/", "certificates: list")

    @task(1)
    def request_report(self):
        form = self.page("/reports/new/", "reports: request (GET)")
        units = select_options(form, "unit")
        if not units or random.random() < 0.5:  # "sometimes": half of the times the form is opened
            return
        # A quarter of last year for the district: the same period is produced once, then found again.
        data = {"unit": units[0], "kind": "quarter", "year": "2025", "part": str(random.randint(1, 4))}
        with self.form_post("/reports/new/", data, "reports: request (POST)", form_html=form) as response:
            if response.status_code == 200 and not re.search(r"/reports/\d+/$", response.url):
                response.failure(f"report not requested ({response.url}): {form_errors(response.text)}")


class Public(HttpUser):
    """Anyone: the catalogue of certified products and the certificate page a QR code opens."""

    weight = 12
    wait_time = between(*WAIT)

    def on_start(self):
        self.tokens = []

    @task(3)
    def catalogue(self):
        html = self.client.get("/catalogue/", name="public: catalogue").text
        self.tokens = links(html, r'href="/verify/([0-9a-f-]{36})/"') or self.tokens

    @task(1)
    def catalogue_filtered(self):
        params = {"stars": random.choice(["3", "4", "5"])}
        self.client.get("/catalogue/", params=params, name="public: catalogue (filtered)")

    @task(4)
    def certificate(self):
        if self.tokens:
            self.client.get(f"/verify/{unescape(random.choice(self.tokens))}/", name="public: certificate")
