using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// Sign-off of a release from both sources: the committed records of <c>signoff.records</c> and the decisions the
/// caller brings (GitHub PR reviews, fetched by the CLI). Every command that needs sign-off (signoff status/verify,
/// decide, release, status) goes through here.
/// </summary>
public static class SignOffCheck
{
    /// <summary>Evaluates the sign-off of a release.</summary>
    /// <param name="config">The configuration; its policy must configure <c>signoff</c>.</param>
    /// <param name="request">What is evaluated.</param>
    /// <param name="reviews">Decisions from PR reviews (may be empty).</param>
    /// <param name="memberships">Resolved team memberships (<see cref="SignOffEvaluator.MembershipKey"/>), or null.</param>
    /// <param name="errors">Input errors (an unreadable record log, a path escaping the root): non-empty means no verdict.</param>
    /// <returns>The status (with no records when <paramref name="errors"/> is non-empty: fail closed).</returns>
    /// <exception cref="InvalidOperationException">Sign-off is not configured.</exception>
    public static SignOffStatus Run(ReleaseTrainConfig config, SignOffRequest request, IReadOnlyList<SignOffDecision> reviews, IReadOnlyDictionary<string, bool>? memberships, out IReadOnlyList<Diagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(reviews);
        var policy = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        var decisions = new List<SignOffDecision>(ReadRecords(config, request.Release, out errors));
        decisions.AddRange(reviews);
        return SignOffEvaluator.Evaluate(policy, request, decisions, memberships);
    }

    /// <summary>The recorded decisions for a release (see <see cref="SignOffRecords.Read"/>).</summary>
    /// <param name="config">The configuration, with <c>signoff</c>.</param>
    /// <param name="release">The release.</param>
    /// <param name="errors">Input errors.</param>
    /// <returns>The decisions.</returns>
    public static IReadOnlyList<SignOffDecision> ReadRecords(ReleaseTrainConfig config, string release, out IReadOnlyList<Diagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        var policy = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        string path;
        try
        {
            path = RecordsPath(config);
        }
        catch (ReleaseTrainException ex)
        {
            errors = [ex.Diagnostic];
            return [];
        }

        return SignOffRecords.Read(path, release, policy.Records, out errors);
    }

    /// <summary>The full path of the record log, confined to the repository root.</summary>
    /// <param name="config">The configuration, with <c>signoff</c>.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ReleaseTrainException">RT1005 when it escapes the root.</exception>
    public static string RecordsPath(ReleaseTrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var policy = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        return new RepositoryFiles(config.RootDirectory).Resolve(policy.Records, policy.Location.File, policy.Location.Line, policy.Location.Column);
    }
}
