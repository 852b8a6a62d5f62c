"""apigen: OpenAPI specs to vendorable Python packages (models, httpx client, FastAPI server)."""

__version__ = "0.1.0"
