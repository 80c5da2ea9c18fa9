using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// When a waiver holds, for every kind of waiver (a train's waivers in the no-cut decision, the USR waiver policy):
/// it expires at its <c>allowedUntil</c> instant (the bound is exclusive, as a freeze window's end), and it is approved
/// when enough distinct approvers have signed it. Approvers are principals (<see cref="Principals"/>): trimmed,
/// compared as GitHub compares logins, and one that is no login is never counted (the readers report it: RT4020 in
/// release-train.json, RT6032 in the USR waiver policy).
/// </summary>
public static class WaiverRules
{
    /// <summary>The distinct approvals a blocking USR waiver needs: 2.</summary>
    public const int BlockingApprovals = 2;

    /// <summary>How approvers are told apart: <see cref="Principals.Comparer"/> (ignoring case, as GitHub logins
    /// are).</summary>
    public static readonly StringComparer ApproverComparer = Principals.Comparer;

    /// <summary>Whether a waiver allowed until <paramref name="allowedUntil"/> has expired at
    /// <paramref name="at"/>.</summary>
    /// <param name="allowedUntil">The waiver's end, exclusive.</param>
    /// <param name="at">The evaluation instant.</param>
    /// <returns>True when <paramref name="allowedUntil"/> is at or before <paramref name="at"/>.</returns>
    public static bool IsExpired(Instant allowedUntil, Instant at) => allowedUntil <= at;

    /// <summary>
    /// A waiver's state at an instant: <c>expired</c> (<see cref="IsExpired"/>), <c>expiring</c> (it expires within
    /// <see cref="PolicyDurations.WaiverExpiringSoon"/>), else <c>active</c>.
    /// </summary>
    /// <param name="allowedUntil">The waiver's end, exclusive.</param>
    /// <param name="at">The evaluation instant.</param>
    /// <returns>expired, expiring or active.</returns>
    public static string State(Instant allowedUntil, Instant at) =>
        IsExpired(allowedUntil, at) ? "expired"
        : allowedUntil - at <= PolicyDurations.WaiverExpiringSoon ? "expiring"
        : "active";

    /// <summary>
    /// The next instant after <paramref name="at"/> at which <see cref="State"/> changes: when the waiver starts
    /// expiring (<see cref="PolicyDurations.WaiverExpiringSoon"/> before its end), then its end.
    /// </summary>
    /// <param name="allowedUntil">The waiver's end, exclusive.</param>
    /// <param name="at">The evaluation instant.</param>
    /// <returns>The instant, or null once the waiver has expired (its state changes no more).</returns>
    public static Instant? ChangesAt(Instant allowedUntil, Instant at) =>
        NextChange.Earliest(at, [NextChange.Plus(allowedUntil, -PolicyDurations.WaiverExpiringSoon), allowedUntil]);

    /// <summary>
    /// The number of distinct approvers (<see cref="Principals.DistinctLogins"/>): <c>["x", "X "]</c> is one, and
    /// <c>["", " "]</c> or <c>["x\u200B"]</c> none.
    /// </summary>
    /// <param name="approvers">The approvers as listed.</param>
    /// <returns>The count.</returns>
    public static int ApprovalCount(IEnumerable<string> approvers) => Principals.DistinctLogins(approvers).Count;

    /// <summary>Whether the approvers are enough.</summary>
    /// <param name="approvers">The approvers as listed.</param>
    /// <param name="required">The distinct approvals required.</param>
    /// <returns>True when at least <paramref name="required"/> distinct approvers signed.</returns>
    public static bool IsApproved(IEnumerable<string> approvers, int required) => ApprovalCount(approvers) >= required;
}
