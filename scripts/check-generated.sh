#!/usr/bin/env bash
# Fails when generated code is stale: regenerates the TypeScript code
# (clients/typescript/src/gen) and every other language's (clients/<lang>/gen, see
# scripts/generate-clients.sh) and checks that git sees no difference (changed, added or
# removed files).
set -euo pipefail
cd "$(dirname "$0")/.."
npx buf generate
bash scripts/generate-clients.sh
changes=$(git status --porcelain -- clients/typescript/src/gen clients/*/gen)
if [ -n "$changes" ]; then
  echo "generated code is stale; run 'npm run generate' and commit:" >&2
  echo "$changes" >&2
  exit 1
fi
