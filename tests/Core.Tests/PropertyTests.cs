using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Tests;

/// <summary>Property-based tests (FsCheck): JCS, the drift engine, and freeze-window evaluation.</summary>
public sealed class PropertyTests
{
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    private static readonly string[] Keys =
    [
        "a",
        "b",
        "é",
        "\u20ac",
        "\ud83d\ude00",
        "~1",
        "/x",
        "",
        "Z",
        "z",
        "10",
        "9",
        "\r",
        "\u0080",
    ];

    /// <summary>
    /// Arbitrary JSON: nested objects (unique keys), arrays, strings with escapes and non-ASCII, finite numbers,
    /// literals.
    /// </summary>
    internal static Gen<JsonNode?> Json(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap
                .Default.GeneratorFor<double>()
                .Where(d => double.IsFinite(d))
                .Select(d => (JsonNode?)JsonValue.Create(d)),
            ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)JsonValue.Create(i)),
            ArbMap
                .Default.GeneratorFor<string>()
                .Where(s => s is not null && !s.Any(char.IsSurrogate))
                .Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Elements(Keys).Select(s => (JsonNode?)JsonValue.Create(s))
        );
        if (depth <= 0)
        {
            return scalar;
        }

        var array = Json(depth - 1)
            .ListOf()
            .Select(items => (JsonNode?)new JsonArray([.. items.Take(5).Select(i => i?.DeepClone())]));
        var obj = Gen.Zip(Gen.Elements(Keys).ListOf(), Json(depth - 1).ListOf())
            .Select(t =>
            {
                var o = new JsonObject();
                foreach (var (key, value) in t.Item1.Distinct(StringComparer.Ordinal).Take(5).Zip(t.Item2))
                {
                    o[key] = value?.DeepClone();
                }

                return (JsonNode?)o;
            });
        return Gen.OneOf(scalar, array, obj);
    }

    internal static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static byte[] Jcs(string json) => JsonCanonicalizer.Canonicalize(LocatedJsonDocument.Parse(json).Root);

    /// <summary>The same value written differently: indented, members in reverse order, non-ASCII escaped.</summary>
    internal static string Rewrite(JsonNode? node)
    {
        static JsonNode? Reverse(JsonNode? n) =>
            n switch
            {
                JsonObject o => new JsonObject(
                    o.Reverse().Select(kv => KeyValuePair.Create(kv.Key, Reverse(kv.Value)))
                ),
                JsonArray a => new JsonArray([.. a.Select(Reverse)]),
                _ => n?.DeepClone(),
            };
        return Reverse(node)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
    }

    [Fact]
    public void Jcs_is_idempotent() =>
        Prop.ForAll(Json(3).ToArbitrary(), node =>
            {
                var once = Jcs(Text(node));
                return once.AsSpan().SequenceEqual(JsonCanonicalizer.Canonicalize(once, "x"));
            })
            .Check(Checks);

    [Fact]
    public void The_streaming_canonicalizer_writes_the_located_canonical_form() =>
        Prop.ForAll(Json(4).ToArbitrary(), node =>
            {
                foreach (var text in new[] { Text(node), Rewrite(node) })
                {
                    var bytes = System.Text.Encoding.UTF8.GetBytes(text);
                    var located = Jcs(text);
                    if (
                        !located.AsSpan().SequenceEqual(JsonCanonicalizer.Canonicalize(bytes, "x"))
                        || Digest.Sha256(located) != JsonCanonicalizer.Sha256(bytes, "x")
                    )
                    {
                        return false;
                    }
                }

                return true;
            })
            .Check(Checks);

    [Theory]
    [InlineData("-0", "0")]
    [InlineData("1.0", "1")]
    [InlineData("1e2", "100")]
    [InlineData("123456789012345", "123456789012345")]
    [InlineData("1234567890123456789", "1234567890123456800")]
    [InlineData("100000000000000000000000", "1e+23")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData(
        " {\"b\":[],\"a\":{},\"\\u0061b\":\"\\u0000\\u001f\\t\\/\"}  ",
        "{\"a\":{},\"ab\":\"\\u0000\\u001f\\t/\",\"b\":[]}"
    )]
    [InlineData("{\"\\ud83d\\ude00\":1,\"\\ue000\":2,\"\u00e9\":3}", "{\"\u00e9\":3,\"\ud83d\ude00\":1,\"\ue000\":2}")]
    public void The_streaming_canonicalizer_handles_the_edge_cases(string json, string expected)
    {
        json = json.Replace("\\uFEFF", "\uFEFF", StringComparison.Ordinal);
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(bytes, "x")));
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(Jcs(json.TrimStart('\uFEFF'))));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "RT1002")]
    [InlineData("[1,]", "RT1001")]
    [InlineData("\"\\ud800\"", "RT1001")]
    [InlineData("1e400", "RT1001")]
    [InlineData("[1] [2]", "RT1001")]
    public void Input_the_streaming_pass_refuses_gets_the_located_diagnostic(string json, string code)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        Assert.Equal(
            code,
            Assert
                .Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() => JsonCanonicalizer.Sha256(bytes, "x"))
                .Diagnostic.Code
        );
    }

    [Fact]
    public void Jcs_is_equal_for_semantically_equal_json() =>
        Prop.ForAll(Json(3).ToArbitrary(), node => Jcs(Text(node)).AsSpan().SequenceEqual(Jcs(Rewrite(node))))
            .Check(Checks);

    [Fact]
    public void Jcs_round_trips_to_an_equal_value() =>
        Prop.ForAll(Json(3).ToArbitrary(), node =>
            {
                var original = LocatedJsonDocument.Parse(Text(node)).Root;
                var roundTripped = LocatedJsonDocument.Parse(Jcs(Text(node)), "x").Root;
                return JsonEquality.DeepEquals(original, roundTripped);
            })
            .Check(Checks);

    [Fact]
    public void Jcs_numbers_round_trip_exactly() =>
        Prop.ForAll(ArbMap.Default.ArbFor<double>(), d =>
                !double.IsFinite(d)
                || double.Parse(JsonCanonicalizer.FormatNumber(d), CultureInfo.InvariantCulture).Equals(d == 0 ? 0d : d)
            )
            .Check(Checks);

    [Fact]
    public void The_drift_engine_never_throws_on_arbitrary_json_pairs()
    {
        using var repo = new TempDirectory("rt-prop-drift");
        File.WriteAllText(
            repo.Combine("release-train.json"),
            """
            { "contracts": [ { "id": "c", "manifest": "m.json", "payloads": ["p.json"], "files": { "other":
            """
                + """
                 "m.json" }, "rules": [
                  { "id": "eq", "kind": "equals", "pointer": "/a", "from": { "pointer": "/a" } },
                  { "id": "ord", "kind": "orderedEquals", "pointer": "/b", "from": { "pointer": "/b" } },
                  { "id": "set", "kind": "setEquals", "each": "/z", "pointer": "/a", "value": [1, "a"] },
                  { "id": "req", "kind": "requiredKeys", "pointer": "", "keys": ["a", "b"] },
                  { "id": "forb", "kind": "forbiddenKeys", "pointer": "/b", "keys": ["a"], "when": { "pointer":
                """
                + """
                 "/a", "exists": true } },
                  { "id": "mir", "kind": "mirror", "pointer": "/z", "from": { "file": "other", "pointer": "/z" } },
                  { "id": "pat", "kind": "pattern", "pointer": "/a", "pattern": "^v\\d+$" },
                  { "id": "enum", "kind": "enum", "pointer": "/10", "values": [null, true, "Z"] },
                  { "id": "sha", "kind": "sha256", "pointer": "/a", "of": "other" } ] } ] }
                """
        );
        var config = ConfigLoader.Load(repo.Combine("release-train.json"), null, out var errors)!;
        Assert.Empty(errors);
        Prop.ForAll(Json(3).ToArbitrary(), Json(3).ToArbitrary(), (manifest, payload) =>
            {
                File.WriteAllText(repo.Combine("m.json"), Text(manifest));
                File.WriteAllText(repo.Combine("p.json"), Text(payload));
                var report = ContractVerifier.Verify(config);
                return report.ExitCode is 0 or 1
                    && report.AllDiagnostics.All(d => d.Code.StartsWith("RT2", StringComparison.Ordinal));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true));
    }

    [Fact]
    public void An_instant_is_frozen_iff_it_lies_in_some_occurrence()
    {
        var zones = new[] { "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC" };
        var gen =
            from minute in Gen.Choose(0, 59)
            from hour in Gen.Choose(0, 23)
            from dow in Gen.Elements("*", "SUN", "MON-FRI", "6")
            from minutes in Gen.Choose(1, 60 * 72)
            from zone in Gen.Elements(zones)
            from offsetMinutes in Gen.Choose(0, 60 * 24 * 365)
            select (
                Cron: $"{minute} {hour} * * {dow}",
                Duration: Duration.FromMinutes(minutes),
                Zone: zone,
                At: Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromMinutes(offsetMinutes)
            );
        Prop.ForAll(gen.ToArbitrary(), c =>
            {
                Assert.True(CronExpression.TryParse(c.Cron, out var cron, out _, out _));
                var window = new FreezeWindow(
                    "w",
                    ["release"],
                    null,
                    null,
                    null,
                    cron,
                    c.Duration,
                    DateTimeZoneProviders.Tzdb[c.Zone],
                    new ConfigLocation("x", 1, 1)
                );
                var policy = PolicyConfig.Empty with { FreezeWindows = [window] };
                var frozen = FreezeEvaluator
                    .Evaluate(policy, new FreezeQuery("release", null, null, c.At), upcoming: 0)
                    .Frozen;
                // Independently: walk the occurrences forward from well before the instant.
                var occurrences = FreezeEvaluator
                    .OccurrencesAfter(window, c.At - c.Duration - Duration.FromDays(8), 400)
                    .TakeWhile(o => o.Start <= c.At);
                return frozen == occurrences.Any(o => o.Start <= c.At && c.At < o.End);
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true));
    }
}
