"""The permission matrices of the plugins' admin tests, written as a table:

    action   editor          participation   …  admin         anonymous
    list     denied/denied   listed/hidden   …  listed/listed login/login

each cell "<own commune>/<other commune>"; a role column stands for its two demo
accounts (a_<role>, b_<role>)."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client


def matrix_cases(matrix: str):
    """pytest params (username, action, "own"|"other", expected) of every cell."""
    header, *rows = [line.split() for line in matrix.strip().splitlines()]
    columns = header[1:]
    for action, *cells in rows:
        for column, cell in zip(columns, cells, strict=True):
            own, other = cell.split("/")
            usernames = [f"{p}_{column}" for p in "ab"] if column not in ("admin", "anonymous") else [column]
            for username in usernames:
                yield pytest.param(username, action, "own", own, id=f"{username}-{action}-own")
                yield pytest.param(username, action, "other", other, id=f"{username}-{action}-other")


def client_for(username: str) -> Client:
    """A test client logged in as the demo account (none for "anonymous")."""
    client = Client()
    if username != "anonymous":
        client.force_login(get_user_model().objects.get(username=username))
    return client
