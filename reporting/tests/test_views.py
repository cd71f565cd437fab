"""Who reaches a report's pages (detail, the htmx progress fragment, the PDF and Excel files, regenerate): the
unit's own people and those above it read and download; another district's people and the communes below find
nothing (404); agency staff of the unit read only (403 on writes); a visitor is sent to sign in.

The other view tests: test_views_request.py (the request form), test_views_progress.py (the fragment and
regenerating), test_views_lists.py (the list, the dashboard and the home pages)."""

from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from org.enums import Role
from org.tests.factories import AgencyFactory, member
from plans.tests.factories import local_moment
from reporting.enums import ReportState
from reporting.models import Report
from reporting.periods import quarter
from reporting.tests.view_support import Q3_2020, body, idea, pdf_text, produced, stored

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


@pytest.fixture
def far_leadership(tree):
    return member(Role.LEADERSHIP, tree.other_district, username="lanhdao.vithuy")


@pytest.fixture
def far_officer(tree):
    return member(Role.DISTRICT_OFFICER, tree.other_district, username="huyen.vithuy")


@pytest.fixture
def far_staff(tree):
    agency = AgencyFactory(unit=tree.other_district, name="Phòng KT&HT Vị Thủy", short_name="Phòng KT&HT VT")
    return member(Role.AGENCY_STAFF, agency, username="coquan.vithuy")


@pytest.fixture
def province_leadership(tree):
    return member(Role.LEADERSHIP, tree.province, username="lanhdao.haugiang")


@pytest.fixture
def report(tree):
    """Long Mỹ's Q3 2020 report, ready, with stand-in files."""
    return stored(tree.district)


def urls(report):
    return {
        "detail": reverse("reporting:report_detail", args=[report.pk]),
        "pdf": reverse("reporting:report_pdf", args=[report.pk]),
        "xlsx": reverse("reporting:report_xlsx", args=[report.pk]),
    }


def regenerate_url(report):
    return reverse("reporting:report_regenerate", args=[report.pk])


@pytest.mark.parametrize("who", ["leadership", "district_officer"])
def test_the_district_reads_its_report_and_downloads_both_files(request, client_for, tree, who):
    user = request.getfixturevalue(who)
    idea(tree.commune, local_moment(Q3_2020.start.replace(day=15)), name="Trà mãng cầu Thuận Hòa")
    report = produced(user, tree.district)
    client = client_for(user)

    page = client.get(urls(report)["detail"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Long Mỹ" in html and 'id="download-pdf"' in html and 'id="download-xlsx"' in html
    assert 'id="regenerate"' in html  # leadership and the office may produce it again

    pdf = client.get(urls(report)["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="bao-cao-ocop-936-long-my-2020-q3.pdf"'
    data = body(pdf)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Long Mỹ" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text

    xlsx = client.get(urls(report)["xlsx"])
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx["Content-Disposition"] == 'attachment; filename="bao-cao-ocop-936-long-my-2020-q3.xlsx"'
    book = openpyxl.load_workbook(BytesIO(body(xlsx)))
    first = next(book.worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[1] == 1  # the idea registered in the quarter, as in the PDF


def test_the_htmx_poll_gets_the_fragment_only(client_for, leadership, report):
    response = client_for(leadership).get(urls(report)["detail"], headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="report-progress"') and "<html" not in html
    assert "HX-Request" in response.get("Vary", "")  # the page and the fragment are not cached as one


@pytest.mark.parametrize("who", ["province_officer", "province_leadership"])
def test_the_province_above_reads_and_downloads(request, client_for, report, who):
    client = client_for(request.getfixturevalue(who))
    for name, url in urls(report).items():
        response = client.get(url)
        assert response.status_code == 200, name
    assert client.get(urls(report)["detail"], headers=HX).status_code == 200
    assert body(client.get(urls(report)["pdf"])).startswith(b"%PDF")


OUTSIDERS = ["far_leadership", "far_officer", "far_staff", "commune_official", "other_commune_official"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_another_district_and_the_communes_below_find_nothing(request, client_for, report, who):
    """The issue: leadership of one district cannot download another district's report (404)."""
    client = client_for(request.getfixturevalue(who))
    for name, url in urls(report).items():
        assert client.get(url).status_code == 404, name
    assert client.get(urls(report)["detail"], headers=HX).status_code == 404
    assert client.post(regenerate_url(report)).status_code == 404
    assert f'href="{urls(report)["detail"]}"' not in client.get(reverse("reporting:report_list")).content.decode()
    report.refresh_from_db()
    assert (report.generation, report.status) == (1, ReportState.DONE)


def test_leadership_of_one_district_is_refused_the_others_report(client_for, tree, leadership, far_leadership):
    """Both ways, with reports of both districts present."""
    own, far = stored(tree.district), stored(tree.other_district)
    assert client_for(leadership).get(urls(own)["pdf"]).status_code == 200
    assert client_for(leadership).get(urls(far)["pdf"]).status_code == 404
    assert client_for(far_leadership).get(urls(far)["pdf"]).status_code == 200
    assert client_for(far_leadership).get(urls(own)["pdf"]).status_code == 404


def test_a_commune_official_owns_the_communes_report(client_for, tree, commune_official, other_commune_official):
    commune_report = stored(tree.commune)
    for name, url in urls(commune_report).items():
        assert client_for(commune_official).get(url).status_code == 200, name
        assert client_for(other_commune_official).get(url).status_code == 404, name
    assert 'id="regenerate"' in client_for(commune_official).get(urls(commune_report)["detail"]).content.decode()


def test_agency_staff_read_their_units_report_but_write_nothing(client_for, tree, agency_staff, report):
    client = client_for(agency_staff)
    for name, url in urls(report).items():
        assert client.get(url).status_code == 200, name
    assert client.get(urls(report)["detail"], headers=HX).status_code == 200
    assert 'id="regenerate"' not in client.get(urls(report)["detail"]).content.decode()
    assert client.post(regenerate_url(report)).status_code == 403
    report.refresh_from_db()
    assert (report.generation, report.status, report.transitions.count()) == (1, ReportState.DONE, 1)
    new = reverse("reporting:report_request")
    assert client.get(new).status_code == 403
    form = {"unit": tree.district.pk, "kind": "quarter", "year": 2020, "part": 2}
    assert client.post(new, form).status_code == 403
    assert Report.objects.count() == 1
    assert 'id="new-report"' not in client.get(reverse("reporting:report_list")).content.decode()
    # Their agency's unit only: the communes' reports are not theirs.
    assert client.get(urls(stored(tree.commune))["detail"]).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, report):
    login = reverse("login")
    pages = [*urls(report).values(), reverse("reporting:report_list"), reverse("reporting:report_request"),
             reverse("reporting:dashboard")]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{login}?next={url}", url
    response = client.post(regenerate_url(report))
    assert response.status_code == 302 and response.url.startswith(login)
    report.refresh_from_db()
    assert report.generation == 1


def test_a_missing_file_or_report_is_404(client_for, tree, leadership):
    queued = stored(tree.district, status=ReportState.QUEUED)
    client = client_for(leadership)
    assert client.get(urls(queued)["pdf"]).status_code == 404  # nothing produced yet
    assert client.get(urls(queued)["xlsx"]).status_code == 404
    assert client.get(reverse("reporting:report_detail", args=[queued.pk + 100])).status_code == 404
    done = stored(tree.district, period=quarter(2020, 2))
    done.pdf.storage.delete(done.pdf.name)  # the row names a file the storage lost
    assert client.get(urls(done)["pdf"]).status_code == 404
