"""Excel export of a plan's tasks with their derived status and latest progress (django-import-export)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from plans.models import Task

LABELS = {
    "section": gettext_lazy("Section"),
    "title": gettext_lazy("Task"),
    "lead": gettext_lazy("Lead agency"),
    "coordinating": gettext_lazy("Coordinating agencies"),
    "due": gettext_lazy("Due date or recurrence"),
    "state": gettext_lazy("Status"),
    "percent": gettext_lazy("Percent done"),
    "latest_period": gettext_lazy("Latest report: period"),
    "latest_agency": gettext_lazy("Latest report: agency"),
    "latest_status": gettext_lazy("Latest report: status"),
    "latest_date": gettext_lazy("Latest report: sent on"),
    "latest_text": gettext_lazy("Latest report: what was done"),
}


def _date(day):
    return date_format(day, "d/m/Y") if day else ""


class TaskExportResource(resources.ModelResource):
    """Columns in the user's language; `statuses` maps a task's pk to its board.status_of()."""

    section = fields.Field()
    title = fields.Field()
    lead = fields.Field()
    coordinating = fields.Field()
    due = fields.Field()
    state = fields.Field()
    percent = fields.Field()
    latest_period = fields.Field()
    latest_agency = fields.Field()
    latest_status = fields.Field()
    latest_date = fields.Field()
    latest_text = fields.Field()

    class Meta:
        model = Task
        fields = tuple(LABELS)

    def __init__(self, statuses):
        super().__init__()
        self.statuses = statuses
        for name, label in LABELS.items():  # in the language of the request
            self.fields[name].column_name = str(label)

    def get_export_order(self):
        return ("section", "title", "lead", "coordinating", "due", "state", "percent", "latest_period",
                "latest_agency", "latest_status", "latest_date", "latest_text")  # fmt: skip

    def _latest(self, task):
        return self.statuses[task.pk].latest

    def dehydrate_section(self, task):
        return task.section

    def dehydrate_title(self, task):
        return task.title

    def dehydrate_lead(self, task):
        return task.lead_agency.name

    def dehydrate_coordinating(self, task):
        return "; ".join(agency.name for agency in task.coordinating_agencies.all())

    def dehydrate_due(self, task):
        return _date(task.due_date) if task.due_date else str(task.get_recurrence_display())

    def dehydrate_state(self, task):
        return str(self.statuses[task.pk].state.label)

    def dehydrate_percent(self, task):
        return self.statuses[task.pk].percent

    def dehydrate_latest_period(self, task):
        latest = self._latest(task)
        return str(_period_label(latest.period)) if latest else ""

    def dehydrate_latest_agency(self, task):
        latest = self._latest(task)
        return latest.agency.name if latest else ""

    def dehydrate_latest_status(self, task):
        latest = self._latest(task)
        return str(latest.get_status_display()) if latest else ""

    def dehydrate_latest_date(self, task):
        latest = self._latest(task)
        return _date(timezone.localdate(latest.submitted_at)) if latest else ""

    def dehydrate_latest_text(self, task):
        latest = self._latest(task)
        return latest.text if latest else ""


def _period_label(code):
    from plans.periods import parse

    return parse(code).label
