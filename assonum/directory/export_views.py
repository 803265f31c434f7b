"""Open-data downloads of the directory, in the national standard (schema v1.0.2)."""

from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from . import exports

CACHE_SECONDS = 600


def _download(chunks, content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    filename = exports.suggested_filename(extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@require_GET
def export_csv(request):
    return _download(exports.iter_csv(), "text/csv; charset=utf-8", "csv")


@require_GET
def export_json(request):
    return _download(exports.iter_json(), "application/json; charset=utf-8", "json")
