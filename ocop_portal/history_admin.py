"""Admin pages that show a record and its change history but change nothing: for the records the app's services
alone may change (rounds, entries, sheets, certificates, documents), reached in the admin for their history."""

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
