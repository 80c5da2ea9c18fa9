namespace ReleaseTrain.Core.Release;

/// <summary>
/// The registry of no-cut triggers, in the order <see cref="NoCutDecision"/> runs them: for each train covering the
/// release, every <see cref="TrainTrigger"/> in this order; then every <see cref="ReleaseTrigger"/> for each of its
/// subjects. Adding a trigger is one file in Release/Triggers/ and one line here (docs/architecture.md,
/// "Adding a no-cut trigger").
/// </summary>
internal static class NoCutTriggers
{
    /// <summary>Every trigger, in decision order.</summary>
    public static IReadOnlyList<NoCutTrigger> All { get; } =
    [
        new BackcompatTrigger(),
        new EvidenceTrigger(),
        new WaiversTrigger(),
        new GatesTrigger(),
        new FreezeTrigger(),
        new SignOffTrigger(),
        new ValidatorsTrigger(),
    ];
}
