using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>backcompat</c>: a strict (<c>readerMode: strict</c>), blocking (<c>blocking: true</c>) compatibility scenario
/// of the train's <c>backcompatResults</c> that does not pass is RT4101; a missing results file is RT4102. A scenario
/// passes when its <c>status</c> is <c>pass</c> or <c>warn</c> (any case), or, without a status, when its boolean
/// <c>pass</c> is true. Rows are read from <c>rows</c> (or <c>scenarios</c>).
/// </summary>
internal sealed class BackcompatTrigger : TrainTrigger
{
    /// <summary>The statuses of a scenario that does not stop a release (compared ignoring case).</summary>
    private static readonly string[] NotFailing = ["pass", "warn"];

    /// <inheritdoc/>
    public override string Name => "backcompat";

    /// <inheritdoc/>
    public override int Order => 10;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } =
    [DiagnosticCodes.StrictBackcompatFailing, DiagnosticCodes.EvidenceMissing];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } = ["trains[].backcompatResults"];

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, ReleaseTrainDefinition train)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(train);
        if (train.BackcompatResults is not { } path)
        {
            return;
        }

        var document = context.ReadJson(path, train.Location, "backcompat results", "backcompat results");
        if (document?.Root is not LocatedJsonObject root)
        {
            context.Invalid(document, path, "is not a JSON object");
            return;
        }

        if ((root.GetMember("rows") ?? root.GetMember("scenarios"))?.Value is not LocatedJsonArray rows)
        {
            context.Invalid(document, path, "has no 'rows' array");
            return;
        }

        foreach (var row in rows.Items.OfType<LocatedJsonObject>())
        {
            var strict = TriggerContext.Text(row, "readerMode") == "strict";
            var blocking =
                row.GetMember("blocking")?.Value is LocatedJsonScalar { Kind: JsonKind.Boolean, Boolean: true };
            var status = TriggerContext.Text(row, "status")
                ?? (
                    row.GetMember("pass")?.Value is LocatedJsonScalar { Kind: JsonKind.Boolean } p
                        ? (p.Boolean ? "pass" : "fail")
                        : null
                );
            if (strict && blocking && !NotFailing.Contains(status, StringComparer.OrdinalIgnoreCase))
            {
                context.Reason(
                    DiagnosticCodes.StrictBackcompatFailing.Error(
                        document.Path,
                        row.Line,
                        row.Column,
                        TriggerContext.Text(row, "id") ?? "?",
                        "status " + (status ?? "missing")
                    )
                );
            }
        }
    }
}
