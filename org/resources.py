"""Excel/CSV import of the administrative tree (django-import-export), keyed by official code."""

from import_export import fields, resources, widgets

from org.models import AdministrativeUnit


class AdministrativeUnitResource(resources.ModelResource):
    parent = fields.Field(
        attribute="parent",
        column_name="parent_code",
        widget=widgets.ForeignKeyWidget(AdministrativeUnit, field="code"),
    )

    class Meta:
        model = AdministrativeUnit
        import_id_fields = ["code"]
        fields = ["code", "name", "kind", "parent"]
        export_order = ["code", "name", "kind", "parent"]
        skip_unchanged = True
        clean_model_instances = True
