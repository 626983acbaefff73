"""Project settings with the search app installed, until settings.py lists it.

Use: DJANGO_SETTINGS_MODULE=broadsheet.search.tests.settings_for_tests pytest broadsheet/search
"""

from broadsheet.settings import *  # noqa: F403
from broadsheet.settings import DATA_DIR, DATABASES, INSTALLED_APPS

if "broadsheet.search" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "broadsheet.search"]

# A test database of its own, so this run never clobbers another one in the same tree.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-broadsheet-search.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": "test_broadsheet_search"}
