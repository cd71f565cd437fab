from django.urls import path

from rating.views import dossier, preassessments, rounds, rule_sets, sheets

app_name = "rating"

urlpatterns = [
    path("", rounds.RoundListView.as_view(), name="round_list"),
    path("add/", rounds.RoundCreateView.as_view(), name="round_add"),
    path("<int:pk>/", rounds.RoundDetailView.as_view(), name="round_detail"),
    path("<int:pk>/minutes.pdf", rounds.MinutesView.as_view(), name="minutes"),
    path("<int:pk>/action/<slug:action>/", rounds.RoundActionView.as_view(), name="round_action"),
    path("<int:pk>/add/<slug:what>/", rounds.PrepareView.as_view(), name="round_prepare"),
    path("<int:pk>/entries/<int:entry_pk>/checks/", rounds.EntryChecksView.as_view(), name="entry_checks"),
    path("<int:pk>/entries/<int:entry_pk>/discussion/", rounds.DiscussionView.as_view(), name="discussion"),
    path("<int:pk>/entries/<int:entry_pk>/dossier/", dossier.EntryDossierView.as_view(), name="entry_dossier"),
    path(
        "<int:pk>/entries/<int:entry_pk>/dossier/<int:document_pk>/",
        dossier.EntryDocumentView.as_view(),
        name="entry_document",
    ),
    path("rule-sets/", rule_sets.RuleSetListView.as_view(), name="rule_set_list"),
    path("rule-sets/<int:pk>/", rule_sets.RuleSetDetailView.as_view(), name="rule_set_detail"),
    path("rule-sets/<int:pk>/template.xlsx", rule_sets.RuleSetTemplateView.as_view(), name="rule_set_template"),
    path("pre-assessments/", preassessments.PreAssessmentListView.as_view(), name="pre_assessment_list"),
    path("pre-assessments/start/<int:product_pk>/", preassessments.StartView.as_view(), name="pre_assessment_start"),
    path("pre-assessments/<int:pk>/", preassessments.PreAssessmentDetailView.as_view(), name="pre_assessment_detail"),
    path("pre-assessments/<int:pk>/<slug:action>/", preassessments.StepView.as_view(), name="pre_assessment_step"),
    path("sheets/<int:pk>/", sheets.SheetView.as_view(), name="sheet"),
    path("sheets/<int:pk>/conflict/", sheets.ConflictView.as_view(), name="conflict"),
    path("sheets/<int:pk>/reopen/", sheets.ReopenSheetView.as_view(), name="sheet_reopen"),
]
