using NuGet.Versioning;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Release;

/// <summary>One train considered for a release, for <c>decide --explain</c>.</summary>
/// <param name="Train">The train id.</param>
/// <param name="Versions">Its version range as NuGet writes it (<c>[1.0.0, 2.0.0)</c>).</param>
/// <param name="Covers">Whether the range holds the release.</param>
/// <param name="Why">Why it does or does not (<c>1.2.0 is within [1.0.0, 2.0.0)</c>).</param>
public sealed record TrainMatch(string Train, string Versions, bool Covers, string Why);

/// <summary>
/// <c>coverage</c>: which trains cover the release (their NuGet version range holds it; a prerelease sorts before
/// its release, so <c>1.0.0-rc.1</c> is outside <c>[1.0.0, 2.0.0)</c>). When <c>trains</c> is configured and none
/// covers the release, no train gate would run: that is RT4113, unless the configuration says
/// <c>"uncoveredReleases": "go"</c>. Without trains the trigger does not run. <see cref="Match"/> is the one home of
/// train matching: <see cref="NoCutDecision"/> runs the train triggers for the trains it finds.
/// </summary>
internal sealed class CoverageTrigger : ReleaseTrigger
{
    /// <inheritdoc/>
    public override string Name => "coverage";

    /// <inheritdoc/>
    public override int Order => 45;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } = [DiagnosticCodes.ReleaseOutsideTrains];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } = ["trains[].versions", "uncoveredReleases"];

    /// <inheritdoc/>
    public override IEnumerable<string> Subjects(TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Config.Policy.Trains.Count == 0 ? [] : [context.Request.Release];
    }

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, string subject)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policy = context.Config.Policy;
        if (!NuGetVersion.TryParse(context.Request.Release, out var version) || policy.UncoveredReleasesGo)
        {
            return;
        }

        var matches = Match(policy.Trains, version);
        if (matches.Any(m => m.Covers))
        {
            return;
        }

        var first = policy.Trains[0].Location;
        var why = string.Join("; ", matches.Select(m => $"train '{m.Train}': {m.Why}"));
        context.Reason(
            DiagnosticCodes.ReleaseOutsideTrains.Error(
                first.File,
                first.Line,
                first.Column,
                context.Request.Release,
                why + "; no train gate would run (cover it with a train, or set \"uncoveredReleases\": \"go\")"
            )
        );
    }

    /// <summary>Every train of the configuration matched against a release, in configuration order.</summary>
    /// <param name="trains">The configured trains.</param>
    /// <param name="version">The release.</param>
    /// <returns>One match per train.</returns>
    public static IReadOnlyList<TrainMatch> Match(IReadOnlyList<ReleaseTrainDefinition> trains, NuGetVersion version)
    {
        ArgumentNullException.ThrowIfNull(trains);
        ArgumentNullException.ThrowIfNull(version);
        return [.. trains.Select(t => MatchOne(t, version))];
    }

    private static TrainMatch MatchOne(ReleaseTrainDefinition train, NuGetVersion version)
    {
        var range = train.Versions;
        var text = range.ToNormalizedString();
        if (range.Satisfies(version))
        {
            return new TrainMatch(train.Id, text, true, $"{version} is within {text}");
        }

        string why;
        if (range.HasLowerBound && (range.IsMinInclusive ? version < range.MinVersion : version <= range.MinVersion))
        {
            var min = range.MinVersion!;
            why = $"{version} is below the range's {(range.IsMinInclusive ? "minimum" : "exclusive minimum")} {min}";
            if (version.IsPrerelease && !min.IsPrerelease && version.Version == min.Version)
            {
                why +=
                    $" (a prerelease sorts before its release; a lower bound of {min.Version.Major}."
                    + $"{min.Version.Minor}.{min.Version.Build}-0 takes in the prereleases of {min})";
            }
        }
        else
        {
            var max = range.MaxVersion;
            why = range.IsMaxInclusive
                ? $"{version} is above the range's maximum {max}"
                : $"{version} is not below the range's exclusive maximum {max}";
        }

        return new TrainMatch(train.Id, text, false, why);
    }
}
