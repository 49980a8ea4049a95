"""Soak test on the local production stack: mixed traffic for SOAK_SECONDS, then an audit.

Readers fetch pages through nginx (home pages in two languages, a petition, searches), citizens
submit suggestions and sign a petition straight to the gunicorn instances, each from their own
address behind the trusted proxy (as the benchmarks do), all at once and as fast as the clients
go. Then the worker's e-mails are awaited and every signature is confirmed by its e-mailed link.

Afterwards, nothing may be missing or doubled: every acknowledged suggestion is stored exactly once
with its own reference, every acknowledged signature exactly once and counted once confirmed, each
citizen received exactly one e-mail, and no request failed.

    SOAK_SECONDS=60  SOAK_READERS=1 (client threads per page)  SOAK_SUBMITTERS=2  SOAK_SIGNERS=2
"""
import os
import re
import threading
import time
from collections import Counter
from urllib.parse import quote

import pytest

from tests.bench.test_signing import EMAIL_DOMAIN as SIGN_DOMAIN
from tests.bench.test_signing import PREPARE, TITLE, confirm_many, sign_many
from tests.bench.test_submissions import EMAIL_DOMAIN as SUGGESTION_DOMAIN
from tests.bench.test_submissions import FIND_FORM, _value, submit_many
from tests.bench.test_throughput import fetch_many

pytestmark = [pytest.mark.stack, pytest.mark.soak]

SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
READERS = int(os.environ.get("SOAK_READERS", "1"))
SUBMITTERS = int(os.environ.get("SOAK_SUBMITTERS", "2"))
SIGNERS = int(os.environ.get("SOAK_SIGNERS", "2"))
ENDLESS = 10**9  # the clients stop at the deadline, not at a count
MESSAGE_SEPARATOR = "-" * 79  # the file e-mail backend writes each message after such a line
CITIZEN = re.compile(rf"^(?:bench\d+@{re.escape(SUGGESTION_DOMAIN)}|sign\d+@{re.escape(SIGN_DOMAIN)})$")  # not the agent

AUDIT = f"""
from participation.petitions.models import Petition, Signature
from participation.suggestions.models import Suggestion
suggestions = Suggestion.objects.filter(email__endswith="@{SUGGESTION_DOMAIN}")
print("SUGGESTIONS=%d" % suggestions.count())
print("REFERENCES=%d" % suggestions.values("site", "reference").distinct().count())
print("TITLES=%d" % suggestions.values("title").distinct().count())
signatures = Signature.objects.filter(petition_id={{pk}}, email__endswith="@{SIGN_DOMAIN}")
print("SIGNATURES=%d" % signatures.count())
print("CONFIRMED=%d" % signatures.filter(confirmed_at__isnull=False).count())
print("COUNTED=%d" % Petition.objects.get(pk={{pk}}).signature_count)
"""


def _received(stack) -> Counter:
    """How many e-mails each of the soak's citizens received, over every file the stack's mail backend wrote."""
    received: Counter = Counter()
    for path in stack.mails():
        for message in path.read_text(errors="replace").split(MESSAGE_SEPARATOR):
            found = re.search(r"^To: (\S+)$", message, re.M)
            if found and CITIZEN.match(found.group(1)):
                received[found.group(1)] += 1
    return received


def _confirmation_links(stack) -> list[str]:
    links = []
    for path in stack.mails():
        for message in path.read_text(errors="replace").split(MESSAGE_SEPARATOR):
            if f"@{SIGN_DOMAIN}" in message:
                links += re.findall(r"https?://[^/\s]+(/\S+/confirm/\S+/)", message)
    return links


def test_mixed_traffic_loses_and_doubles_nothing(stack):
    form = _value(stack.manage("shell", "-c", FIND_FORM), "FORM")
    prepared = stack.manage("shell", "-c", PREPARE.format(title=TITLE, domain=SIGN_DOMAIN, count=0,
                                                          tokens=stack.dir / "soak-no-links.txt"))
    petition, detail = int(_value(prepared, "PETITION")), _value(prepared, "DETAIL")
    pages = ["/ar/", "/fr/", detail, f"/ar/search/?q={quote('الميزانية')}", f"/fr/search/?q={quote('budget')}"]

    outcomes: dict = {}

    def run(name, function, *args):
        outcomes[name] = function(*args)

    clients = [threading.Thread(target=run, args=(f"read {path}", fetch_many, stack.port, path, ENDLESS, READERS, SECONDS))
               for path in pages]
    clients.append(threading.Thread(target=run, args=("submit", submit_many, stack.web_ports[0], form, ENDLESS,
                                                      SUBMITTERS, SECONDS)))
    clients.append(threading.Thread(target=run, args=("sign", sign_many, stack.web_ports, detail, ENDLESS, SIGNERS,
                                                      SECONDS)))
    for client in clients:
        client.start()
    for client in clients:
        client.join()

    reads = {name: result for name, result in outcomes.items() if name.startswith("read")}
    for name, result in reads.items():
        assert result.requests and result.statuses == {200: result.requests}, (name, result.statuses,
                                                                                stack.nginx_errors().most_common(8))
    submitted, submit_problems = outcomes["submit"]
    signed, sign_problems = outcomes["sign"]
    assert submitted.requests and submitted.statuses == {"accepted": submitted.requests}, (submitted.statuses, submit_problems)
    assert signed.requests and signed.statuses == {"accepted": signed.requests}, (signed.statuses, sign_problems)

    # the worker sends one receipt per suggestion and one confirmation link per signature, each once
    expected = submitted.requests + signed.requests
    deadline = time.monotonic() + 180
    while sum((received := _received(stack)).values()) < expected and time.monotonic() < deadline:
        time.sleep(1)
    time.sleep(2)  # a message sent twice would come after the last expected one
    received = _received(stack)
    assert len(received) == expected and set(received.values()) == {1}, Counter(received.values())

    links = _confirmation_links(stack)
    assert len(links) == signed.requests
    confirmed, confirm_problems, _steps = confirm_many(stack.web_ports, links, SIGNERS * 2, 180)
    assert confirmed.statuses == {"confirmed": signed.requests}, (confirmed.statuses, confirm_problems)

    audit = stack.manage("shell", "-c", AUDIT.format(pk=petition))
    figures = {key: int(_value(audit, key)) for key in ("SUGGESTIONS", "REFERENCES", "TITLES", "SIGNATURES", "CONFIRMED",
                                                          "COUNTED")}
    assert figures == {"SUGGESTIONS": submitted.requests, "REFERENCES": submitted.requests, "TITLES": submitted.requests,
                       "SIGNATURES": signed.requests, "CONFIRMED": signed.requests, "COUNTED": signed.requests}
    print(f"\n[soak] {SECONDS:.0f} s: {sum(r.requests for r in reads.values())} pages read "
          f"({sum(r.requests for r in reads.values()) / SECONDS:.0f}/s), {submitted.requests} suggestions, "
          f"{signed.requests} signatures taken then confirmed, {len(received)} e-mails each received once, 0 errors")
