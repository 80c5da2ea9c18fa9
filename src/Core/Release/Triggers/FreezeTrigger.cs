using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>freeze</c>: the <c>release</c> and the <c>cutover</c> action (the subjects, always both) are each RT4108 while a
/// freeze window blocks them at the decision's instant, with no applicable approved exception (FreezeEvaluator).
/// </summary>
internal sealed class FreezeTrigger : ReleaseTrigger
{
    /// <summary>The actions a release needs open.</summary>
    private static readonly string[] Actions = ["release", "cutover"];

    /// <inheritdoc/>
    public override string Name => "freeze";

    /// <inheritdoc/>
    public override int Order => 50;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } = [DiagnosticCodes.ReleaseFrozen];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } = ["freezeWindows", "freezeExceptions"];

    /// <inheritdoc/>
    public override IEnumerable<string> Subjects(TriggerContext context) => Actions;

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, string subject)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var freeze = FreezeEvaluator.Evaluate(
            context.Config.Policy,
            new FreezeQuery(subject, request.Release, request.Commit, request.At),
            upcoming: 0
        );
        foreach (var occurrence in freeze.Blocking)
        {
            var at = occurrence.Window.Location;
            context.Reason(
                DiagnosticCodes.ReleaseFrozen.Error(
                    at.File,
                    at.Line,
                    at.Column,
                    subject,
                    occurrence.Window.Id,
                    PolicyTime.Utc(occurrence.Start),
                    PolicyTime.Utc(occurrence.End)
                )
            );
        }
    }
}
