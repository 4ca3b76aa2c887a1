from django.urls import re_path

from events import views

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w-]+/)*[\w-]+)\.ics$",
        views.calendar_file,
        name="calendar_file",
    ),
]
