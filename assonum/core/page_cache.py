"""The anonymous page cache and the site-wide parts cache, purged by one generation key.

**Generation.** Every key below contains the current *generation*, a token stored in the shared
cache (``CACHES["default"]``: Redis in production, the database table on the embedded default).
:func:`bump` replaces the token: every cached page and site-wide part is then unreachable at
once, on every web process, and expires by itself. It is called when a Wagtail page is
published, unpublished, moved or deleted (core), and when a record of a model that an app
declares in ``Plugin(cache_models=[...])`` is saved or deleted, or changes state through
``assonum.core.workflow.transition`` or a counter of ``assonum.core.concurrency`` (seats, units:
their ``UPDATE`` sends no ``post_save``). Other writes through ``QuerySet.update()`` are not
seen: the page then refreshes after ``PAGE_CACHE_SECONDS`` at most.

**Pages** (:class:`PageCacheMiddleware`, on when ``PAGE_CACHE_SECONDS`` > 0). A GET or HEAD is
answered from the cache only for a visitor without a session or messages cookie (so never a
signed-in visitor, nor anyone whose session could change the page), outside the private
prefixes (``PAGE_CACHE_EXCLUDED_PREFIXES``: back office, ``/espace/``, accounts, private files,
API). A response is stored only when it is a 200, not streamed, sets no cookie, used no CSRF
token (a page with a POST form), showed no message, did not read the signed-in user, and says
nothing against caching (``Cache-Control: private/no-cache/no-store``, a ``Vary`` on another
header). The key holds the host, the full path with its query string, whether the client takes
gzip (the middleware sits above GZipMiddleware, so a stored body is already compressed) and
the ``HX-Request`` and ``HX-Boosted`` headers (an htmx fragment and the full page are two
entries). Stored responses say ``Cache-Control: public, max-age=PAGE_CACHE_SECONDS,
stale-while-revalidate=...`` and ``Vary: Cookie, Accept-Encoding, HX-Request, HX-Boosted`` so
that a reverse proxy may keep them too; the other responses say ``private, no-cache`` (except
the open-data API, which keeps its own headers).

**Site-wide parts** (:func:`site_wide`, always on): the header navigation, the footer pages,
the site settings and the ``Site`` of the request, read from the cache instead of the database,
under the same generation.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "assonum:generation"
# How long site-wide parts are kept without a change (they are purged by the generation).
SITE_WIDE_SECONDS = 6 * 3600
# Headers a stored response may vary on (the key covers the first three; the site has one
# language, so Accept-Language, which LocaleMiddleware always adds, changes nothing).
VARY_ALLOWED = {"cookie", "accept-encoding", "hx-request", "hx-boosted", "accept-language"}
VARY = ("Cookie", "Accept-Encoding", "HX-Request", "HX-Boosted")
DEFAULT_EXCLUDED_PREFIXES = ("/admin/", "/espace/", "/compte/", "/comptes/", "/fichiers/",
                             "/api/", "/healthz", "/django-admin/", "/documents/")


# --- The generation -----------------------------------------------------------------------------

# The generation read at the start of the current request (set by PageCacheMiddleware), so
# that code without the request (template tags, querysets) reads it once per request too.
_request_generation: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "assonum_generation", default=None)


def generation(request=None) -> str:
    """The current generation token (read once per request)."""
    if request is not None and hasattr(request, "_assonum_generation"):
        return request._assonum_generation
    if request is None and (current := _request_generation.get()) is not None:
        return current
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
            value = cache.get(GENERATION_KEY)
    except Exception:  # noqa: BLE001 - a cache that is down means "no cache", never an error
        logger.warning("cache unavailable: pages are served without it", exc_info=True)
        value = None
    value = value or "none"
    if request is not None:
        request._assonum_generation = value
    return value


def _replace_generation() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable: could not purge the page cache", exc_info=True)


def bump(**kwargs) -> None:
    """Purge every cached page and site-wide part (now, and again once the change commits).

    The second purge closes the window where a request reads the old rows between the first
    one and the commit, and caches them under the new generation.
    """
    _replace_generation()
    transaction.on_commit(_replace_generation, robust=True)


# --- Site-wide parts ----------------------------------------------------------------------------


def _shared(key: str, name: str, build: Callable[[], Any], seconds: int) -> Any:
    """The value at ``key`` in the shared cache, or ``build()`` kept there for ``seconds``.

    A cache that is down is a miss: the value is built and the failure to keep it logged.
    """
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001
        value = None
    if value is None:
        value = build()
        try:
            cache.set(key, value, seconds)
        except Exception:  # noqa: BLE001
            logger.warning("cache unavailable: could not keep %s", name, exc_info=True)
    return value


# This process's copy of the site-wide parts of the current generation: a value never changes
# within a generation, so after the first request no cache round trip is needed either.
_local: dict[str, Any] = {"generation": None, "values": {}}


def site_wide(name: str, build: Callable[[], Any], request=None) -> Any:
    """``build()``, kept under the current generation, in this process and in the shared cache.

    The value is shared by the requests of the process: treat it as read-only.
    """
    token = generation(request)
    if _local["generation"] != token:
        _local["generation"], _local["values"] = token, {}
    if name in _local["values"]:
        return _local["values"][name]
    value = _shared(f"assonum:site:{token}:{name}", name, build, SITE_WIDE_SECONDS)
    if token != "none":
        _local["values"][name] = value
    return value


# This process's most recent derived values of the current generation (see :func:`derived`):
# bounded, unlike the site-wide parts, since their keys come from the query string.
DERIVED_LOCAL_ENTRIES = 256
_derived_local: dict[str, Any] = {"generation": None, "values": {}, "since": 0.0}
# What this process keeps itself (derived values, fragments) is also dropped after this long,
# for a change no signal sees (a territory import, a ``QuerySet.update()``).
LOCAL_SECONDS = 600


def _local_values(store: dict[str, Any], token: str) -> dict:
    now = time.monotonic()
    if store["generation"] != token or now - store["since"] > LOCAL_SECONDS:
        store["generation"], store["values"], store["since"] = token, {}, now
    return store["values"]


def derived(name: str, parts: Any, build: Callable[[], Any], request=None) -> Any:
    """``build()`` for ``parts`` (filters, a query's SQL), kept under the current generation.

    For a value that is computed from published records only, the same for every visitor, and
    costly next to reading it back: the counts beside the filters of a list, the dots of a
    map. Kept in this process (the ``DERIVED_LOCAL_ENTRIES`` most recent) and in the shared
    cache; purged, like the pages, by :func:`bump`, and kept ``LOCAL_SECONDS`` at most.
    ``parts`` must hold everything the value depends on (its ``repr`` is hashed into the key:
    no set, whose order differs between processes). Treat the value as read-only.
    """
    token = generation(request)
    if token == "none":  # the cache is down: compute, keep nothing
        return build()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"assonum:derived:{token}:{name}:{digest}"
    values = _local_values(_derived_local, token)
    if key in values:
        return values[key]
    value = _shared(key, name, build, LOCAL_SECONDS)
    if len(values) >= DERIVED_LOCAL_ENTRIES:
        values.pop(next(iter(values)))  # the oldest entry
    values[key] = value
    return value


# Rendered fragments (``{% fragment %}``, assonum_tags) of the current generation, in this process.
FRAGMENT_ENTRIES = 4096
_fragments: dict[str, Any] = {"generation": None, "values": {}, "since": 0.0}
# The pages found for a URL path (:func:`routed_page`), in this process.
ROUTED_ENTRIES = 2048
_routed: dict[str, Any] = {"generation": None, "values": {}, "since": 0.0}


def _kept_here(store: dict[str, Any], limit: int, key: Any, build: Callable[[], Any],
               request=None) -> Any:
    """``build()`` kept in this process under ``key`` for the current generation (bounded)."""
    token = generation(request)
    if token == "none":
        return build()
    values = _local_values(store, token)
    if key in values:
        return values[key]
    value = build()
    if value is None:  # nothing found: not kept (a crawler's random paths would fill it)
        return None
    if len(values) >= limit:
        values.pop(next(iter(values)))  # the oldest entry
    values[key] = value
    return value


def fragment(parts: tuple, render: Callable[[], str], request=None) -> str:
    """The HTML ``render()`` gives for ``parts``, rendered once per generation in this process.

    For a piece of a page (a card of a list) that depends only on published records named in
    ``parts`` (its name, a primary key, a distance...): never on the visitor, the time or the
    request. No round trip to the shared cache: a fragment is cheaper to render again than to
    fetch; each web process keeps the ``FRAGMENT_ENTRIES`` most recent.
    """
    return _kept_here(_fragments, FRAGMENT_ENTRIES, parts, render, request)


def routed_page(url_path: str, find: Callable[[], Any], request=None) -> Any:
    """The page ``find()`` gives for ``url_path``, looked up once per generation in this process.

    Every page save, publication, move or deletion bumps the generation, so the kept object
    is the row as it is now; Wagtail still checks, at every request, that it is live and what
    view restrictions it has (``Page.route`` and the ``before_serve_page`` hooks run on it).
    The object is shared by the process's requests: read-only. ``None`` is never kept.
    """
    return _kept_here(_routed, ROUTED_ENTRIES, url_path, find, request)


def site_has_view_restrictions() -> bool:
    """Does any page of the site have a view restriction (password, signed-in, groups)?"""
    from wagtail.models import PageViewRestriction

    return site_wide("has-view-restrictions", PageViewRestriction.objects.exists)


def install_view_restriction_shortcut() -> None:
    """Skip Wagtail's view-restriction queries while no page of the site has one.

    Serving a page reads its restrictions (two queries) and every ``PageQuerySet.public()``
    loads them all (one query each). Without any restriction (the usual case; purged when
    one is added: core declares ``wagtailcore.PageViewRestriction``) the answer is known.
    """
    from django.db.models import Q
    from wagtail.models import Page, PageViewRestriction
    from wagtail.query import PageQuerySet

    if getattr(Page, "_assonum_shortcut", False):
        return
    original_restrictions = Page.get_view_restrictions
    original_private_q = PageQuerySet.private_q

    def get_view_restrictions(self):
        if not site_has_view_restrictions():
            return PageViewRestriction.objects.none()
        return original_restrictions(self)

    def private_q(self):
        if not site_has_view_restrictions():
            return Q(pk__in=[])
        return original_private_q(self)

    Page.get_view_restrictions = get_view_restrictions
    PageQuerySet.private_q = private_q
    Page._assonum_shortcut = True


def install_site_root_paths_shortcut() -> None:
    """Read Wagtail's site root paths through :func:`site_wide` (this process, per generation).

    Every page URL built without a request (``get_url()``, ``get_url_parts()``: digests, emails,
    search results, sitemaps) asks ``Site.get_site_root_paths()``, which reads the shared cache
    each time: 26 round trips for one newsletter issue page. They change with a ``Site`` or a
    page's slug or place, which bump the generation (core declares ``wagtailcore.Site``).
    """
    from wagtail.models import Site

    if getattr(Site, "_assonum_root_paths_shortcut", False):
        return
    original = Site.get_site_root_paths

    def get_site_root_paths():
        return site_wide("wagtail-site-root-paths", original)

    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    Site._assonum_root_paths_shortcut = True


#: Answers that render no page (JSON, health): they never look the Wagtail site up.
NO_SITE_PREFIXES = ("/api/", "/healthz")


def prime_site(request) -> None:
    """Set Wagtail's per-request ``Site`` (``request._wagtail_site``) from the shared cache.

    ``Site.find_for_request`` answers from that attribute; the root page is loaded with its
    specific class, which is what Wagtail's serve view routes from.
    """
    if hasattr(request, "_wagtail_site") or request.path_info.startswith(NO_SITE_PREFIXES):
        return
    from wagtail.models import Site

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 - loaded now, kept with the site
        return site or False

    try:
        raw_host = request._get_raw_host()
        port = request.get_port()
    except Exception:  # noqa: BLE001 - a malformed host: let Wagtail answer as usual
        return
    try:
        site = site_wide(f"wagtail-site:{raw_host}:{port}", find, request)
    except Exception:  # noqa: BLE001 - the database is down: the view answers (healthz 503)
        logger.warning("site lookup failed; left to the view", exc_info=True)
        return
    request._wagtail_site = site or None


# --- Which models purge ------------------------------------------------------------------------


def cache_models() -> set[str]:
    """Every model label (``app_label.modelname``) the apps declare as shown on public pages."""
    from .plugins import plugins

    return {label.lower() for plugin in plugins() for label in plugin.cache_models}


def model_changed(model) -> None:
    """Purge when ``model`` is one the apps declare (for writes that send no signal)."""
    if model._meta.label_lower in _declared():
        bump()


_DECLARED: set[str] | None = None


def _declared() -> set[str]:
    global _DECLARED
    if _DECLARED is None:
        _DECLARED = cache_models()
    return _DECLARED


def connect_signals() -> None:
    """Connect the purge to Wagtail's page signals and to each declared model's signals."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    uid = "assonum.core.page_cache"
    page_published.connect(bump, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(bump, dispatch_uid=f"{uid}.unpublished")
    page_slug_changed.connect(bump, dispatch_uid=f"{uid}.slug")
    post_page_move.connect(bump, dispatch_uid=f"{uid}.moved")

    def page_changed(sender, **kwargs):
        # Any page class, including a save that bypasses publishing (a script, the demo).
        if isinstance(sender, type) and issubclass(sender, Page):
            bump()

    post_save.connect(page_changed, dispatch_uid=f"{uid}.page_saved", weak=False)
    post_delete.connect(page_changed, dispatch_uid=f"{uid}.page_deleted", weak=False)
    for label in sorted(cache_models()):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):  # reported by the plug-in check (assonum.E002)
            continue
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}.save.{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}.delete.{label}")
        for m2m in model._meta.many_to_many:
            through = getattr(m2m.remote_field, "through", None)
            if through is not None:
                m2m_changed.connect(bump, sender=through,
                                    dispatch_uid=f"{uid}.m2m.{label}.{m2m.name}")


# --- The page cache --------------------------------------------------------------------------


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def excluded_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", DEFAULT_EXCLUDED_PREFIXES))


def _has_private_cookie(request) -> bool:
    cookies = request.COOKIES
    return (settings.SESSION_COOKIE_NAME in cookies
            or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
            or "messages" in cookies)


def request_is_eligible(request) -> bool:
    """May this request be answered from (and stored into) the page cache?"""
    return (request.method in ("GET", "HEAD")
            and not request.path_info.startswith(excluded_prefixes())
            and not _has_private_cookie(request)
            and not getattr(request, "is_preview", False))


def cache_key(request, generation_token: str) -> str:
    accepts_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()
    htmx = bool(request.headers.get("HX-Request"))
    boosted = bool(request.headers.get("HX-Boosted"))
    target = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(target.encode("utf-8", "surrogateescape")).hexdigest()
    return (f"assonum:page:{generation_token}:{int(accepts_gzip)}{int(htmx)}{int(boosted)}:"
            f"{digest}")


def _messages_shown(request) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    queued = getattr(storage, "_queued_messages", None)
    loaded = storage.__dict__.get("_loaded_data")
    return bool(queued) or (bool(storage.used) and bool(loaded))


def _user_read(request) -> bool:
    user = getattr(request, "user", None)
    # SimpleLazyObject: "_wrapped" stays "empty" until something reads the user.
    wrapped = getattr(user, "_wrapped", None)
    if user is None or wrapped is None:
        return False
    from django.utils.functional import empty

    return wrapped is not empty and getattr(wrapped, "is_authenticated", False)


def response_is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))
            if part.strip()}
    if vary - VARY_ALLOWED:
        return False
    return not _messages_shown(request) and not _user_read(request)


def _public_headers(response, seconds: int) -> None:
    stale = max(seconds, 60)
    response["Cache-Control"] = (f"public, max-age={seconds}, "
                                 f"stale-while-revalidate={stale}")
    patch_vary_headers(response, VARY)


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD of public pages from the shared cache (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generation.set(None)
        _request_generation.set(generation(request))
        try:
            return self._respond(request)
        finally:
            _request_generation.reset(token)

    def _respond(self, request):
        prime_site(request)
        seconds = page_cache_seconds()
        if seconds <= 0:
            return self.get_response(request)
        if not request_is_eligible(request):
            response = self.get_response(request)
            if request.path_info.startswith("/api/"):  # open data keeps its own headers
                return response
            return self._private(response)
        try:
            key = cache_key(request, generation(request))
        except Exception:  # noqa: BLE001 - DisallowedHost and the like: answered as usual
            return self.get_response(request)
        try:
            cached = cache.get(key)
        except Exception:  # noqa: BLE001
            cached = None
        if cached is not None:
            return self._hit(request, cached)
        response = self.get_response(request)
        if not response_is_cacheable(request, response):
            return self._private(response)
        _public_headers(response, seconds)
        response["X-Page-Cache"] = "miss"
        if request.method == "GET":  # a HEAD body may be empty: only a GET fills the entry
            if hasattr(response, "render") and callable(response.render):
                response.render()
            try:
                cache.set(key, response, seconds)
            except Exception:  # noqa: BLE001
                logger.warning("cache unavailable: page not stored", exc_info=True)
        return response

    @staticmethod
    def _private(response):
        """What no shared cache may keep: for this visitor only, revalidated every time."""
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def _hit(request, response):
        response["X-Page-Cache"] = "hit"
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), response=response)
        return conditional if conditional is not None else response
