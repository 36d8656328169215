"""The API's JSON parser: DRF's, with a body nested too deep for Python refused as malformed
(400) instead of failing the request (500)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as deep:
            raise ParseError() from deep  # "Malformed request.", in the reader's language
