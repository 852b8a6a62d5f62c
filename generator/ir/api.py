"""The whole API: the root object templates receive as `api`, around the client's operations
(`nodes.py`) and the server's view of them (`server_nodes.py`).

This module is public API for template authors: `docs/templates.md` is checked against these
docstrings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .features import TransportHeaders
from .nodes import Operation, Resource, Server
from .parts import ModuleImport, SecurityScheme
from .server_nodes import ServerApi


@dataclass(frozen=True)
class Api:
    """The whole API: the root object templates receive as `api`."""

    title: str
    """`info.title`, raw."""
    version: str
    """`info.version`, raw; `0.0.0` when the document has none (FastAPI needs one)."""
    description: str
    """`info.description`, raw."""
    package: str
    """Import name of the generated package."""
    spec_path: str
    """Path of the spec as shown in headers (relative to the project when possible)."""
    spec_sha256: str
    """sha256 of the spec's bytes (all files, for multi-file specs)."""
    apigen_version: str
    """Version of apigen that generated the package."""
    servers: tuple[Server, ...]
    """Servers in spec order."""
    base_url: str
    """Default base URL: the first server's, or `http://localhost` when none is declared."""
    security_schemes: tuple[SecurityScheme, ...]
    """Schemes used by at least one operation, in spec order."""
    operations: tuple[Operation, ...]
    """All operations, in spec order."""
    resources: tuple[Resource, ...]
    """Top-level client namespaces, sorted by name."""
    env_api_key: tuple[str, ...]
    """Environment variables the client reads its credential from, first set wins."""
    env_base_url: tuple[str, ...]
    """Environment variables the client reads its base URL from, first set wins."""
    model_names: tuple[str, ...]
    """Every class `models.py` defines, in file order."""
    type_imports: tuple[tuple[str, str], ...]
    """`(module, alias)` pairs that hints outside `models.py` need, e.g. `("typing", "_typing")`."""
    options: dict[str, Any] = field(default_factory=dict)
    """Generation options that shaped the output (recorded in the manifest)."""
    credential_required: bool = False
    """True when some operation cannot be called anonymously: the client then refuses to start
    without a credential."""
    credential_hint: str = "str"
    """Type of the client's `api_key`: `str`, or `str | tuple[str, str]` when a scheme is HTTP
    basic (user and password)."""
    client_imports: tuple[tuple[ModuleImport, ...], ...] = ()
    """The imports `_client.py` needs, exactly, in isort's groups and order (standard library,
    third party, the package's own modules): the hint modules it uses, `typing` for overloads,
    `_base`, and `models`."""
    server: ServerApi = field(default_factory=ServerApi)
    """The server's view of the API: its operations with their routes and handlers, and the
    server modules' imports."""
    transport: TransportHeaders = field(default_factory=TransportHeaders)
    """Header names of the client's idempotency keys, retry counts and request ids, and the
    environment variable of its logging."""

    @property
    def all_resources(self) -> tuple[Resource, ...]:
        """Every namespace at any depth, each after its sub-namespaces: the order in which
        `_client.py` defines their classes."""

        def depth_first(resource: Resource) -> tuple[Resource, ...]:
            return (*(r for child in resource.children for r in depth_first(child)), resource)

        return tuple(r for top in self.resources for r in depth_first(top))
