using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// One source of sign-off decisions (docs/signoff.md, "Sources of sign-off"): each is one sealed subclass in
/// <c>SignOff/Sources/</c>, found by <see cref="SignOffSources"/>. A source turns its data into
/// <see cref="SignOffDecision"/> values (dropping what is no decision), says how its approvals are bound to the
/// evidence, and declares the codes it can raise. Sources that Core reads from the repository override
/// <see cref="Read"/>; sources on GitHub take data the CLI fetched through src/GitHub, and the CLI passes their
/// decisions to <see cref="SignOffCheck.Run"/>. Subclasses need a public parameterless constructor and no state.
/// </summary>
public abstract class SignOffSource
{
    /// <summary>
    /// The source's name, as reports show it: every <see cref="SignOffDecision.SourceId"/> of this source begins with
    /// it (e.g. <c>record</c> in "record #3 of release-train/signoff-log.jsonl").
    /// </summary>
    public abstract string Name { get; }

    /// <summary>
    /// True when an approval counts only over the release's current evidence digest, so an approval naming none does
    /// not count; false when an approval without a digest is bound to the evidence through its commit only (one that
    /// names a digest must still name the current one).
    /// </summary>
    public abstract bool RequiresEvidenceDigest { get; }

    /// <summary>The codes its input errors can carry (documented in docs/diagnostics.md); may be empty.</summary>
    public abstract IReadOnlyList<DiagnosticDescriptor> Codes { get; }

    /// <summary>
    /// The decisions for a release that Core reads from the repository itself. The default reads nothing: the
    /// decisions of a source whose data is fetched by the CLI come in through <see cref="SignOffCheck.Run"/>.
    /// </summary>
    /// <param name="config">The configuration, with <c>signoff</c>.</param>
    /// <param name="trusted">The trusted policy (<see cref="TrustedPolicy"/>): whether a ledger is configured, the
    /// allowed signers, <c>allowUnsignedRecords</c>.</param>
    /// <param name="release">The release version.</param>
    /// <param name="errors">Input errors: non-empty means no decisions from this source (fail closed).</param>
    /// <returns>The decisions, in source order.</returns>
    public virtual IReadOnlyList<SignOffDecision> Read(
        ReleaseTrainConfig config,
        TrustedSignOffPolicy trusted,
        string release,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        errors = [];
        return [];
    }
}
