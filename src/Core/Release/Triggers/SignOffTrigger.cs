using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.SignOff;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>signoff</c>: when <c>signoff</c> is configured, an incomplete joint sign-off of the release (SignOffCheck: the
/// committed records and the PR reviews of the request) is RT4110, naming each missing or rejected role. The subject
/// is the release; the records file and each review are inputs of the decision.
/// </summary>
internal sealed class SignOffTrigger : ReleaseTrigger
{
    /// <inheritdoc/>
    public override string Name => "signoff";

    /// <inheritdoc/>
    public override int Order => 60;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } = [DiagnosticCodes.SignOffIncompleteNoGo];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } = ["signoff"];

    /// <inheritdoc/>
    public override IEnumerable<string> Subjects(TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Config.Policy.SignOff is null ? [] : [context.Request.Release];
    }

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, string subject)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (config, request) = (context.Config, context.Request);
        if (config.Policy.SignOff is not { } policy)
        {
            return;
        }

        var evidenceDigest = EvidenceBundle.CommittedDigest(config.RootDirectory, request.Release);
        var signOff = new SignOffRequest(request.Release, request.Commit, evidenceDigest, request.At, request.Author)
        {
            AuthorSource = request.AuthorSource,
        };
        var status = SignOffCheck.Run(config, signOff, request.Reviews, request.Memberships, out var errors);
        foreach (var error in errors)
        {
            context.InputError(error);
        }

        try
        {
            var log = SignOffCheck.RecordsPath(config);
            context.Input(context.KeyOf(log), File.Exists(log) ? Digest.Sha256(RepositoryFiles.ReadFile(log)) : null);
        }
        catch (ReleaseTrainException)
        {
            // Reported by SignOffCheck.Run.
        }

        if (config.Policy.Ledger is not null)
        {
            // With a ledger, who may sign off comes from a commit of the default branch (SignOff/TrustedPolicy): which
            // one is an input of the decision (decide --explain).
            var origin = status.Notes.FirstOrDefault(n => n.StartsWith("roles ", StringComparison.Ordinal));
            context.Input("signoff-policy", origin ?? "unreadable");
        }

        if (request.Author is not null)
        {
            // Who cannot approve is an input of the decision, with where it came from (decide --explain).
            context.Input("author", $"{request.Author} ({request.AuthorSource ?? "source not given"})");
        }

        foreach (var review in request.Reviews)
        {
            context.Input(
                "review:" + review.SourceId,
                $"{review.Principal} {review.Verdict} {review.Commit} {review.AtText}"
            );
        }

        if (errors.Count == 0 && !status.Complete)
        {
            var at = policy.Location;
            var missing = string.Join("; ", status.Diagnostics.Select(d => d.Message.TrimEnd('.')));
            context.Reason(
                DiagnosticCodes.SignOffIncompleteNoGo.Error(at.File, at.Line, at.Column, request.Release, missing)
            );
        }
    }
}
