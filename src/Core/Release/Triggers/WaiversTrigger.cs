using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Time;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>waivers</c>: a critical waiver of the train (<c>severity: critical</c>; other severities never stop a release)
/// is RT4106 when it has expired and RT4107 when it has fewer distinct approvers than it requires. Reads only the
/// configuration.
/// </summary>
internal sealed class WaiversTrigger : TrainTrigger
{
    /// <inheritdoc/>
    public override string Name => "waivers";

    /// <inheritdoc/>
    public override int Order => 30;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } =
    [DiagnosticCodes.WaiverExpired, DiagnosticCodes.WaiverUnapproved];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } = ["trains[].waivers"];

    /// <summary>The waiver expiry rule (<see cref="WaiverRules.IsExpired"/>) at the decision's instant.</summary>
    /// <param name="waiver">The waiver.</param>
    /// <param name="context">The decision, whose instant counts.</param>
    /// <returns>True when expired.</returns>
    public static bool Expired(Waiver waiver, TriggerContext context) =>
        WaiverRules.IsExpired(waiver.AllowedUntil, context.Request.At);

    /// <summary>The waiver approval rule (<see cref="WaiverRules.ApprovalCount"/>).</summary>
    /// <param name="waiver">The waiver.</param>
    /// <returns>The number of distinct approvers.</returns>
    public static int Approvals(Waiver waiver) => WaiverRules.ApprovalCount(waiver.Approvers);

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, ReleaseTrainDefinition train)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(train);
        foreach (var waiver in train.Waivers.Where(w => w.Severity == "critical"))
        {
            var at = waiver.Location;
            if (Expired(waiver, context))
            {
                context.Reason(
                    DiagnosticCodes.WaiverExpired.Error(
                        at.File,
                        at.Line,
                        at.Column,
                        waiver.Id,
                        PolicyTime.Utc(waiver.AllowedUntil)
                    )
                );
            }

            var approvals = Approvals(waiver);
            if (approvals < waiver.RequiredApprovals)
            {
                context.Reason(
                    DiagnosticCodes.WaiverUnapproved.Error(
                        at.File,
                        at.Line,
                        at.Column,
                        waiver.Id,
                        approvals,
                        waiver.RequiredApprovals
                    )
                );
            }
        }
    }
}
