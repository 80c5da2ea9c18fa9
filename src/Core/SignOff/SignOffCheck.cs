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
        var policy = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        var decisions = new List<SignOffDecision>(ReadDecisions(config, request.Release, out errors));
        decisions.AddRange(fetched);
        return SignOffEvaluator.Evaluate(policy, request, decisions, memberships);
    }

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
        ArgumentNullException.ThrowIfNull(config);
        var decisions = new List<SignOffDecision>();
        var all = new List<Diagnostic>();
        foreach (var source in SignOffSources.All)
        {
            decisions.AddRange(source.Read(config, release, out var sourceErrors));
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
