#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432) and RabbitMQ (localhost:5672) answer before the tests.
# Starts them when installed and stopped. In CI an unreachable service is an error; on a laptop
# the tests that need it are skipped with a line saying what to start.
set -uo pipefail

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
    local port=$1
    for _ in $(seq 1 60); do up "$port" && return 0; sleep 1; done
    return 1
}

missing=()

if ! up 5432; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        echo "PostgreSQL is stopped: starting it"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    fi
    wait_for 5432 || missing+=("PostgreSQL on 127.0.0.1:5432 (start: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start)")
fi

if ! up 5672; then
    if command -v rabbitmq-server >/dev/null; then
        echo "RabbitMQ is stopped: starting it"
        rabbitmq-server -detached || true
    fi
    wait_for 5672 || missing+=("RabbitMQ on localhost:5672 (start: rabbitmq-server -detached)")
fi

if [ ${#missing[@]} -gt 0 ]; then
    for m in "${missing[@]}"; do echo "unreachable: $m"; done
    if [ "${CI:-}" = "true" ]; then exit 1; fi
    echo "tests that need these will be skipped"
fi
exit 0
