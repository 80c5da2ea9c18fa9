using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Contracts;

/// <summary>The overall outcome of a verification, mapped to CLI exit codes (DESIGN.md, "Conventions").</summary>
public enum VerificationStatus
{
    /// <summary>Every rule held (warnings allowed): exit 0.</summary>
    Pass,

    /// <summary>At least one error-severity drift: exit 1.</summary>
    Drift,

    /// <summary>Input could not be read or is invalid (RT1xxx): exit 2. Never reported as a pass.</summary>
    Invalid,
}

/// <summary>One contract drift finding.</summary>
/// <param name="ContractId">The contract.</param>
/// <param name="RuleId">The rule that found it.</param>
/// <param name="RuleKind">The rule's kind as written in the configuration.</param>
/// <param name="Pointer">JSON Pointer (RFC 6901) of the offending value in <see cref="Diagnostic"/>'s file.</param>
/// <param name="Expected">The expected value as compact JSON, or null when the rule has no single expected
/// value.</param>
/// <param name="Actual">The actual value as compact JSON, or null when it is missing.</param>
/// <param name="Diagnostic">The coded diagnostic (RT2xxx) with the payload file, line and column.</param>
public sealed record DriftFinding(
    string ContractId,
    string RuleId,
    string RuleKind,
    string Pointer,
    string? Expected,
    string? Actual,
    Diagnostic Diagnostic
);

/// <summary>One application of a rule to one file, for <c>verify --explain</c>.</summary>
/// <param name="ContractId">The contract.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="RuleKind">Its kind.</param>
/// <param name="File">The checked file (full path).</param>
/// <param name="Pointer">What was checked: the rule's pointer (and its <c>each</c> container).</param>
/// <param name="Result">pass, drift, warning or not applicable (its <c>when</c> did not hold).</param>
/// <param name="Source">Where the expected value came from: <c>file /pointer</c>, <c>value</c>, or the rule's kind for
/// rules without a source.</param>
/// <param name="Findings">How many findings it produced.</param>
public sealed record RuleEvaluation(
    string ContractId,
    string RuleId,
    string RuleKind,
    string File,
    string Pointer,
    string Result,
    string Source,
    int Findings
);

/// <summary>The result of one contract.</summary>
/// <param name="Id">The contract id.</param>
/// <param name="Manifest">Full path of the manifest.</param>
/// <param name="Payloads">Full paths of the payloads.</param>
/// <param name="RulesEvaluated">Rule applications evaluated (a rule counts once per checked file and member).</param>
/// <param name="RulesNotApplicable">Rule applications skipped because their <c>when</c> condition did not hold.</param>
/// <param name="Findings">Drift findings, errors and warnings.</param>
/// <param name="InputErrors">RT1xxx errors that stopped the contract from being checked.</param>
public sealed record ContractResult(
    string Id,
    string Manifest,
    IReadOnlyList<string> Payloads,
    int RulesEvaluated,
    int RulesNotApplicable,
    IReadOnlyList<DriftFinding> Findings,
    IReadOnlyList<Diagnostic> InputErrors
)
{
    /// <summary>
    /// Every rule application, in order (for <c>verify --explain</c>); empty for validator contracts.
    /// </summary>
    public IReadOnlyList<RuleEvaluation> Evaluations { get; init; } = [];

    /// <summary>
    /// Full paths of what checking the contract reads: its manifest, payloads and named files; for a validator
    /// contract also what the validator read (<see cref="Validators.ValidationResult.Reads"/>: option files, drill
    /// evidence, the files an artifact manifest lists; a folder whose listing was read ends with a directory
    /// separator).
    /// </summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>
    /// The earliest instant (UTC) after the evaluation instant at which the contract's result can differ, or null when
    /// it does not depend on the instant (<see cref="Validators.ValidationResult.ChangesAt"/>).
    /// </summary>
    public NodaTime.Instant? ChangesAt { get; init; }

    /// <summary>The contract's own status.</summary>
    public VerificationStatus Status =>
        InputErrors.Count > 0 ? VerificationStatus.Invalid
        : Findings.Any(f => f.Diagnostic.Severity == DiagnosticSeverity.Error) ? VerificationStatus.Drift
        : VerificationStatus.Pass;
}

/// <summary>The result of <c>release-train verify</c>: every contract checked, and errors that stopped any.</summary>
/// <param name="ConfigPath">Full path of the configuration, or null when none was found.</param>
/// <param name="RootDirectory">Full path of the repository root, or null.</param>
/// <param name="Contracts">The contracts checked.</param>
/// <param name="InputErrors">RT1xxx errors outside any contract (configuration, usage).</param>
public sealed record VerificationReport(
    string? ConfigPath,
    string? RootDirectory,
    IReadOnlyList<ContractResult> Contracts,
    IReadOnlyList<Diagnostic> InputErrors
)
{
    /// <summary>Invalid when any input error, otherwise Drift when any error finding, otherwise Pass.</summary>
    public VerificationStatus Status =>
        InputErrors.Count > 0 || Contracts.Any(c => c.Status == VerificationStatus.Invalid) ? VerificationStatus.Invalid
        : Contracts.Any(c => c.Status == VerificationStatus.Drift) ? VerificationStatus.Drift
        : VerificationStatus.Pass;

    /// <summary>The CLI exit code: 0 pass, 1 drift, 2 invalid input.</summary>
    public int ExitCode =>
        Status switch
        {
            VerificationStatus.Pass => 0,
            VerificationStatus.Drift => 1,
            _ => 2,
        };

    /// <summary>The instant the time-dependent validators were evaluated at (UTC), or null when nothing was
    /// verified.</summary>
    public NodaTime.Instant? EvaluatedAt { get; init; }

    /// <summary>
    /// Every file the verification read, the configuration first, then each contract's
    /// <see cref="ContractResult.Inputs"/>: full paths, distinct, in that order (a folder whose listing was read ends
    /// with a directory separator). When none of them changes, nor the task assembly, the verdict holds until
    /// <see cref="ValidUntil"/>: the MSBuild gate's incremental inputs.
    /// </summary>
    public IReadOnlyList<string> InputFiles =>
        [
            .. (ConfigPath is null ? [] : new[] { ConfigPath })
                .Concat(Contracts.SelectMany(c => c.Inputs))
                .Distinct(StringComparer.Ordinal),
        ];

    /// <summary>
    /// The earliest instant (UTC) after <see cref="EvaluatedAt"/> at which the verdict can change with the instant
    /// alone (a waiver expiring, a drill growing stale), or null when it cannot: the verdict is not reused from then
    /// on.
    /// </summary>
    public NodaTime.Instant? ValidUntil =>
        EvaluatedAt is { } at ? Time.NextChange.Earliest(at, Contracts.Select(c => c.ChangesAt)) : null;

    /// <summary>Every diagnostic: input errors first, then each contract's input errors and findings.</summary>
    public IEnumerable<Diagnostic> AllDiagnostics =>
        InputErrors.Concat(Contracts.SelectMany(c => c.InputErrors.Concat(c.Findings.Select(f => f.Diagnostic))));
}
