from django.urls import path

from rating.views import rounds, rule_sets, sheets

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
    path("rule-sets/", rule_sets.RuleSetListView.as_view(), name="rule_set_list"),
    path("rule-sets/<int:pk>/", rule_sets.RuleSetDetailView.as_view(), name="rule_set_detail"),
    path("rule-sets/<int:pk>/template.xlsx", rule_sets.RuleSetTemplateView.as_view(), name="rule_set_template"),
    path("sheets/<int:pk>/", sheets.SheetView.as_view(), name="sheet"),
    path("sheets/<int:pk>/conflict/", sheets.ConflictView.as_view(), name="conflict"),
    path("sheets/<int:pk>/reopen/", sheets.ReopenSheetView.as_view(), name="sheet_reopen"),
]
