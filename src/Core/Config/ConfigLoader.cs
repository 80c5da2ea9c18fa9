using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Rules;
using ReleaseTrain.Core.Schema;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Config;

/// <summary>
/// Finds, reads and validates release-train.json: strict JSON (RT1001/RT1002), then the embedded
/// schemas/release-train.schema.json (RT1004), then the rules a schema cannot say (unique ids RT1012,
/// declared file names RT1010, RFC 6901 pointers RT1007, valid patterns RT1008, paths inside the root RT1005).
/// </summary>
public static class ConfigLoader
{
    /// <summary>The configuration's file name.</summary>
    public const string FileName = "release-train.json";

    private static readonly Lazy<JsonSchemaValidator> Schema = new(() =>
        new JsonSchemaValidator(LoadEmbeddedSchema("release-train.schema.json"))
    );

    /// <summary>Finds release-train.json in a directory or the nearest one above it.</summary>
    /// <param name="startDirectory">Where to start.</param>
    /// <returns>The full path, or null when none exists up to the file system root.</returns>
    public static string? Locate(string startDirectory)
    {
        for (
            var directory = new DirectoryInfo(Path.GetFullPath(startDirectory));
            directory is not null;
            directory = directory.Parent
        )
        {
            var candidate = Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The repository root every command resolves configured and default paths from (DESIGN: paths are relative to
    /// the repository root): <c>--root</c> when given (relative to the current folder), else the folder holding the
    /// nearest release-train.json at or above the current folder (the one <c>verify</c> finds), else the current
    /// folder. So <c>evidence</c> run in a subfolder writes the same bundle as <c>verify</c> checks.
    /// </summary>
    /// <param name="root">The --root given, or null.</param>
    /// <param name="currentDirectory">The current folder (full path).</param>
    /// <returns>The root, a full path.</returns>
    public static string RepositoryRoot(string? root, string currentDirectory) =>
        root is not null ? Path.GetFullPath(root, currentDirectory)
        : Locate(currentDirectory) is { } config ? Path.GetDirectoryName(config)!
        : Path.GetFullPath(currentDirectory);

    /// <summary>Loads the text of an embedded schema from schemas/.</summary>
    /// <param name="name">The file name, e.g. <c>release-train.schema.json</c>.</param>
    /// <returns>The parsed schema.</returns>
    /// <exception cref="InvalidOperationException">No such embedded schema.</exception>
    public static LocatedJsonDocument LoadEmbeddedSchema(string name)
    {
        using var stream = typeof(ConfigLoader).Assembly.GetManifestResourceStream("ReleaseTrain.Core.Schemas." + name)
            ?? throw new InvalidOperationException($"Embedded schema '{name}' not found.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return LocatedJsonDocument.Parse(memory.ToArray(), "schemas/" + name);
    }

    /// <summary>
    /// Reads the <c>signoff</c> policy of a release-train.json given as bytes (a version of the file from another
    /// commit, e.g. the remote's default branch): strict JSON, the schema, and the sign-off members' rules (principals,
    /// durations), each error at its line and column of <paramref name="displayPath"/>. Nothing else of the file is
    /// checked (its contracts name files of that commit, not of this work tree).
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="displayPath">How errors name the file (e.g. <c>origin/main:release-train.json</c>).</param>
    /// <param name="errors">RT1001/RT1002 (JSON), RT1004 (schema), RT4003/RT4020/RT5003 (sign-off members).</param>
    /// <returns>The policy, or null when the file has errors or no <c>signoff</c>.</returns>
    public static SignOffPolicy? LoadSignOffPolicy(
        byte[] bytes,
        string displayPath,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        return LoadPolicy(bytes, displayPath, out errors)?.SignOff;
    }

    /// <summary>
    /// Loads the policy members of a release-train.json read from elsewhere than the work tree (the default branch),
    /// with the same strict parse and schema check as <see cref="LoadSignOffPolicy"/>.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="displayPath">How diagnostics name it (e.g. <c>main at 4b82…:release-train.json</c>).</param>
    /// <param name="errors">Why it does not load.</param>
    /// <returns>The policy, or null with errors.</returns>
    public static PolicyConfig? LoadPolicy(byte[] bytes, string displayPath, out IReadOnlyList<Diagnostic> errors)
    {
        var list = new List<Diagnostic>();
        errors = list;
        LocatedJsonDocument document;
        try
        {
            document = LocatedJsonDocument.Parse(bytes, displayPath);
        }
        catch (ReleaseTrainException ex)
        {
            list.Add(ex.Diagnostic);
            return null;
        }

        foreach (var violation in Schema.Value.Validate(document.Root))
        {
            list.Add(
                DiagnosticCodes.SchemaViolation.Error(
                    displayPath,
                    violation.Line,
                    violation.Column,
                    violation.Pointer,
                    violation.Message
                )
            );
        }

        if (list.Count > 0)
        {
            return null;
        }

        var policy = PolicyLoader.Read((LocatedJsonObject)document.Root, displayPath, list);
        return list.Count > 0 ? null : policy;
    }

    /// <summary>Loads and validates a configuration.</summary>
    /// <param name="configPath">Path of release-train.json.</param>
    /// <param name="rootDirectory">The repository root, or null for the folder holding the configuration.</param>
    /// <param name="errors">Every RT1xxx error found; empty on success.</param>
    /// <returns>The configuration, or null when <paramref name="errors"/> is not empty.</returns>
    public static ReleaseTrainConfig? Load(
        string configPath,
        string? rootDirectory,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        ArgumentNullException.ThrowIfNull(configPath);
        var list = new List<Diagnostic>();
        errors = list;
        try
        {
            RepositoryFiles.RefuseNul(configPath, null, null, 0, 0);
        }
        catch (ReleaseTrainException ex)
        {
            list.Add(ex.Diagnostic);
            return null;
        }

        var fullPath = Path.GetFullPath(configPath);
        LocatedJsonDocument document;
        try
        {
            document = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(fullPath), fullPath);
        }
        catch (ReleaseTrainException ex)
        {
            list.Add(
                ex.Diagnostic.Code == DiagnosticCodes.FileNotFound.Code
                    ? DiagnosticCodes.ConfigFileMissing.Error(fullPath, 0, 0, fullPath)
                    : ex.Diagnostic
            );
            return null;
        }

        foreach (var violation in Schema.Value.Validate(document.Root))
        {
            list.Add(
                DiagnosticCodes.SchemaViolation.Error(
                    fullPath,
                    violation.Line,
                    violation.Column,
                    violation.Pointer,
                    violation.Message
                )
            );
        }

        if (list.Count > 0)
        {
            return null;
        }

        RepositoryFiles files;
        try
        {
            files = new RepositoryFiles(rootDirectory ?? Path.GetDirectoryName(fullPath)!);
        }
        catch (ReleaseTrainException ex)
        {
            list.Add(ex.Diagnostic);
            return null;
        }

        var root = files.RootDirectory;
        var contracts = new List<ContractDefinition>();
        var contractIds = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Reader(fullPath, list);
        if (((LocatedJsonObject)document.Root).TryGetProperty("contracts", out var contractsNode))
        {
            foreach (var node in ((LocatedJsonArray)contractsNode).Items.Cast<LocatedJsonObject>())
            {
                var contract = reader.ReadContract(node, files);
                if (!contractIds.Add(contract.Id))
                {
                    list.Add(
                        DiagnosticCodes.DuplicateId.Error(fullPath, node.Line, node.Column, "contract", contract.Id)
                    );
                }

                contracts.Add(contract);
            }
        }

        var policy = PolicyLoader.Read((LocatedJsonObject)document.Root, fullPath, list);
        try
        {
            files.Resolve(policy.DecisionLog, fullPath, 0, 0);
        }
        catch (ReleaseTrainException ex)
        {
            var at = ((LocatedJsonObject)document.Root).GetMember("decisionLog")?.Value;
            list.Add(ex.Diagnostic with { Line = at?.Line ?? 0, Column = at?.Column ?? 0 });
        }

        if (policy.SignOff is { } signoff)
        {
            try
            {
                files.Resolve(signoff.Records, fullPath, 0, 0);
            }
            catch (ReleaseTrainException ex)
            {
                var at = (((LocatedJsonObject)document.Root).GetMember("signoff")?.Value as LocatedJsonObject)
                    ?.GetMember("records")
                    ?.Value;
                list.Add(ex.Diagnostic with { Line = at?.Line ?? 0, Column = at?.Column ?? 0 });
            }
        }

        return list.Count > 0 ? null : new ReleaseTrainConfig(fullPath, files.RootDirectory, contracts, policy);
    }

    private sealed class Reader(string configPath, List<Diagnostic> errors)
    {
        public ContractDefinition ReadContract(LocatedJsonObject node, RepositoryFiles files)
        {
            var id = String(node, "id")!;
            var manifest = ReadPath(node.GetMember("manifest")!.Value, files);
            var payloads = node.TryGetProperty("payloads", out var p)
                ? ((LocatedJsonArray)p).Items.Select(item => ReadPath(item, files)).ToList()
                : [];
            var named = new Dictionary<string, ConfiguredPath>(StringComparer.Ordinal);
            if (node.TryGetProperty("files", out var f))
            {
                foreach (var member in ((LocatedJsonObject)f).Properties)
                {
                    named[member.Name] = ReadPath(member.Value, files);
                }
            }

            var fileNames = new HashSet<string>(named.Keys, StringComparer.Ordinal) { "manifest" };
            var rules = new List<RuleDefinition>();
            var ruleIds = new HashSet<string>(StringComparer.Ordinal);
            var kind = String(node, "kind") ?? ContractDefinition.RulesKind;
            var ruleReader = new RuleReader(configPath, id, fileNames, errors);
            foreach (
                var ruleNode in (node.GetMember("rules")?.Value as LocatedJsonArray)?.Items.Cast<LocatedJsonObject>()
                    ?? []
            )
            {
                var rule = ruleReader.Read(ruleNode, payloads.Count > 0);
                if (rule is null)
                {
                    continue;
                }

                if (!ruleIds.Add(rule.Id))
                {
                    errors.Add(
                        DiagnosticCodes.DuplicateId.Error(
                            configPath,
                            ruleNode.Line,
                            ruleNode.Column,
                            "rule",
                            $"{id}/{rule.Id}"
                        )
                    );
                }

                rules.Add(rule);
            }

            return new ContractDefinition(
                id,
                String(node, "description"),
                manifest,
                payloads,
                named,
                rules,
                node.Line,
                node.Column
            )
            {
                Kind = kind,
                Options = node.GetMember("options")?.Value is LocatedJsonObject options
                    ? ReadOptions(options, files)
                    : ValidatorOptions.None,
            };
        }

        private ValidatorOptions ReadOptions(LocatedJsonObject node, RepositoryFiles files)
        {
            ConfiguredPath? PathOf(string name) =>
                node.GetMember(name)?.Value is LocatedJsonScalar { Kind: JsonKind.String } value
                    ? ReadPath(value, files)
                    : null;
            NodaTime.Instant? InstantOf(string name)
            {
                if (node.GetMember(name)?.Value is not LocatedJsonScalar { Text: { } text } value)
                {
                    return null;
                }

                if (PolicyTime.TryParseInstant(text, out var instant, out var error))
                {
                    return instant;
                }

                errors.Add(DiagnosticCodes.InvalidTimestamp.Error(configPath, value.Line, value.Column, error));
                return null;
            }

            PhasesOption? phases = node.GetMember("phases")?.Value switch
            {
                LocatedJsonScalar { Text: { } builtIn } => new PhasesOption(builtIn, null, null, []),
                LocatedJsonObject custom => new PhasesOption(
                    null,
                    String(custom, "schemaVersion"),
                    String(custom, "sloContractVersion"),
                    (custom.GetMember("order")?.Value as LocatedJsonArray)
                        ?.Items.OfType<LocatedJsonObject>()
                        .Select(p => new PhaseDefinition(
                            String(p, "name")!,
                            Strings(p, "sloGates"),
                            String(p, "entry"),
                            String(p, "exit"),
                            Strings(p, "evidence")
                        ))
                        .ToList()
                        ?? []
                ),
                _ => null,
            };

            return new ValidatorOptions(
                PathOf("drills"),
                InstantOf("cutover"),
                InstantOf("at"),
                phases,
                PathOf("root"),
                PathOf("thresholds"),
                GatePolicy: PathOf("gatePolicy")
            )
            {
                Scenarios = PathOf("scenarios"),
                Strict = node.GetMember("strict")?.Value is LocatedJsonScalar { Kind: JsonKind.Boolean } strict
                    ? strict.Boolean
                    : null,
                Ownership = PathOf("ownership"),
                Escalation = PathOf("escalation"),
                Identities = PathOf("identities"),
                Evidence = PathOf("evidence"),
                Expected = node.GetMember("expected")?.Value is LocatedJsonObject expected
                    ? expected
                        .Properties.Where(p => p.Value is LocatedJsonScalar { Kind: JsonKind.String })
                        .ToDictionary(p => p.Name, p => ((LocatedJsonScalar)p.Value).Text!, StringComparer.Ordinal)
                    : null,
            };
        }

        private static List<string> Strings(LocatedJsonObject node, string property) =>
            (node.GetMember(property)?.Value as LocatedJsonArray)
                ?.Items.OfType<LocatedJsonScalar>()
                .Select(s => s.Text!)
                .ToList()
            ?? [];

        private ConfiguredPath ReadPath(LocatedJsonNode node, RepositoryFiles files)
        {
            var path = ((LocatedJsonScalar)node).Text!;
            try
            {
                files.Resolve(path, configPath, node.Line, node.Column);
            }
            catch (ReleaseTrainException ex)
            {
                errors.Add(ex.Diagnostic);
            }

            return new ConfiguredPath(path, node.Line, node.Column);
        }

        private static string? String(LocatedJsonObject node, string property) =>
            node.TryGetProperty(property, out var value) ? (value as LocatedJsonScalar)?.Text : null;
    }
}
