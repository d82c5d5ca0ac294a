"""The combined notice of acceptance of a bundle case (frozen facts, verification code,
stored PDF) and the bundle case's one pickup code for 统一出件."""

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_proxy_originals_returned'),
        ('documents', '0001_stored_file'),
    ]

    operations = [
        migrations.AddField(
            model_name='bundlecase',
            name='pickup_code',
            field=models.CharField(blank=True, max_length=6, verbose_name='pickup code'),
        ),
        migrations.CreateModel(
            name='BundleNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('number', models.CharField(max_length=64, unique=True, verbose_name='notice number')),
                ('verify_code', models.CharField(max_length=32, unique=True)),
                ('language', models.CharField(max_length=10)),
                ('issued_on', models.DateField(verbose_name='issued on')),
                ('facts', models.JSONField(default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('bundle_case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='cases.bundlecase')),
                ('file', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.storedfile')),
            ],
            options={
                'ordering': ['id'],
            },
        ),
    ]
