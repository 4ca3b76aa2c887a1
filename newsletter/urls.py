from django.urls import include, path

app_name = "newsletter"

urlpatterns = [
    # The ESPs' tracking webhooks: /anymail/<esp>/tracking/ (see the README).
    path("anymail/", include("anymail.urls")),
]
