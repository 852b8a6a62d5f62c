"""The IR builder's reading of an operation's responses: status, media type, type, and the
sample the mock answers with (`build.py` puts them together with the request into an
`Operation`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import escape_pointer_token
from ..spec.operations import OperationView
from .hints import SchemaReader, body_kind
from .media import wire_media_type
from .parts import Response
from .samples import Synthesizer


class ResponseReader(SchemaReader):
    """Responses and their mock samples, read from the spec and the generated models."""

    synthesizer: Synthesizer
    """Made by the builder: the mock's samples."""

    def responses(self, operation: OperationView) -> tuple[list[Response], dict[str, Any]]:
        """The operation's responses, with the mock's sample of each JSON one, and the schema
        of each by status (None when it has no content). A HEAD response has no content
        whatever it declares (RFC 9110 9.3.2): the client reads none and the server sends
        none."""
        head = operation.method == "head"
        out: list[Response] = []
        schemas: dict[str, Any] = {}
        # 3.1 makes `responses` optional; status keys vetted by checks.check_buildable.
        for status, response in operation.responses.items():
            media, type_ref = self.media_type({} if head else response.content)
            kind = body_kind(None)
            if media is not None:
                schemas[status] = media.schema if media.has_schema else {}
                kind = body_kind(media.media_type, schema=self.schema_kind(media))
            example, has_example = self.example_of(media)
            content_type = media.media_type if media is not None else None
            code = int(status) if status.isdigit() else None
            head_content_type = None
            if head:
                head_media, _ = self.media_type(response.content)
                head_content_type = None if head_media is None else wire_media_type(
                    head_media.media_type, body_kind(head_media.media_type))
            out.append(Response(
                status=status,
                status_code=code,
                description=response.description,
                content_type=None if content_type is None
                else wire_media_type(content_type, kind),
                declared_content_type=content_type,
                head_content_type=head_content_type,
                type=type_ref,
                is_success=status != "default" and status[0] in "123",
                example=example,
                has_example=has_example,
                body_kind=kind,
            ))
        if not any(r.is_success for r in out):
            out = [replace(r, is_success=True) if r.status == "default" else r for r in out]
        if not any(r.is_success for r in out):
            # No success declared (no responses at all, or errors only): any 2XX, no body; the
            # server sends 200 and the client returns None.
            out.append(Response(status="2XX", status_code=None,
                                description="Success (the spec declares none)",
                                content_type=None, type=None, is_success=True))
        ordered = sorted(out, key=lambda r: (r.status == "default", r.status))
        return [self.with_sample(r, schemas.get(r.status),
                                 f"{operation.pointer}/responses/"
                                 f"{escape_pointer_token(r.status)}")
                for r in ordered], schemas

    def with_sample(self, response: Response, schema: Any, where: str) -> Response:
        """A JSON response with the value the mock server sends for it. A schema no instance
        could be found for, or none fitting exactly one variant of each `oneOf` (overlapping
        variants: a defect of the spec, where the mock sends the nearest, an instance valid
        with the `oneOf` read as `anyOf`), is reported at generation, not met at run time."""
        if response.body_kind != "json":
            return response
        text = "string" if response.is_success else (response.description or "error")
        examples = (response.example,) if response.has_example else ()
        sample, has_sample, exact = self.synthesizer.noted_sample(schema, text=text,
                                                                  examples=examples)
        if not has_sample:
            self.spec.warn(f"no valid example of the {response.status} response, and none "
                           "could be synthesized: the mock server cannot answer it", where)
        elif has_sample and not exact:
            self.spec.warn(f"no instance of the {response.status} response fits exactly one "
                           "variant of a `oneOf` (variants overlap): the mock server answers "
                           "one that fits several", where)
        return replace(response, sample=sample, has_sample=has_sample)

    def event_sample(self, schema: Any) -> tuple[Any, bool]:
        """An event of `schema` the mock streams (the JSON data of one event)."""
        sample, has_sample, _ = self.synthesizer.noted_sample(schema, text="string",
                                                              examples=())
        return sample, has_sample

