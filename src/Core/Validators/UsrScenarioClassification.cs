using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// PairOfCleats' item-36 classification of the backcompat scenarios (docs/config/usr-guardrails/
/// item-36-backcompat-matrix.json, read by tools/ci/usr/item36-backcompat-matrix-gate.js): the required scenario ids,
/// the strict blocking ones (readerMode strict, blocking, accept or reject) and the non-strict advisory ones
/// (readerMode non-strict, non-blocking, accept-with-adapter). <see cref="BuiltIn"/> is the file at PairOfCleats
/// b9398da2; <see cref="Read"/> reads another copy of it (<c>options.scenarios</c>, <c>--scenarios</c>).
/// </summary>
/// <param name="Required">requiredScenarioIds, in file order.</param>
/// <param name="Strict">strictBlockingIds.</param>
/// <param name="Advisory">nonStrictAdvisoryIds.</param>
internal sealed record UsrScenarioClassification(
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Strict,
    IReadOnlyList<string> Advisory
)
{
    /// <summary>
    /// The item-36 file at PairOfCleats b9398da2: BC-001..BC-012, BC-004, BC-007 and BC-011 advisory.
    /// </summary>
    public static UsrScenarioClassification BuiltIn { get; } =
        new(
            [
                "BC-001",
                "BC-002",
                "BC-003",
                "BC-004",
                "BC-005",
                "BC-006",
                "BC-007",
                "BC-008",
                "BC-009",
                "BC-010",
                "BC-011",
                "BC-012",
            ],
            ["BC-001", "BC-002", "BC-003", "BC-005", "BC-006", "BC-008", "BC-009", "BC-010", "BC-012"],
            ["BC-004", "BC-007", "BC-011"]
        );

    /// <summary>
    /// Reads an item-36 file and checks it as the gate does: each list an array of strings, no id twice in a list,
    /// every strict and advisory id required, none both, every required id in one of them (RT6082 into
    /// <paramref name="findings"/>, which is against that file).
    /// </summary>
    /// <param name="path">The file (full path).</param>
    /// <param name="findings">Findings against the file.</param>
    /// <returns>The classification as read (lists that are not arrays of strings are empty).</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when the file cannot be read as JSON.</exception>
    public static UsrScenarioClassification Read(string path, Findings findings)
    {
        var root = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(path), path).Root;
        if (root is not LocatedJsonObject file)
        {
            findings.Error(DiagnosticCodes.UsrScenarioConfigInvalid, root, "the file is not a JSON object");
            return new([], [], []);
        }

        List<string> List(string name)
        {
            if (
                file.GetMember(name)?.Value is not LocatedJsonArray array
                || array.Items.Any(i => i is not LocatedJsonScalar { Kind: JsonKind.String })
            )
            {
                findings.Error(
                    DiagnosticCodes.UsrScenarioConfigInvalid,
                    Node.At(file, name),
                    $"'{name}' must be an array of scenario id strings"
                );
                return [];
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in array.Items.Cast<LocatedJsonScalar>().Where(i => !seen.Add(i.Text!)))
            {
                findings.Error(DiagnosticCodes.UsrScenarioConfigInvalid, item, $"'{item.Text}' is twice in {name}");
            }

            return [.. array.Items.Cast<LocatedJsonScalar>().Select(i => i.Text!)];
        }

        var classification = new UsrScenarioClassification(
            List("requiredScenarioIds"),
            List("strictBlockingIds"),
            List("nonStrictAdvisoryIds")
        );
        var required = classification.Required.ToHashSet(StringComparer.Ordinal);
        foreach (var id in classification.Strict.Where(i => !required.Contains(i)).Distinct())
        {
            findings.Error(
                DiagnosticCodes.UsrScenarioConfigInvalid,
                Node.At(file, "strictBlockingIds"),
                $"strict scenario {id} is not in requiredScenarioIds"
            );
        }

        foreach (var id in classification.Advisory.Where(i => !required.Contains(i)).Distinct())
        {
            findings.Error(
                DiagnosticCodes.UsrScenarioConfigInvalid,
                Node.At(file, "nonStrictAdvisoryIds"),
                $"non-strict scenario {id} is not in requiredScenarioIds"
            );
        }

        foreach (var id in classification.Strict.Intersect(classification.Advisory, StringComparer.Ordinal))
        {
            findings.Error(
                DiagnosticCodes.UsrScenarioConfigInvalid,
                Node.At(file, "nonStrictAdvisoryIds"),
                $"scenario {id} cannot be both strict and non-strict"
            );
        }

        foreach (
            var id in classification
                .Required.Distinct()
                .Where(i => !classification.Strict.Contains(i) && !classification.Advisory.Contains(i))
        )
        {
            findings.Error(
                DiagnosticCodes.UsrScenarioConfigInvalid,
                Node.At(file, "requiredScenarioIds"),
                $"required scenario {id} is classified neither strict nor non-strict"
            );
        }

        return classification;
    }
}
