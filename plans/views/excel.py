"""The plan's tasks as .xlsx: status and latest progress, for the office's own tables."""

from django.http import HttpResponse
from django.utils import timezone
from django.views import View

from plans import board
from plans.resources import TaskExportResource
from plans.selectors import plans_visible_to, tasks_of
from plans.views.common import ScopedObjectMixin
from products.excel import safe_dataset

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TaskExportView(ScopedObjectMixin, View):
    permission_required = "plans.view_plan"
    scoped_queryset = plans_visible_to

    def get(self, request, *args, **kwargs):
        plan, today = self.object, timezone.localdate()
        tasks = list(tasks_of(plan))
        statuses = {task.pk: board.status_of(task, today) for task in tasks}
        dataset = safe_dataset(TaskExportResource(statuses).export(queryset=tasks))
        dataset.title = str(plan.year)
        response = HttpResponse(dataset.export("xlsx"), content_type=XLSX_TYPE)
        filename = f"ocop-plan-{plan.unit.code}-{plan.year}-tasks-{today:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
