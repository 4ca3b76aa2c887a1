from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("aanmelden/<int:event_id>/", views.register, name="register"),
    path("aanmelden/<int:event_id>/ontvangen/", views.received, name="received"),
    path("aanmelding/<str:token>/", views.manage, name="manage"),
    path("aanmelding/<str:token>/annuleren/", views.cancel, name="cancel"),
    path("aanmelding/<str:token>/onderdeel/", views.change_session, name="change_session"),
    path("aanmelding/<str:token>/plaats/", views.claim, name="claim"),
    path("aanmelding/<str:token>/antwoorden/", views.change_answers, name="change_answers"),
    path("aanmelding/<str:token>/agenda.ics", views.calendar_file, name="calendar"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
]
