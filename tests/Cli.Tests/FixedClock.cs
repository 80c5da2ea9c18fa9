using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// A clock stopped at one instant, for in-process CLI tests of commands that record (decide, signoff add): they
/// evaluate at the clock's time and refuse --at (RT5012), so a test that records at a fixed instant sets the
/// clock of its own flow (<see cref="PolicyCommands.TestClock"/>, internal: nothing a user can reach).
/// </summary>
internal sealed class FixedClock(Instant now) : IClock
{
    /// <summary>
    /// The commit in-process tests pass where a command binds to one (no git work tree, no GITHUB_SHA).
    /// </summary>
    public const string Commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    public Instant GetCurrentInstant() => now;

    /// <summary>Stops this test's CLI clock at an ISO 8601 instant with offset.</summary>
    public static void Use(string at) =>
        PolicyCommands.TestClock.Value = new FixedClock(OffsetDateTimePattern.ExtendedIso.Parse(at).Value.ToInstant());
}
