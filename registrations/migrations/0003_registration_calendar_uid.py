from django.db import migrations, models


def keep_what_was_sent(apps, schema_editor):
    """Existing registrations keep the UID and SEQUENCE their mails already carried
    (the host location's or the event's), so their next update replaces that entry."""
    Registration = apps.get_model("registrations", "Registration")
    rows = Registration.objects.select_related("event", "session").only(
        "pk", "calendar_sequence", "event__ical_uid", "session__uid", "session__kind"
    )
    for row in rows.iterator():
        host = row.session is not None and row.session.kind == "gastlocatie"
        row.calendar_uid = row.session.uid if host else row.event.ical_uid
        row.calendar_revision = row.calendar_sequence or 0
        row.save(update_fields=["calendar_uid", "calendar_revision"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_withdrawn_calendar_entries"),
        ("registrations", "0002_organiser_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="calendar_uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="registration",
            name="calendar_revision",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(keep_what_was_sent, migrations.RunPython.noop),
    ]
