"""Routes of following and the private calendar (included from website/urls.py)."""

from django.urls import path

from communities import follow_views

app_name = "follow"

urlpatterns = [
    path("volgen/", follow_views.follow, name="page"),
    path("volgen/agenda/nieuw-adres/", follow_views.reset_calendar, name="reset_calendar"),
    path("volgen/agenda/uitzetten/", follow_views.stop_calendar, name="stop_calendar"),
    path("agenda/<str:token>.ics", follow_views.private_calendar, name="calendar"),
]
