using System.CommandLine;

namespace ReleaseTrain.Cli;

/// <summary>An "Examples:" section in the <c>--help</c> of every command.</summary>
internal static class HelpExamples
{
    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        [""] =
        [
            "release-train verify",
            "release-train decide --version 1.2.0 --explain",
            "release-train report --version 1.2.0 --output-dir artifacts/reports",
        ],
        ["verify"] =
        [
            "release-train verify",
            "release-train verify --format sarif --output artifacts/reports/verify.sarif",
            "release-train verify --fix",
            "release-train verify --contract orders-consumer-pin --explain",
        ],
        ["hash"] = ["release-train hash json producer/handoff.json", "release-train hash lockfile --root ."],
        ["hash json"] = ["release-train hash json producer/handoff.json --format json"],
        ["hash file"] = ["release-train hash file artifacts/packages/Orders.1.2.0.nupkg"],
        ["hash lockfile"] = ["release-train hash lockfile --root ."],
        ["hash sbom"] = ["release-train hash sbom artifacts/packages/Orders.1.2.0.cdx.json"],
        ["hash toolchain"] = ["release-train hash toolchain --root ."],
        ["hash runtime-env"] = ["release-train hash runtime-env"],
        ["hash deps-lock"] =
        [
            "release-train hash deps-lock --lockfile sha256:… --toolchain sha256:… --runtime-env sha256:…",
        ],
        ["sbom"] =
        [
            "release-train sbom --project src/Orders/Orders.csproj",
            "release-train sbom --project src/Orders/Orders.csproj --assets artifacts/obj/Orders/project.assets.json "
                + "--output orders.cdx.json",
        ],
        ["evidence"] =
        [
            "release-train evidence --version 1.2.0",
            "release-train evidence verify artifacts/evidence/1.2.0 --packages artifacts/packages",
        ],
        ["source-date"] = ["release-train source-date", "SOURCE_DATE_EPOCH=$(release-train source-date) dotnet pack"],
        ["evidence verify"] = ["release-train evidence verify artifacts/evidence/1.2.0 --packages artifacts/packages"],
        ["freeze"] =
        [
            "release-train freeze --action release --version 1.2.0 --explain",
            "release-train freeze --action cutover --at 2026-12-23T10:00:00+01:00",
        ],
        ["decide"] =
        [
            "release-train decide --version 1.2.0 --commit $(git rev-parse HEAD)",
            "release-train decide --version 1.2.0 --dry-run --explain",
            "release-train decide --version 1.2.0 --dry-run --at 2026-12-23T10:00:00+01:00",
            "release-train decide --version 1.2.0 --pr 12",
        ],
        ["log"] = ["release-train log verify", "release-train log repair"],
        ["log verify"] = ["release-train log verify", "release-train log verify release-train/signoff-log.jsonl"],
        ["log repair"] = ["release-train log repair", "release-train log repair release-train/signoff-log.jsonl"],
        ["signoff"] = ["release-train signoff status --version 1.2.0 --pr 12"],
        ["signoff add"] =
        [
            "release-train signoff add --version 1.2.0 --role qa --by bob --decision approved",
        ],
        ["signoff status"] =
        [
            "release-train signoff status --version 1.2.0 --explain",
            "release-train signoff status --version 1.2.0 --format markdown",
        ],
        ["signoff verify"] = ["release-train signoff verify --version 1.2.0 --commit $(git rev-parse HEAD) --pr 12"],
        ["release"] =
        [
            "release-train release --version 1.2.0 --pr 12",
            "release-train release --version 1.2.0 --commit $GITHUB_SHA --notes docs/release-notes.md",
        ],
        ["status"] =
        [
            "release-train status --version 1.2.0 --commit $GITHUB_SHA --pr 12",
            "release-train status --version 1.2.0 --commit HEAD_SHA --dry-run",
        ],
        ["validate"] = ["release-train validate usr-backcompat tests/lang/matrix/usr-backcompat-matrix.json"],
        ["validate usr-backcompat"] =
        [
            "release-train validate usr-backcompat tests/lang/matrix/usr-backcompat-matrix.json --output-dir "
                + "artifacts/reports",
        ],
        ["validate usr-operational-readiness"] =
        [
            "release-train validate usr-operational-readiness tests/lang/matrix/usr-operational-readiness-policy.json "
                + "--drills drills/ --cutover 2026-12-01T08:00:00Z",
        ],
        ["validate usr-waivers"] =
        [
            "release-train validate usr-waivers tests/lang/matrix/usr-waiver-policy.json --at 2026-03-01T00:00:00Z",
        ],
        ["validate usr-approval-lock"] =
        [
            "release-train validate usr-approval-lock docs/specs/usr-rollout-approval-lock.md",
        ],
        ["phase-manifest"] =
        [
            "release-train phase-manifest build --input phases.json --target paper --output phase-manifest.json",
        ],
        ["phase-manifest build"] =
        [
            "release-train phase-manifest build --input phases.json --target live --policy "
                + "config/autonomous-gate-policy.json --output phase-manifest.json --notes notes",
        ],
        ["phase-manifest verify"] = ["release-train phase-manifest verify phase-manifest.json"],
        ["artifacts"] = ["release-train artifacts verify contracts/catalog-manifest.json"],
        ["artifacts verify"] = ["release-train artifacts verify goldens/hello-core/golden-manifest.json --root ."],
        ["canary"] = ["release-train canary evaluate --snapshot metrics.json"],
        ["canary evaluate"] =
        [
            "release-train canary evaluate --snapshot metrics.json --thresholds canary-thresholds.json --explain",
        ],
        ["report"] =
        [
            "release-train report --version 1.2.0 --output-dir artifacts/reports",
            "release-train report --version 1.2.0 --format md >> \"$GITHUB_STEP_SUMMARY\"",
        ],
        ["init"] =
        [
            "release-train init",
            "release-train init --feed artifacts/packages",
            "release-train init --action my-org/releasetrain@v1 --force",
        ],
        ["schema"] = ["release-train schema", "release-train schema --output schemas --force"],

        ["preflight"] =
        [
            "release-train preflight --version 1.2.0",
            "release-train preflight --version 1.2.0 --format json",
        ],
    };

    /// <summary>Appends the examples of every command under the root to its description.</summary>
    /// <param name="root">The root command.</param>
    public static void Add(Command root) => Walk(root, string.Empty);

    /// <summary>
    /// Every command path under the root ("" for the root), for the test that keeps them all documented.
    /// </summary>
    /// <param name="root">The root command.</param>
    /// <returns>The paths.</returns>
    public static IEnumerable<string> Paths(Command root)
    {
        yield return string.Empty;
        foreach (var path in Children(root, string.Empty))
        {
            yield return path;
        }
    }

    private static IEnumerable<string> Children(Command command, string prefix)
    {
        foreach (var child in command.Subcommands)
        {
            var path = prefix.Length == 0 ? child.Name : prefix + " " + child.Name;
            yield return path;
            foreach (var grandchild in Children(child, path))
            {
                yield return grandchild;
            }
        }
    }

    private static void Walk(Command command, string path)
    {
        if (
            Examples.TryGetValue(path, out var lines)
            && !(command.Description ?? string.Empty).Contains("Examples:", StringComparison.Ordinal)
        )
        {
            command.Description =
                (command.Description ?? string.Empty)
                + "\n\nExamples:\n"
                + string.Join("\n", lines.Select(l => "  " + l));
        }

        foreach (var child in command.Subcommands)
        {
            Walk(child, path.Length == 0 ? child.Name : path + " " + child.Name);
        }
    }
}
