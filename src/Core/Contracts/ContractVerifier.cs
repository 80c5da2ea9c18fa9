using System.Globalization;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Core.Contracts;

/// <summary>
/// Evaluates contracts: for each rule, each checked file (each payload, the manifest, or a named file)
/// whose <c>when</c> condition holds, and each member when <c>each</c> is set, compares the value at the
/// rule's JSON Pointer with what the contract derives it from. Every drift becomes an RT2xxx diagnostic at
/// the offending value's line and column (its parent object's when a key is missing). A file that cannot
/// be read or parsed stops its contract with an RT1xxx error: nothing unreadable passes (DESIGN.md, check 1).
/// </summary>
public static class ContractVerifier
{
    /// <summary>Verifies contracts of a loaded configuration.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="contractIds">Contract ids to verify, or null/empty for all.</param>
    /// <returns>The report.</returns>
    /// <param name="at">The evaluation instant of validators that depend on time (waivers, drills), or null for
    /// now.</param>
    public static VerificationReport Verify(
        ReleaseTrainConfig config,
        IReadOnlyCollection<string>? contractIds = null,
        NodaTime.Instant? at = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        var inputErrors = new List<Diagnostic>();
        var selected = config.Contracts.ToList();
        if (contractIds is { Count: > 0 })
        {
            foreach (var unknown in contractIds.Where(id => config.Contracts.All(c => c.Id != id)))
            {
                inputErrors.Add(
                    DiagnosticCodes.UnknownContract.Error(
                        config.ConfigPath,
                        0,
                        0,
                        unknown,
                        string.Join(", ", config.Contracts.Select(c => c.Id))
                    )
                );
            }

            selected = [.. config.Contracts.Where(c => contractIds.Contains(c.Id))];
        }

        var files = new RepositoryFiles(config.RootDirectory);
        var now = at ?? NodaTime.SystemClock.Instance.GetCurrentInstant();
        var results =
            inputErrors.Count > 0
                ? []
                : selected
                    .Select(c =>
                        c.Kind == Validators.ValidatorKinds.Rules
                            ? VerifyContract(config, c, files)
                            : VerifyValidator(config, c, files, now)
                    )
                    .ToList();
        return new VerificationReport(config.ConfigPath, config.RootDirectory, results, inputErrors)
        {
            EvaluatedAt = now,
        };
    }

    private static ContractResult VerifyContract(
        ReleaseTrainConfig config,
        ContractDefinition contract,
        RepositoryFiles files
    )
    {
        var manifestPath = files.Resolve(contract.Manifest.Path);
        var payloadPaths = contract.Payloads.Select(p => files.Resolve(p.Path)).ToList();
        var namedPaths = contract.Files.ToDictionary(
            kv => kv.Key,
            kv => files.Resolve(kv.Value.Path),
            StringComparer.Ordinal
        );
        namedPaths["manifest"] = manifestPath;
        List<string> inputs =
        [
            .. payloadPaths.Prepend(manifestPath).Concat(namedPaths.Values).Distinct(StringComparer.Ordinal),
        ];

        // Where each file is named in release-train.json, so that a file that cannot be read is reported there.
        var configured = new Dictionary<string, ConfiguredPath>(StringComparer.Ordinal);
        foreach (var path in contract.Payloads.Concat(contract.Files.Values).Prepend(contract.Manifest))
        {
            configured.TryAdd(files.Resolve(path.Path), path);
        }

        // Read every file first: one unreadable file stops the contract (fail closed), and each is reported.
        var inputErrors = new List<Diagnostic>();
        var documents = new Dictionary<string, LocatedJsonDocument>(StringComparer.Ordinal);
        var hashedOnly = contract.Rules.SelectMany(r => r.Kind.RawFiles(r)).ToHashSet(StringComparer.Ordinal);
        var jsonNames = contract
            .Rules.SelectMany(r => new[] { r.Target, r.From?.File })
            .Where(n => n is not null and not "payloads")
            .Cast<string>()
            .ToHashSet(StringComparer.Ordinal);
        jsonNames.Add("manifest");
        foreach (
            var path in payloadPaths
                .Concat(namedPaths.Where(kv => jsonNames.Contains(kv.Key)).Select(kv => kv.Value))
                .Distinct(StringComparer.Ordinal)
        )
        {
            Try(
                () => documents[path] = files.ReadDocument(path),
                inputErrors,
                config.ConfigPath,
                configured.GetValueOrDefault(path)
            );
        }

        foreach (var name in hashedOnly)
        {
            Try(
                () => files.ReadBytes(namedPaths[name]),
                inputErrors,
                config.ConfigPath,
                configured.GetValueOrDefault(namedPaths[name])
            );
        }

        if (inputErrors.Count > 0)
        {
            return new ContractResult(contract.Id, manifestPath, payloadPaths, 0, 0, [], inputErrors)
            {
                Inputs = inputs,
            };
        }

        var context = new Context(contract, files, documents, namedPaths);
        foreach (var rule in contract.Rules)
        {
            var targets = rule.Target == "payloads" ? payloadPaths : [namedPaths[rule.Target]];
            foreach (var target in targets)
            {
                context.Apply(rule, documents[target]);
            }
        }

        return new ContractResult(
            contract.Id,
            manifestPath,
            payloadPaths,
            context.Evaluated,
            context.NotApplicable,
            context.Findings,
            context.InputErrors
        )
        {
            Evaluations = context.Evaluations,
            Inputs = inputs,
        };
    }

    /// <summary>
    /// A validator contract: its findings are the contract's findings (rule id = the kind), unreadable input its input
    /// errors.
    /// </summary>
    private static ContractResult VerifyValidator(
        ReleaseTrainConfig config,
        ContractDefinition contract,
        RepositoryFiles files,
        NodaTime.Instant now
    )
    {
        var manifestPath = files.Resolve(contract.Manifest.Path);
        var inputErrors = new List<Diagnostic>();
        Validators.ValidationResult? result = null;
        Try(
            () =>
                result = Validators.ValidatorKinds.Run(
                    contract.Kind,
                    manifestPath,
                    contract.Options,
                    files,
                    now,
                    config
                ),
            inputErrors,
            config.ConfigPath,
            contract.Manifest
        );
        if (result is null)
        {
            return new ContractResult(contract.Id, manifestPath, [], 0, 0, [], inputErrors) { Inputs = [manifestPath] };
        }

        var findings = result
            .Findings.Select(d => new DriftFinding(
                contract.Id,
                contract.Kind,
                contract.Kind,
                string.Empty,
                null,
                null,
                d
            ))
            .ToList();
        return new ContractResult(contract.Id, manifestPath, [], 1, 0, findings, [])
        {
            Inputs = [.. result.Reads.Prepend(manifestPath).Distinct(StringComparer.Ordinal)],
            ChangesAt = result.ChangesAt,
        };
    }

    private static void Try(Action action, List<Diagnostic> errors, string configPath, ConfiguredPath? configured)
    {
        try
        {
            action();
        }
        catch (ReleaseTrainException ex)
        {
            // A file that cannot be read at all has no position of its own: point at where the config names it.
            var d = ex.Diagnostic;
            errors.Add(
                d.Line == 0 && configured is not null
                    ? d with
                    {
                        File = configPath,
                        Line = configured.Line,
                        Column = configured.Column,
                    }
                    : d
            );
        }
    }

    private sealed class Context(
        ContractDefinition contract,
        RepositoryFiles files,
        Dictionary<string, LocatedJsonDocument> documents,
        Dictionary<string, string> namedPaths
    )
    {
        public List<DriftFinding> Findings { get; } = [];

        public List<Diagnostic> InputErrors { get; } = [];

        public int Evaluated { get; private set; }

        public int NotApplicable { get; private set; }

        public List<RuleEvaluation> Evaluations { get; } = [];

        public void Apply(RuleDefinition rule, LocatedJsonDocument document)
        {
            if (rule.When is not null && !rule.When.Matches(document.Root))
            {
                NotApplicable++;
                Evaluations.Add(
                    new RuleEvaluation(
                        contract.Id,
                        rule.Id,
                        rule.KindName,
                        document.Path,
                        rule.Pointer.ToString(),
                        "not applicable",
                        rule.From is null ? "value" : $"{rule.From.File} {rule.From.Pointer}",
                        0
                    )
                );
                return;
            }

            var before = Findings.Count;
            ApplyChecked(rule, document);
            var added = Findings.Count - before;
            Evaluations.Add(
                new RuleEvaluation(
                    contract.Id,
                    rule.Id,
                    rule.KindName,
                    document.Path,
                    (rule.Each is null ? string.Empty : rule.Each + " each ") + rule.Pointer,
                    added == 0 ? "pass"
                        : Findings.Skip(before).Any(f => f.Diagnostic.Severity == DiagnosticSeverity.Error) ? "drift"
                        : "warning",
                    rule.From is null
                        ? (rule.Kind.Expected == ExpectedValue.FromOrValue ? "value" : rule.KindName)
                        : $"{rule.From.File} {rule.From.Pointer}",
                    added
                )
            );
        }

        private void ApplyChecked(RuleDefinition rule, LocatedJsonDocument document)
        {
            if (rule.Each is null)
            {
                Evaluated++;
                Check(rule, document, rule.Pointer);
                return;
            }

            var (container, deepest) = rule.Each.Resolve(document.Root);
            Evaluated++;
            switch (container)
            {
                case null:
                    new ValueCheck(this, rule, document, rule.Each, null, deepest).Report(
                        DiagnosticCodes.ValueMissing,
                        deepest,
                        rule.Each,
                        null,
                        null,
                        "an object or array"
                    );
                    break;
                case LocatedJsonObject obj:
                    foreach (var name in rule.EachRequired.Where(name => obj.GetMember(name) is null))
                    {
                        new ValueCheck(this, rule, document, rule.Each, obj, deepest).Report(
                            DiagnosticCodes.RequiredKeyMissing,
                            obj,
                            rule.Each.Append(name),
                            null,
                            null,
                            name
                        );
                    }

                    foreach (var member in obj.Properties)
                    {
                        Check(rule, document, rule.Each.Append(member.Name).Append(rule.Pointer));
                    }

                    break;
                case LocatedJsonArray when rule.EachRequired.Count > 0:
                    new ValueCheck(this, rule, document, rule.Each, container, deepest).ReportWrongType(
                        container,
                        "object (eachRequired names its members)",
                        pointer: rule.Each
                    );
                    break;
                case LocatedJsonArray array:
                    for (var i = 0; i < array.Items.Count; i++)
                    {
                        Check(
                            rule,
                            document,
                            rule.Each.Append(i.ToString(CultureInfo.InvariantCulture)).Append(rule.Pointer)
                        );
                    }

                    break;
                default:
                    new ValueCheck(this, rule, document, rule.Each, container, deepest).ReportWrongType(
                        container,
                        "object or array",
                        pointer: rule.Each
                    );
                    break;
            }
        }

        private void Check(RuleDefinition rule, LocatedJsonDocument document, JsonPointer pointer)
        {
            var (actual, deepest) = pointer.Resolve(document.Root);
            rule.Kind.Check(new ValueCheck(this, rule, document, pointer, actual, deepest));
        }

        private bool TryGetExpected(
            RuleDefinition rule,
            [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LocatedJsonNode? expected,
            out string sourceName
        )
        {
            if (rule.Value is not null)
            {
                expected = rule.Value;
                sourceName = "the contract";
                return true;
            }

            var source = rule.From!;
            var sourceDocument = documents[namedPaths[source.File]];
            sourceName = $"{source.File} {source.Pointer}";
            var (value, deepest) = source.Pointer.Resolve(sourceDocument.Root);
            if (value is null)
            {
                expected = null;
                Evaluated++;
                var diagnostic = DiagnosticCodes.SourceValueMissing.Error(
                    sourceDocument.Path,
                    deepest.Line,
                    deepest.Column,
                    contract.Id,
                    rule.Id,
                    source.File,
                    source.Pointer
                );
                if (!Findings.Any(f => f.Diagnostic == diagnostic))
                {
                    Findings.Add(
                        new DriftFinding(
                            contract.Id,
                            rule.Id,
                            rule.KindName,
                            source.Pointer.ToString(),
                            null,
                            null,
                            diagnostic
                        )
                    );
                }

                return false;
            }

            expected = value;
            return true;
        }

        private string ContractId => contract.Id;

        private string? SourcePath(RuleDefinition rule) =>
            rule.From is null ? null : documents[namedPaths[rule.From.File]].Path;

        private byte[] ReadBytes(string fileName) => files.ReadBytes(namedPaths[fileName]);

        private string FullPath(string fileName) => namedPaths[fileName];

        private string RelativePath(string fileName) =>
            Path.GetRelativePath(files.RootDirectory, namedPaths[fileName]).Replace('\\', '/');

        /// <summary>One value's check, as a <see cref="DriftRuleKind"/> sees it; findings go to this context.</summary>
        private sealed class ValueCheck(
            Context context,
            RuleDefinition rule,
            LocatedJsonDocument document,
            JsonPointer pointer,
            LocatedJsonNode? actual,
            LocatedJsonNode deepest
        ) : RuleCheck(context.ContractId, rule, document, pointer, actual, deepest)
        {
            public override string? SourcePath => context.SourcePath(Rule);

            public override bool TryGetExpected(
                [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LocatedJsonNode? expected,
                out string sourceName
            ) => context.TryGetExpected(Rule, out expected, out sourceName);

            public override byte[] ReadBytes(string fileName) => context.ReadBytes(fileName);

            public override string RelativePath(string fileName) => context.RelativePath(fileName);

            public override string FullPath(string fileName) => context.FullPath(fileName);

            public override void Add(string pointer, string? expected, string? actual, Diagnostic diagnostic) =>
                context.Findings.Add(
                    new DriftFinding(ContractId, Rule.Id, Rule.KindName, pointer, expected, actual, diagnostic)
                );

            public override void AddInputError(Diagnostic diagnostic) => context.InputErrors.Add(diagnostic);
        }
    }
}
