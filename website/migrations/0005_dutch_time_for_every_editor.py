"""Every editor works in Dutch time (WAGTAIL_USER_TIME_ZONES allows only Europe/Amsterdam).

Wagtail reads and writes the times in the admin in the time zone stored on each
editor's profile; a zone chosen before the setting existed would stay in force with
no way to change it. Clearing it falls back to TIME_ZONE. Nothing to undo.
"""

from django.db import migrations


def clear_other_time_zones(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    UserProfile.objects.exclude(current_time_zone__in=["", "Europe/Amsterdam"]).update(
        current_time_zone=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0004_outbox_and_scheduler"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(clear_other_time_zones, migrations.RunPython.noop)]
