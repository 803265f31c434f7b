"""The shared cache (Redis) as the site wants it to behave when Redis is down.

django-redis, with ``IGNORE_EXCEPTIONS``, answers ``None`` to every call it cannot make, so the
site keeps serving on cache misses. One call needs a different answer: ``add``. allauth guards
each rate-limit counter with a lock taken by ``cache.add``; with ``None`` it waits one second and
answers 429, so sign-up, password reset and email confirmation would all be refused while Redis
is down. Here an ``add`` that could not reach Redis reports success: those limits fail open (the
counter itself is then lost, as every cached value is). Logins stay closed: the account adapter
probes the cache before every authentication (``assonum.accounts.adapter.cache_is_working``).
"""

from django_redis.cache import RedisCache as BaseRedisCache


class RedisCache(BaseRedisCache):
    def add(self, *args, **kwargs):
        added = super().add(*args, **kwargs)
        # ``None`` only comes from an ignored connection error: Redis says True or False.
        return True if added is None else added
