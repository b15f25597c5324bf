#!/usr/bin/env bash
# `npm test`: static checks (cached by turbo), then every test tier against the real servers,
# which the integration tier's global setup brings up (installing whatever is missing).
set -euo pipefail
turbo run typecheck lint --output-logs=errors-only
vitest run "$@"
