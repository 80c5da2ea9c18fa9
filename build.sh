#!/usr/bin/env bash
# Runs the Cake build: ./build.sh [--target=Default|Clean|Restore|Build|Test|Pack|Verify|VerifyMemoryKernel] [--configuration=Release]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore
dotnet cake build/build.cake "$@"
