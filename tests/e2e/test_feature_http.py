"""The feature golden cases over real HTTP: each committed package's FastAPI app under uvicorn on
127.0.0.1, driven by its own generated client. What the client is given must reach the handler
with the same value and type, the request must look as the spec's styles say, and every declared
response must come back as its declared type (or error class)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pydantic
import pytest
from golden_cases import golden_package
from live_server import live_server
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route


def server_of(pkg: ModuleType) -> ModuleType:
    return importlib.import_module(f"{pkg.__name__}.server")


class Recorder:
    """An `httpx.Client` whose requests are kept (a request event hook), for the wire checks."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []
        self.http = httpx.Client(event_hooks={"request": [self.sent.append]})

    @property
    def last(self) -> httpx.Request:
        return self.sent[-1]

    def query(self) -> list[tuple[str, str]]:
        """The last request's query pairs, decoded, in order."""
        return parse_qsl(self.last.url.query.decode("ascii"), keep_blank_values=True)


@contextmanager
def serve(pkg: ModuleType, handlers: object) -> Iterator[tuple[Any, Recorder, str]]:
    """(client, recorder, base URL) for `handlers` served by the package's own app."""
    recorder = Recorder()
    with live_server(server_of(pkg).create_app(handlers)) as url, recorder.http, \
            pkg.Client(base_url=url, http_client=recorder.http, max_retries=0) as client:
        yield client, recorder, url


# -- feature_parameters -----------------------------------------------------------------------


class ParameterHandlers:
    """Records the keyword arguments each handler receives."""

    def __init__(self, models: ModuleType) -> None:
        self.models = models
        self.received: dict[str, Any] = {}

    async def get_item(self, **kwargs: Any) -> Any:
        self.received = kwargs
        return self.models.Echo()

    async def replace_item(self, **kwargs: Any) -> Any:
        self.received = kwargs
        return self.models.Echo()

    async def get_event(self, **kwargs: Any) -> Any:
        self.received = kwargs
        return self.models.Echo()

    async def get_labels(self, **kwargs: Any) -> Any:
        self.received = kwargs
        return self.models.Echo()


@pytest.fixture(scope="module")
def params_pkg() -> ModuleType:
    return golden_package("feature_parameters")


@pytest.fixture
def params(params_pkg: ModuleType) -> Iterator[tuple[Any, Recorder, ParameterHandlers, str]]:
    handlers = ParameterHandlers(params_pkg.models)
    with serve(params_pkg, handlers) as (client, recorder, url):
        yield client, recorder, handlers, url


def test_every_location_and_style_arrives_with_its_value_and_type(
        params_pkg: ModuleType, params: tuple[Any, Recorder, ParameterHandlers, str]) -> None:
    client, recorder, handlers, _ = params
    m = params_pkg.models
    client.items.retrieve(
        item_id=7, verbose=True, ids=[1, 2], tags=["a", "b"],
        filter=m.Filter(color="red", size=3), pipes=[1, 2, 3], spaces=["x", "z"],
        sort=m.SortOrder.DESC, limit=5, priority=m.Priority.INTEGER_2,
        levels=[m.Priority.INTEGER_1, m.Priority.INTEGER_3], x_trace="t-1",
        x_flags=["f1", "f2"], x_count=4, session="s 1", theme="dark",
        x_point=m.Point(x=1, y=2))
    got = handlers.received
    expected = {
        "item_id": 7, "verbose": True, "ids": [1, 2], "tags": ["a", "b"],
        "filter": m.Filter(color="red", size=3), "pipes": [1, 2, 3], "spaces": ["x", "z"],
        "sort": m.SortOrder.DESC, "limit": 5, "priority": m.Priority.INTEGER_2,
        "levels": [m.Priority.INTEGER_1, m.Priority.INTEGER_3], "x_trace": "t-1",
        "x_flags": ["f1", "f2"], "x_count": 4, "session": "s 1", "theme": "dark",
        "x_point": m.Point(x=1, y=2),
    }
    assert got == expected
    # Equal is not enough: True == 1 and 4 == 4.0, so the types are checked one by one.
    assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in expected.items()}
    assert [type(i) for i in got["ids"] + got["pipes"]] == [int] * 5
    assert all(type(level) is m.Priority for level in got["levels"])

    request = recorder.last
    assert request.url.path == "/items/7"
    assert recorder.query() == [
        ("verbose", "true"),
        ("ids", "1"), ("ids", "2"),  # form, exploded
        ("tags", "a,b"),  # form, not exploded
        ("filter[color]", "red"), ("filter[size]", "3"),  # deepObject
        ("pipes", "1|2|3"),  # pipeDelimited
        ("spaces", "x z"),  # spaceDelimited
        ("sort", "desc"), ("limit", "5"), ("priority", "2"),
        ("levels", "1"), ("levels", "3"),
    ]
    assert request.headers["X-Trace"] == "t-1"
    assert request.headers["X-Flags"] == "f1,f2"  # simple array
    assert request.headers["X-Count"] == "4"
    assert request.headers["X-Point"] == "x=1,y=2"  # simple object, exploded
    assert request.headers["Cookie"] == "session=s 1; theme=dark"


def test_optional_parameters_left_out_are_not_sent_and_arrive_as_their_default_or_none(
        params: tuple[Any, Recorder, ParameterHandlers, str]) -> None:
    client, recorder, handlers, _ = params
    client.items.retrieve(item_id=1, ids=[], x_count=0, session="s")
    assert recorder.last.url.query == b""
    assert "x-trace" not in recorder.last.headers and "x-point" not in recorder.last.headers
    assert recorder.last.headers["Cookie"] == "session=s"
    assert handlers.received == {
        "item_id": 1, "verbose": None, "ids": [], "tags": None, "filter": None, "pipes": None,
        "spaces": None, "sort": None, "limit": 10, "priority": None, "levels": None,
        "x_trace": None, "x_flags": None, "x_count": 0, "session": "s", "theme": None,
        "x_point": None,
    }


def test_missing_required_and_ill_typed_parameters_are_422(
        params_pkg: ModuleType, params: tuple[Any, Recorder, ParameterHandlers, str]) -> None:
    client, _, handlers, url = params
    # No `session` cookie and no `X-Count` header: the server names both.
    response = httpx.get(f"{url}/items/1", params={"ids": "1"})
    assert response.status_code == 422
    assert sorted(tuple(e["loc"]) for e in response.json()["detail"]) == [
        ("cookie", "session"), ("header", "X-Count")]
    for query in ({"priority": "9"}, {"levels": "4"}, {"limit": "many"}):
        with pytest.raises(params_pkg.UnprocessableEntityError):
            client.items.retrieve(item_id=1, ids=[1], x_count=1, session="s",
                                  extra_query=query)
    assert handlers.received == {}


def test_the_operation_overrides_a_path_level_parameter(
        params_pkg: ModuleType, params: tuple[Any, Recorder, ParameterHandlers, str]) -> None:
    client, recorder, handlers, _ = params
    client.items.update(item_id=3, verbose=2, x_trace="kept")
    assert recorder.query() == [("verbose", "2")]
    assert handlers.received == {"item_id": 3, "verbose": 2, "x_trace": "kept"}
    assert type(handlers.received["verbose"]) is int
    with pytest.raises(params_pkg.UnprocessableEntityError):  # the path level's boolean
        client.items.update(item_id=3, verbose=True)
    protocol = server_of(params_pkg).Handlers
    hints = {name: typing.get_type_hints(getattr(protocol, name))["verbose"]
             for name in ("get_item", "replace_item")}
    assert hints == {"get_item": bool | None, "replace_item": typing.Literal[0, 1, 2]}
    required = inspect.signature(client.items.update).parameters["verbose"].default
    assert required is inspect.Parameter.empty


def test_an_array_path_parameter_and_a_form_object(
        params_pkg: ModuleType, params: tuple[Any, Recorder, ParameterHandlers, str]) -> None:
    client, recorder, handlers, _ = params
    m = params_pkg.models
    client.labels.retrieve(labels=["red", "big/heavy"], point=m.Point(x=1, y=-2))
    assert recorder.last.url.raw_path == b"/labels/red%2Cbig%2Fheavy?point=x%2C1%2Cy%2C-2"
    assert handlers.received == {"labels": ["red", "big/heavy"], "point": m.Point(x=1, y=-2)}


def test_date_time_date_and_uuid_parameters_are_typed_and_arrive_as_such(
        params_pkg: ModuleType, params: tuple[Any, Recorder, ParameterHandlers, str]) -> None:
    import datetime
    import uuid

    client, recorder, handlers, _ = params
    event, request = uuid.UUID(int=7), uuid.UUID(int=2**100)
    since = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone(
        datetime.timedelta(hours=2)))
    client.events.retrieve(event_id=event, since=since, day=datetime.date(2024, 2, 29),
                           x_request_id=request)
    assert recorder.last.url.path == f"/events/{event}"
    assert recorder.query() == [("since", "2024-05-06T07:08:09+02:00"), ("day", "2024-02-29")]
    assert recorder.last.headers["x-request-id"] == str(request)
    assert handlers.received == {"event_id": event, "since": since,
                                 "day": datetime.date(2024, 2, 29), "x_request_id": request}
    assert type(handlers.received["event_id"]) is uuid.UUID
    annotations = {name: p.annotation for name, p in
                   inspect.signature(client.events.retrieve).parameters.items()}
    assert annotations["event_id"] == "_uuid.UUID"
    assert annotations["since"] == "_datetime.datetime"
    assert annotations["day"] == "_datetime.date | _base.NotGiven"
    with pytest.raises(params_pkg.UnprocessableEntityError):
        client.events.retrieve(event_id=event, since="yesterday")
    # Left out, `day` arrives as its spec default, typed like the parameter.
    client.events.retrieve(event_id=event, since=since)
    assert recorder.query() == [("since", "2024-05-06T07:08:09+02:00")]
    assert handlers.received["day"] == datetime.date(2024, 1, 1)


# -- feature_refs -----------------------------------------------------------------------------


class NoteHandlers:
    def __init__(self, pkg: ModuleType) -> None:
        self.m = pkg.models
        self.api_error = server_of(pkg).ApiError
        self.received: list[tuple[str, dict[str, Any]]] = []

    async def list_notes(self, **kwargs: Any) -> Any:
        self.received.append(("list_notes", kwargs))
        return [self.m.Note(id="n1", text="first")]

    async def create_note(self, **kwargs: Any) -> Any:
        self.received.append(("create_note", kwargs))
        return self.m.Note(id="n2", **kwargs["body"].model_dump())

    async def get_note(self, **kwargs: Any) -> Any:
        self.received.append(("get_note", kwargs))
        if kwargs["note_id"] == "missing":
            raise self.api_error(404, self.m.Error(message="no note"))
        return self.m.Note(id=kwargs["note_id"], text="found")

    async def delete_note(self, **kwargs: Any) -> None:
        self.received.append(("delete_note", kwargs))

    async def list_tags(self, **kwargs: Any) -> Any:
        self.received.append(("list_tags", kwargs))
        return [self.m.Tag(name="t", lang=kwargs["lang"])]

    async def create_tag(self, **kwargs: Any) -> Any:
        self.received.append(("create_tag", kwargs))
        if kwargs["body"].name == "taken":
            raise self.api_error(422, self.m.Problem(detail="taken"))
        return kwargs["body"]


def test_refs_to_path_items_parameters_bodies_responses_and_files_async() -> None:
    pkg = golden_package("feature_refs")
    m = pkg.models
    handlers = NoteHandlers(pkg)
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    async def run(url: str) -> dict[str, Any]:
        http = httpx.AsyncClient(event_hooks={"request": [record]})
        async with http, pkg.AsyncClient(base_url=url, http_client=http,
                                         max_retries=0) as client:
            out: dict[str, Any] = {
                # components/pathItems; components/parameters; components/responses
                "notes": await client.notes.list(limit=3),
                # components/requestBodies -> NewNote, whose `tag` is other.yaml's Tag
                "note": await client.notes.create(text="hi", tag=m.Tag(name="x", lang="fr")),
                # a path item in paths.yaml, with a path-level parameter ref back to spec.yaml
                "got": await client.notes.retrieve(note_id="a/b"),
                "deleted": await client.notes.delete(note_id="n2"),
                # other.yaml's parameter (a required enum) and schema
                "tags": await client.tags.list(lang=m.Lang.DE, limit=2),
                "tag": await client.tags.create(name="new", lang=m.Lang.EN),
            }
            with pytest.raises(pkg.NotFoundError) as missing:
                await client.notes.retrieve(note_id="missing")
            with pytest.raises(pkg.UnprocessableEntityError) as invalid:
                await client.tags.create(name="taken")
            out["missing"], out["invalid"] = missing.value, invalid.value
            return out

    with live_server(server_of(pkg).create_app(handlers)) as url:
        out = asyncio.run(run(url))

    assert out["notes"] == [m.Note(id="n1", text="first")]
    assert all(type(n) is m.Note for n in out["notes"])
    assert out["note"] == m.Note(id="n2", text="hi", tag=m.Tag(name="x", lang=m.Lang.FR))
    assert out["got"] == m.Note(id="a/b", text="found")
    assert out["deleted"] is None
    assert out["tags"] == [m.Tag(name="t", lang=m.Lang.DE)]
    assert out["tag"] == m.Tag(name="new", lang=m.Lang.EN)
    assert isinstance(out["missing"].body, m.Error) and out["missing"].body.message == "no note"
    assert isinstance(out["invalid"].body, m.Problem) and out["invalid"].body.detail == "taken"
    received = dict(handlers.received[:6])
    assert received == {
        "list_notes": {"limit": 3},
        "create_note": {"body": m.NewNote(text="hi", tag=m.Tag(name="x", lang=m.Lang.FR))},
        "get_note": {"note_id": "a/b"},
        "delete_note": {"note_id": "n2"},
        "list_tags": {"lang": m.Lang.DE, "limit": 2},
        "create_tag": {"body": m.Tag(name="new", lang=m.Lang.EN)},
    }
    assert type(received["list_tags"]["lang"]) is m.Lang
    wire = [(r.method, r.url.raw_path.decode()) for r in sent[:6]]
    assert wire == [("GET", "/notes?limit=3"), ("POST", "/notes"), ("GET", "/notes/a%2Fb"),
                    ("DELETE", "/notes/n2"), ("GET", "/tags?lang=de&limit=2"),
                    ("POST", "/tags")]
    assert json.loads(sent[1].content) == {"text": "hi", "tag": {"name": "x", "lang": "fr"}}


# -- feature_responses ------------------------------------------------------------------------


class JobHandlers:
    def __init__(self, pkg: ModuleType) -> None:
        server = server_of(pkg)
        self.m, self.replies, self.api_error = pkg.models, server.handlers, server.ApiError

    async def submit_job(self, *, body: Any) -> Any:
        m, replies = self.m, self.replies
        if body.name == "known":
            return replies.SubmitJob200Response(m.Job(id="j1", state="running"))
        if body.name == "fresh":
            return replies.SubmitJob201Response(
                m.JobStarted(id="j2", started_at="2024-05-06T07:08:09Z"))
        if body.name == "later":
            return replies.SubmitJob202Response(m.Queued(position=4))
        if body.name == "malformed":
            raise self.api_error(400, m.BadRequest(field="name", reason="malformed"))
        if body.name == "busy":
            raise self.api_error(409, m.Conflict(running_id="j1"))
        raise self.api_error(int(body.name), m.Error(code=int(body.name), message="down"))

    async def get_jobs_job_id(self, *, job_id: str) -> Any:
        if job_id == "lost":
            raise self.api_error(404, self.m.NotFound(missing=job_id))
        if job_id == "gone":
            raise self.api_error(410, self.m.Error(code=410, message="gone"))
        return self.m.Job(id=job_id, state="done")

    async def delete_jobs_job_id(self, *, job_id: str) -> None:
        return None

    async def get_jobs_job_id_logs(self, *, job_id: str) -> str:
        return f"log of {job_id}\nline 2"

    async def health(self) -> Any:
        return self.m.Health(ok=True)


@pytest.fixture(scope="module")
def jobs_pkg() -> ModuleType:
    return golden_package("feature_responses")


@pytest.fixture
def jobs(jobs_pkg: ModuleType) -> Iterator[Any]:
    with serve(jobs_pkg, JobHandlers(jobs_pkg)) as (client, _, _url):
        yield client


@pytest.mark.parametrize(("name", "status", "model", "fields"), [
    ("known", 200, "Job", {"id": "j1", "state": "running"}),
    ("fresh", 201, "JobStarted", {"id": "j2", "started_at": "2024-05-06T07:08:09Z"}),
    ("later", 202, "Queued", {"position": 4}),
])
def test_each_success_status_parses_into_its_own_type(
        jobs_pkg: ModuleType, jobs: Any, name: str, status: int, model: str,
        fields: dict[str, Any]) -> None:
    raw = jobs.with_raw_response.jobs.create(name=name)
    assert raw.status_code == status
    assert raw.json() == fields
    parsed = raw.parse()
    assert type(parsed) is getattr(jobs_pkg.models, model)
    assert type(jobs.jobs.create(name=name)) is type(parsed)


@pytest.mark.parametrize(("name", "error", "model", "status"), [
    ("malformed", "BadRequestError", "BadRequest", 400),
    ("busy", "ConflictError", "Conflict", 409),
    ("503", "InternalServerError", "Error", 503),  # `default`
    ("418", "APIStatusError", "Error", 418),  # `default`
])
def test_error_statuses_raise_their_class_carrying_the_parsed_model(
        jobs_pkg: ModuleType, jobs: Any, name: str, error: str, model: str,
        status: int) -> None:
    with pytest.raises(jobs_pkg.APIStatusError) as caught:
        jobs.jobs.create(name=name)
    assert type(caught.value) is getattr(jobs_pkg, error)
    assert caught.value.status_code == status
    assert type(caught.value.body) is getattr(jobs_pkg.models, model)


def test_exact_error_status_wins_over_its_range(jobs_pkg: ModuleType, jobs: Any) -> None:
    with pytest.raises(jobs_pkg.NotFoundError) as lost:
        jobs.jobs.retrieve(job_id="lost")
    assert lost.value.body == jobs_pkg.models.NotFound(missing="lost")
    with pytest.raises(jobs_pkg.APIStatusError) as gone:  # 410: the 4XX range
        jobs.jobs.retrieve(job_id="gone")
    assert gone.value.status_code == 410
    assert gone.value.body == jobs_pkg.models.Error(code=410, message="gone")


def test_no_content_text_and_default_only_responses(jobs_pkg: ModuleType, jobs: Any) -> None:
    raw = jobs.with_raw_response.jobs.delete(job_id="j1")
    assert (raw.status_code, raw.content, raw.parse()) == (204, b"", None)
    assert jobs.jobs.delete(job_id="j1") is None
    assert jobs.jobs.logs.list(job_id="j 1") == "log of j 1\nline 2"
    health = jobs.health.list()  # its only response is `default`: the success
    assert type(health) is jobs_pkg.models.Health and health.ok is True


def test_operations_without_an_operation_id_are_named_from_method_and_path(
        jobs_pkg: ModuleType) -> None:
    protocol = server_of(jobs_pkg).Handlers
    derived = {"get_jobs_job_id", "delete_jobs_job_id", "get_jobs_job_id_logs"}
    assert derived <= set(vars(protocol))
    router = server_of(jobs_pkg).build_router(JobHandlers(jobs_pkg))
    routes = {(route.path, next(iter(route.methods))): route.name for route in router.routes
              if route.path.startswith("/jobs/")}
    assert routes == {("/jobs/{job_id}", "GET"): "get_jobs_job_id",
                      ("/jobs/{job_id}", "DELETE"): "delete_jobs_job_id",
                      ("/jobs/{job_id}/logs", "GET"): "get_jobs_job_id_logs"}
    with jobs_pkg.Client(base_url="http://unused") as client:
        assert callable(client.jobs.retrieve) and callable(client.jobs.logs.list)


# -- feature_webhooks_callbacks ---------------------------------------------------------------


class Receiver:
    """A subscriber written by hand with the generated models: apigen makes no callback or
    webhook receiver, only the models their requests carry."""

    def __init__(self, models: ModuleType) -> None:
        self.models = models
        self.reports: list[Any] = []

    async def receive(self, request: Request) -> Response:
        self.reports.append(self.models.DeliveryReport.model_validate_json(await request.body()))
        return Response(status_code=204)


class SubscriptionHandlers:
    """Subscribes, then sends the spec's `deliveryReport` callback to `callbackUrl` as user code
    would: a `DeliveryReport` model, by alias."""

    def __init__(self, pkg: ModuleType) -> None:
        self.m = pkg.models
        self.received: list[Any] = []

    async def subscribe(self, *, body: Any) -> Any:
        self.received.append(body)
        report = self.m.DeliveryReport(subscription_id="s1", status="delivered", attempts=1)
        async with httpx.AsyncClient() as http:
            sent = await http.post(str(body.callback_url), headers={
                "Content-Type": "application/json"}, content=report.model_dump_json(
                by_alias=True, exclude_unset=True))
        assert sent.status_code == 204
        return self.m.SubscriptionCreated(id="s1")


def test_server_variables_make_the_default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = golden_package("feature_webhooks_callbacks")
    monkeypatch.delenv("FEATURE_WEBHOOKS_CALLBACKS_BASE_URL", raising=False)
    with pkg.Client() as client:
        assert client.base_url == "https://eu.api.example.com/v2"


def test_subscription_callback_and_webhook_models_on_the_wire() -> None:
    pkg = golden_package("feature_webhooks_callbacks")
    m = pkg.models
    receiver = Receiver(m)
    handlers = SubscriptionHandlers(pkg)
    # Mounted under the server URL's base path: the client keeps `/v2` from its base URL.
    app = Starlette(routes=[Mount("/v2", app=server_of(pkg).create_app(handlers))])
    callback_app = Starlette(routes=[Route("/cb", receiver.receive, methods=["POST"])])
    with live_server(app) as url, live_server(callback_app) as callback_url, \
            pkg.Client(base_url=f"{url}/v2", max_retries=0) as client:
        created = client.subscriptions.create(callback_url=f"{callback_url}/cb",
                                              events=[m.SubscriptionEvent.DELIVERED])
        spec = httpx.get(f"{url}/v2/openapi.json").json()
    assert created == m.SubscriptionCreated(id="s1")
    (subscription,) = handlers.received
    assert type(subscription) is m.Subscription
    assert str(subscription.callback_url) == f"{callback_url}/cb"
    assert subscription.events == [m.SubscriptionEvent.DELIVERED]
    assert receiver.reports == [m.DeliveryReport(subscription_id="s1", status="delivered",
                                                 attempts=1)]
    # The served spec keeps what apigen generates nothing for.
    assert list(spec["webhooks"]) == ["orderEvent", "stockLow"]
    assert list(spec["paths"]["/subscriptions"]["post"]["callbacks"]) == ["deliveryReport"]
    event = m.OrderEvent.model_validate_json(
        '{"orderId": "o1", "kind": "paid", "at": "2024-05-06T07:08:09Z", "total": 9.5}')
    assert event.model_dump(mode="json", by_alias=True) == {
        "orderId": "o1", "kind": "paid", "at": "2024-05-06T07:08:09Z", "total": 9.5}
    # An inline webhook payload has a model too, with its constraints.
    low = m.StockLowWebhookPostRequest.model_validate_json('{"sku": "A-1", "remaining": 2}')
    assert (low.sku, low.remaining) == ("A-1", 2)
    with pytest.raises(pydantic.ValidationError):
        m.StockLowWebhookPostRequest(sku="A-1", remaining=-1)


def test_webhooks_and_callbacks_get_no_methods_or_routes() -> None:
    pkg = golden_package("feature_webhooks_callbacks")
    protocol = server_of(pkg).Handlers
    assert [n for n in vars(protocol) if not n.startswith("_")] == ["subscribe"]
    router = server_of(pkg).build_router(SubscriptionHandlers(pkg))
    assert [(r.path, r.methods) for r in router.routes] == [("/subscriptions", {"POST"})]


# -- feature_read_write_only ------------------------------------------------------------------


class UserHandlers:
    def __init__(self, pkg: ModuleType) -> None:
        self.m = pkg.models
        self.received: list[Any] = []
        self.leak = False

    def stored(self, body: Any, user_id: str) -> dict[str, Any]:
        data = body.model_dump(mode="json", exclude_unset=True)
        data.update(id=user_id, created_at="2024-05-06T07:08:09Z")
        if "address" in data:
            data["address"]["verified"] = True
        return data

    async def create_user(self, *, body: Any) -> Any:
        self.received.append(body)
        data = self.stored(body, "u1")
        if self.leak:  # a handler that hands back what it received, password included
            return data
        data.pop("password")
        return self.m.UserResponse.model_validate(data)

    async def list_users(self) -> Any:
        return [{"id": "u1", "name": "n", "password": "secret",
                 "created_at": "2024-05-06T07:08:09Z"}]

    async def replace_user(self, *, user_id: str, body: Any) -> Any:
        self.received.append(body)
        return {"title": body.title,
                "members": [self.stored(member, user_id) for member in body.members]}

    async def create_audit(self, *, body: Any) -> Any:
        self.received.append(body)
        if body.note == "unchecked":
            return {"note": body.note}  # the response's required readOnly field is missing
        return self.m.Audit(note=body.note, checked_by="auditor")


@pytest.fixture(scope="module")
def rw_pkg() -> ModuleType:
    return golden_package("feature_read_write_only")


@pytest.fixture
def users(rw_pkg: ModuleType) -> Iterator[tuple[Any, Recorder, UserHandlers, str]]:
    handlers = UserHandlers(rw_pkg)
    with serve(rw_pkg, handlers) as (client, recorder, url):
        yield client, recorder, handlers, url


def test_request_shapes_have_no_read_only_and_response_shapes_no_write_only(
        rw_pkg: ModuleType) -> None:
    m = rw_pkg.models
    fields = {name: set(getattr(m, name).model_fields) for name in (
        "User", "UserRequest2", "UserResponse", "Address", "AddressRequest", "Audit",
        "AuditRequest", "UserRequest")}
    assert fields == {
        "User": {"id", "name", "password", "created_at", "address"},  # the whole schema
        "UserRequest2": {"name", "password", "address"},  # UserRequest is the spec's own
        "UserResponse": {"id", "name", "created_at", "address"},
        "Address": {"street", "verified"},
        "AddressRequest": {"street"},
        "Audit": {"note", "checked_by"},  # no writeOnly property: no response shape
        "AuditRequest": {"note"},
        "UserRequest": {"reason"},
    }
    assert not hasattr(m, "AuditResponse") and not hasattr(m, "AddressResponse")
    assert m.UserResponse.model_fields["id"].is_required()  # required applies to responses
    assert m.UserRequest2.model_fields["password"].is_required()  # and writeOnly to requests


def test_read_only_fields_cannot_be_sent_and_write_only_ones_never_come_back(
        rw_pkg: ModuleType, users: tuple[Any, Recorder, UserHandlers, str]) -> None:
    client, recorder, handlers, _ = users
    m = rw_pkg.models
    keywords = set(inspect.signature(client.users.create).parameters)
    assert {"name", "password", "address"} <= keywords
    assert not {"id", "created_at"} & keywords
    with pytest.raises(TypeError):
        client.users.create(name="ann", password="pw", id="forged")

    user = client.users.create(name="ann", password="pw",
                               address=m.AddressRequest(street="Main"))
    assert json.loads(recorder.last.content) == {
        "name": "ann", "password": "pw", "address": {"street": "Main"}}
    (body,) = handlers.received
    assert type(body) is m.UserRequest2 and type(body.address) is m.AddressRequest
    assert type(user) is m.UserResponse and type(user.address) is m.Address
    assert (user.id, user.name, user.address.verified) == ("u1", "ann", True)
    assert not hasattr(user, "password")

    handlers.leak = True  # the server drops what the response shape does not declare
    raw = client.with_raw_response.users.create(name="bob", password="pw")
    assert raw.json() == {"id": "u1", "name": "bob", "created_at": "2024-05-06T07:08:09Z"}
    listed = client.users.list()
    assert [(type(u), u.id) for u in listed] == [(m.UserResponse, "u1")]
    assert client.with_raw_response.users.list().json() == [
        {"id": "u1", "name": "n", "created_at": "2024-05-06T07:08:09Z"}]


def test_read_only_fields_a_foreign_client_sends_do_not_reach_the_handler(
        rw_pkg: ModuleType, users: tuple[Any, Recorder, UserHandlers, str]) -> None:
    _, _, handlers, url = users
    sent = {"id": "forged", "created_at": "2000-01-01T00:00:00Z", "name": "eve",
            "password": "pw", "address": {"street": "x", "verified": False}}
    response = httpx.post(f"{url}/users", json=sent)
    assert response.status_code == 201
    (body,) = handlers.received
    assert body.model_dump(exclude_unset=True) == {
        "name": "eve", "password": "pw", "address": {"street": "x"}}
    assert response.json()["id"] == "u1"


def test_shapes_follow_references_and_required_read_only_is_required_in_responses(
        rw_pkg: ModuleType, users: tuple[Any, Recorder, UserHandlers, str]) -> None:
    client, recorder, handlers, _ = users
    m = rw_pkg.models
    team = client.users.update(user_id="u7", title="core", members=[
        m.UserRequest2(name="a", password="p", address=m.AddressRequest(street="s"))])
    assert json.loads(recorder.last.content) == {"title": "core", "members": [
        {"name": "a", "password": "p", "address": {"street": "s"}}]}
    assert type(handlers.received[-1]) is m.TeamRequest
    assert type(handlers.received[-1].members[0]) is m.UserRequest2
    assert type(team) is m.TeamResponse and type(team.members[0]) is m.UserResponse
    assert team.members[0].id == "u7" and team.members[0].address.verified is True

    audit = client.audits.create(note="ok")
    assert json.loads(recorder.last.content) == {"note": "ok"}
    assert type(handlers.received[-1]) is m.AuditRequest
    assert type(audit) is m.Audit and audit.checked_by == "auditor"
    with pytest.raises(rw_pkg.InternalServerError):  # `checked_by` is required in responses
        client.audits.create(note="unchecked")
