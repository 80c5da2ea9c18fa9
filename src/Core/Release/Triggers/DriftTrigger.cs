using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>drift</c>: every <c>rules</c> contract of release-train.json is verified at the decision by the drift engine
/// (<see cref="ContractVerifier"/>, as <c>release-train verify</c> does); a contract with an error finding is RT4112 at
/// its first finding, with the count; a file it cannot read is an input error (no verdict), never a pass. The
/// contracts of the built-in validator kinds are the <c>validators</c> trigger's. The subject is the list of the
/// rules contracts' ids; with none, the trigger does not run. Every file a contract names is an input of the
/// decision.
/// </summary>
internal sealed class DriftTrigger : ReleaseTrigger
{
    /// <inheritdoc/>
    public override string Name => "drift";

    /// <inheritdoc/>
    public override int Order => 75;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } = [DiagnosticCodes.ContractDriftNoGo];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } = ["contracts"];

    /// <inheritdoc/>
    public override IEnumerable<string> Subjects(TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contracts = Contracts(context).ToList();
        return contracts.Count == 0 ? [] : [string.Join(", ", contracts.Select(c => c.Id))];
    }

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, string subject)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contracts = Contracts(context).ToList();
        foreach (var contract in contracts)
        {
            foreach (var path in contract.Files.Values.Concat(contract.Payloads).Prepend(contract.Manifest))
            {
                Hash(context, path.Path);
            }
        }

        var report = ContractVerifier.Verify(context.Config, [.. contracts.Select(c => c.Id)], context.Request.At);
        foreach (var error in report.InputErrors)
        {
            context.InputError(error);
        }

        foreach (var result in report.Contracts)
        {
            foreach (var error in result.InputErrors)
            {
                context.InputError(error);
            }

            var errors = result
                .Findings.Select(f => f.Diagnostic)
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .ToList();
            if (result.InputErrors.Count > 0 || errors.Count == 0)
            {
                continue;
            }

            var first = errors[0];
            context.Reason(
                DiagnosticCodes.ContractDriftNoGo.Error(
                    first.File,
                    first.Line,
                    first.Column,
                    result.Id,
                    $"{errors.Count} error(s), first {first.Code}: {first.Message.TrimEnd('.')}"
                )
            );
        }
    }

    /// <summary>Records a file the contract names as an input (its sha256, or null when missing).</summary>
    private static void Hash(TriggerContext context, string relative)
    {
        try
        {
            var full = context.Files.Resolve(relative);
            context.Input(context.KeyOf(full), File.Exists(full) ? Digest.Sha256(context.Files.ReadBytes(full)) : null);
        }
        catch (ReleaseTrainException)
        {
            // The verification reports it, at the configuration's line.
        }
    }

    private static IEnumerable<ContractDefinition> Contracts(TriggerContext context) =>
        context.Config.Contracts.Where(c => c.Kind == ContractDefinition.RulesKind);
}
