from django.urls import include, path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("nieuwsbrief/aanmelden/", views.subscribe, name="subscribe"),
    path("nieuwsbrief/aanmelden/ontvangen/", views.subscribed, name="subscribed"),
    path("nieuwsbrief/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("nieuwsbrief/voorkeuren/<str:token>/", views.preferences, name="preferences"),
    path("nieuwsbrief/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The ESPs' tracking webhooks: /anymail/<esp>/tracking/ (see the README).
    path("anymail/", include("anymail.urls")),
]
