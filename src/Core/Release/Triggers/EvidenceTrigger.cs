using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>evidence</c>: each required evidence file of the train (readiness, security, rollback drill, other) must exist
/// (RT4102; a rollback drill RT4105), be dated no later than the decision's instant plus the train's
/// <c>clockSkew</c> (RT4104), and be no older than its <c>maxAge</c> (RT4103). A rollback drill must also pass
/// (its result at <c>resultPointer</c> is one of <see cref="CheckStatus.PassedWords"/>) and be no older than the
/// shorter of its <c>maxAge</c> and the train's <c>rollbackDrillMaxAge</c> (default 30 days,
/// <see cref="PolicyDurations.RollbackDrillMaxAge"/>), else RT4105.
/// </summary>
internal sealed class EvidenceTrigger : TrainTrigger
{
    /// <inheritdoc/>
    public override string Name => "evidence";

    /// <inheritdoc/>
    public override int Order => 20;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } =
    [
        DiagnosticCodes.EvidenceMissing,
        DiagnosticCodes.EvidenceStale,
        DiagnosticCodes.EvidenceFromTheFuture,
        DiagnosticCodes.RollbackDrillFailing,
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } =
    ["trains[].evidence", "trains[].clockSkew", "trains[].rollbackDrillMaxAge"];

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, ReleaseTrainDefinition train)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(train);
        var settings = train.Evidence;
        foreach (var evidence in settings.Items)
        {
            var kindName = evidence.Kind switch
            {
                EvidenceKind.Readiness => "readiness",
                EvidenceKind.Security => "security",
                EvidenceKind.RollbackDrill => "rollback-drill",
                _ => "other",
            };
            var isDrill = evidence.Kind == EvidenceKind.RollbackDrill;
            var declared = evidence.Location;
            // {version} in the configured path is this release's version: 1.1.0 reads 1.1.0's bundle.
            var path = RepositoryPaths.WithVersion(
                evidence.Path,
                context.Request.Release,
                declared.File,
                declared.Line,
                declared.Column
            );
            var document = isDrill
                ? context.ReadJson(path, declared, () =>
                    DiagnosticCodes.RollbackDrillFailing.Error(
                        declared.File,
                        declared.Line,
                        declared.Column,
                        evidence.Id,
                        $"its evidence {path} is missing"
                    )
                )
                : context.ReadJson(path, declared, kindName, evidence.Id);
            if (document is null || context.ReadDate(document, path, evidence.TimestampPointer) is not { } dated)
            {
                continue;
            }

            var stamp = dated.Node;
            if (context.FromTheFuture(dated, settings.ClockSkew))
            {
                context.Reason(
                    DiagnosticCodes.EvidenceFromTheFuture.Error(
                        document.Path,
                        stamp.Line,
                        stamp.Column,
                        kindName,
                        evidence.Id,
                        dated.Text,
                        TriggerContext.Describe(settings.ClockSkew)
                    )
                );
                continue;
            }

            if (isDrill)
            {
                Drill(context, document, evidence, dated, Duration.Min(evidence.MaxAge, settings.RollbackDrillMaxAge));
                continue;
            }

            if (context.OlderThan(dated, evidence.MaxAge, out var age))
            {
                context.Reason(
                    DiagnosticCodes.EvidenceStale.Error(
                        document.Path,
                        stamp.Line,
                        stamp.Column,
                        kindName,
                        evidence.Id,
                        TriggerContext.Describe(age),
                        TriggerContext.Describe(evidence.MaxAge),
                        dated.Text
                    )
                );
            }
        }
    }

    /// <summary>A rollback drill not dated in the future: it must pass and be no older than the limit.</summary>
    private static void Drill(
        TriggerContext context,
        LocatedJsonDocument document,
        RequiredEvidence evidence,
        Dated dated,
        Duration limit
    )
    {
        var stamp = dated.Node;
        var result = JsonPointer.TryParse(evidence.ResultPointer, out var pointer, out _)
            ? (pointer.Evaluate(document.Root) as LocatedJsonScalar)?.Text
            : null;
        if (!CheckStatus.IsPassed(result))
        {
            context.Reason(
                DiagnosticCodes.RollbackDrillFailing.Error(
                    document.Path,
                    stamp.Line,
                    stamp.Column,
                    evidence.Id,
                    $"its result is {result ?? "missing"}"
                )
            );
            return;
        }

        if (context.OlderThan(dated, limit, out var age))
        {
            var why =
                $"it ran {TriggerContext.Describe(age)} ago ({dated.Text}), "
                + $"longer ago than {TriggerContext.Describe(limit)}";
            context.Reason(
                DiagnosticCodes.RollbackDrillFailing.Error(document.Path, stamp.Line, stamp.Column, evidence.Id, why)
            );
        }
    }
}
