"""`kustomize build`, for the parts of it deploy/kubernetes uses, so that the manifests can be
validated where no kustomize binary can be installed (none is published on PyPI or npm).

Supported: `resources` (files and folders holding a kustomization.yaml), `namespace`, `labels`
(`pairs`, on metadata only), `images` (newName, newTag) and `patches` given as RFC 6902 JSON
patches (jsonpatch) with a `target` of kind, name and labelSelector. Anything else in a
kustomization is refused, so the manifests cannot drift into what this renderer would silently
ignore but kustomize would apply.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonpatch
import yaml

KNOWN = {"apiVersion", "kind", "resources", "namespace", "labels", "images", "patches"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"}


class Unsupported(ValueError):
    """The kustomization uses something this renderer does not do."""


def build(folder: Path) -> list[dict[str, Any]]:
    """The documents `kustomize build folder` would print, in the same order."""
    spec = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unknown = set(spec) - KNOWN
    if unknown:
        raise Unsupported(f"{folder}/kustomization.yaml: {sorted(unknown)} not supported")
    docs: list[dict[str, Any]] = []
    for entry in spec.get("resources", []):
        path = folder / entry
        if path.is_dir():
            docs += build(path)
        else:
            docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    for pairs in (item["pairs"] for item in spec.get("labels", [])):
        for doc in docs:
            doc.setdefault("metadata", {}).setdefault("labels", {}).update(pairs)
    for patch in spec.get("patches", []):
        _patch(folder, patch, docs)
    if "namespace" in spec:
        for doc in docs:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc["metadata"]["namespace"] = spec["namespace"]
    for image in spec.get("images", []):
        for container in containers(docs):
            if _image_name(container["image"]) == image["name"]:
                name = image.get("newName", image["name"])
                container["image"] = f"{name}:{image['newTag']}" if "newTag" in image else name
    return docs


def containers(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every container and init container of every pod template."""
    found = []
    for doc in docs:
        pod = doc.get("spec", {}).get("template", {}).get("spec", {})
        found += pod.get("containers", []) + pod.get("initContainers", [])
    return found


def _patch(folder: Path, patch: dict[str, Any], docs: list[dict[str, Any]]) -> None:
    text = (folder / patch["path"]).read_text() if "path" in patch else patch["patch"]
    operations = yaml.safe_load(text)
    if not isinstance(operations, list):
        raise Unsupported(f"{patch.get('path', 'inline patch')}: only JSON 6902 patches")
    target = patch.get("target") or {}
    matched = [i for i, doc in enumerate(docs) if _targets(target, doc)]
    if not matched:
        raise Unsupported(f"{patch.get('path', 'inline patch')}: its target matches nothing")
    for i in matched:
        docs[i] = jsonpatch.apply_patch(docs[i], copy.deepcopy(operations))


def _targets(target: dict[str, Any], doc: dict[str, Any]) -> bool:
    meta = doc.get("metadata", {})
    if "kind" in target and doc.get("kind") != target["kind"]:
        return False
    if "name" in target and meta.get("name") != target["name"]:
        return False
    labels = meta.get("labels", {})
    for term in filter(None, target.get("labelSelector", "").split(",")):
        key, _, value = term.partition("=")
        if labels.get(key.strip()) != value.strip():
            return False
    return True


def _image_name(image: str) -> str:
    image = image.split("@", 1)[0]
    head, _, tail = image.rpartition(":")
    return head if head and "/" not in tail else image
