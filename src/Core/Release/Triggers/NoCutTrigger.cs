using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// One no-cut trigger of the decision (DESIGN.md, check 4): a named rule that reads part of the configuration and
/// its input files and adds NO-GO reasons (stable RT41xx codes) or input errors to a <see cref="TriggerContext"/>.
/// <see cref="NoCutTriggers.All"/> finds every trigger and orders them by <see cref="Order"/>; each is one file of
/// Release/Triggers/, as the .NET SDK's ApiCompat keeps one file per rule. A trigger is a
/// <see cref="TrainTrigger"/> (run once for each train that covers the release) or a <see cref="ReleaseTrigger"/>
/// (run once for each subject it names).
/// </summary>
internal abstract class NoCutTrigger
{
    /// <summary>
    /// The trigger's name: <see cref="DecisionCheck.Trigger"/> in <c>decide --explain</c> and in the decide report's
    /// <c>checks[].trigger</c> (schemas/decide-report.schema.json enumerates the names).
    /// </summary>
    public abstract string Name { get; }

    /// <summary>
    /// Its place in the decision: triggers run by ascending order (unique among triggers), train triggers for each
    /// train before release triggers (train triggers 10 to 40, release triggers 45 to 75).
    /// </summary>
    public abstract int Order { get; }

    /// <summary>
    /// Every reason code the trigger can record (RT41xx), in code order; docs/policy.md and docs/diagnostics.md list
    /// them. Input errors (RT1xxx, RT4004, RT4009) are not reasons and are not listed.
    /// </summary>
    public abstract IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; }

    /// <summary>
    /// The members of release-train.json the trigger reads, as paths into its schema: <c>trains[].gates</c> is the
    /// <c>gates</c> member of each train. Loading and load-time errors stay in Config (PolicyLoader).
    /// </summary>
    public abstract IReadOnlyList<string> Reads { get; }
}

/// <summary>
/// A trigger evaluated once for each train whose version range holds the release; the train id is the subject.
/// </summary>
internal abstract class TrainTrigger : NoCutTrigger
{
    /// <summary>Evaluates the trigger for one train, adding reasons and input errors to the context.</summary>
    /// <param name="context">The decision being made: the configuration, the request, the files read so far.</param>
    /// <param name="train">A train that covers the release.</param>
    public abstract void Evaluate(TriggerContext context, ReleaseTrainDefinition train);
}

/// <summary>A trigger evaluated once for each subject it names (an action, the release, a list of contracts).</summary>
internal abstract class ReleaseTrigger : NoCutTrigger
{
    /// <summary>The subjects to evaluate, in order; none when the trigger is not configured.</summary>
    /// <param name="context">The decision being made.</param>
    /// <returns>The subjects (shown in <c>decide --explain</c>).</returns>
    public abstract IEnumerable<string> Subjects(TriggerContext context);

    /// <summary>Evaluates the trigger for one subject, adding reasons and input errors to the context.</summary>
    /// <param name="context">The decision being made.</param>
    /// <param name="subject">One of <see cref="Subjects"/>.</param>
    public abstract void Evaluate(TriggerContext context, string subject);
}
