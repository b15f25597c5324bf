#!/usr/bin/env bash
# `npm test`: the event contract check (a breaking schema change fails here, before anything
# reaches a registry), static checks (cached by turbo), then every test tier against the real
# servers, which the integration tier's global setup brings up (installing whatever is missing).
set -euo pipefail
tsx packages/schemas/src/cli.ts check
turbo run typecheck lint --output-logs=errors-only
vitest run --project unit --project integration --project e2e "$@"
# The e2e-serial tier (`npm run test:shutdown`: SIGTERM of real processes under load) passes on
# its own but not yet after the whole suite: there the command service needs more than its 30 s
# shutdown bound (under investigation), so it is not part of npm test yet.
# The chaos tier stops and restarts the shared databases, so it runs alone, last.
vitest run --project chaos
