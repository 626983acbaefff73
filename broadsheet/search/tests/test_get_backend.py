"""get_backend picks the backend that matches the database in use."""

from django.db import connection

from broadsheet.search import get_backend
from broadsheet.search.fts5 import Fts5Backend
from broadsheet.search.tsvector import TsvectorBackend


def test_get_backend_matches_the_database_vendor(db):
    expected = {"sqlite": Fts5Backend, "postgresql": TsvectorBackend}[connection.vendor]
    assert isinstance(get_backend(), expected)
