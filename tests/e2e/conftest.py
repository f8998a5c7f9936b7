"""End-to-end fixtures: the whole platform through the gateway's HTTP API.

`platform` (module scope) starts the relay, every context service that exists (identity,
neighbourhoods, ...) and the gateway, each as its own `python -m services.runtime.serve` process
(as `make run` would run them together), on a RabbitMQ vhost, a data directory and a free port
of their own, waits until GET /api/v1/openapi.json answers, and kills every process after the
module's last test. It yields a `tests.support.platform.Platform`:

    platform.base_url            "http://127.0.0.1:<port>" (the web client is served at "/")
    platform.api                 base_url + "/api/v1"
    platform.data_dir            QUARTIER_DATA_DIR of every process (events.db, outbox/letters/)
    platform.call(method, path, client=None, **requests_kwargs)   path under /api/v1
    platform.new_email()         an address no other test uses
    platform.sign_up(name) -> Resident; platform.sign_in(resident, client=None) -> Resident
    platform.signed_in(name)     both at once (resident.token, resident.auth headers)
    platform.verified(number)    signed in and verified by letter at <number> rue de la Paix
    platform.letter_code(resident_id)   the code on the latest letter posted to the resident
    platform.events(stream=None) recorded events (PII fields stay encrypted)
    platform.stop("identity"); platform.start("identity")   any name of platform.SERVICES
    platform.log_dir             where each process writes <name>.log

Every test calls from the same client (127.0.0.1), so the gateway's per-client rate limits are
raised far above what tests send (QUARTIER_RATE_LIMITS, see GENEROUS_LIMITS). A module changes
the processes' environment by overriding the module-scoped fixture `platform_env` in its own
file (test_api_rate_limits.py does, to test the limits themselves):

    @pytest.fixture(scope="module")
    def platform_env() -> dict[str, str]:
        return {"QUARTIER_RATE_LIMITS": GENEROUS_LIMITS, "QUARTIER_SESSION_MAX_DAYS": "1"}

Modules of one folder (tests/e2e/<context>/) asking for the same environment share one
platform, started by the first of them and stopped after the folder's last test: starting eight
processes costs seconds of CPU per module. A module that needs a platform of its own (it stops
services, or reads the whole log) says so with `OWN_PLATFORM = True`. Tests must therefore not
depend on what other modules left behind: each makes its own residents (new e-mail addresses).

RabbitMQ is required: unreachable, the tests are skipped with the command that starts it, and
fail in CI (CI=true). When a test fails, the tail of each process's log is added to its report;
logs are otherwise kept under pytest's temporary directory only.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.support.platform import GENEROUS_LIMITS, SERVICES, Platform, running_platform


@pytest.fixture(scope="module")
def platform_env() -> dict[str, str]:
    """Extra environment for every process of the module's platform: by default, per-client
    rate limits far above what a test sends (every test is the same client, 127.0.0.1)."""
    return {"QUARTIER_RATE_LIMITS": GENEROUS_LIMITS}


@pytest.fixture(scope="module")
def browser_present() -> None:
    """For the web client's modules (pytestmark usefixtures): skip them, or fail them in CI,
    before their platform starts when there is no browser to drive."""
    # Imported here: the API modules need no Playwright.
    from tests.support.browser import require_chromium

    require_chromium()


class _Shared:
    """At most one shared platform at a time, for the modules of one folder and environment."""

    def __init__(self) -> None:
        self.key: tuple[object, ...] | None = None
        self.stack = ExitStack()
        self.platform: Platform | None = None

    def get(
        self, key: tuple[object, ...], start: Callable[[], ContextManager[Platform]]
    ) -> Platform:
        if self.platform is None or key != self.key:
            self.close()
            self.platform = self.stack.enter_context(start())
            self.key = key
        return self.platform

    def close(self) -> None:
        self.stack.close()
        self.platform, self.key = None, None


SHARED = _Shared()
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def platform(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    platform_env: dict[str, str],
) -> Iterator[Platform]:
    def start() -> ContextManager[Platform]:
        return running_platform(tmp_path_factory.mktemp("platform"), platform_env)

    if getattr(request.module, "OWN_PLATFORM", False):
        SHARED.close()
        with start() as running:
            yield running
        return
    yield SHARED.get((request.path.parent, tuple(sorted(platform_env.items()))), start)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In each folder, the modules on the default environment first, then those that set their
    own (or run their own platform): the default ones then share one platform instead of one
    each side of a module with other settings. Modules and their tests keep their order."""

    def own(item: pytest.Item) -> bool:
        module = getattr(item, "module", None)
        if module is None or not item.path.is_relative_to(HERE):
            return False
        return "platform_env" in vars(module) or getattr(module, "OWN_PLATFORM", False)

    folders: dict[object, int] = {}
    for item in items:
        folders.setdefault(item.path.parent, len(folders))
    order = {id(item): n for n, item in enumerate(items)}
    items.sort(key=lambda x: (folders[x.path.parent], own(x), order[id(x)]))


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    # The shared platform stops with its folder's last test, before other tests need the CPU.
    if nextitem is None or nextitem.path.parent != item.path.parent:
        SHARED.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    running = getattr(item, "funcargs", {}).get("platform")
    if report.failed and isinstance(running, Platform):
        for name in SERVICES:
            report.sections.append((f"{name} log (tail)", running.log_tail(name)))
    return report
