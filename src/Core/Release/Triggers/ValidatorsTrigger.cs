using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>validators</c>: every contract of a built-in validator kind (any kind but <c>rules</c>) runs at the decision's
/// instant; a failing one is RT4111 (with its error count and first finding), a missing manifest RT4102. The
/// subject is the list of those contracts' ids; with none, the trigger does not run.
/// </summary>
internal sealed class ValidatorsTrigger : ReleaseTrigger
{
    /// <inheritdoc/>
    public override string Name => "validators";

    /// <inheritdoc/>
    public override int Order => 70;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } =
    [DiagnosticCodes.EvidenceMissing, DiagnosticCodes.ValidatorFailingNoGo];

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
        var config = context.Config;
        foreach (var contract in Contracts(context))
        {
            var declared = new ConfigLocation(config.ConfigPath, contract.Manifest.Line, contract.Manifest.Column);
            var manifest = context.ReadFile(contract.Manifest.Path, declared, contract.Kind, contract.Id);
            if (manifest is null)
            {
                continue;
            }

            try
            {
                var result = ValidatorKinds.Run(
                    contract.Kind,
                    manifest,
                    contract.Options,
                    context.Files,
                    context.Request.At,
                    config
                );
                if (result.Status == ValidationStatus.Fail)
                {
                    var errors = result.Findings.Where(f => f.Severity == DiagnosticSeverity.Error).ToList();
                    var first = errors[0];
                    context.Reason(
                        DiagnosticCodes.ValidatorFailingNoGo.Error(
                            first.File,
                            first.Line,
                            first.Column,
                            contract.Id,
                            contract.Kind,
                            $"{errors.Count} error(s), first {first.Code}: {first.Message.TrimEnd('.')}"
                        )
                    );
                }
            }
            catch (ReleaseTrainException ex)
            {
                context.InputError(ex.Diagnostic);
            }
        }
    }

    private static IEnumerable<ContractDefinition> Contracts(TriggerContext context) =>
        context.Config.Contracts.Where(c => c.Kind != ValidatorKinds.Rules);
}
