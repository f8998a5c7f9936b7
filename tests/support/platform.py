"""The whole platform as `make run` starts it, one `serve` process per service (the relay, every
context service that exists so far, the gateway), on a RabbitMQ vhost, a data directory and a
TCP port of its own; and the small helpers the end-to-end tests share (unique e-mails, signing
up and in, reading a posted letter's code). What the tests check of an answer: answers.py.

Nothing here prints personal data: failures name statuses and error codes, never an e-mail, a
password, a token or an address.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from contracts import default_registry
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from services.runtime.config import load
from services.runtime.keys import root_key
from services.runtime.run import present
from tests.support import eventually, free_port
from tests.support.answers import expect
from tests.support.platform_procs import Served, environment
from tests.support.rabbit_node import fresh_vhost

PASSWORD = "a long enough passphrase for tests"
# Known to the demo address base (identity/data/ban-demo.csv): a letter can be posted there.
# Every number of the street lies within the 300 m vouching radius of the others.
DEMO_STREET, DEMO_POSTCODE, DEMO_CITY = "rue de la Paix", "71999", "Bourg-Démo"
# As `make run` (services/runtime/run.py): the relay, every context service that exists so far,
# and the gateway; here each in a process of its own, so that a test can stop one.
SERVICES = {name: module for name, module in present().items() if name != "status"}
READY_SECONDS = 60.0
# The gateway's rate-limit buckets (services/gateway/access/ratelimit.py), each far above what a
# test module sends from its one client.
GENEROUS_LIMITS = (
    "sign_up=100000/60,sign_in=100000/60,verification=100000/60,posting=100000/60,"
    "resident_reads=100000/60,resident_writes=100000/60"
    ",password_reset=100000/60,password_reset_address=100000/60,account_links=100000/60"
)
LETTER_POSTED = "identity.LetterPosted"
TIMEOUT = 30.0  # seconds for any one HTTP call


def demo_address(number: int = 12) -> dict[str, str]:
    """A body for PUT /me/address naming a house of the demo town."""
    return {
        "line": f"{number} {DEMO_STREET}",
        "postcode": DEMO_POSTCODE,
        "city": DEMO_CITY,
        "country": "FR",
    }


@dataclass
class Resident:
    """A signed-up (and, once signed in, authenticated) resident of the platform."""

    email: str
    password: str
    display_name: str
    resident_id: str = ""
    token: str = ""
    csrf_token: str = ""
    position: str = ""

    @property
    def auth(self) -> dict[str, str]:
        """Headers of a bearer-authenticated request."""
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Platform:
    """A running platform. `base_url` is the gateway's root (no trailing slash); `api` is
    `base_url + "/api/v1"`. `stop(name)` kills one service's process (SIGKILL, as a crash
    would), `start(name)` starts it again and waits until it runs."""

    base_url: str
    data_dir: Path
    amqp_uri: str
    log_dir: Path
    processes: dict[str, Served] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return f"{self.base_url}/api/v1"

    @property
    def store_url(self) -> str:
        """The event store the services write (the embedded default under the data dir)."""
        return f"sqlite:///{self.data_dir}/events.db"

    # Processes

    def stop(self, name: str) -> None:
        self.processes[name].kill()

    def start(self, name: str) -> None:
        process = self.processes[name]
        process.mark()
        process.start(READY_SECONDS)
        if name == "gateway":
            wait_for_gateway(self.base_url, process)

    def restart(self, name: str) -> None:
        self.stop(name)
        self.start(name)

    def running(self, name: str) -> bool:
        process = self.processes[name].process
        return process is not None and process.poll() is None

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.log_dir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    # HTTP

    def url(self, path: str) -> str:
        """`/me` -> the API's URL of it; a path starting with `/api/` or a full URL is kept."""
        if path.startswith("http"):
            return path
        if path.startswith("/api/"):
            return f"{self.base_url}{path}"
        return f"{self.api}{path}"

    def call(
        self,
        method: str,
        path: str,
        client: requests.Session | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """One request to the gateway (`path` under /api/v1 unless it starts with /api/)."""
        kwargs.setdefault("timeout", TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        sender = client if client is not None else requests
        return sender.request(method, self.url(path), **kwargs)

    # Residents

    def new_email(self, label: str = "resident") -> str:
        """An e-mail address no other test uses."""
        return f"{label}-{uuid.uuid4().hex[:12]}@example.org"

    def sign_up(
        self,
        display_name: str = "Ada",
        email: str | None = None,
        password: str = PASSWORD,
        language: str | None = None,
    ) -> Resident:
        """POST /residents; fails the test unless it answers 201."""
        resident = Resident(email or self.new_email(), password, display_name)
        body: dict[str, Any] = {
            "email": resident.email,
            "password": password,
            "display_name": display_name,
        }
        if language is not None:
            body["language"] = language
        answer = self.call("POST", "/residents", json=body)
        expect(answer, 201, "sign up")
        resident.resident_id = answer.json()["resident_id"]
        resident.position = answer.json()["position"]
        return resident

    def sign_in(self, resident: Resident, client: requests.Session | None = None) -> Resident:
        """POST /sessions; keeps the bearer and CSRF tokens on `resident` (and the cookies in
        `client` when one is given)."""
        answer = self.call(
            "POST",
            "/sessions",
            client=client,
            json={"email": resident.email, "password": resident.password},
        )
        expect(answer, 201, "sign in")
        body = answer.json()
        resident.token, resident.csrf_token = body["token"], body["csrf_token"]
        resident.position = body["position"]
        assert body["resident_id"] == resident.resident_id
        return resident

    def signed_in(self, display_name: str = "Ada") -> Resident:
        """A new resident, signed up and signed in (bearer token on the returned object)."""
        return self.sign_in(self.sign_up(display_name))

    def verified(self, number: int = 12, display_name: str = "Ada") -> Resident:
        """A new signed-in resident verified by letter at `number` rue de la Paix."""
        return self.verify_by_letter(self.signed_in(display_name), demo_address(number))

    def verify_by_letter(self, resident: Resident, address: dict[str, str]) -> Resident:
        """`resident` (signed in) declares `address` and enters the code of the letter posted
        there; `position` then follows the verification."""
        declared = self.call("PUT", "/me/address", headers=resident.auth, json=address)
        expect(declared, 202, "declare address")
        code = self.letter_code(resident.resident_id)
        entered = self.call(
            "POST", "/me/address/verification", headers=resident.auth, json={"code": code}
        )
        expect(entered, 200, "enter letter code")
        resident.position = entered.json()["position"]
        return resident

    # What identity wrote

    def letter_code(self, resident_id: str) -> str:
        """The code printed on the latest letter posted to the resident (identity writes one
        file per letter under <data dir>/outbox/letters/, named by the letter id that its
        LetterPosted event records)."""
        stream = f"identity.resident-{resident_id}"
        letters = [e.data["letter_id"] for e in self.events(stream) if e.type == LETTER_POSTED]
        assert letters, "no letter was posted to this resident"
        path = self.data_dir / "outbox" / "letters" / f"{letters[-1]}.txt"
        found = re.search(r"Code: (\S+)", path.read_text(encoding="utf-8"))
        assert found is not None, "the letter holds no code"
        return found.group(1)

    def events(self, stream: str | None = None) -> list[Any]:
        """Recorded events of one stream, or of the whole log (PII fields stay encrypted)."""
        store = connect(self.store_url)
        try:
            if stream is not None:
                return list(store.read_stream(stream))
            return list(store.read_all(limit=None))
        finally:
            store.close()

    def decoded(self, recorded: list[Any]) -> list[Any]:
        """The domain events of `recorded`, personal values opened with the platform's keys
        (ERASED once their subject is erased)."""
        settings = load({"QUARTIER_DATA_DIR": str(self.data_dir)})
        keyring = connect_keyring(settings.keyring)
        try:
            codec = Codec(default_registry(), keyring, root_key(settings))
            return [codec.decode(r).event for r in recorded]
        finally:
            keyring.close()


def wait_for_gateway(base_url: str, process: Served, timeout: float = READY_SECONDS) -> None:
    """Until GET /api/v1/openapi.json answers 200; fails at once if the gateway exited."""

    def answers() -> bool:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base_url}/api/v1/openapi.json", timeout=2).status_code == 200:
                return True
        if process.process is not None and process.process.poll() is not None:
            raise RuntimeError("the gateway exited before answering GET /api/v1/openapi.json")
        return False

    eventually(answers, timeout=timeout, what="the gateway answering GET /api/v1/openapi.json")


@contextlib.contextmanager
def running_platform(log_dir: Path, env: Mapping[str, str] | None = None) -> Iterator[Platform]:
    """Relay, every context service and the gateway on a fresh vhost, data directory and port;
    every process is killed on the way out. `env` adds or overrides variables (e.g. gateway
    limits)."""
    with fresh_vhost() as amqp_uri:
        data_dir = log_dir / "var"
        data_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        variables = environment(
            data_dir,
            amqp_uri,
            QUARTIER_HTTP_ADDRESS=f"127.0.0.1:{port}",
            QUARTIER_SMTP_PORT=str(free_port()),  # the embedded mail server's
            QUARTIER_PUBLIC_URL=f"http://127.0.0.1:{port}",
            **dict(env or {}),
        )
        platform = Platform(f"http://127.0.0.1:{port}", data_dir, amqp_uri, log_dir)
        for name, module in SERVICES.items():
            platform.processes[name] = Served([module], variables, log_dir / f"{name}.log")
        try:
            # The services in parallel (each takes a second or two), then the gateway.
            backends = [name for name in SERVICES if name != "gateway"]
            with ThreadPoolExecutor(len(backends)) as pool:
                list(pool.map(platform.start, backends))
            platform.start("gateway")
            yield platform
        finally:
            for process in platform.processes.values():
                process.kill()
