"""WSGI entry point: Django behind the anonymous pages' hot copy (web/page_front.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django_application = get_wsgi_application()

from broadsheet.web.page_front import PageCacheFront  # noqa: E402 - needs Django set up

application = PageCacheFront(django_application)
