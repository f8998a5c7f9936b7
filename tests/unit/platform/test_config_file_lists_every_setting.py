"""The one configuration file names every setting the services read from their config, so that
an environment variable reaches the service (a key missing from the file is never read)."""

from __future__ import annotations

import re

from tests.support.platform_procs import ROOT

CONFIG = ROOT / "deploy" / "local" / "config.yml"
PACKAGES = ("services", "identity", "neighbourhoods", "listings", "matching", "notifications")
# Read from the process environment itself, not from the services' config.
FROM_THE_ENVIRONMENT = {
    "QUARTIER_FAULT_EXIT_AFTER_APPEND",  # a test's fault: never set in a real run
    "QUARTIER_ANALYTICS_MAX_BYTES",  # the relay's settings read the environment
    "QUARTIER_LOG_LEVEL",
}
SETTING = re.compile(r"\"(QUARTIER_[A-Z_]+)\"")


def settings_read_by_code() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found |= set(SETTING.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_setting_the_code_reads_is_in_the_config_file() -> None:
    listed = set(re.findall(r"\$\{(QUARTIER_[A-Z_]+):", CONFIG.read_text()))
    missing = settings_read_by_code() - listed - FROM_THE_ENVIRONMENT
    assert not missing, f"add to deploy/local/config.yml: {sorted(missing)}"


def test_the_scan_finds_the_settings_it_is_meant_to_find() -> None:
    assert {"QUARTIER_LISTINGS_PER_DAY", "QUARTIER_PROOF_SWEEP_SECONDS"} <= settings_read_by_code()
