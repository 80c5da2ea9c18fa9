using NodaTime;

namespace ReleaseTrain.Core.Time;

/// <summary>
/// The ages and spans the seed contracts fix (DESIGN.md checks 4 and 6), in elapsed time (NodaTime
/// <see cref="Duration"/>, independent of time zones): the configuration's defaults and the validators' rules read
/// them from here.
/// </summary>
public static class PolicyDurations
{
    /// <summary>The oldest rollback drill that counts: 30 days (no-cut trigger RT4105, USR readiness RT6024).</summary>
    public static readonly Duration RollbackDrillMaxAge = Duration.FromDays(30);

    /// <summary>The default maximum age of readiness and security evidence of a train: 7 days.</summary>
    public static readonly Duration EvidenceMaxAge = Duration.FromDays(7);

    /// <summary>A waiver that expires within this span is reported as expiring soon (RT6035): 14 days.</summary>
    public static readonly Duration WaiverExpiringSoon = Duration.FromDays(14);

    /// <summary>The default <c>signoff.maxAge</c>: an approval older than 14 days does not count.</summary>
    public static readonly Duration SignOffMaxAge = Duration.FromDays(14);

    /// <summary>
    /// How far ahead a dated input may be (a train's default <c>clockSkew</c>, RT4104; sign-off records).
    /// </summary>
    public static readonly Duration ClockSkew = Duration.FromMinutes(5);
}
