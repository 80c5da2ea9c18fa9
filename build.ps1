#!/usr/bin/env pwsh
# Runs the Cake build: ./build.ps1 [--target=Default|Clean|Restore|Build|Test|Pack|Verify|VerifyMemoryKernel] [--configuration=Release]
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
dotnet tool restore
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build/build.cake @args
exit $LASTEXITCODE
