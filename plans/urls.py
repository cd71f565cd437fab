from django.urls import path

from plans.views import boards, excel, ledger, plans, targets, tasks

app_name = "plans"

urlpatterns = [
    path("", plans.PlanListView.as_view(), name="plan_list"),
    path("add/", plans.PlanCreateView.as_view(), name="plan_add"),
    path("my-tasks/", boards.AgencyTasksView.as_view(), name="agency_tasks"),
    path("funding-rules/", ledger.FundingRuleListView.as_view(), name="funding_rules"),
    path("funding-rules/add/", ledger.FundingRuleCreateView.as_view(), name="funding_rule_add"),
    path("funding-rules/<int:pk>/delete/", ledger.FundingRuleDeleteView.as_view(), name="funding_rule_delete"),
    path("funding/<int:pk>/edit/", ledger.FundingUpdateView.as_view(), name="funding_edit"),
    path("<int:pk>/", plans.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/edit/", plans.PlanUpdateView.as_view(), name="plan_edit"),
    path("<int:pk>/copy/", plans.PlanCopyView.as_view(), name="plan_copy"),
    path("<int:pk>/file/", plans.PlanFileView.as_view(), name="plan_file"),
    path("<int:pk>/dashboard/", boards.PlanDashboardView.as_view(), name="dashboard"),
    path("<int:pk>/tasks.xlsx", excel.TaskExportView.as_view(), name="task_export"),
    path("<int:pk>/targets/add/", targets.TargetCreateView.as_view(), name="target_add"),
    path("<int:pk>/tasks/add/", tasks.TaskCreateView.as_view(), name="task_add"),
    path("<int:pk>/activities/", ledger.ActivityListView.as_view(), name="activity_list"),
    path("<int:pk>/activities/add/", ledger.ActivityCreateView.as_view(), name="activity_add"),
    path("<int:pk>/funding/", ledger.FundingListView.as_view(), name="funding_list"),
    path("<int:pk>/funding/add/", ledger.FundingCreateView.as_view(), name="funding_add"),
    path("targets/<int:pk>/edit/", targets.TargetUpdateView.as_view(), name="target_edit"),
    path("targets/<int:pk>/actual/", targets.ActualView.as_view(), name="target_actual"),
    path("tasks/<int:pk>/", tasks.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.TaskUpdateView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/report/", tasks.ReportCreateView.as_view(), name="report_add"),
    path("reports/<int:pk>/review/", tasks.ReviewView.as_view(), name="report_review"),
    path("activities/<int:pk>/edit/", ledger.ActivityUpdateView.as_view(), name="activity_edit"),
    path("files/<int:pk>/", tasks.EvidenceFileView.as_view(), name="evidence_file"),
]
