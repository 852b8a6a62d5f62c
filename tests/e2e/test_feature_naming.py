"""Method names end to end: the committed packages of golden cases `feature_naming` (methods
from trailing action segments, the names overlay, `x-apigen-name`, a clash's fallback) and
`feature_naming_rpc` (`naming = "operation_id"`) serve their FastAPI apps under uvicorn on
127.0.0.1, and their generated clients, sync and async, reach each operation by its documented
name: the handler named for the operation gets the call, with its arguments."""

from __future__ import annotations

import asyncio
from typing import Any

from golden_cases import golden_package
from live_server import live_server


class NamingHandlers:
    """Answers every operation of `feature_naming`, recording which one ran."""

    def __init__(self, models: Any) -> None:
        self.m = models
        self.calls: list[tuple[str, Any]] = []

    def _email(self, email_id: str, status: str) -> Any:
        return self.m.Email(id=email_id, to="a@example.com", status=status)

    async def link_token_create(self, *, body: Any) -> Any:
        self.calls.append(("link_token_create", body.user))
        return self.m.Token(token="t-1", user=body.user)

    async def link_token_get(self, *, body: Any) -> Any:
        self.calls.append(("link_token_get", body.token))
        return self.m.Token(token=body.token, user="u")

    async def accounts_get(self) -> Any:
        self.calls.append(("accounts_get", None))
        return [self.m.Account(id="acc-1")]

    async def list_emails(self) -> Any:
        self.calls.append(("list_emails", None))
        return [self._email("e1", "sent")]

    async def send_email(self, *, body: Any) -> Any:
        self.calls.append(("send_email", body.to))
        return self._email("e2", "queued")

    async def get_email(self, *, email_id: str) -> Any:
        self.calls.append(("get_email", email_id))
        return self._email(email_id, "sent")

    async def cancel_email(self, *, email_id: str) -> Any:
        self.calls.append(("cancel_email", email_id))
        return self._email(email_id, "cancelled")

    async def list_attachments(self, *, email_id: str) -> Any:
        self.calls.append(("list_attachments", email_id))
        return ["a.pdf"]

    async def health_alive(self) -> Any:
        self.calls.append(("health_alive", None))
        return self.m.Health(alive=True)

    async def list_pets(self) -> Any:
        self.calls.append(("list_pets", None))
        return ["rex"]

    async def find_pets_by_status(self, *, status: str) -> Any:
        self.calls.append(("find_pets_by_status", status))
        return ["rex"]

    async def search_pets(self) -> Any:
        self.calls.append(("search_pets", None))
        return ["tom"]

    async def get_me(self) -> Any:
        self.calls.append(("get_me", None))
        return self.m.Account(id="me")

    async def update_me(self, *, body: Any) -> Any:
        self.calls.append(("update_me", body.name))
        return body

    async def export_report(self, *, report_id: str) -> Any:
        self.calls.append(("export_report", report_id))
        return f"report {report_id}"


def _naming_calls(client: Any) -> list[Any]:
    """Every operation of `feature_naming` by its documented client name (awaited by the
    caller for the async client)."""
    return [
        client.link.token.create(user="u1"),
        client.link.token.get(token="t-9"),
        client.accounts.get(),
        client.emails.list(),
        client.emails.send(to="b@example.com"),  # the overlay: `sendEmail = "emails.send"`
        client.emails.retrieve(email_id="e3"),
        client.emails.cancel(email_id="e4"),
        client.emails.attachments.list(email_id="e5"),
        client.health.is_alive(),  # the overlay: `healthAlive = "health.is_alive"`
        client.pets.list_pets(),  # `GET /pets` and the action of `POST /pets/list` clash
        client.pets.find_by_status(status="sold"),
        client.pets.search_pets(),
        client.users.me.list(),  # two methods on `/users/me`: a resource
        client.users.me.update(id="me", name="Me"),
        client.reports.download(report_id="r1"),  # `x-apigen-name: download`
    ]


EXPECTED_CALLS = [
    ("link_token_create", "u1"), ("link_token_get", "t-9"), ("accounts_get", None),
    ("list_emails", None), ("send_email", "b@example.com"), ("get_email", "e3"),
    ("cancel_email", "e4"), ("list_attachments", "e5"), ("health_alive", None),
    ("list_pets", None), ("find_pets_by_status", "sold"), ("search_pets", None),
    ("get_me", None), ("update_me", "Me"), ("export_report", "r1"),
]


def _check_results(results: list[Any]) -> None:
    token, looked_up, accounts, emails, sent, email, cancelled, attachments, health = results[:9]
    assert (token.token, token.user) == ("t-1", "u1")
    assert looked_up.token == "t-9"
    assert [a.id for a in accounts] == ["acc-1"]
    assert [e.status for e in emails] == ["sent"]
    assert sent.status == "queued"
    assert email.id == "e3"
    assert (cancelled.id, cancelled.status) == ("e4", "cancelled")
    assert attachments == ["a.pdf"]
    assert health.alive is True
    assert results[9:12] == [["rex"], ["rex"], ["tom"]]
    assert results[12].id == "me" and results[13].name == "Me"
    assert results[14] == "report r1"


def test_every_operation_is_reached_by_its_method_name() -> None:
    pkg = golden_package("feature_naming")
    handlers = NamingHandlers(pkg.models)
    server = __import__("feature_naming.server", fromlist=["create_app"])
    with live_server(server.create_app(handlers)) as url:
        with pkg.Client(base_url=url, max_retries=0) as client:
            _check_results(_naming_calls(client))
        assert handlers.calls == EXPECTED_CALLS
        handlers.calls.clear()

        async def run() -> list[Any]:
            async with pkg.AsyncClient(base_url=url, max_retries=0) as client:
                return [await call for call in _naming_calls(client)]

        _check_results(asyncio.run(run()))
        assert handlers.calls == EXPECTED_CALLS


class RpcHandlers:
    def __init__(self, models: Any) -> None:
        self.m = models
        self.calls: list[str] = []

    async def item_get(self, *, body: Any) -> Any:
        self.calls.append(f"item_get {body.item_id}")
        return self.m.Item(item_id=body.item_id, institution="ins_1")

    async def item_remove(self, *, body: Any) -> Any:
        self.calls.append(f"item_remove {body.item_id}")
        return self.m.Item(item_id=body.item_id)

    async def accounts_balance_get(self) -> Any:
        self.calls.append("accounts_balance_get")
        return [self.m.Balance(account_id="a1", current=12.5)]

    async def institutions_search(self) -> Any:
        self.calls.append("institutions_search")
        return ["ins_1"]


def test_operation_id_naming_reaches_each_operation() -> None:
    pkg = golden_package("feature_naming_rpc")
    handlers = RpcHandlers(pkg.models)
    server = __import__("feature_naming_rpc.server", fromlist=["create_app"])
    with live_server(server.create_app(handlers)) as url:
        with pkg.Client(base_url=url, max_retries=0) as client:
            assert client.items.item_get(item_id="i1").institution == "ins_1"
            assert client.items.item_remove(item_id="i2").item_id == "i2"
            assert client.accounts.accounts_balance_get()[0].current == 12.5
            assert client.institutions.institutions_search() == ["ins_1"]

        async def run() -> str | None:
            async with pkg.AsyncClient(base_url=url, max_retries=0) as client:
                item = await client.items.item_get(item_id="i3")
                return item.institution

        assert asyncio.run(run()) == "ins_1"
    assert handlers.calls == ["item_get i1", "item_remove i2", "accounts_balance_get",
                              "institutions_search", "item_get i3"]
