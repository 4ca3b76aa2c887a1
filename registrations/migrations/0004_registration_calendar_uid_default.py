import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registrations", "0003_registration_calendar_uid")]

    operations = [
        migrations.AlterField(
            model_name="registration",
            name="calendar_uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
    ]
