"""Helpers of the idempotency tests (participation.core.idempotency): the token a rendered
form carries, and the same POST sent twice as a browser or a proxy retries it."""
import re

TOKEN = r'name="{prefix}submission_token" value="([^"]*)"'


def token_in(response, prefix: str = "") -> str:
    """The token of the (first) form rendered in `response`; `prefix`: a form prefix with its dash."""
    return re.search(TOKEN.format(prefix=re.escape(prefix)), response.content.decode()).group(1)


def post_twice(client, url, data, capture, **extra):
    """The first POST and its retry (same bytes), each with its e-mails sent after commit."""
    answers = []
    for _ in range(2):
        with capture(execute=True):
            answers.append(client.post(url, data, **extra))
    return answers


def same_answer(first, second) -> bool:
    return first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
