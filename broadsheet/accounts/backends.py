"""Login: django-axes throttling in front of a password check by email or user name."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins for a locked-out account and address; lets calls without a request by.

    Every login form passes the request. Calls without one (the test client's login(),
    management commands) cannot be tied to an address, and axes would raise on them;
    they pass through to the password check unthrottled.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account name axes counts failures under: the email, lower-cased like at sign-up."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(name).strip().lower()


class EmailOrUserNameBackend(ModelBackend):
    """Django's password check, finding the account by its email or its user name.

    Readers sign up with their email, which becomes their user name; an operator made with
    `createsuperuser` has a user name of their choosing and maybe an email beside it. Both
    sign in on the same form, whichever they type, in any letter case.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        if not username or password is None:
            return None
        user = find_account(username)
        if user is None:
            # Hash anyway, so the time taken does not tell whether the account exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> AbstractBaseUser | None:  # type: ignore[override]
        """ModelBackend's get_user (every signed-in request asks it), read fresh from the
        database in one plain query (see read_user)."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        handed = _handed_user.get()
        user = handed if handed is not None and handed.pk == pk else read_user(pk)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user


# The user row read with this request's session row (web/sessions.py), handed to get_user
# only while the auth middleware asks for that request's user.
_handed_user: ContextVar[User | None] = ContextVar("handed_user", default=None)


@contextmanager
def handing_user(user: User | None) -> Iterator[None]:
    """Within the block, get_user takes `user` for its id instead of reading its row."""
    token = _handed_user.set(user)
    try:
        yield
    finally:
        _handed_user.reset(token)


def read_user(pk: int, *, using: str = DEFAULT_DB_ALIAS) -> User | None:
    """The user row by id, as `User.objects.get(pk=pk)` returns it, in plain SQL: the ORM's
    compiled `get()` was a tenth of a signed-in home page's CPU, and its raw() (resolving
    columns and converters on every call) still over half of this read. The columns and the
    database's value converters (SQLite's text times into aware datetimes, 0/1 into booleans)
    are worked out once per database."""
    with connections[using].cursor() as cursor:
        cursor.execute(_user_read(using)[1], [pk])
        row = cursor.fetchone()
    return None if row is None else user_from_row(row, using=using)


def user_from_row(row: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS) -> User:
    """The user from the values of `user_columns` in order, converted as the ORM would."""
    connection = connections[using]
    values = list(row)
    for index, convert in _user_read(using)[2]:
        for function, expression in convert:
            values[index] = function(values[index], expression, connection)
    return User.from_db(using, _USER_FIELDS, values)


def user_join(using: str, alias: str) -> tuple[str, str]:
    """For a select that reads a user row beside its own: the user table's columns, quoted,
    as `alias`.column in the order user_from_row takes them, and `LEFT JOIN` of the user
    table as `alias` on its id equal to a parameter."""
    quote = connections[using].ops.quote_name
    columns = ", ".join(f"{alias}.{column}" for column in _user_read(using)[0].split(", "))
    pk = quote(str(User._meta.pk.column))  # type: ignore[union-attr]
    return columns, f"LEFT JOIN {quote(User._meta.db_table)} {alias} ON {alias}.{pk} = %s"


USER_PK_INDEX = [field.primary_key for field in User._meta.concrete_fields].index(True)


Converters = list[tuple[int, list[tuple[Any, Any]]]]
_USER_FIELDS = tuple(field.attname for field in User._meta.concrete_fields)


@lru_cache(maxsize=8)
def _user_read(using: str) -> tuple[str, str, Converters]:
    """Every concrete column of the user table, quoted; the select of them by id; and per
    column the converters the ORM would apply (the backend's first, then the field's, as its
    compiler does)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = User._meta.concrete_fields
    columns = ", ".join(quote(str(field.column)) for field in fields)
    table = quote(User._meta.db_table)
    pk = quote(str(User._meta.pk.column))  # type: ignore[union-attr]
    sql = f"SELECT {columns} FROM {table} WHERE {pk} = %s"  # noqa: S608 - names from the model
    converters: Converters = []
    for index, field in enumerate(fields):
        column = field.get_col(User._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, [(function, column) for function in found]))
    return columns, sql, converters


def find_account(name: str) -> User | None:
    """The account whose user name, or else whose only email, is `name` (any letter case)."""
    name = name.strip()
    user = User.objects.filter(username__iexact=name).first()
    if user is None and "@" in name:
        matches = list(User.objects.filter(email__iexact=name)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user
