"""Editors meet Wagtail's root page in the explorer and in every page chooser."""

from django.db import migrations

TITLE = "Hoofdniveau"  # Wagtail's own Dutch for the level above the sites


def rename(apps, schema_editor, old="Root", new=TITLE):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def restore(apps, schema_editor):
    rename(apps, schema_editor, old=TITLE, new="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0005_dutch_time_for_every_editor"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(rename, restore)]
