"""The web client has words for every refusal, and no words for a refusal that does not exist.

The codes come from contracts' refusal catalogue (each refusal's code and the code it is answered
as) and from the gateway's own errors; the texts from the client's message files, merged the way
the client merges them (core messages, then each feature's), read through Node.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from contracts.contexts import CONTEXTS
from contracts.refusals import catalogue
from tests.support.node import node_json

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "services" / "gateway" / "web" / "js"
LANGUAGES = ("fr", "en")
# Codes the client makes up itself: no answer at all, or one it could not read.
CLIENT_CODES = {"network", "generic"}

# The client's whole catalogue per language, and each feature folder's own message files.
DUMP = """
import { WEB } from "./tests/web/browser.js";
const load = async (path) => (await import(new URL(path, WEB))).default;
const features = await load("features/index.js");
const merged = {};
for (const lang of ["fr", "en"]) merged[lang] = { ...(await load(`core/messages.${lang}.js`)) };
for (const feature of features) {
  for (const lang of ["fr", "en"]) Object.assign(merged[lang], feature.messages?.[lang] || {});
}
const own = {};
for (const context of JSON.parse(process.argv[1])) {
  own[context] = {};
  for (const lang of ["fr", "en"]) {
    own[context][lang] = await load(`features/${context}/messages.${lang}.js`);
  }
}
console.log(JSON.stringify({ merged, own }));
"""


def gateway_codes() -> set[str]:
    """The codes the gateway answers of its own (not a service's refusal)."""
    try:
        from services.gateway.http.errors import GATEWAY  # type: ignore[import-not-found]
    except ImportError:
        source = "\n".join(
            path.read_text() for path in (ROOT / "services" / "gateway").rglob("*.py")
        )
        return set(re.findall(r'ApiError\(\s*\d{3},\s*"([a-z_]+)"', source))
    return {getattr(item, "code", item) for item in GATEWAY.values()} | set(GATEWAY)


@pytest.fixture(scope="module")
def texts() -> dict:
    found: dict = node_json(DUMP, json.dumps(list(CONTEXTS)), what="the web client's messages")
    return found


def error_codes(messages: dict[str, str]) -> set[str]:
    """error.<code> and its variants error.<code>.<variant>."""
    return {key.split(".")[1] for key in messages if key.startswith("error.")}


def test_every_refusal_has_a_text_in_both_languages(texts: dict) -> None:
    for lang in LANGUAGES:
        known = error_codes(texts["merged"][lang])
        missing = sorted(
            refusal.code
            for refusal in catalogue().values()
            if refusal.answered_code not in known and refusal.code not in known
        )
        assert not missing, f"refusals without a {lang} text: {missing}"


def test_every_gateway_error_has_a_text_in_both_languages(texts: dict) -> None:
    for lang in LANGUAGES:
        missing = sorted(gateway_codes() - error_codes(texts["merged"][lang]))
        assert not missing, f"gateway errors without a {lang} text: {missing}"


def test_every_text_names_a_refusal(texts: dict) -> None:
    codes = CLIENT_CODES | gateway_codes()
    for refusal in catalogue().values():
        codes |= {refusal.code, refusal.answered_code}
    for lang in LANGUAGES:
        stray = sorted(error_codes(texts["merged"][lang]) - codes)
        assert not stray, f"{lang} texts naming no refusal: {stray}"


def test_a_contexts_refusal_texts_live_with_its_feature(texts: dict) -> None:
    for context in CONTEXTS:
        module = __import__(f"contracts.{context}.refusals", fromlist=["REFUSALS"])
        for lang in LANGUAGES:
            own = error_codes(texts["own"][context][lang])
            shared = error_codes(texts["merged"][lang])
            missing = sorted(
                refusal.code
                for refusal in module.REFUSALS.values()
                if refusal.code not in own
                and (refusal.answered_code == refusal.code or refusal.answered_code not in shared)
            )
            assert not missing, f"{context} refusals without a {lang} text in its folder: {missing}"


def test_both_languages_say_the_same_things(texts: dict) -> None:
    fr, en = texts["merged"]["fr"], texts["merged"]["en"]
    assert sorted(set(fr) ^ set(en)) == []
