#!/usr/bin/env bash
# Checks the Dockerfile, compose.yaml and .dockerignore against package.json and each other,
# without Docker (docs/container.md, "What was checked"). Exit 1 when any check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --disable-warning=ExperimentalWarning scripts/check-container.mjs
