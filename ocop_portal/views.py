from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from ocop_portal.home import next_steps_for, registry_summary, sheets_to_score
from org.enums import Role
from org.selectors import memberships_with_role, primary_role, units_visible_to
from plans.home import plan_alerts


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows once a user name is locked after too many wrong passwords."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@login_required
def home(request):
    """Send each person to the home page of their main role."""
    role = primary_role(request.user)
    if role is None:
        ended = request.user.memberships.filter(ended_at__isnull=False).select_related("unit", "agency")
        return render(request, "home/no_role.html", {"ended": ended.order_by("-ended_at", "pk")})
    return redirect("role_home", role=role)


class RoleHomeView(PermissionRequiredMixin, TemplateView):
    template_name = "home/role_home.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()  # to the sign-in page, whatever the role in the URL
        if kwargs["role"] not in Role.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        return [f"org.home_{self.kwargs['role']}"]

    def get_context_data(self, **kwargs):
        role = Role(self.kwargs["role"])
        memberships = memberships_with_role(self.request.user, role)
        context = super().get_context_data(**kwargs)
        context.update(
            role=role,
            memberships=memberships,
            next_steps=next_steps_for(role),
            unit_count=units_visible_to(self.request.user).count(),
            today=timezone.localdate(),
            registry=registry_summary(self.request.user, role),
            sheets_to_score=sheets_to_score(self.request.user),
            plan_alerts=plan_alerts(self.request.user, role),
        )
        return context
