using System.Text.Json.Nodes;
using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// The release end to end: the built <c>release-train</c> CLI, as a separate process, against the GitHub emulator on
/// 127.0.0.1, in a temp repository with a real evidence bundle. Refused with the missing roles named and nothing
/// created; created after the last approval with the assets uploaded and the statuses posted; a second run changes
/// nothing.
/// </summary>
public sealed class ReleaseEndToEndTests : IAsyncLifetime
{
    private const string Sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private const string Version = "1.2.0";
    private GitHubEmulator _github = null!;
    private TempDirectory _repo = null!;

    public async Task InitializeAsync()
    {
        _github = await GitHubEmulator.StartAsync();
        _repo = new TempDirectory();
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            """
            {
              "signoff": {
                "allowUnsignedRecords": true,
                "roles": {
                  "usr-architecture": ["alice"],
                  "usr-conformance": ["bob"],
                  "usr-operations": ["carol", "acme/ops-team"]
                },
                "maxAge": "P14D"
              }
            }
            """
        );
        var packages = _repo.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, $"Widgets.{Version}.nupkg"), "package bytes of Widgets " + Version);
        File.WriteAllText(
            Path.Combine(packages, "Widgets.1.1.0.nupkg"),
            "an older package that is not part of this release"
        );
        Check(
            Cli(
                "sbom",
                "--project",
                TestPaths.InRepo("src", "Core", "ReleaseTrain.Core.csproj"),
                "--output",
                Path.Combine(packages, $"Widgets.{Version}.cdx.json")
            ),
            0
        );
        Check(Cli("evidence", "--version", Version), 0);
        _github.AddPull(12, "dave", Sha);
        _github.AddCommit(Sha, "dave", "dave@corp.example"); // the release commit's author, asked without --pr
        _github.Teams["acme/ops-team"] = ["erin", "dave"];
    }

    public async Task DisposeAsync()
    {
        _repo.Dispose();
        await _github.DisposeAsync();
    }

    [Fact]
    public void Release_is_refused_until_every_role_approved_then_created_once_with_assets_and_statuses()
    {
        var at = DateTimeOffset.UtcNow;
        _github.AddReview(12, "alice", "APPROVED", Sha, at.AddHours(-3));
        _github.AddReview(12, "dave", "APPROVED", Sha, at.AddHours(-3)); // the PR's author: does not count
        _github.AddReview(12, "erin", "COMMENTED", Sha, at.AddHours(-2));

        // 1. Refused: usr-conformance and usr-operations are missing; nothing is created; the refusal is logged.
        var refused = Cli("release", "--version", Version, "--pr", "12");
        Check(refused, 1);
        Assert.Contains(
            "error RT5001: Sign-off role 'usr-conformance' has no counting approval",
            refused.Output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "error RT5001: Sign-off role 'usr-operations' has no counting approval",
            refused.Output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "dave is the release's author, who cannot approve it",
            refused.Output,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("'usr-architecture' has no", refused.Output, StringComparison.Ordinal);
        Assert.Contains("error RT5004", refused.Output, StringComparison.Ordinal);
        Assert.Contains(
            "REFUSED, nothing was created on GitHub; logged as NO-GO #1",
            refused.Output,
            StringComparison.Ordinal
        );
        Assert.Empty(_github.Writes());
        Assert.Empty(_github.Releases);
        var log = File.ReadAllLines(_repo.Combine("release-train", "no-cut-decision-log.jsonl"));
        var logged = JsonNode.Parse(log.Single())!;
        Assert.Equal("NO-GO", logged["verdict"]!.GetValue<string>());
        Assert.Equal("release", logged["action"]!.GetValue<string>());
        Assert.Contains(logged["reasons"]!.AsArray(), r =>
            r!["code"]!.GetValue<string>() == "RT5001"
            && r["message"]!.GetValue<string>().Contains("usr-operations", StringComparison.Ordinal)
        );

        // 2. bob signs off by a committed record (made at the clock's time); erin (acme/ops-team) approves on the PR:
        // the last approval.
        Check(
            Cli(
                "signoff",
                "add",
                "--version",
                Version,
                "--role",
                "usr-conformance",
                "--by",
                "bob",
                "--decision",
                "approved",
                "--commit",
                Sha
            ),
            0
        );
        Check(Cli("signoff", "verify", "--version", Version, "--pr", "12"), 1);
        _github.AddReview(12, "erin", "APPROVED", Sha, at.AddMinutes(-30));
        var verified = Cli("signoff", "verify", "--version", Version, "--pr", "12");
        Check(verified, 0);
        Assert.Contains("sign-off of 1.2.0: complete (3/3 roles", verified.Output, StringComparison.Ordinal);

        // Still refused: the latest decision for this release and commit is the NO-GO of the refusal.
        var undecided = Cli("release", "--version", Version, "--pr", "12");
        Check(undecided, 1);
        Assert.Contains("RT5004", undecided.Output, StringComparison.Ordinal);
        Assert.Empty(_github.Writes());

        // 3. GO, statuses, release.
        var go = Cli("decide", "--version", Version, "--pr", "12");
        Check(go, 0);
        Assert.Contains(": GO", go.Output, StringComparison.Ordinal);

        Check(Cli("status", "--version", Version, "--pr", "12", "--target-url", "https://ci.example/run/1"), 0);
        var statuses = _github.Statuses[Sha];
        Assert.Equal(
            [
                "release-train/drift",
                "release-train/freeze",
                "release-train/evidence",
                "release-train/no-cut",
                "release-train/signoff",
            ],
            statuses.Select(s => s["context"]!.GetValue<string>())
        );
        Assert.All(statuses, s => Assert.Equal("success", s["state"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.False(string.IsNullOrEmpty(s["target_url"]?.GetValue<string>())));
        Assert.Equal("3/3 roles approved", statuses[4]["description"]!.GetValue<string>());
        Assert.Single(_github.CheckRuns);

        var created = Cli("release", "--version", Version, "--pr", "12");
        Check(created, 0);
        Assert.Contains("created ", created.Output, StringComparison.Ordinal);
        var release = Assert.Single(_github.Releases.Values);
        Assert.False(release["draft"]!.GetValue<bool>());
        Assert.Equal(Sha, release["target_commitish"]!.GetValue<string>());
        var body = release["body"]!.GetValue<string>();
        var committed = File.ReadAllText(_repo.Combine("artifacts", "evidence", Version, "COMMITTED")).Trim();
        Assert.Contains($"- evidence bundle: `{committed}`", body, StringComparison.Ordinal);
        Assert.Contains("| usr-operations | approved | erin |", body, StringComparison.Ordinal);
        Assert.Contains("| usr-conformance | approved | bob |", body, StringComparison.Ordinal);
        Assert.Contains("- dependencies_lock_hash: `sha256:", body, StringComparison.Ordinal);

        var expected = new[] { $"Widgets.{Version}.nupkg" }
            .Concat(
                Directory.GetFiles(_repo.Combine("artifacts", "evidence", Version)).Select(f => Path.GetFileName(f))
            )
            .Order(StringComparer.Ordinal)
            .ToList();
        var assets = release["assets"]!
            .AsArray()
            .Select(a => a!["name"]!.GetValue<string>())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, assets);
        foreach (var asset in release["assets"]!.AsArray())
        {
            var name = asset!["name"]!.GetValue<string>();
            var local = name.EndsWith(".nupkg", StringComparison.Ordinal)
                ? _repo.Combine("artifacts", "packages", name)
                : _repo.Combine("artifacts", "evidence", Version, name!);
            Assert.Equal(File.ReadAllBytes(local), _github.AssetBytes[asset["id"]!.GetValue<long>()]);
        }

        // 4. A second run verifies and changes nothing.
        var writes = _github.Writes().Count;
        var again = Cli("release", "--version", Version, "--pr", "12");
        Check(again, 0);
        Assert.Contains("exists and verifies", again.Output, StringComparison.Ordinal);
        Assert.Equal(writes, _github.Writes().Count);
        Assert.Single(_github.Releases);

        // 5. An interrupted upload is completed: only the missing asset goes up.
        var assetList = release["assets"]!.AsArray();
        assetList.RemoveAt(0);
        var resumed = Cli("release", "--version", Version, "--pr", "12");
        Check(resumed, 0);
        Assert.Contains("uploaded 1 missing asset(s)", resumed.Output, StringComparison.Ordinal);
        Assert.Equal(expected.Count, release["assets"]!.AsArray().Count);

        // 6. A published asset that differs from the local file is never overwritten: RT5009.
        var stored = release["assets"]!.AsArray()[0]!;
        var size = stored["size"]!.GetValue<int>();
        stored["size"] = size + 1;
        var mismatch = Cli("release", "--version", Version, "--pr", "12");
        Assert.Contains("RT5009", mismatch.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, mismatch.ExitCode);
        stored["size"] = size;

        // 7. A local package that is not the one the evidence bundle records is refused before GitHub is asked.
        writes = _github.Writes().Count;
        File.AppendAllText(_repo.Combine("artifacts", "packages", $"Widgets.{Version}.nupkg"), "changed");
        var changed = Cli("release", "--version", Version, "--pr", "12");
        Check(changed, 1);
        Assert.Contains($"Widgets.{Version}.nupkg : error RT5013", changed.Output, StringComparison.Ordinal);
        Assert.Equal(writes, _github.Writes().Count);

        // What was written follows the schemas.
        foreach (var line in File.ReadAllLines(_repo.Combine("release-train", "signoff-log.jsonl")))
        {
            SchemaAssert.Valid("signoff-record.schema.json", line);
        }

        foreach (var line in File.ReadAllLines(_repo.Combine("release-train", "no-cut-decision-log.jsonl")))
        {
            SchemaAssert.Valid("decision-record.schema.json", line);
        }

        Check(Cli("log", "verify"), 0);
        SchemaAssert.Valid(
            "signoff-status.schema.json",
            Cli("signoff", "status", "--version", Version, "--pr", "12", "--format", "json").StdOut
        );

        // The token never reaches output or files.
        foreach (var file in Directory.GetFiles(_repo.Path, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(_github.Token, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_new_commit_makes_every_approval_stale()
    {
        var at = DateTimeOffset.UtcNow;
        foreach (var who in new[] { "alice", "bob", "carol" })
        {
            _github.AddReview(12, who, "APPROVED", Sha, at.AddHours(-1));
        }

        Check(Cli("signoff", "verify", "--version", Version, "--pr", "12"), 0);
        var stale = Cli(
            "signoff",
            "verify",
            "--version",
            Version,
            "--pr",
            "12",
            "--commit",
            "1111111111111111111111111111111111111111"
        );
        Check(stale, 1);
        Assert.Equal(
            3,
            stale
                .Output.Split('\n')
                .Count(l =>
                    l.Contains("error RT5001", StringComparison.Ordinal)
                    && l.Contains("(stale)", StringComparison.Ordinal)
                )
        );
    }

    [Fact]
    public void Status_posts_failures_with_drift_annotations_at_file_and_line()
    {
        File.WriteAllText(_repo.Combine("manifest.json"), "{\n  \"version\": \"2.0.0\"\n}\n");
        File.WriteAllText(_repo.Combine("payload.json"), "{\n  \"name\": \"w\",\n  \"version\": \"1.9.0\"\n}\n");
        var config = JsonNode.Parse(File.ReadAllText(_repo.Combine("release-train.json")))!.AsObject();
        config["contracts"] = JsonNode.Parse(
            """
            [{ "id": "c", "manifest": "manifest.json", "payloads": ["payload.json"],
               "rules": [{ "id": "version", "kind": "equals", "pointer": "/version", "from": { "pointer":
            """
                + """
                 "/version" } }] }]
                """
        );
        File.WriteAllText(_repo.Combine("release-train.json"), config.ToJsonString());

        var result = Cli("status", "--version", Version, "--commit", Sha);
        Check(result, 0);
        var statuses = _github.Statuses[Sha].ToDictionary(s => s["context"]!.GetValue<string>(), s => s);
        Assert.Equal("failure", statuses["release-train/drift"]["state"]!.GetValue<string>());
        Assert.Equal("failure", statuses["release-train/signoff"]["state"]!.GetValue<string>());
        Assert.Equal("failure", statuses["release-train/no-cut"]["state"]!.GetValue<string>());
        Assert.All(statuses.Values, s => Assert.True(s["description"]!.GetValue<string>().Length <= 140));
        var run = Assert.Single(_github.CheckRuns.Values);
        Assert.Equal("failure", run["conclusion"]!.GetValue<string>());
        var annotation = Assert.Single(run["output"]!["annotations"]!.AsArray())!;
        Assert.Equal("payload.json", annotation["path"]!.GetValue<string>());
        Assert.Equal(3, annotation["start_line"]!.GetValue<int>());
        Assert.Equal(
            statuses["release-train/drift"]["target_url"]!.GetValue<string>(),
            run["html_url"]!.GetValue<string>()
        );
    }

    [Fact]
    public void Missing_GitHub_settings_are_RT5008_and_a_github_error_is_RT5006()
    {
        var noToken = Cli(
            new Dictionary<string, string?> { ["GITHUB_TOKEN"] = null },
            "signoff",
            "status",
            "--version",
            Version,
            "--pr",
            "12"
        );
        Check(noToken, 2);
        Assert.Contains("RT5008", noToken.StdErr, StringComparison.Ordinal);

        var missingPr = Cli("signoff", "status", "--version", Version, "--pr", "99");
        Check(missingPr, 2);
        Assert.Contains("error RT5006: GitHub GET", missingPr.StdErr, StringComparison.Ordinal);
        Assert.Contains("404", missingPr.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(_github.Token, missingPr.Output, StringComparison.Ordinal);
    }

    private ProcessRunner.Result Cli(params string[] args) => Cli(null, args);

    private ProcessRunner.Result Cli(Dictionary<string, string?>? overrides, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_API_URL"] = _github.BaseUrl,
            ["GITHUB_TOKEN"] = _github.Token,
            ["GITHUB_REPOSITORY"] = "acme/widgets",
            ["GITHUB_SHA"] = Sha,
            ["GITHUB_SERVER_URL"] = null,
            ["GITHUB_RUN_ID"] = null,
            ["SOURCE_DATE_EPOCH"] = "1700000000",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            environment[key] = value;
        }

        var quoted = string.Join(" ", new[] { TestPaths.CliDll }.Concat(args).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, _repo.Path, environment, timeoutSeconds: 300);
    }

    private static void Check(ProcessRunner.Result result, int expected) =>
        Assert.True(result.ExitCode == expected, $"exit {result.ExitCode}, expected {expected}:\n{result.Output}");
}
