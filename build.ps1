#!/usr/bin/env pwsh
# Runs the Cake build: ./build.ps1 [--target=NAME] [--configuration=Release]
#   NAME: Default (the main job: Build, Pack, Verify, VerifyMemoryKernel, VerifyRollout, Evidence, Report), Clean,
#   Restore, Build, Tools (what the tests need: npm ci of eng/*, Debian's chromium, git-daemon, ssh-keygen), Test
#   (Tools, then every test), Pack, Verify, VerifyMemoryKernel, VerifyRollout, Evidence, Preflight, Report, Freeze,
#   Decide, SignOff, Status, Release. An unknown NAME lists the valid ones. build/build.cake describes each.
# Colour only on a terminal: when standard output is redirected, NO_COLOR=1 is set for Cake and the CLI
# (FORCE_COLOR=1 keeps colour; NO_COLOR set by you always wins).
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
if ([Console]::IsOutputRedirected -and -not $env:FORCE_COLOR) { $env:NO_COLOR = '1' }
dotnet tool restore
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build/build.cake @args
exit $LASTEXITCODE
