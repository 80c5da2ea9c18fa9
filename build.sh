#!/usr/bin/env bash
# Runs the Cake build: ./build.sh [--target=NAME] [--configuration=Release]
#   NAME: Default (the main job: Build, Pack, Verify, VerifyMemoryKernel, VerifyRollout, Evidence, Report), Clean,
#   Restore, Build, Tools (what the tests need: npm ci of eng/*, Debian's chromium, git-daemon, ssh-keygen), Test
#   (Tools, then every test), Pack, Verify, VerifyMemoryKernel, VerifyRollout, Evidence, Preflight, Report, Freeze,
#   Decide, SignOff, Status, Release. An unknown NAME lists the valid ones. build/build.cake describes each.
# Colour only on a terminal: when standard output is redirected, NO_COLOR=1 is set for Cake and the CLI
# (FORCE_COLOR=1 keeps colour; NO_COLOR set by you always wins).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ ! -t 1 ] && [ -z "${FORCE_COLOR:-}" ]; then
  export NO_COLOR=1
fi
dotnet tool restore
dotnet cake build/build.cake "$@"
