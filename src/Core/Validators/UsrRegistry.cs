using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Validators;

/// <summary>The type of a USR registry row field.</summary>
internal enum FieldType
{
    String,
    Strings,
    Boolean,
    PositiveInteger,
    NonNegativeInteger,
}

/// <summary>A field of a row schema: its type and, for strings, the allowed values (null: any).</summary>
internal sealed record Field(FieldType Type, string[]? Enum = null);

/// <summary>
/// The USR registry envelope (<c>{"schemaVersion": "usr-registry-1.0.0", "registryId": "...", "rows": [...]}</c>, the
/// shape of every matrix under PairOfCleats' tests/lang/matrix/) and the strict row-schema check the validators share:
/// every field present with its type, no other field (RT6002), unique ids (RT6003).
/// </summary>
internal static class UsrRegistry
{
    public const string SchemaVersion = "usr-registry-1.0.0";

    private static readonly string[] EnvelopeMembers = ["schemaVersion", "registryId", "rows"];

    /// <summary>
    /// Reads a registry file; returns its rows that are objects (malformed JSON throws RT1001/RT1002).
    /// </summary>
    public static List<LocatedJsonObject> Read(
        string path,
        string? expectedRegistryId,
        Findings findings,
        out LocatedJsonObject? root
    )
    {
        var document = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(path), path);
        root = document.Root as LocatedJsonObject;
        if (root is null)
        {
            findings.Error(DiagnosticCodes.UsrEnvelopeInvalid, document.Root, "the file is not a JSON object");
            return [];
        }

        // PairOfCleats' registry envelope schema (src/contracts/schemas/usr-matrix.js, registryEnvelope) has
        // additionalProperties false: only schemaVersion, registryId and rows.
        foreach (var extra in root.Properties.Where(p => !EnvelopeMembers.Contains(p.Name)))
        {
            findings.Error(
                DiagnosticCodes.UsrEnvelopeInvalid,
                extra.Line,
                extra.Column,
                $"'{extra.Name}' is not a member of the registry envelope (only schemaVersion, registryId, rows)"
            );
        }

        if (Node.Text(root, "schemaVersion") != SchemaVersion)
        {
            findings.Error(
                DiagnosticCodes.UsrEnvelopeInvalid,
                Node.At(root, "schemaVersion"),
                $"schemaVersion must be \"{SchemaVersion}\""
            );
        }

        var registryId = Node.Text(root, "registryId");
        if (string.IsNullOrEmpty(registryId))
        {
            findings.Error(DiagnosticCodes.UsrEnvelopeInvalid, root, "registryId is missing");
        }
        else if (expectedRegistryId is not null && registryId != expectedRegistryId)
        {
            findings.Error(
                DiagnosticCodes.UsrEnvelopeInvalid,
                Node.At(root, "registryId"),
                $"registryId is \"{registryId}\", expected \"{expectedRegistryId}\""
            );
        }

        if (Node.Array(root, "rows") is not { } rows)
        {
            findings.Error(DiagnosticCodes.UsrEnvelopeInvalid, root, "rows must be an array");
            return [];
        }

        var objects = new List<LocatedJsonObject>();
        foreach (var item in rows.Items)
        {
            if (item is LocatedJsonObject row)
            {
                objects.Add(row);
            }
            else
            {
                findings.Error(DiagnosticCodes.UsrRowInvalid, item, "?", "a row must be an object");
            }
        }

        return objects;
    }

    /// <summary>
    /// Checks a row against its schema; returns false when it is malformed (its other rules are then skipped).
    /// </summary>
    public static bool CheckRow(LocatedJsonObject row, IReadOnlyDictionary<string, Field> schema, Findings findings)
    {
        var id = Node.Text(row, "id") ?? "?";
        var before = findings.List.Count;
        foreach (var (name, field) in schema)
        {
            var member = row.GetMember(name);
            if (member is null)
            {
                findings.Error(DiagnosticCodes.UsrRowInvalid, row, id, $"'{name}' is missing");
                continue;
            }

            var value = member.Value;
            var problem = field.Type switch
            {
                FieldType.String when value is not LocatedJsonScalar { Kind: JsonKind.String } => "must be a string",
                FieldType.String when value is LocatedJsonScalar { Text.Length: 0 } => "must not be empty",
                FieldType.String when field.Enum is not null && !field.Enum.Contains(((LocatedJsonScalar)value).Text) =>
                    $"is '{((LocatedJsonScalar)value).Text}', not one of {string.Join("|", field.Enum)}",
                FieldType.Strings
                    when value is not LocatedJsonArray array
                        || array.Items.Any(i => i is not LocatedJsonScalar { Kind: JsonKind.String }) =>
                    "must be an array of strings",
                FieldType.Boolean when value is not LocatedJsonScalar { Kind: JsonKind.Boolean } =>
                    "must be true or false",
                FieldType.PositiveInteger
                    when value is not LocatedJsonScalar { Kind: JsonKind.Number } n
                        || !n.TryGetDecimal(out var d)
                        || d <= 0
                        || d != decimal.Truncate(d) => "must be a positive integer",
                FieldType.NonNegativeInteger
                    when value is not LocatedJsonScalar { Kind: JsonKind.Number } n
                        || !n.TryGetDecimal(out var d)
                        || d < 0
                        || d != decimal.Truncate(d) => "must be an integer of at least 0",
                _ => null,
            };
            if (problem is not null)
            {
                findings.Error(DiagnosticCodes.UsrRowInvalid, value, id, $"'{name}' {problem}");
            }
        }

        foreach (var extra in row.Properties.Where(p => !schema.ContainsKey(p.Name)))
        {
            findings.Error(
                DiagnosticCodes.UsrRowInvalid,
                extra.Line,
                extra.Column,
                id,
                $"'{extra.Name}' is not a field of this registry"
            );
        }

        return findings.List.Count == before;
    }

    /// <summary>Reports every id that appears twice (RT6003), at its second occurrence.</summary>
    public static void CheckUniqueIds(IEnumerable<LocatedJsonObject> rows, Findings findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (Node.Text(row, "id") is { } id && !seen.Add(id))
            {
                findings.Error(DiagnosticCodes.UsrDuplicateId, Node.At(row, "id"), id);
            }
        }
    }

    /// <summary>
    /// The report envelope the seed's generic schemas give (summary object, rows array), plus status and findings.
    /// </summary>
    public static JsonObject Report(
        string registryId,
        string status,
        JsonObject summary,
        JsonArray rows,
        Findings findings
    ) =>
        new()
        {
            ["schemaVersion"] = SchemaVersion,
            ["registryId"] = registryId,
            ["status"] = status,
            ["summary"] = summary,
            ["rows"] = rows,
            ["findings"] = findings.ToJson(),
        };
}
