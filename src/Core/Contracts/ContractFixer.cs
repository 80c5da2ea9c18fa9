using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Core.Contracts;

/// <summary>One value <c>verify --fix</c> rewrote.</summary>
/// <param name="File">The payload (full path).</param>
/// <param name="Line">Line of the value before the fix.</param>
/// <param name="Column">Column of the value before the fix.</param>
/// <param name="ContractId">The contract.</param>
/// <param name="RuleId">The rule that derives the value.</param>
/// <param name="Pointer">The value's JSON Pointer.</param>
/// <param name="Before">The value as it was (compact JSON).</param>
/// <param name="After">The value as the rule derives it (compact JSON).</param>
public sealed record FixedValue(
    string File,
    int Line,
    int Column,
    string ContractId,
    string RuleId,
    string Pointer,
    string Before,
    string After
);

/// <summary>A drift finding <c>verify --fix</c> left alone, and why.</summary>
/// <param name="Finding">The finding.</param>
/// <param name="Why">e.g. "a pattern rule derives no value".</param>
public sealed record UnfixedFinding(DriftFinding Finding, string Why);

/// <summary>The outcome of <c>verify --fix</c>.</summary>
/// <param name="Fixed">The values rewritten.</param>
/// <param name="Unfixed">The drift left alone.</param>
/// <param name="Report">The verification after the fix (its exit code is the command's).</param>
public sealed record FixResult(
    IReadOnlyList<FixedValue> Fixed,
    IReadOnlyList<UnfixedFinding> Unfixed,
    VerificationReport Report
);

/// <summary>
/// <c>release-train verify --fix</c> (README.md, "Fixing derived values"): rewrites, in the payloads only, the
/// values that a rule of a kind that derives its value (<see cref="DriftRuleKind.DerivesValue"/>) derives
/// from its source, so that a producer regenerates its handoff payload instead of editing it by hand. Each value's
/// bytes are replaced where they stand: the file's other bytes, its key order, indentation, line endings and BOM are
/// kept; an object or array that was on one line stays on one line, one over several lines is written indented like
/// the line it starts on. A pin is never rewritten: the payloads of a contract with a pinning rule
/// (<see cref="DriftRuleKind.MakesPin"/>, sha256) are the consumer's decision. Nothing else is touched: a missing value
/// (there is no place to put it that the file's author chose), a rule that derives no value (e.g. pattern, enum),
/// a rule that checks the manifest or another non-payload file, two rules that want different values at one
/// place, or a value inside another rewritten value. Writes are atomic; the contracts are verified again afterwards.
/// </summary>
public static class ContractFixer
{
    private sealed record Edit(int Start, int End, string Text, DriftFinding Finding, LocatedJsonNode Node);

    /// <summary>Verifies, fixes the derived values, and verifies again.</summary>
    /// <param name="request">What to verify.</param>
    /// <returns>The result.</returns>
    public static FixResult Fix(VerifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = ContractVerification.Load(request, out _);
        if (config is null)
        {
            return new FixResult([], [], ContractVerification.Run(request));
        }

        var files = new RepositoryFiles(config.RootDirectory);
        var payloads = config.Contracts.ToDictionary(
            c => c.Id,
            c => c.Payloads.Select(p => files.Resolve(p.Path)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal
        );

        // Where each rule takes its expected value from: a value derived from a file that this pass rewrites waits for
        // the next pass (a consumer pin derived from a drifted handoff must not copy the drift).
        var sources = new Dictionary<(string, string), string?>();
        foreach (var contract in config.Contracts)
        {
            foreach (var rule in contract.Rules)
            {
                var name = rule.From?.File;
                sources[(contract.Id, rule.Id)] =
                    name is null ? null
                    : name == "manifest" ? files.Resolve(contract.Manifest.Path)
                    : contract.Files.TryGetValue(name, out var named) ? files.Resolve(named.Path)
                    : null;
            }
        }

        // A contract with a pinning rule (sha256) records the consumer's choice of producer state: never rewritten.
        var pins = config
            .Contracts.Where(c => c.Rules.Any(r => r.Kind.MakesPin))
            .Select(c => c.Id)
            .ToHashSet(StringComparer.Ordinal);
        var fixedValues = new List<FixedValue>();
        var unfixed = new List<UnfixedFinding>();
        var report = ContractVerifier.Verify(config, request.ContractIds, request.At);
        for (var pass = 0; pass < 8; pass++)
        {
            if (report.InputErrors.Count > 0 || report.Contracts.Any(c => c.InputErrors.Count > 0))
            {
                break;
            }

            unfixed.Clear();
            var byFile = new Dictionary<string, List<DriftFinding>>(StringComparer.Ordinal);
            foreach (
                var finding in report
                    .Contracts.SelectMany(c => c.Findings)
                    .Where(f => f.Diagnostic.Severity == DiagnosticSeverity.Error)
            )
            {
                var derives = RuleKinds.TryGet(finding.RuleKind, out var kind) && kind.DerivesValue;
                var why =
                    pins.Contains(finding.ContractId)
                        ? "the contract is a pin (it pins a file by sha256): a pin is the consumer's decision, never "
                            + "rewritten to follow the producer; update it by hand when you mean to"
                    : !derives
                        ? $"{("aeiou".Contains(finding.RuleKind[0], StringComparison.Ordinal) ? "an" : "a")} "
                            + $"{finding.RuleKind} rule derives no value"
                    : finding.Diagnostic.File is not { } file
                    || !payloads.GetValueOrDefault(finding.ContractId, []).Contains(file)
                        ? "it is not in a payload of the contract"
                    : YamlDocument.IsYamlPath(file) ? "the payload is YAML, which --fix does not write"
                    : finding.Actual is null
                        ? "the value is missing: there is no place for it that the file's author chose"
                    : finding.Expected is null ? "the rule has no single expected value here"
                    : null;
                if (why is not null)
                {
                    unfixed.Add(new UnfixedFinding(finding, why));
                    continue;
                }

                if (!byFile.TryGetValue(finding.Diagnostic.File!, out var list))
                {
                    byFile[finding.Diagnostic.File!] = list = [];
                }

                list.Add(finding);
            }

            var edited = byFile.Keys.ToHashSet(StringComparer.Ordinal);
            var wrote = false;
            foreach (var (path, findings) in byFile)
            {
                var ready = new List<DriftFinding>();
                foreach (var finding in findings)
                {
                    var source = sources.GetValueOrDefault((finding.ContractId, finding.RuleId));
                    if (source is not null && edited.Contains(source) && source != path)
                    {
                        unfixed.Add(new UnfixedFinding(finding, "its source is rewritten first"));
                    }
                    else
                    {
                        ready.Add(finding);
                    }
                }

                wrote |= Apply(path, ready, files, fixedValues, unfixed);
            }

            if (!wrote)
            {
                break;
            }

            report = ContractVerifier.Verify(config, request.ContractIds, request.At);
        }

        fixedValues.Sort((a, b) => a.File == b.File ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.File, b.File));
        return new FixResult(fixedValues, unfixed, report);
    }

    /// <summary>Rewrites the values of one file; returns whether it wrote anything.</summary>
    private static bool Apply(
        string path,
        List<DriftFinding> findings,
        RepositoryFiles files,
        List<FixedValue> fixedValues,
        List<UnfixedFinding> unfixed
    )
    {
        if (findings.Count == 0)
        {
            return false;
        }

        var bytes = files.ReadBytes(path);
        var document = LocatedJsonDocument.Parse(bytes, path);
        var newline = Encoding.UTF8.GetString(bytes).Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var edits = new List<Edit>();
        foreach (var finding in findings)
        {
            if (
                !JsonPointer.TryParse(finding.Pointer, out var pointer, out _)
                || pointer.Evaluate(document.Root) is not { } node
            )
            {
                unfixed.Add(new UnfixedFinding(finding, "its pointer does not resolve"));
                continue;
            }

            edits.Add(
                new Edit(
                    (int)node.StartOffset,
                    (int)node.EndOffset,
                    Render(finding.Expected!, bytes, (int)node.StartOffset, (int)node.EndOffset, newline),
                    finding,
                    node
                )
            );
        }

        var accepted = new List<Edit>();
        foreach (var group in edits.GroupBy(e => (e.Start, e.End)))
        {
            if (group.Select(e => e.Text).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                unfixed.AddRange(
                    group.Select(e => new UnfixedFinding(e.Finding, "rules want different values at this place"))
                );
                continue;
            }

            accepted.Add(group.First());
        }

        // An edit inside another one is dropped: the outer value already carries the rule's derived content.
        var outer = accepted
            .Where(e => !accepted.Any(o => o != e && o.Start <= e.Start && e.End <= o.End))
            .OrderByDescending(e => e.Start)
            .ToList();
        unfixed.AddRange(
            accepted.Except(outer).Select(e => new UnfixedFinding(e.Finding, "inside another value this fix rewrites"))
        );
        if (outer.Count == 0)
        {
            return false;
        }

        var output = new List<byte>(bytes);
        foreach (var edit in outer)
        {
            output.RemoveRange(edit.Start, edit.End - edit.Start);
            output.InsertRange(edit.Start, Encoding.UTF8.GetBytes(edit.Text));
            fixedValues.Add(
                new FixedValue(
                    path,
                    edit.Node.Line,
                    edit.Node.Column,
                    edit.Finding.ContractId,
                    edit.Finding.RuleId,
                    edit.Finding.Pointer,
                    edit.Finding.Actual!,
                    edit.Finding.Expected!
                )
            );
        }

        var result = output.ToArray();
        LocatedJsonDocument.Parse(result, path); // never write what does not parse
        files.WriteAllBytes(path, result); // confined: the temp file and the target stay inside the root
        return true;
    }

    /// <summary>
    /// A value as the file would hold it: scalars compact; objects and arrays indented like the line they start on
    /// (its leading whitespace, and the file's indentation unit), with the file's line endings.
    /// </summary>
    private static string Render(string compact, byte[] file, int start, int end, string newline)
    {
        var node = JsonNode.Parse(compact);
        if (
            node is not (JsonObject or JsonArray)
            || (node is JsonObject { Count: 0 })
            || (node is JsonArray { Count: 0 })
        )
        {
            return compact;
        }

        // A value written on one line stays on one line, with the separators it had (", " or ",").
        var original = Encoding.UTF8.GetString(file, start, end - start);
        if (!original.Contains('\n', StringComparison.Ordinal) && !original.Contains('\r', StringComparison.Ordinal))
        {
            return OneLine(
                node,
                original.Contains(", ", StringComparison.Ordinal) || original.Contains(": ", StringComparison.Ordinal)
            );
        }

        var lineStart = start;
        while (lineStart > 0 && file[lineStart - 1] != (byte)'\n' && file[lineStart - 1] != (byte)'\r')
        {
            lineStart--;
        }

        var indent = 0;
        while (lineStart + indent < file.Length && file[lineStart + indent] is (byte)' ' or (byte)'\t')
        {
            indent++;
        }

        var baseIndent = Encoding.UTF8.GetString(file, lineStart, indent);
        var unit = IndentUnit(file);
        var indented = node.ToJsonString(
            new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
        );
        var lines = indented.Split('\n');
        var builder = new StringBuilder(lines[0]);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var spaces = line.Length - line.TrimStart(' ').Length;
            builder
                .Append(newline)
                .Append(baseIndent)
                .Append(unit == "  " ? new string(' ', spaces) : string.Concat(Enumerable.Repeat(unit, spaces / 2)))
                .Append(line.AsSpan(spaces));
        }

        return builder.ToString();
    }

    /// <summary>A value on one line: compact, or with a space after each comma and colon.</summary>
    private static string OneLine(JsonNode? node, bool spaced)
    {
        var comma = spaced ? ", " : ",";
        var colon = spaced ? ": " : ":";
        return node switch
        {
            JsonArray array => "[" + string.Join(comma, array.Select(i => OneLine(i, spaced))) + "]",
            JsonObject obj => "{"
                + string.Join(
                    comma,
                    obj.Select(p => JsonSerializer.Serialize(p.Key, RelaxedOptions) + colon + OneLine(p.Value, spaced))
                )
                + "}",
            null => "null",
            _ => node.ToJsonString(RelaxedOptions),
        };
    }

    private static readonly JsonSerializerOptions RelaxedOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The file's indentation unit: a tab when lines are tab-indented, else the smallest indentation in spaces (two by
    /// default).
    /// </summary>
    private static string IndentUnit(byte[] file)
    {
        var smallest = int.MaxValue;
        foreach (var line in Encoding.UTF8.GetString(file).Split('\n'))
        {
            var trimmed = line.TrimStart(' ', '\t');
            if (trimmed.TrimEnd('\r').Length == 0 || trimmed.Length == line.Length)
            {
                continue;
            }

            if (line[0] == '\t')
            {
                return "\t";
            }

            smallest = Math.Min(smallest, line.Length - trimmed.Length);
        }

        return smallest is int.MaxValue or 0 ? "  " : new string(' ', smallest);
    }
}
