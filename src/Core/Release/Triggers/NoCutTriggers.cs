namespace ReleaseTrain.Core.Release;

/// <summary>
/// The registry of no-cut triggers: every concrete <see cref="NoCutTrigger"/> of this assembly (one file each in
/// Release/Triggers/), by ascending <see cref="NoCutTrigger.Order"/>. <see cref="NoCutDecision"/> runs, for each
/// train covering the release, every <see cref="TrainTrigger"/> in this order, then every
/// <see cref="ReleaseTrigger"/> for each of its subjects. Adding a trigger is adding its file
/// (docs/architecture.md, "Adding a no-cut trigger").
/// </summary>
internal static class NoCutTriggers
{
    /// <summary>Every trigger, in decision order.</summary>
    public static IReadOnlyList<NoCutTrigger> All { get; } =
    [
        .. typeof(NoCutTrigger)
            .Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(NoCutTrigger)) && !type.IsAbstract)
            .Select(type => (NoCutTrigger)Activator.CreateInstance(type)!)
            .OrderBy(trigger => trigger.Order),
    ];
}
