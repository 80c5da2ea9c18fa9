using System.CommandLine;
using ReleaseTrain.Core.Config;
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
                "The project file (restored), or a solution (.sln, .slnx) or folder: one SBOM of all its projects "
                + "(needs --output). Repeat it for several projects (each SBOM beside its package).",
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
                "project.assets.json to read (default: obj/project.assets.json beside the project when it is that "
                + "project's, else the project's ProjectAssetsFile). With --output the project is not evaluated when "
                + "the restore model is found: name and version come from it.",
        };
        var excludeDev = new Option<bool>("--exclude-dev", "-ed")
        {
            Description =
                "Leave development dependencies out: direct references with PrivateAssets=all, packages whose nuspec "
                + "says developmentDependency, and what only they reach (as cyclonedx-dotnet's --exclude-dev).",
        };
        var excludeTests = new Option<bool>("--exclude-test-projects", "-t")
        {
            Description =
                "Leave test projects (IsTestProject=true or a Microsoft.NET.Test.Sdk reference) and what only they "
                + "reach out (as cyclonedx-dotnet's --exclude-test-projects; otherwise their packages are scope "
                + "excluded).",
        };
        var command = new Command(
            "sbom",
            "Write a deterministic CycloneDX 1.6 SBOM of a project, solution or folder from its restore model "
                + "(project.assets.json, packages.lock.json) and the packages' nuspec files (no network)."
        )
        {
            project,
            output,
            assets,
            excludeDev,
            excludeTests,
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

            var exclusions = (Dev: p.GetValue(excludeDev), Tests: p.GetValue(excludeTests));
            var full = projects.Select(x => Path.GetFullPath(x, workingDirectory)).ToArray();
            if (full.Any(IsSolutionOrFolder))
            {
                if (full.Length > 1 || p.GetValue(output) is null || p.GetValue(assets) is not null)
                {
                    throw new ReleaseTrainException(
                        DiagnosticCodes.InvalidUsage.Error(
                            null,
                            0,
                            0,
                            "a solution or folder makes one SBOM of its projects: give it as the only --project, "
                                + "with --output FILE and without --assets."
                        )
                    );
                }

                Combined(full[0], Path.GetFullPath(p.GetValue(output)!, workingDirectory), exclusions);
                return 0;
            }

            for (var i = 0; i < full.Length; i++)
            {
                if (full.Length > 1)
                {
                    stdout.WriteLine($"[{i + 1}/{full.Length}] {projects[i]}");
                }

                Single(full[i], p.GetValue(assets), p.GetValue(output), exclusions);
            }

            return 0;
        });

        static bool IsSolutionOrFolder(string path) =>
            Directory.Exists(path)
            || path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

        void Combined(string inputPath, string outputPath, (bool Dev, bool Tests) exclusions)
        {
            var input = SbomInputs.Expand(inputPath);
            var sbomProjects = input
                .Projects.Select(projectPath =>
                {
                    // Beside the project in obj/ (no MSBuild), else as MSBuild places it. Two properties: with one,
                    // `dotnet msbuild -getProperty` prints the bare value instead of JSON.
                    var evaluated = SbomInputs.DefaultAssetsFile(projectPath) is { } beside
                        ? new Dictionary<string, string> { ["ProjectAssetsFile"] = beside }
                        : DotNetSdk.GetProperties(projectPath, "ProjectAssetsFile", "NuGetLockFilePath");
                    var assetsPath = evaluated["ProjectAssetsFile"];
                    if (assetsPath.Length == 0 || !File.Exists(assetsPath))
                    {
                        throw new ReleaseTrainException(
                            DiagnosticCodes.ProjectNotRestored.Error(projectPath, 0, 0, projectPath, assetsPath)
                        );
                    }

                    var lockPath = evaluated.GetValueOrDefault("NuGetLockFilePath") is { Length: > 0 } custom
                        ? Path.GetFullPath(custom, Path.GetDirectoryName(projectPath)!)
                        : Path.Combine(Path.GetDirectoryName(projectPath)!, "packages.lock.json");
                    return new SbomProject(assetsPath, lockPath, projectPath);
                })
                .ToList();
            var folder = Directory.Exists(inputPath) ? inputPath : Path.GetDirectoryName(inputPath)!;
            var (timestamp, origin) = SourceDate.Resolve(
                folder,
                Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH")
            );
            var bytes = CycloneDxSbom.Generate(
                sbomProjects,
                input.Name,
                new SbomOptions(timestamp, null, null, ToolVersion, exclusions.Dev, exclusions.Tests)
            );
            Write(outputPath, bytes, origin, $" ({input.Projects.Count} projects)");
        }

        void Single(string projectPath, string? given, string? explicitOutput, (bool Dev, bool Tests) exclusions)
        {
            if (!File.Exists(projectPath))
            {
                throw new ReleaseTrainException(DiagnosticCodes.FileNotFound.Error(projectPath, 0, 0, projectPath));
            }

            SbomInputs.Expand(projectPath); // refuses what is not a project file (RT3021)

            // With --output nothing needs MSBuild when the restore model is found (given, or obj/project.assets.json
            // of this project): the name and version come from it and the lock file is the one beside the project.
            // Otherwise the project is evaluated once for its paths and identity.
            var found =
                given is not null ? Path.GetFullPath(given, workingDirectory)
                : explicitOutput is not null ? SbomInputs.DefaultAssetsFile(projectPath)
                : null;
            var properties =
                found is not null && explicitOutput is not null
                    ? new Dictionary<string, string>()
                    : DotNetSdk.GetProperties(
                        projectPath,
                        "ProjectAssetsFile",
                        "PackageId",
                        "PackageVersion",
                        "NuGetLockFilePath",
                        "PackageOutputPath"
                    );
            var assetsPath = found ?? properties["ProjectAssetsFile"];
            var lockPath = string.IsNullOrEmpty(properties.GetValueOrDefault("NuGetLockFilePath"))
                ? Path.Combine(Path.GetDirectoryName(projectPath)!, "packages.lock.json")
                : Path.GetFullPath(properties["NuGetLockFilePath"], Path.GetDirectoryName(projectPath)!);
            var (timestamp, origin) = SourceDate.Resolve(
                Path.GetDirectoryName(projectPath)!,
                Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH")
            );
            var bytes = CycloneDxSbom.Generate(
                [new SbomProject(assetsPath, lockPath, projectPath)],
                null,
                new SbomOptions(
                    timestamp,
                    properties.GetValueOrDefault("PackageId"),
                    properties.GetValueOrDefault("PackageVersion"),
                    ToolVersion,
                    exclusions.Dev,
                    exclusions.Tests
                )
            );
            var outputPath = explicitOutput is not null
                ? Path.GetFullPath(explicitOutput, workingDirectory)
                : Path.Combine(
                    Path.GetFullPath(properties["PackageOutputPath"], Path.GetDirectoryName(projectPath)!),
                    $"{properties["PackageId"]}.{properties["PackageVersion"]}.cdx.json"
                );
            Write(outputPath, bytes, origin, "");
        }

        void Write(string outputPath, byte[] bytes, SourceDateOrigin origin, string what)
        {
            var written = AtomicFile.WriteOutputIfChanged(outputPath, bytes);
            stdout.WriteLine(
                $"{(written ? "wrote" : "unchanged")} {outputPath}{what} (timestamp from {origin}; sbom_hash "
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
        var root = new Option<string?>("--root") { Description = Options.RootDescription };
        var packages = new Option<string?>("--packages")
        {
            Description =
                "Folder with the .nupkg files and their .cdx.json SBOMs (default: <root>/artifacts/packages).",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description =
                "Parent folder of the bundle (default: <root>/artifacts/evidence); the bundle is <output>/<version>/. "
                + "A path holding {version} is the bundle folder itself, e.g. out/{version}/evidence.",
        };
        var gateReports = new Option<string[]>("--gate-report")
        {
            Description =
                "A gate report whose digest the bundle records (repeatable; default: every *.json in "
                + "<root>/artifacts/reports but the time-stamped readiness report files of `report`).",
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
            var rootPath = ConfigLoader.RepositoryRoot(p.GetValue(root), workingDirectory);
            IReadOnlyList<string> reports = p.GetValue(gateReports) is { Length: > 0 } given
                ? [.. given.Select(r => Path.GetFullPath(r, workingDirectory))]
                : EvidenceBundle.DefaultGateReports(rootPath);
            // --output holding {version} names the bundle folder itself; any other {...} is refused (RT3013).
            var outputGiven = p.GetValue(output);
            var outputPath = outputGiven is null
                ? RepositoryPaths.EvidenceRoot(rootPath)
                : Path.GetFullPath(RepositoryPaths.WithVersion(outputGiven, p.GetValue(version)!), workingDirectory);
            var bundleDirectory =
                outputGiven?.Contains(RepositoryPaths.VersionPlaceholder, StringComparison.Ordinal) == true
                    ? outputPath
                    : null;
            var (createdAt, _) = SourceDate.Resolve(rootPath, Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"));
            var request = new EvidenceRequest(
                rootPath,
                Path.GetFullPath(p.GetValue(packages) ?? EvidenceBundle.PackagesPath(rootPath), workingDirectory),
                p.GetValue(version)!,
                bundleDirectory is null ? outputPath : Path.GetDirectoryName(bundleDirectory)!,
                EvidenceHashes.ReadToolchain(rootPath, DotNetSdk.Version(rootPath)),
                RuntimeEnvironmentInfo.Current,
                createdAt,
                SourceDate.CommitSha(rootPath),
                ToolVersion,
                reports
            )
            {
                BundleDirectory = bundleDirectory,
            };
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
