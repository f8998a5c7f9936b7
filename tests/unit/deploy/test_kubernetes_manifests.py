"""deploy/kubernetes, rendered as `kustomize build overlays/production` would, is valid for the
Kubernetes API (kubernetes-validate's bundled schemas, strict: an unknown field fails) and for
the operators' custom resources (deploy/kubernetes/schemas), and holds what running the
platform needs: two replicas of every process, probes, resources, disruption budgets, every
setting the services read, and secrets by reference only."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from nameko.cli.run import import_service

from tests.support import kustomize
from tests.support.platform_procs import ROOT

KUBE = ROOT / "deploy" / "kubernetes"
OVERLAY = KUBE / "overlays" / "production"
KUBERNETES_VERSION = "1.33"
# Every process of the topology, each scaled to two replicas (deploy/README.md).
PROCESSES = {
    "identity": "identity",
    "neighbourhoods": "neighbourhoods",
    "listings": "listings",
    "matching": "matching",
    "notifications": "notifications",
    "ops": "ops",
    "ops-status": "ops_status",
    "relay": "relay",
    "relay-analytics": "relay_analytics",
    "gateway": "gateway",
}
# Made by hand before the first apply (deploy/README.md); the others come from the operators.
HAND_MADE_SECRETS = {"quartier-keys", "quartier-smtp", "quartier-tls"}
SENSITIVE = re.compile(r"(^|_)(KEY|PASSWORD|SECRET|TOKEN|USERNAME)(_|$)")
REFERENCE = re.compile(r"\$\(([A-Z_]+)\)")
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s$]+:[^/@\s$]+@")


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    return kustomize.build(OVERLAY)


def named(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def crd_schema(doc: dict[str, Any]) -> dict[str, Any] | None:
    path = KUBE / "schemas" / f"{doc['kind'].lower()}-{doc['apiVersion'].replace('/', '-')}.json"
    return json.loads(path.read_text()) if path.exists() else None


def invalid(doc: dict[str, Any]) -> str | None:
    """Why `doc` is not valid (its kind's schema, strict), or None."""
    schema = crd_schema(doc)
    try:
        if schema is not None:
            jsonschema.Draft202012Validator(schema).validate(doc)
        else:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except (jsonschema.ValidationError, kubernetes_validate.SchemaNotFoundError) as exc:
        where = "/".join(str(p) for p in getattr(exc, "path", ()))
        return f"{doc['kind']} {doc['metadata']['name']}: {exc.message} at {where}"
    return None


def test_every_document_is_valid_against_its_schema(docs: list[dict[str, Any]]) -> None:
    problems = [p for p in map(invalid, docs) if p]
    assert not problems, problems
    kinds = {d["kind"] for d in docs}
    assert {"RabbitmqCluster", "Cluster", "Deployment", "Ingress", "ConfigMap"} <= kinds


@pytest.mark.parametrize(
    ("kind", "path", "value"),
    [
        ("Deployment", ["spec", "replicas"], "two"),
        ("Deployment", ["spec", "template", "spec", "containers", 0, "readynessProbe"], {}),
        ("RabbitmqCluster", ["spec", "replica"], 3),
        ("Cluster", ["spec", "instances"], "3"),
    ],
)
def test_a_broken_document_is_caught(
    docs: list[dict[str, Any]], kind: str, path: list[Any], value: Any
) -> None:
    broken = copy.deepcopy(next(d for d in docs if d["kind"] == kind))
    holder = broken
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    assert invalid(broken) is not None


def test_the_broker_and_the_databases_are_replicated(docs: list[dict[str, Any]]) -> None:
    assert [r["spec"]["replicas"] for r in named(docs, "RabbitmqCluster").values()] == [3]
    assert {n: c["spec"]["instances"] for n, c in named(docs, "Cluster").items()} == {
        "quartier-pg": 3,
        "quartier-keyring": 3,
    }


def test_every_process_runs_twice_with_probes_resources_and_a_budget(
    docs: list[dict[str, Any]],
) -> None:
    deployments = named(docs, "Deployment")
    assert set(deployments) == set(PROCESSES)
    budgets = {
        b["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]
        for b in named(docs, "PodDisruptionBudget").values()
    }
    for name, deployment in deployments.items():
        assert deployment["spec"]["replicas"] == 2, name
        assert name in budgets, f"{name} has no PodDisruptionBudget"
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        for container in pod["containers"]:
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                assert probe in container, f"{name} has no {probe}"
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            assert "memory" in container["resources"]["limits"], name
            assert container["image"] == "registry.example.org/quartier:0.1.0", name


def test_each_service_is_probed_through_the_health_command_of_its_own_name(
    docs: list[dict[str, Any]],
) -> None:
    for name, deployment in named(docs, "Deployment").items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        if name == "gateway":
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["readinessProbe"]["httpGet"]["path"].startswith("/readyz")
            continue
        command = ["python", "-m", "services.runtime.health", PROCESSES[name]]
        assert container["readinessProbe"]["exec"]["command"] == command, name
        assert container["livenessProbe"]["exec"]["command"] == [*command, "--live"], name
        # What the container runs: every service class its module names (nameko's own lookup,
        # which services.runtime.serve uses), so exactly the one the probes ask.
        module = container["args"][0]
        assert [c.name for c in import_service(module)] == [PROCESSES[name]], module


def test_every_setting_the_services_read_is_provided(docs: list[dict[str, Any]]) -> None:
    settings = set(
        re.findall(r"\$\{(QUARTIER_[A-Z_]+):", (ROOT / "deploy/local/config.yml").read_text())
    )
    maps = {n: set(m.get("data", {})) for n, m in named(docs, "ConfigMap").items()}
    for name, deployment in named(docs, "Deployment").items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        given = {e["name"] for e in container.get("env", [])}
        for source in container.get("envFrom", []):
            given |= maps[source["configMapRef"]["name"]]
        assert not settings - given, f"{name} lacks {sorted(settings - given)}"


def test_no_secret_is_written_in_the_manifests(docs: list[dict[str, Any]]) -> None:
    assert not named(docs, "Secret"), "secrets are created apart (deploy/README.md)"
    operators = {f"{n}-app" for n in named(docs, "Cluster")} | {
        f"{n}-default-user" for n in named(docs, "RabbitmqCluster")
    }
    readme = (ROOT / "deploy" / "README.md").read_text()
    for doc in docs:
        text = yaml.safe_dump(doc)
        assert not CREDENTIALS_IN_URL.search(text), f"{doc['kind']} {doc['metadata']['name']}"
    for name, deployment in named(docs, "Deployment").items():
        defined: set[str] = set()
        for env in deployment["spec"]["template"]["spec"]["containers"][0].get("env", []):
            # $(NAME) expands only a variable defined above it; else the text stays as written.
            for reference in REFERENCE.findall(env.get("value", "")):
                assert reference in defined, f"{name}: {env['name']} uses {reference} unset"
            defined.add(env["name"])
            if SENSITIVE.search(env["name"]):
                assert "secretKeyRef" in env.get("valueFrom", {}), f"{name}: {env['name']}"
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref is not None:
                known = ref["name"] in operators or ref["name"] in HAND_MADE_SECRETS
                assert known, f"{name}: secret {ref['name']} is made by nobody"
    for secret in HAND_MADE_SECRETS:
        assert secret in readme, f"deploy/README.md does not say how to make {secret}"


def test_the_image_runs_unprivileged_from_a_pinned_base() -> None:
    dockerfile = (KUBE / "Dockerfile").read_text()
    base = re.search(r"^FROM (\S+)", dockerfile, re.M)
    assert base and re.search(r":\d+\.\d+\.\d+", base[1]), "the base image names a patch release"
    assert re.search(r"^USER 10001$", dockerfile, re.M)
