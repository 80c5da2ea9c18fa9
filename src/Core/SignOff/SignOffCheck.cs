using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// Sign-off of a release from every source (<see cref="SignOffSources"/>): the decisions Core reads from the
/// repository (the committed records of <c>signoff.records</c>) and the decisions the caller brings (GitHub PR reviews,
/// fetched by the CLI). Every command that needs sign-off (signoff status/verify, decide, release, status) goes through
/// here.
/// </summary>
public static class SignOffCheck
{
    /// <summary>Evaluates the sign-off of a release.</summary>
    /// <param name="config">The configuration; its policy must configure <c>signoff</c>.</param>
    /// <param name="request">What is evaluated.</param>
    /// <param name="fetched">Decisions of the sources the caller fetched (GitHub PR reviews; may be empty).</param>
    /// <param name="memberships">Resolved team memberships (<see cref="SignOffEvaluator.MembershipKey"/>), or
    /// null.</param>
    /// <param name="errors">Input errors (an unreadable record log, a path escaping the root): non-empty means no
    /// verdict.</param>
    /// <returns>The status (with no decisions of a source whose input has errors: fail closed).</returns>
    /// <exception cref="InvalidOperationException">Sign-off is not configured.</exception>
    public static SignOffStatus Run(
        ReleaseTrainConfig config,
        SignOffRequest request,
        IReadOnlyList<SignOffDecision> fetched,
        IReadOnlyDictionary<string, bool>? memberships,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(fetched);
        _ = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        var trusted = Trusted(config, out var policyErrors);
        var decisions = new List<SignOffDecision>(ReadDecisions(config, trusted, request.Release, out var read));
        decisions.AddRange(fetched);
        errors = [.. policyErrors, .. read];
        var status = SignOffEvaluator.Evaluate(
            trusted.Policy,
            request,
            EnvironmentApprovalSource.Restrict(decisions, trusted.Policy),
            memberships
        );
        return status with
        {
            Notes =
            [
                .. status.Notes,
                $"roles{(trusted.Ledger ? " and allowed signers" : string.Empty)} read from {trusted.Origin}",
                .. trusted.Ledger
                    ? new[]
                    {
                        $"committed records ({config.Policy.SignOff.Records}) are not consulted: a ledger is "
                            + $"configured",
                    }
                    : [],
            ],
        };
    }

    /// <summary>
    /// The trusted sign-off policy of a configuration (<see cref="TrustedPolicy.Read"/>), from the ledger's remote when
    /// one is configured.
    /// </summary>
    /// <param name="config">The configuration, with <c>signoff</c>.</param>
    /// <param name="errors">RT5041/RT5042: no sign-off counts.</param>
    /// <returns>The trusted policy.</returns>
    public static TrustedSignOffPolicy Trusted(ReleaseTrainConfig config, out IReadOnlyList<Diagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        return TrustedPolicy.Read(config, LedgerRemote(config), out errors);
    }

    /// <summary>The ledger's remote, or null when no ledger is configured.</summary>
    private static string? LedgerRemote(ReleaseTrainConfig config) => config.Policy.Ledger?.Remote;

    /// <summary>
    /// The decisions for a release that Core reads itself, source by source (<see cref="SignOffSource.Read"/>).
    /// </summary>
    /// <param name="config">The configuration, with <c>signoff</c>.</param>
    /// <param name="release">The release.</param>
    /// <param name="errors">Input errors of every source.</param>
    /// <returns>The decisions, in registry then source order.</returns>
    /// <exception cref="InvalidOperationException">Sign-off is not configured.</exception>
    public static IReadOnlyList<SignOffDecision> ReadDecisions(
        ReleaseTrainConfig config,
        string release,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        var trusted = Trusted(config, out var policyErrors);
        var decisions = ReadDecisions(config, trusted, release, out var read);
        errors = [.. policyErrors, .. read];
        return decisions;
    }

    /// <summary>The decisions Core reads itself, under a trusted policy already read.</summary>
    /// <param name="config">The configuration, with <c>signoff</c>.</param>
    /// <param name="trusted">The trusted policy.</param>
    /// <param name="release">The release.</param>
    /// <param name="errors">Input errors of every source.</param>
    /// <returns>The decisions, in registry then source order.</returns>
    public static IReadOnlyList<SignOffDecision> ReadDecisions(
        ReleaseTrainConfig config,
        TrustedSignOffPolicy trusted,
        string release,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        var decisions = new List<SignOffDecision>();
        var all = new List<Diagnostic>();
        foreach (var source in SignOffSources.All)
        {
            decisions.AddRange(source.Read(config, trusted, release, out var sourceErrors));
            all.AddRange(sourceErrors);
        }

        errors = all;
        return decisions;
    }

    /// <summary>The full path of the record log, confined to the repository root.</summary>
    /// <param name="config">The configuration, with <c>signoff</c>.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ReleaseTrainException">RT1005 when it escapes the root.</exception>
    public static string RecordsPath(ReleaseTrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var policy = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        return new RepositoryFiles(config.RootDirectory).Resolve(
            policy.Records,
            policy.Location.File,
            policy.Location.Line,
            policy.Location.Column
        );
    }
}
