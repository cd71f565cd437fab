"""Certificates from a province's register (issue 16 item 6): a certificate names its product (filled here from
its entry for the existing ones), may have no entry when it comes from the register, and records the
recognition's decision. A check constraint keeps a round's certificate whole."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def product_from_entry(apps, schema_editor):
    """Each certificate (and its history rows) names its entry's product: one UPDATE with a subquery each."""
    Entry = apps.get_model("rating", "Entry")
    product_of = Subquery(Entry.objects.filter(pk=OuterRef("entry_id")).values("product_id")[:1])
    for model in ("Certificate", "HistoricalCertificate"):
        apps.get_model("rating", model).objects.filter(product__isnull=True, entry_id__isnull=False).update(
            product_id=product_of
        )


class Migration(migrations.Migration):

    dependencies = [
        ('products', '0006_register_product_group'),
        ('rating', '0008_pre_assessment'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='certificate',
            name='decision_date',
            field=models.DateField(blank=True, null=True, verbose_name='decision date'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='decision_number',
            field=models.CharField(blank=True, max_length=60, verbose_name='decision number'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='product',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='products.product', verbose_name='product'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='recognised_by',
            field=models.CharField(blank=True, max_length=200, verbose_name='recognised by'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='origin',
            field=models.CharField(choices=[('round', 'Rating round'), ('register', 'Province register')], default='round', max_length=10, verbose_name='origin'),
        ),
        migrations.AddField(
            model_name='historicalcertificate',
            name='decision_date',
            field=models.DateField(blank=True, null=True, verbose_name='decision date'),
        ),
        migrations.AddField(
            model_name='historicalcertificate',
            name='decision_number',
            field=models.CharField(blank=True, max_length=60, verbose_name='decision number'),
        ),
        migrations.AddField(
            model_name='historicalcertificate',
            name='product',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='product'),
        ),
        migrations.AddField(
            model_name='historicalcertificate',
            name='recognised_by',
            field=models.CharField(blank=True, max_length=200, verbose_name='recognised by'),
        ),
        migrations.AddField(
            model_name='historicalcertificate',
            name='origin',
            field=models.CharField(choices=[('round', 'Rating round'), ('register', 'Province register')], default='round', max_length=10, verbose_name='origin'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='entry',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='certificate', to='rating.entry'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='issued_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='issued_on',
            field=models.DateField(blank=True, null=True, verbose_name='issued on'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='number',
            field=models.CharField(blank=True, max_length=40, verbose_name='certificate number'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='valid_until',
            field=models.DateField(blank=True, null=True, verbose_name='valid until'),
        ),
        migrations.AlterField(
            model_name='historicalcertificate',
            name='issued_on',
            field=models.DateField(blank=True, null=True, verbose_name='issued on'),
        ),
        migrations.AlterField(
            model_name='historicalcertificate',
            name='number',
            field=models.CharField(blank=True, max_length=40, verbose_name='certificate number'),
        ),
        migrations.AlterField(
            model_name='historicalcertificate',
            name='valid_until',
            field=models.DateField(blank=True, null=True, verbose_name='valid until'),
        ),
        migrations.RunPython(product_from_entry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='certificate',
            name='product',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='products.product', verbose_name='product'),
        ),
        migrations.AddIndex(
            model_name='certificate',
            index=models.Index(fields=['product', 'decision_number'], name='certificate_register_match'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.CheckConstraint(condition=models.Q(('origin', 'register'), models.Q(('entry__isnull', False), models.Q(('number', ''), _negated=True), ('issued_on__isnull', False), ('valid_until__isnull', False)), _connector='OR'), name='certificate_entry_or_register'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.UniqueConstraint(condition=models.Q(('number', ''), _negated=True), fields=('number',), name='certificate_number_unique'),
        ),
    ]
