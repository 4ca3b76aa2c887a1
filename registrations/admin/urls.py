from django.urls import path

from registrations.admin import views

app_name = "registrations_admin"

event = "<int:event_id>/"
registration = event + "<int:registration_id>/"

urlpatterns = [
    path("", views.EventIndexView.as_view(), name="index"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path(event, views.RegistrationListView.as_view(), name="event"),
    path(event + "export.csv", views.ExportView.as_view(file_format="csv"), name="export_csv"),
    path(event + "export.xlsx", views.ExportView.as_view(file_format="xlsx"), name="export_xlsx"),
    path(event + "presentielijst/", views.PresenceListView.as_view(), name="presence"),
    path(event + "aanwezigheid/", views.AttendanceView.as_view(), name="attendance"),
    path(event + "toevoegen/", views.AddView.as_view(), name="add"),
    path(event + "bericht/", views.MessageView.as_view(), name="message"),
    path(registration, views.RegistrationDetailView.as_view(), name="registration"),
    path(registration + "verplaatsen/", views.MoveView.as_view(), name="move"),
    path(registration + "annuleren/", views.CancelView.as_view(), name="cancel"),
]
