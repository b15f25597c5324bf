#!/usr/bin/env bash
# `npm test`: the event contract check (a breaking schema change fails here, before anything
# reaches a registry), static checks (cached by turbo), then every test tier against the real
# servers, which the integration tier's global setup brings up (installing whatever is missing).
set -euo pipefail
tsx packages/schemas/src/cli.ts check
turbo run typecheck lint --output-logs=errors-only
# The e2e-serial tier (SIGTERM of real processes under load) runs after the other tiers (its
# sequence.groupOrder), one file at a time, and before chaos: it needs the databases that the
# chaos tier stops and restarts.
vitest run --project unit --project integration --project e2e --project e2e-serial "$@"
# The chaos tier stops and restarts the shared databases, so it runs alone, last.
vitest run --project chaos
