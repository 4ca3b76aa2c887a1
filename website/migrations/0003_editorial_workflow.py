"""Editorial roles and the approval workflow.

* "Auteurs" (authors) may add and edit pages, upload images and documents, and see
  the taxonomy, but not publish: they submit a page for moderation.
* "Redactie" (editors) may also publish, lock and unlock pages, and manage images,
  documents and the taxonomy snippets (themes, regions, audiences, organisations).
* The workflow "Redactie keurt goed" has one group approval task for "Redactie" and
  is assigned to the root of the page tree, so it covers every page (replacing
  Wagtail's default "Moderators approval" link there).

Idempotent: everything is get_or_create, so running it on a database that already
has some of it changes nothing twice. Reversing puts the root back on the workflow
it had before (Wagtail's "Moderators approval" when it exists) and deactivates ours;
the groups and their members stay, so no one loses access by a rollback.
"""

from django.db import migrations

AUTHORS = "Auteurs"
EDITORS = "Redactie"
WORKFLOW = "Redactie keurt goed"
TASK = "Goedkeuring door de redactie"
DEFAULT_WORKFLOW = "Moderators approval"

TAXONOMY_MODELS = ("theme", "region", "audience", "organisation")

PAGE_PERMISSIONS = {
    AUTHORS: ("add", "change"),
    EDITORS: ("add", "change", "publish", "lock", "unlock"),
}
COLLECTION_PERMISSIONS = {
    AUTHORS: {"image": ("add", "choose"), "document": ("add", "choose")},
    EDITORS: {
        "image": ("add", "change", "choose", "delete"),
        "document": ("add", "change", "choose", "delete"),
    },
}
MODEL_PERMISSIONS = {
    AUTHORS: {("website", model): ("view",) for model in TAXONOMY_MODELS},
    EDITORS: {("website", model): ("add", "change", "delete", "view") for model in TAXONOMY_MODELS},
}


def get_permission(apps, app_label, model, action):
    """The Permission row, created if post_migrate has not made it yet (fresh database)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model}"},
    )
    return permission


def create_editorial_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    access_admin = get_permission(apps, "wagtailadmin", "admin", "access")

    groups = {}
    for name in (AUTHORS, EDITORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(access_admin)
        for (app_label, model), actions in MODEL_PERMISSIONS[name].items():
            group.permissions.add(
                *(get_permission(apps, app_label, model, action) for action in actions)
            )
        if root_page is not None:
            for action in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=get_permission(apps, "wagtailcore", "page", action),
                )
        if root_collection is not None:
            for model, actions in COLLECTION_PERMISSIONS[name].items():
                app_label = "wagtailimages" if model == "image" else "wagtaildocs"
                for action in actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=get_permission(apps, app_label, model, action),
                    )

    task_content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK, content_type=task_content_type, active=True
        )
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.add(groups[EDITORS])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def remove_editorial_workflow(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        return
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    link = WorkflowPage.objects.filter(page=root_page, workflow=workflow).first()
    if link is not None:
        previous = Workflow.objects.filter(name=DEFAULT_WORKFLOW).first()
        if previous is not None:
            link.workflow = previous
            link.save()
        else:
            link.delete()
    Workflow.objects.filter(pk=workflow.pk).update(active=False)
    GroupApprovalTask.objects.filter(name=TASK).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0002_content_pages_and_taxonomy"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_editorial_workflow, remove_editorial_workflow),
    ]
