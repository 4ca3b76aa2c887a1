from django.urls import path

from communities.accounts import views

app_name = "communities"

urlpatterns = [
    path("profiel/", views.profile, name="profile"),
    path("aanmeldingen/", views.my_registrations, name="registrations"),
    path("verwijderen/", views.delete_account, name="delete_account"),
    path("verwijderd/", views.account_deleted, name="account_deleted"),
]
