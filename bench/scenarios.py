"""What bench/run.py measures: the hello reference, then the scenarios each app declares.

A scenario is a name and a path (a GET on the benchmark server, anonymous). The first one,
``hello``, is the reference: every other throughput is printed as a ratio to it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str


HELLO = Scenario("hello (bare Django view)", "/bench/hello")

def _scenarios() -> list[Scenario]:
    """The hello reference, then every app's declared scenarios (``Plugin(bench=Bench(...))``)."""
    import os

    import django
    from django.conf import settings

    if not settings.configured:
        # Only the list of declared scenarios is read here (no database access): the test
        # settings need no secret; the benchmark server itself runs with production settings.
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
        django.setup()
    from assonum.core.plugins import plugins

    found = [HELLO]
    for plugin in plugins():
        if plugin.bench is not None:
            found.extend(Scenario(s.name, s.path) for s in plugin.bench.scenarios)
    return found


SCENARIOS = _scenarios()
