"""Minimal Django project around django-cas-server, for the interop tests of test/sso (never for production).

Everything variable comes from the JSON file named by CAS_TEST_CONFIG (written by the test):
  {"db": "/tmp/.../db.sqlite3", "user": "...", "password": "...", "attributes": {...}}
"""
import json
import os

with open(os.environ["CAS_TEST_CONFIG"], encoding="utf-8") as f:
    _CONFIG = json.load(f)

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = _CONFIG["secret"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "cas_server",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _CONFIG["db"]}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
STATIC_URL = "/static/"
LOGGING = {"version": 1, "disable_existing_loggers": True}

# The CAS: one test user (cas_server.auth.TestAuthUser), with the attributes of the test.
CAS_AUTH_CLASS = "cas_server.auth.TestAuthUser"
CAS_TEST_USER = _CONFIG["user"]
CAS_TEST_PASSWORD = _CONFIG["password"]
CAS_TEST_ATTRIBUTES = _CONFIG["attributes"]
CAS_NEW_VERSION_HTML_WARNING = False
CAS_NEW_VERSION_EMAIL_WARNING = False
CAS_SHOW_POWERED = False
