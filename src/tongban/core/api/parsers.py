"""The API's body parsers: DRF's, plus the checks of ``core.inputs``.

A JSON body nested past ``MAX_JSON_DEPTH`` or holding a NUL character anywhere (key or
value), and a multipart field holding a NUL, are refused here with a 400 problem, before a
serializer or a service sees them. Bodies over the size limit never get this far
(``RequestGuardMiddleware`` answers 413).
"""

from typing import Any

from rest_framework import exceptions, parsers

from tongban.core.inputs import INPUT_PROBLEMS, InputRejected, check_json, has_nul


class InputProblem(exceptions.ParseError):
    """A 400 problem with the stable code of ``core.inputs`` (this module is imported
    while DRF loads its settings, so it cannot import ``core.api.problems``)."""

    def __init__(self, code: str) -> None:
        super().__init__(detail=INPUT_PROBLEMS[code], code=code)
        self.problem_code = code


def rejected(error: InputRejected) -> InputProblem:
    return InputProblem(error.code)


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Any = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
            check_json(data)
        except RecursionError as error:
            raise rejected(InputRejected("too_deep")) from error
        except InputRejected as error:
            raise rejected(error) from error
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Any = None,
    ) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        names = [*parsed.data.keys(), *parsed.files.keys()]
        values = [value for _name, group in parsed.data.lists() for value in group]
        if has_nul([*names, *values]):
            raise rejected(InputRejected("nul_character"))
        return parsed
