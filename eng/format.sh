#!/usr/bin/env bash
# Formats this repository's C# so that no line is longer than max_line_length (.editorconfig; RTS001 holds it in every
# build, docs/architecture.md "Line length"):
#   1. CSharpier (the local tool pinned in .config/dotnet-tools.json; printWidth in .csharpierrc.yaml) lays out code;
#   2. eng/format/WrapLongLines wraps what CSharpier leaves long: /// and // comments at a space, trailing comments
#      onto their own line, regular and interpolated string literals split into "a " + "b" (same string at run time);
#   3. CSharpier again (it lays out those concatenations its own way), and step 2 and 3 again until the wrapper
#      has nothing left to change (at most 5 rounds), so that running this script twice changes nothing.
# Lines still too long are listed as path:line: length: kind, for a human; the exit code is then 1.
# Usage: eng/format.sh [PATH...]   (default: src tests bench eng)
set -euo pipefail
cd "$(dirname "$0")/.."

max=$(sed -n 's/^max_line_length *= *\([0-9][0-9]*\).*/\1/p' .editorconfig | head -n 1)
width=$(sed -n 's/^printWidth: *\([0-9][0-9]*\).*/\1/p' .csharpierrc.yaml)
if [ -z "$max" ] || [ "$max" != "$width" ]; then
    echo "format.sh: max_line_length in .editorconfig ($max) and printWidth in .csharpierrc.yaml ($width) differ" >&2
    exit 2
fi

if [ "$#" -gt 0 ]; then paths=("$@"); else paths=(src tests bench eng); fi

dotnet tool restore >/dev/null
dotnet build eng/format/WrapLongLines.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >&2
wrap=(dotnet artifacts/bin/WrapLongLines/release/WrapLongLines.dll --max "$max")

dotnet csharpier format "${paths[@]}"
for round in 1 2 3 4 5; do
    rc=0
    "${wrap[@]}" --check "${paths[@]}" >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 3 ] || break
    echo "format.sh: wrap round $round" >&2
    "${wrap[@]}" "${paths[@]}" >/dev/null 2>&1 || true
    dotnet csharpier format "${paths[@]}"
done
"${wrap[@]}" "${paths[@]}"
