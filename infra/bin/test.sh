#!/usr/bin/env bash
# `npm test`: the event contract check (a breaking schema change fails here, before anything
# reaches a registry), static checks (cached by turbo), then every test tier against the real
# servers, which the integration tier's global setup brings up (installing whatever is missing).
set -euo pipefail
tsx packages/schemas/src/cli.ts check
turbo run typecheck lint --output-logs=errors-only
vitest run --project unit --project integration --project e2e "$@"
# The chaos tier stops and restarts the shared databases, so it runs alone, last.
vitest run --project chaos
