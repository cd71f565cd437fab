"""The change history of tasks and their progress reports: kept with who and when through the app's own views,
shown on the task page, and in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from org.enums import Role
from org.tests.factories import member
from plans.models import ProgressReport, Task
from plans.tests.factories import ProgressReportFactory
from products.tests.factories import page_of

pytestmark = pytest.mark.django_db


def audit_of(page):
    return page.split('id="audit-history"')[1].split("</section>")[0]


def test_a_review_is_kept_and_shown_on_the_task(client_for, district_officer, tasks):
    report = ProgressReportFactory(task=tasks.survey)
    client = client_for(district_officer, "en")
    client.post(reverse("plans:report_review", args=[report.pk]), {"decision": "accept"})
    last = ProgressReport.history.filter(id=report.pk).latest("history_date")
    assert (last.history_type, last.history_user, last.status) == ("~", district_officer, "accepted")
    audit = audit_of(page_of(client, reverse("plans:task_detail", args=[tasks.survey.pk])))
    assert "Progress report 2020-Q1" in audit and "Status: Waiting for review → Accepted" in audit


def test_a_task_edit_is_kept(client_for, district_officer, tasks):
    task = tasks.survey
    task.title = "Rà soát các sản phẩm hiện có"
    task.save()
    assert Task.history.filter(id=task.pk).count() == 2
    audit = audit_of(page_of(client_for(district_officer, "en"), reverse("plans:task_detail", args=[task.pk])))
    assert "Rà soát, đánh giá các sản phẩm hiện có → Rà soát các sản phẩm hiện có" in audit


def test_another_districts_user_still_gets_404(tree, client_for, tasks):
    outsider = client_for(member(Role.COMMUNE_OFFICIAL, tree.far_commune, username="xa.vithang"))
    assert outsider.get(reverse("plans:task_detail", args=[tasks.survey.pk])).status_code == 404


def test_the_admin_sees_any_records_history(client, tasks):
    report = ProgressReportFactory(task=tasks.survey)
    client.force_login(get_user_model().objects.create_superuser("quantri", "quantri@example.org", "x"))
    for name, record in [("task", tasks.survey), ("progressreport", report)]:
        response = client.get(reverse(f"admin:plans_{name}_history", args=[record.pk]))
        assert response.status_code == 200, name
        assert response.context["page_obj"].object_list, name
