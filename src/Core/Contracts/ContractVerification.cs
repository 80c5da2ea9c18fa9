using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Contracts;

/// <summary>What to verify: the inputs every adapter (MSBuild task, CLI, Cake) passes in.</summary>
/// <param name="ConfigPath">Path of release-train.json, or null to search upward from
/// <paramref name="StartDirectory"/>.</param>
/// <param name="StartDirectory">Where the upward search starts (the project folder in MSBuild, the current folder in
/// the CLI).</param>
/// <param name="RootDirectory">The repository root, or null for the folder holding the configuration.</param>
/// <param name="ContractIds">Contract ids to verify, or empty for all.</param>
public sealed record VerifyRequest(
    string? ConfigPath,
    string StartDirectory,
    string? RootDirectory,
    IReadOnlyCollection<string> ContractIds
)
{
    /// <summary>The evaluation instant of time-dependent validators (waivers, drills), or null for now.</summary>
    public NodaTime.Instant? At { get; init; }
}

/// <summary>The one entry point adapters call: locate and load the configuration, then verify its contracts.</summary>
public static class ContractVerification
{
    /// <summary>Runs a verification. Never throws for bad input: every problem is a diagnostic in the report.</summary>
    /// <param name="request">What to verify.</param>
    /// <returns>The report; its <see cref="VerificationReport.ExitCode"/> is the CLI's exit code.</returns>
    public static VerificationReport Run(VerifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = Load(request, out var errors);
        return config is null
            ? new VerificationReport(
                request.ConfigPath is null ? null : Path.GetFullPath(request.ConfigPath),
                request.RootDirectory,
                [],
                errors
            )
            : ContractVerifier.Verify(config, request.ContractIds, request.At);
    }

    /// <summary>Locates and loads the configuration of a request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="errors">RT1xxx errors when it cannot be loaded.</param>
    /// <returns>The configuration, or null.</returns>
    public static ReleaseTrainConfig? Load(VerifyRequest request, out IReadOnlyList<Diagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configPath = string.IsNullOrEmpty(request.ConfigPath)
            ? ConfigLoader.Locate(request.StartDirectory)
            : request.ConfigPath;
        if (configPath is null)
        {
            errors = [DiagnosticCodes.ConfigNotFound.Error(null, 0, 0, Path.GetFullPath(request.StartDirectory))];
            return null;
        }

        if (request.RootDirectory is not null && !Directory.Exists(request.RootDirectory))
        {
            errors = [DiagnosticCodes.FileNotFound.Error(null, 0, 0, Path.GetFullPath(request.RootDirectory))];
            return null;
        }

        return ConfigLoader.Load(configPath, request.RootDirectory, out errors);
    }
}
