"""The council's minutes of a closed round: every member's total, the average, stars and the decision."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from org.enums import Role
from org.tests.factories import member
from rating import minutes
from rating.enums import RoundStatus
from rating.tests.test_forwarding import long_my_2020  # noqa: F401  (the Long Mỹ 2020 round, published)

pytestmark = pytest.mark.django_db


def test_the_minutes_hold_each_members_total_and_the_decision(long_my_2020):  # noqa: F811
    round_, tea, honey, fish = long_my_2020
    context = minutes.minutes_context(round_)
    rows = {row["entry"].product.name: row for row in context["rows"]}
    assert [str(s.total) for s in rows["Trà mãng cầu"]["cells"]] == ["74.0", "75.0", "73.5", "75.5", "74.5"]
    assert (str(rows["Trà mãng cầu"]["average"]), rows["Trà mãng cầu"]["forwarded"]) == ("74.5", True)
    assert (str(rows["Khô cá"]["average"]), rows["Khô cá"]["forwarded"]) == ("46.0", False)
    with translation.override("vi"):
        html = render_to_string("rating/minutes_pdf.html", context)
    assert "74,5" in html and "Đề nghị cấp trên đánh giá" in html and html.count("★★★★<") == 1


def test_the_pdf_downloads_once_the_round_is_closed(tree, long_my_2020, client_for, district_officer):  # noqa: F811
    round_ = long_my_2020[0]
    url = reverse("rating:minutes", args=[round_.pk])
    response = client_for(district_officer).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    outsider = member(Role.COMMUNE_OFFICIAL, tree.far_commune, username="xa.vithang")
    assert client_for(outsider).get(url).status_code == 404
    round_.status = RoundStatus.SCORING
    round_.save()
    assert client_for(district_officer).get(url).status_code == 404
