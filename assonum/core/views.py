from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .plugins import plugins


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for load balancers: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database_ok = True
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        database_ok = False
    return JsonResponse(
        {"status": "ok" if database_ok else "error", "database": database_ok},
        status=200 if database_ok else 503,
    )


def all_sitemaps() -> dict:
    sitemaps = {"pages": WagtailSitemap}
    for plugin in plugins():
        if plugin.sitemaps is not None:
            sitemaps.update(plugin.sitemaps())
    return sitemaps


@require_GET
def sitemap(request):
    return django_sitemap(request, sitemaps=all_sitemaps())


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /compte/",
        "Disallow: /espace/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the error may come from it.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)


# --- search (/recherche/) --------------------------------------------------------------------

SEARCH_PER_GROUP = 10
SEARCH_PER_PAGE = 20


@require_GET
def search(request):
    """One box across every registered SearchType, results grouped by type (see core.search)."""
    from django.core.paginator import Paginator

    from .search import CANDIDATES, build_query, candidate_ids, clean_query, ranked, search_types

    raw = request.GET.get("q", "")
    q = clean_query(raw)
    types = search_types()
    current = next((t for t in types if t.key == request.GET.get("type")), None)
    context = {"q": raw[:200], "types": types, "current_type": current, "groups": [],
               "page_obj": None, "candidates": CANDIDATES}
    query = build_query(q)
    if query is not None:
        if current is not None:
            queryset, ids = candidate_ids(current, query)
            paginator = Paginator(ranked(queryset, ids, query) if ids else [], SEARCH_PER_PAGE)
            context["page_obj"] = paginator.get_page(request.GET.get("page"))
            context["total"] = len(ids)
        else:
            from .search import SearchGroup

            groups = []
            for search_type in types:
                queryset, ids = candidate_ids(search_type, query)
                results = list(ranked(queryset, ids, query)[:SEARCH_PER_GROUP]) if ids else []
                groups.append(SearchGroup(search_type, results, len(ids)))
            context["groups"] = [g for g in groups if g.results]
            context["total"] = sum(g.total for g in groups)
    return render(request, "core/search.html", context)


@never_cache
@require_GET
def private_file(request, app, name, pk):
    """A private upload, after the owning app's perms say yes; 404 for everyone else."""
    from django.apps import apps as django_apps
    from django.http import FileResponse, Http404

    declared = None
    for plugin in plugins():
        for private in plugin.private_files:
            if private.name == name and private.model.split(".")[0] == app:
                declared = private
    if declared is None:
        raise Http404
    model = django_apps.get_model(declared.model)
    try:
        obj = model._default_manager.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    stored = getattr(obj, declared.field)
    if not stored or not declared.may_download(request.user, obj):
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    filename = stored.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
