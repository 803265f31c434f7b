import uuid

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .plugins import plugins


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return False


def _check_cache() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
        return ok
    except Exception:  # noqa: BLE001 - an unreachable Redis raises its own errors
        return False


def _task_queue() -> dict | None:
    """Backlog of the database task queue: tasks due now, and how long the oldest has waited."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return None
    from django.db.models import Count, Min, Q
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    never = get_date_max()
    due = Q(run_after=never) | Q(run_after__lte=now)
    figures = DBTaskResult.objects.filter(due, status=TaskResultStatus.READY).aggregate(
        backlog=Count("id"),
        oldest_enqueued=Min("enqueued_at", filter=Q(run_after=never)),
        oldest_due=Min("run_after", filter=Q(run_after__lte=now)),
    )
    waiting_since = min(
        (t for t in (figures["oldest_enqueued"], figures["oldest_due"]) if t), default=None
    )
    age = round((now - waiting_since).total_seconds(), 1) if waiting_since else 0.0
    return {"backlog": figures["backlog"], "oldest_pending_age_seconds": max(age, 0.0)}


@never_cache
@require_GET
def healthz(request):
    """Health for monitoring and load balancers, as JSON; 200 when healthy, else 503.

    Checks the database, the cache (a write and a read) and, with the database task backend,
    the queue: ``backlog`` tasks due now, the oldest waiting for ``oldest_pending_age_seconds``;
    an age over ``HEALTHZ_MAX_TASK_AGE`` means no worker is keeping up (503). A load balancer
    that should not drop web servers because of the workers asks ``/healthz?scope=web``.
    """
    database_ok = _check_database()
    cache_ok = _check_cache()
    body = {"database": database_ok, "cache": cache_ok}
    # A load balancer (scope=web) keeps a web server while its database answers: the site
    # ignores cache errors and keeps serving. Monitoring (no scope) is told the cache is down.
    healthy = database_ok and (cache_ok or request.GET.get("scope") == "web")
    if request.GET.get("scope") != "web":
        try:
            tasks = _task_queue() if database_ok else None
        except Exception:  # noqa: BLE001 - e.g. the tasks table is missing
            tasks, healthy = None, False
        body["tasks"] = tasks
        limit = settings.HEALTHZ_MAX_TASK_AGE
        if tasks is not None and limit and tasks["oldest_pending_age_seconds"] > limit:
            body["tasks"]["late"] = True
            healthy = False
    body = {"status": "ok" if healthy else "error", **body}
    return JsonResponse(body, status=200 if healthy else 503)


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


@require_GET
def favicon(request):
    """``/favicon.ico``, asked for by browsers whatever the page says: the logo as an icon."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=604800"})


def _favicon_bytes() -> bytes:
    global _FAVICON
    if _FAVICON is None:
        from django.contrib.staticfiles import finders

        with open(finders.find("img/favicon.ico"), "rb") as icon:  # noqa: PTH123
            _FAVICON = icon.read()
    return _FAVICON


_FAVICON: bytes | None = None


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the error may come from it.
    from django.template import loader

    from .observability import current_request_id

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_id": current_request_id()}), status=500)


# --- search (/recherche/) --------------------------------------------------------------------

SEARCH_PER_GROUP = 10
SEARCH_PER_PAGE = 20


@require_GET
def search(request):
    """One box across every registered SearchType, results grouped by type (see core.search)."""
    from django.core.paginator import Paginator

    from .search import CANDIDATES, clean_query, run, search_types

    raw = request.GET.get("q", "")
    q = clean_query(raw)
    types = search_types()
    current = next((t for t in types if t.key == request.GET.get("type")), None)
    context = {"q": raw[:200], "types": types, "current_type": current, "groups": [],
               "page_obj": None, "candidates": CANDIDATES}
    if q:
        if current is not None:
            try:
                number = max(1, int(request.GET.get("page") or 1))
            except ValueError:
                number = 1
            last_page = CANDIDATES // SEARCH_PER_PAGE
            offset = (min(number, last_page) - 1) * SEARCH_PER_PAGE
            group = run(q, [current], offset=offset, limit=SEARCH_PER_PAGE)[0]
            if not group.results and group.total and offset:  # past the end: the last page
                offset = (min(group.total, CANDIDATES) - 1) // SEARCH_PER_PAGE * SEARCH_PER_PAGE
                group = run(q, [current], offset=offset, limit=SEARCH_PER_PAGE)[0]
            paginator = Paginator(range(min(group.total, CANDIDATES)), SEARCH_PER_PAGE)
            page_obj = paginator.get_page(offset // SEARCH_PER_PAGE + 1)
            page_obj.object_list = group.results
            context.update(page_obj=page_obj, total=group.total, note=group.note)
        else:
            groups = run(q, types, limit=SEARCH_PER_GROUP)
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
