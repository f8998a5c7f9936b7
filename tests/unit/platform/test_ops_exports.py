"""What the operators' tools find in each context without naming it: FOLDS by stream category
(an aggregate's state at a past moment) and READ_MODELS by name (what `quartier replay` builds)."""

from __future__ import annotations

import os

from contracts import default_registry
from services.eventstore.codec import Codec
from services.eventstore.keyring import connect_keyring
from services.eventstore.model import CATEGORY_RE
from services.ops.opening import context_modules, exported


def test_every_context_exports_its_folds_by_stream_category() -> None:
    contexts = {c for c, module in context_modules("domain") if hasattr(module, "FOLDS")}
    assert {"identity", "neighbourhoods", "listings"} <= contexts
    folds = exported("domain", "FOLDS")
    for category, fold in folds.items():
        assert CATEGORY_RE.match(category), category
        assert category.split(".")[0] in contexts
        assert fold([]) is not None  # the aggregate before its first event


def test_every_read_model_is_built_under_the_name_it_is_exported_by() -> None:
    codec = Codec(default_registry(), connect_keyring("memory://"), os.urandom(32))
    models = exported("projections", "READ_MODELS")
    assert {"identity.read_model", "neighbourhoods.read_model", "listings.read_model"} <= set(
        models
    )
    for name, build in models.items():
        assert build(codec, os.urandom(32)).name == name
