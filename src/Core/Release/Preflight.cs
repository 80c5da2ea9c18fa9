using System.Text.RegularExpressions;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Release;

/// <summary>One check of the preflight gate and its outcome.</summary>
/// <param name="Name"><c>configuration</c>, <c>package-signatures</c> or <c>locked-restore</c>.</param>
/// <param name="Status">pass, warn, fail, or <c>not-run</c> when the configuration could not be loaded.</param>
/// <param name="Detail">One line saying what was checked.</param>
public sealed record PreflightCheck(string Name, string Status, string Detail);

/// <summary>A release package and what <c>dotnet nuget verify --all</c> said of it.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Signature"><c>signed</c> (verified), <c>unsigned</c> (NU3004) or <c>invalid</c>.</param>
/// <param name="Detail">dotnet's error lines (empty when signed).</param>
public sealed record PreflightPackage(string Name, string Signature, string Detail);

/// <summary>The preflight gate's outcome.</summary>
/// <param name="Version">The release version.</param>
/// <param name="Checks">The three checks, in order.</param>
/// <param name="Packages">Each package checked.</param>
/// <param name="Diagnostics">Errors and warnings of every check.</param>
/// <param name="ExitCode">0 pass (warnings allowed), 1 a check failed, 2 the configuration is invalid.</param>
public sealed record PreflightResult(
    string Version,
    IReadOnlyList<PreflightCheck> Checks,
    IReadOnlyList<PreflightPackage> Packages,
    IReadOnlyList<Diagnostic> Diagnostics,
    int ExitCode
)
{
    /// <summary>The repository root of the loaded configuration, or null when it could not be loaded.</summary>
    public string? RootDirectory { get; init; }

    /// <summary>pass, warn or fail, from the diagnostics (<see cref="CheckStatus"/>).</summary>
    public string Status => CheckStatus.Of(Diagnostics);
}

/// <summary>
/// <c>release-train preflight</c>: the deployment runbook's preflight checks (seed 003, section II.F, "Preflight
/// checks: signature verification, dependency lock verification, config-schema validation"), as one gate
/// (docs/evidence.md, "Preflight"): the configuration loads and validates against its schema; every package of the
/// release passes <c>dotnet nuget verify --all</c> (unsigned ones as <c>preflight.unsignedPackages</c> says); and the
/// configured solutions or projects restore with <c>dotnet restore --locked-mode --force</c>. dotnet runs through
/// <see cref="ProcessCommand"/>.
/// </summary>
public static partial class Preflight
{
    /// <summary>The time limit of each dotnet command.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    private static readonly KeyValuePair<string, string?>[] DotNetEnvironment =
    [
        new("DOTNET_NOLOGO", "1"),
        new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
        new("DOTNET_CLI_UI_LANGUAGE", "en"),
        new("MSBUILDDISABLENODEREUSE", "1"),
        new("DOTNET_CLI_USE_MSBUILD_SERVER", "0"),
    ];

    /// <summary>Runs the gate.</summary>
    /// <param name="request">Where the configuration is (its <c>Contracts</c> are not read).</param>
    /// <param name="version">The release version (checked: RT1019).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ReleaseTrainException">RT1019 for a version that is not one; RT1005 for a configured path
    /// outside the root.</exception>
    public static PreflightResult Run(VerifyRequest request, string version)
    {
        ArgumentNullException.ThrowIfNull(request);
        RepositoryPaths.ReleaseVersion(version);
        var diagnostics = new List<Diagnostic>();
        var checks = new List<PreflightCheck>();
        var config = ContractVerification.Load(request, out var configErrors);
        var configPath = config?.ConfigPath ?? request.ConfigPath ?? "release-train.json";
        diagnostics.AddRange(configErrors);
        if (config is null)
        {
            checks.Add(new("configuration", CheckStatus.Fail, $"{configPath} does not validate"));
            checks.Add(new("package-signatures", "not-run", "the configuration is invalid"));
            checks.Add(new("locked-restore", "not-run", "the configuration is invalid"));
            return new PreflightResult(version, checks, [], diagnostics, 2);
        }

        checks.Add(new("configuration", CheckStatus.Pass, $"{configPath} validates against its schema"));
        var settings = config.Policy.Preflight ?? PreflightSettings.Default;
        var files = new RepositoryFiles(config.RootDirectory);

        var packagesFolder = settings.Packages is null
            ? RepositoryPaths.Packages(config.RootDirectory)
            : files.Resolve(settings.Packages);
        var signatureFindings = new List<Diagnostic>();
        var packages = VerifyPackages(files, packagesFolder, version, settings.UnsignedPackages, signatureFindings);
        diagnostics.AddRange(signatureFindings);
        checks.Add(
            new(
                "package-signatures",
                CheckStatus.Of(signatureFindings),
                $"{packages.Count} package(s) of {version} in {packagesFolder}, unsigned packages: "
                    + settings.UnsignedPackages.ToString().ToLowerInvariant()
            )
        );

        var restoreFindings = new List<Diagnostic>();
        IReadOnlyList<string> targets =
            settings.Restore.Count == 0 ? [config.RootDirectory] : [.. settings.Restore.Select(t => files.Resolve(t))];
        var restored = new List<string>();
        foreach (var target in targets)
        {
            restored.Add(Path.GetRelativePath(config.RootDirectory, target));
            LockedRestore(config.RootDirectory, target, restoreFindings);
        }

        diagnostics.AddRange(restoreFindings);
        checks.Add(
            new(
                "locked-restore",
                CheckStatus.Of(restoreFindings),
                "dotnet restore --locked-mode --force of " + string.Join(", ", restored)
            )
        );

        var exit = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? 1 : 0;
        return new PreflightResult(version, checks, packages, diagnostics, exit)
        {
            RootDirectory = config.RootDirectory,
        };
    }

    private static List<PreflightPackage> VerifyPackages(
        RepositoryFiles files,
        string folder,
        string version,
        UnsignedPackagePolicy policy,
        List<Diagnostic> findings
    )
    {
        var paths = ReleasePlanner.PackageFiles(folder, version);
        if (paths.Count == 0)
        {
            findings.Add(DiagnosticCodes.NoPackages.Error(null, 0, 0, version, folder));
            return [];
        }

        var packages = new List<PreflightPackage>();
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            // What dotnet verifies must be the release's own file: not a link (to a signed package of someone else,
            // or anywhere outside the repository), checked before dotnet follows it.
            if (Confinement(files, path) is { } refused)
            {
                findings.Add(refused);
                packages.Add(new(name, "invalid", refused.Message));
                continue;
            }

            var result = ProcessCommand.Run(
                "dotnet",
                folder,
                ["nuget", "verify", "--all", path],
                CommandTimeout,
                environment: DotNetEnvironment
            );
            if (result is null || result.TimedOut)
            {
                var why = result?.Error ?? "dotnet is not on PATH";
                findings.Add(DiagnosticCodes.PreflightToolFailed.Error(path, 0, 0, "dotnet nuget verify", why));
                packages.Add(new(name, "invalid", why));
                continue;
            }

            var output = result.Output + "\n" + result.Error;
            var errors = string.Join(
                " ",
                output
                    .Split('\n')
                    .Select(l => l.Trim())
                    .Where(l => l.StartsWith("error", StringComparison.OrdinalIgnoreCase))
            );

            // dotnet nuget verify exits 0 on a file that is no package at all (it prints only errors), so a package
            // passes only on exit 0, no error line, and dotnet's own word that it verified it.
            if (result.ExitCode == 0 && errors.Length == 0 && Verified().IsMatch(output))
            {
                packages.Add(new(name, "signed", string.Empty));
            }
            else if (Unsigned().IsMatch(output) && !OtherSignatureError().IsMatch(output))
            {
                packages.Add(new(name, "unsigned", errors));
                switch (policy)
                {
                    case UnsignedPackagePolicy.Error:
                        findings.Add(DiagnosticCodes.PackageUnsigned.Error(path, 0, 0, name));
                        break;
                    case UnsignedPackagePolicy.Warn:
                        findings.Add(
                            DiagnosticCodes.PackageUnsigned.Create(DiagnosticSeverity.Warning, path, 0, 0, name)
                        );
                        break;
                }
            }
            else
            {
                var why =
                    errors.Length > 0 ? errors : $"dotnet nuget verify exited {result.ExitCode} without verifying it";
                packages.Add(new(name, "invalid", why));
                findings.Add(DiagnosticCodes.PackageSignatureInvalid.Error(path, 0, 0, name, why));
            }
        }

        return packages;
    }

    private static Diagnostic? Confinement(RepositoryFiles files, string path)
    {
        try
        {
            files.Resolve(Path.GetRelativePath(files.RootDirectory, path));
        }
        catch (ReleaseTrainException ex)
        {
            return ex.Diagnostic;
        }

        return new FileInfo(path).LinkTarget is null
            ? null
            : DiagnosticCodes.NotARegularFile.Error(path, 0, 0, path, "a symbolic link");
    }

    private static void LockedRestore(string root, string target, List<Diagnostic> findings)
    {
        // --force: an unchanged project is otherwise "up-to-date for restore" and its changed lock file never read.
        var arguments = new List<string> { "restore" };
        if (!string.Equals(Path.GetFullPath(target), Path.GetFullPath(root), StringComparison.Ordinal))
        {
            arguments.Add(target);
        }

        arguments.AddRange(["--locked-mode", "--force", "-nologo"]);
        var result = ProcessCommand.Run("dotnet", root, arguments, CommandTimeout, environment: DotNetEnvironment);
        var display = Path.GetRelativePath(root, target);
        if (result is null || result.TimedOut)
        {
            findings.Add(
                DiagnosticCodes.PreflightToolFailed.Error(
                    target,
                    0,
                    0,
                    "dotnet restore",
                    result?.Error ?? "dotnet is not on PATH"
                )
            );
            return;
        }

        if (result.ExitCode != 0)
        {
            var lines = (result.Output + "\n" + result.Error)
                .Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var why = lines.Count > 0 ? string.Join(" ", lines) : $"dotnet restore exited {result.ExitCode}";
            findings.Add(DiagnosticCodes.LockedRestoreFailed.Error(target, 0, 0, display, why));
        }
    }

    [GeneratedRegex(@"Successfully verified package", RegexOptions.CultureInvariant)]
    private static partial Regex Verified();

    [GeneratedRegex(@"\bNU3004\b", RegexOptions.CultureInvariant)]
    private static partial Regex Unsigned();

    [GeneratedRegex(@"\bNU3(?!004\b)\d{3}\b", RegexOptions.CultureInvariant)]
    private static partial Regex OtherSignatureError();
}
