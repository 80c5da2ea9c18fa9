using System.CommandLine;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Reporting;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train sbom</c>, <c>release-train evidence</c> and <c>release-train evidence verify</c>.
/// </summary>
internal static class EvidenceCommands
{
    private static readonly string ToolVersion = typeof(EvidenceCommands).Assembly.GetName().Version!.ToString(3);

    public static Command Sbom(TextWriter stdout, string workingDirectory)
    {
        var project = new Option<string[]>("--project", "-p")
        {
            Description =
                "The project file (restored); repeat it for several projects (each SBOM beside its package, with a "
                + "progress line per project).",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description =
                "Where to write the SBOM (default: <PackageOutputPath>/<PackageId>.<PackageVersion>.cdx.json, beside "
                + "the package).",
        };
        var assets = new Option<string?>("--assets")
        {
            Description =
                "project.assets.json to read (default: the project's ProjectAssetsFile). With --output too, the "
                + "project is not evaluated: name and version come from the restore model.",
        };
        var command = new Command(
            "sbom",
            "Write a deterministic CycloneDX 1.6 SBOM of a project from its restore model (project.assets.json, "
                + "packages.lock.json)."
        )
        {
            project,
            output,
            assets,
        };
        command.SetAction(p =>
        {
            var projects = p.GetValue(project) ?? [];
            if (projects.Length > 1 && (p.GetValue(output) is not null || p.GetValue(assets) is not null))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.InvalidUsage.Error(
                        null,
                        0,
                        0,
                        "--output and --assets name one project's files: give one --project with them."
                    )
                );
            }

            for (var i = 0; i < projects.Length; i++)
            {
                if (projects.Length > 1)
                {
                    stdout.WriteLine($"[{i + 1}/{projects.Length}] {projects[i]}");
                }

                Single(Path.GetFullPath(projects[i], workingDirectory), p.GetValue(assets), p.GetValue(output));
            }

            return 0;
        });

        void Single(string projectPath, string? given, string? explicitOutput)
        {
            if (!File.Exists(projectPath))
            {
                throw new ReleaseTrainException(DiagnosticCodes.FileNotFound.Error(projectPath, 0, 0, projectPath));
            }

            // With --assets and --output nothing needs MSBuild: the name and version come from the restore model and
            // the lock file is the one beside the project. Otherwise the project is evaluated once for its paths and
            // identity.

            var properties =
                given is not null && explicitOutput is not null
                    ? new Dictionary<string, string>()
                    : DotNetSdk.GetProperties(
                        projectPath,
                        "ProjectAssetsFile",
                        "PackageId",
                        "PackageVersion",
                        "NuGetLockFilePath",
                        "PackageOutputPath"
                    );
            var assetsPath = given is not null
                ? Path.GetFullPath(given, workingDirectory)
                : properties["ProjectAssetsFile"];
            var lockPath = string.IsNullOrEmpty(properties.GetValueOrDefault("NuGetLockFilePath"))
                ? Path.Combine(Path.GetDirectoryName(projectPath)!, "packages.lock.json")
                : Path.GetFullPath(properties["NuGetLockFilePath"], Path.GetDirectoryName(projectPath)!);
            var (timestamp, origin) = SourceDate.Resolve(
                Path.GetDirectoryName(projectPath)!,
                Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH")
            );
            var bytes = CycloneDxSbom.Generate(
                assetsPath,
                lockPath,
                new SbomOptions(
                    timestamp,
                    properties.GetValueOrDefault("PackageId"),
                    properties.GetValueOrDefault("PackageVersion"),
                    ToolVersion
                )
            );
            var outputPath = explicitOutput is not null
                ? Path.GetFullPath(explicitOutput, workingDirectory)
                : Path.Combine(
                    Path.GetFullPath(properties["PackageOutputPath"], Path.GetDirectoryName(projectPath)!),
                    $"{properties["PackageId"]}.{properties["PackageVersion"]}.cdx.json"
                );
            var written = AtomicFile.WriteOutputIfChanged(outputPath, bytes);
            stdout.WriteLine(
                $"{(written ? "wrote" : "unchanged")} {outputPath} (timestamp from {origin}; sbom_hash "
                    + $"{EvidenceHashes.Sbom(bytes, outputPath)})"
            );
        }

        return command;
    }

    public static Command Evidence(TextWriter stdout, string workingDirectory)
    {
        var version = new Option<string>("--version")
        {
            Description = "The release version: packages named *.<version>.nupkg are bundled.",
            Required = true,
        };
        var root = new Option<string?>("--root") { Description = "Repository root (default: the current folder)." };
        var packages = new Option<string?>("--packages")
        {
            Description =
                "Folder with the .nupkg files and their .cdx.json SBOMs (default: <root>/artifacts/packages).",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description =
                "Parent folder of the bundle (default: <root>/artifacts/evidence); the bundle is <output>/<version>/.",
        };
        var gateReports = new Option<string[]>("--gate-report")
        {
            Description =
                "A gate report whose digest the bundle records (repeatable; default: every *.json in "
                + "<root>/artifacts/reports).",
        };
        var format = Options.Format(["text", "json"]);
        var command = new Command(
            "evidence",
            "Write the evidence bundle of a release (create-if-absent; a committed bundle is verified, never "
                + "overwritten). Exit 0 written or identical, 1 differs, 2 invalid input."
        )
        {
            version,
            root,
            packages,
            output,
            gateReports,
            format,
        };
        command.SetAction(p =>
        {
            var rootPath = Path.GetFullPath(p.GetValue(root) ?? ".", workingDirectory);
            var reportsDir = RepositoryPaths.Reports(rootPath);
            var reports =
                p.GetValue(gateReports) is { Length: > 0 } given
                    ? [.. given.Select(r => Path.GetFullPath(r, workingDirectory))]
                : Directory.Exists(reportsDir) ? Directory.GetFiles(reportsDir, "*.json")
                : [];
            var (createdAt, _) = SourceDate.Resolve(rootPath, Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"));
            var request = new EvidenceRequest(
                rootPath,
                Path.GetFullPath(p.GetValue(packages) ?? EvidenceBundle.PackagesPath(rootPath), workingDirectory),
                p.GetValue(version)!,
                Path.GetFullPath(p.GetValue(output) ?? RepositoryPaths.EvidenceRoot(rootPath), workingDirectory),
                EvidenceHashes.ReadToolchain(rootPath, DotNetSdk.Version(rootPath)),
                RuntimeEnvironmentInfo.Current,
                createdAt,
                SourceDate.CommitSha(rootPath),
                ToolVersion,
                reports
            );
            var report = EvidenceReport.OfCreate(EvidenceBundle.Create(request));
            stdout.Write(report.Render(CliApplication.ParseFormat(p.GetValue(format))));
            return report.ExitCode;
        });

        var bundle = new Argument<string>("DIR") { Description = "The bundle folder, e.g. artifacts/evidence/1.2.0." };
        var verifyPackages = new Option<string?>("--packages")
        {
            Description = "Also check the .nupkg files and release_hash against this folder.",
        };
        var verifyFormat = Options.Format(["text", "json"]);
        var signatures = new Option<bool>("--signatures")
        {
            Description =
                "Also verify the signatures beside the bundle (<DIR>.intoto.jsonl) against the allowed signers, their "
                + "validity at the clock and the pinned revocation list (docs/evidence.md, Signing evidence).",
        };
        var principal = new Option<string?>("--principal")
        {
            Description = "With --signatures: every signature must be by this principal.",
        };
        var at = new Option<string?>("--at")
        {
            Description = "With --signatures: a dry run at this instant (said in the output); gates use the clock.",
        };
        var (signingConfig, signingRoot) = PolicyCommands.ConfigOptions();
        var verify = new Command(
            "verify",
            "Recompute every digest of an evidence bundle. Exit 0 when it verifies, 1 naming each missing or altered "
                + "file (or a missing COMMITTED), 2 on invalid input."
        )
        {
            bundle,
            verifyPackages,
            verifyFormat,
            signatures,
            principal,
            at,
            signingConfig,
            signingRoot,
        };
        verify.SetAction(p =>
        {
            var dir = Path.GetFullPath(p.GetValue(bundle)!, workingDirectory);
            var packagesDir = p.GetValue(verifyPackages) is { } pk ? Path.GetFullPath(pk, workingDirectory) : null;
            var report = EvidenceReport.OfVerify(dir, EvidenceBundle.Verify(dir, packagesDir));
            stdout.Write(report.Render(CliApplication.ParseFormat(p.GetValue(verifyFormat))));
            if (!p.GetValue(signatures))
            {
                return report.ExitCode;
            }

            var loaded = PolicyCommands.Load(p.GetValue(signingConfig), p.GetValue(signingRoot), workingDirectory);
            var signed = SigningCommands.Verify(stdout, loaded, dir, p.GetValue(principal), p.GetValue(at));
            return Math.Max(report.ExitCode, signed);
        });
        command.Subcommands.Add(verify);
        command.Subcommands.Add(SigningCommands.Sign(stdout, workingDirectory));
        return command;
    }
}
