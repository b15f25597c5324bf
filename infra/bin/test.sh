#!/usr/bin/env bash
# `npm test`: the event contract check (a breaking schema change fails here, before anything
# reaches a registry), static checks (cached by turbo), then every test tier against the real
# servers, which the integration tier's global setup brings up (installing whatever is missing).
set -euo pipefail
tsx packages/schemas/src/cli.ts check
turbo run typecheck lint --output-logs=errors-only
vitest run --project unit --project integration --project e2e --project e2e-serial "$@"
# The chaos tier (`npm run test:chaos`) stops and restarts the shared databases. It is not part
# of npm test yet: it passes on a warm stack but not yet reliably from a fresh clone (the
# MongoDB read model falls behind after the FerretDB restart; under investigation).
