"""Settings for the test suite. DATABASE_URL picks SQLite (default) or PostgreSQL."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
JIGSAW_DEMO_MODE = False
# A page that would print an undefined name ("{{ no such element: ... }}") fails its test.
JIGSAW_TEMPLATE_UNDEFINED_FAILS = True
SECRET_KEY = "test-only-secret"
JIGSAW_AUDIT_HMAC_KEY = "test-only-audit-key"
# Transactional tests flush the database after each test, audit tables included.
JIGSAW_AUDIT_FLUSH_ALLOWED = True
# Fast hashing in tests; the argon2 hasher itself is tested in access.tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": env("JIGSAW_MAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")}}

# The demo council's codes for the statutory returns. The SSDA903 validator looks placements'
# postcodes up in the ONS directory and compares their council with this one, so the demo borrows
# a real council's codes and postcodes (Hartlepool: jigsaw/care/demo.py REAL_POSTCODES).
JIGSAW_COUNCIL_CODE = env("JIGSAW_COUNCIL_CODE", default="805")
JIGSAW_COUNCIL_GSS_CODE = env("JIGSAW_COUNCIL_GSS_CODE", default="E06000001")
