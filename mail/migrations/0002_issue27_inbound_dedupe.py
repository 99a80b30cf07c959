"""Incoming e-mail is de-duplicated per sender (``dedupe_key``), and Message-IDs are kept
whole. Rows already recorded get the key the code now computes for them."""

import hashlib

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    InboundMessage = apps.get_model("mail", "InboundMessage")
    for row in InboundMessage.objects.only("pk", "sender", "message_id").iterator():
        key = f"{row.sender.lower()}\n{row.message_id}".encode()
        row.dedupe_key = hashlib.sha256(key).hexdigest()
        row.save(update_fields=["dedupe_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="inboundmessage",
            name="dedupe_key",
            field=models.CharField(max_length=64, null=True, verbose_name="de-duplication key"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="inboundmessage",
            name="dedupe_key",
            field=models.CharField(max_length=64, unique=True, verbose_name="de-duplication key"),
        ),
        migrations.AlterField(
            model_name="inboundmessage",
            name="message_id",
            field=models.TextField(blank=True, verbose_name="Message-ID"),
        ),
    ]
