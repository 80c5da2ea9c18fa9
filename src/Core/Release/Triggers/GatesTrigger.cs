using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>gates</c>: a gate of the train's <c>gates</c> that passed (status <c>pass</c> in <c>gateResults</c>) before a
/// gate that precedes it, or while a preceding gate has not passed, is RT4109; a missing results file is RT4102; a
/// passed gate without a <c>passedAt</c> with an offset is an input error (RT4004). Runs only when the train has
/// both <c>gates</c> and <c>gateResults</c>.
/// </summary>
internal sealed class GatesTrigger : TrainTrigger
{
    /// <inheritdoc/>
    public override string Name => "gates";

    /// <inheritdoc/>
    public override int Order => 40;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } =
    [DiagnosticCodes.EvidenceMissing, DiagnosticCodes.GatesOutOfOrder];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } = ["trains[].gates", "trains[].gateResults"];

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, ReleaseTrainDefinition train)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(train);
        var gates = train.Gates.Order;
        if (gates.Count == 0 || train.Gates.Results is not { } path)
        {
            return;
        }

        var document = context.ReadJson(path, train.Location, "gate", "gate-results");
        if (document is null)
        {
            return;
        }

        var results = ((document.Root as LocatedJsonObject)?.GetMember("gates")?.Value as LocatedJsonArray)
            ?.Items.OfType<LocatedJsonObject>()
            .ToList();
        if (results is null)
        {
            context.Invalid(document, path, "has no 'gates' array");
            return;
        }

        var passed = new Dictionary<string, (Instant At, LocatedJsonObject Node)>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (
                TriggerContext.Text(result, "gate") is { } gate
                && string.Equals(TriggerContext.Text(result, "status"), "pass", StringComparison.OrdinalIgnoreCase)
            )
            {
                var stamp = TriggerContext.Text(result, "passedAt");
                var error = "missing";
                if (stamp is null || !PolicyTime.TryParseInstant(stamp, out var when, out error))
                {
                    context.InputError(
                        DiagnosticCodes.InvalidTimestamp.Error(
                            document.Path,
                            result.Line,
                            result.Column,
                            $"gate '{gate}' passedAt: {error}"
                        )
                    );
                    continue;
                }

                passed[gate] = (when, result);
            }
        }

        for (var i = 0; i < gates.Count; i++)
        {
            if (!passed.TryGetValue(gates[i], out var current))
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                var earlier = gates[j];
                var why =
                    !passed.TryGetValue(earlier, out var previous)
                        ? $"passed while gate '{earlier}', which comes before it, has not"
                    : current.At < previous.At
                        ? $"passed at {PolicyTime.Utc(current.At)}, before gate '{earlier}' "
                            + $"(passed at {PolicyTime.Utc(previous.At)})"
                    : null;
                if (why is not null)
                {
                    context.Reason(
                        DiagnosticCodes.GatesOutOfOrder.Error(
                            document.Path,
                            current.Node.Line,
                            current.Node.Column,
                            gates[i],
                            why
                        )
                    );
                    break;
                }
            }
        }
    }
}
