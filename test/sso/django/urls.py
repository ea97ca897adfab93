"""The CAS at the root of the test server."""
from django.urls import include, path

urlpatterns = [path("", include("cas_server.urls", namespace="cas_server"))]
