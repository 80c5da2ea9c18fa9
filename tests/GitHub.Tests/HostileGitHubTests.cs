using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// Issue 14, "Secrets", "Hangs and resources" and "Crashes": the client against a hostile GitHub on 127.0.0.1 (the
/// emulator's hostile behaviours) and a second server on another port standing for another host. The token goes only
/// to GITHUB_API_URL's origin; every echo of it is redacted before anything is cut; every answer is bounded in time and
/// size; a malformed answer or setting is a coded error. The settings come from the environment variables users set
/// (<see cref="GitHubClientOptions.FromEnvironment"/>), with short timeouts so that the tests run fast.
/// </summary>
public sealed class HostileGitHubTests : IAsyncLifetime
{
    private GitHubEmulator _github = null!;
    private GitHubEmulator _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _github = await GitHubEmulator.StartAsync();
        _elsewhere = await GitHubEmulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    [Fact]
    public async Task A_next_page_link_to_another_host_is_refused_before_the_token_goes_there()
    {
        _github.MaxPerPage = 1;
        _github.AddReview(7, "alice", "APPROVED", "abc", DateTimeOffset.UtcNow);
        _github.AddReview(7, "bob", "APPROVED", "abc", DateTimeOffset.UtcNow);
        _github.LinkBase = _elsewhere.BaseUrl;
        using var client = Client();

        var ex = await Record.ExceptionAsync(() => client.PullRequest.Review.GetAll("acme", "widgets", 7));

        Assert.Empty(_elsewhere.Requests);
        Assert.Equal("RT5030", CodeOf(ex));
        Assert.Contains(_elsewhere.BaseUrl, ex!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_github.Token, ex.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_upload_url_on_another_host_is_refused_before_the_asset_is_sent()
    {
        _github.UploadBase = _elsewhere.BaseUrl + "/uploads";
        using var client = Client();
        var release = await client.Repository.Release.Create(
            "acme",
            "widgets",
            new NewRelease("v1.0.0", "abc", "v1.0.0", "body", Draft: true, Prerelease: false)
        );

        var ex = await Record.ExceptionAsync(() =>
            client.Repository.Release.UploadAsset(release, "Widgets.1.0.0.nupkg", "application/zip", [1, 2, 3])
        );

        Assert.Empty(_elsewhere.Requests);
        Assert.Equal("RT5030", CodeOf(ex));
        Assert.DoesNotContain(_github.Token, ex!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_redirect_to_another_host_is_not_followed(int status)
    {
        _github.Hostile(
            1,
            GitHubEmulator.Redirect(_elsewhere.BaseUrl + "/repos/acme/widgets/commits/abc/status", status)
        );
        using var client = Client();

        var ex = await Record.ExceptionAsync(() => client.Repository.Status.GetCombined("acme", "widgets", "abc"));

        Assert.Empty(_elsewhere.Requests);
        Assert.Equal("RT5030", CodeOf(ex));
    }

    [Fact]
    public async Task A_redirect_on_the_same_host_is_followed_with_the_token()
    {
        _github.Hostile(1, GitHubEmulator.Redirect(_github.BaseUrl + "/repos/acme/widgets/commits/def/status", 301));
        using var client = Client();

        var combined = await client.Repository.Status.GetCombined("acme", "widgets", "abc");

        Assert.Equal("def", combined.Sha);
        Assert.Equal(2, _github.Requests.Count);
        Assert.All(_github.Requests, r => Assert.Equal("Bearer " + _github.Token, r.Authorization));
    }

    [Fact]
    public async Task Echoes_of_the_token_in_its_common_encodings_are_redacted()
    {
        var echoes = Encodings(_github.Token);
        _github.Hostile(
            1,
            GitHubEmulator.Raw(
                400,
                new JsonObject { ["message"] = "you sent: " + string.Join(" | ", echoes) }.ToJsonString()
            )
        );
        using var client = Client();

        var ex = await Record.ExceptionAsync(() => client.Repository.Status.GetCombined("acme", "widgets", "abc"));

        Assert.NotNull(ex);
        var text = ex.ToString();
        Assert.Contains("you sent: ***", text, StringComparison.Ordinal);
        foreach (var echo in echoes)
        {
            Assert.DoesNotContain(echo, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(_github.Token[4..16], text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_cut_by_the_300_character_limit_is_redacted_before_the_cut()
    {
        // A body that is not GitHub's JSON is shown cut to 300 characters: the token straddles the cut.
        _github.Hostile(1, GitHubEmulator.Raw(400, new string('.', 290) + _github.Token, "text/plain"));
        using var client = Client();

        var ex = await Record.ExceptionAsync(() => client.Repository.Status.GetCombined("acme", "widgets", "abc"));

        Assert.NotNull(ex);
        Assert.DoesNotContain(_github.Token[..8], ex.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_password_in_GITHUB_API_URL_is_never_printed()
    {
        var withPassword = _github.BaseUrl.Replace("http://", "http://bob:hunter2secret@", StringComparison.Ordinal);

        var ex = await Record.ExceptionAsync(async () =>
        {
            using var client = Client(new() { ["GITHUB_API_URL"] = withPassword });
            await client.PullRequest.Get("acme", "widgets", 99);
        });

        Assert.NotNull(ex);
        Assert.DoesNotContain("hunter2secret", ex.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("RT5035", CodeOf(ex));
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task A_trickling_answer_is_cut_at_the_request_timeout_and_not_retried()
    {
        _github.Hostile(4, GitHubEmulator.Trickle(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60)));
        using var client = Client(new() { ["RELEASE_TRAIN_GITHUB_TIMEOUT"] = "1" });
        var watch = Stopwatch.StartNew();

        var ex = await Record.ExceptionAsync(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc").WaitAsync(TimeSpan.FromSeconds(30))
        );

        Assert.Equal("RT5031", CodeOf(ex));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"held for {watch.Elapsed}");
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task The_deadline_ends_all_GitHub_work_of_a_command()
    {
        _github.Hostile(1, GitHubEmulator.Trickle(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60)));
        using var client = Client(
            new() { ["RELEASE_TRAIN_GITHUB_TIMEOUT"] = "30", ["RELEASE_TRAIN_GITHUB_DEADLINE"] = "2" }
        );
        var watch = Stopwatch.StartNew();

        var ex = await Record.ExceptionAsync(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc").WaitAsync(TimeSpan.FromSeconds(30))
        );

        Assert.Equal("RT5032", CodeOf(ex));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"held for {watch.Elapsed}");

        // Past the deadline nothing more is sent.
        var after = await Record.ExceptionAsync(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc").WaitAsync(TimeSpan.FromSeconds(30))
        );
        Assert.Equal("RT5032", CodeOf(after));
        Assert.Single(_github.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(200)]
    public async Task An_oversized_answer_is_refused_without_reading_it_all(int status)
    {
        const long size = 64L << 20;
        _github.Hostile(1, GitHubEmulator.Huge(status, size));
        using var client = Client(new() { ["RELEASE_TRAIN_GITHUB_MAX_RESPONSE_BYTES"] = "1048576" });

        var ex = await Record.ExceptionAsync(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc").WaitAsync(TimeSpan.FromSeconds(60))
        );

        Assert.Equal("RT5033", CodeOf(ex));
        Assert.True(
            _github.HostileBytesWritten < size / 2,
            $"{_github.HostileBytesWritten} of {size} bytes were sent: the body was read to the end"
        );
    }

    [Theory]
    [InlineData("{\"state\": \"success\", \"sha\": ")]
    [InlineData("null")]
    [InlineData("{\"state\": \"success\"}")]
    [InlineData("[1, 2]")]
    public async Task A_malformed_json_answer_is_a_coded_error(string body)
    {
        _github.Hostile(1, GitHubEmulator.Raw(200, body));
        using var client = Client();

        var ex = await Record.ExceptionAsync(() => client.Repository.Status.GetCombined("acme", "widgets", "abc"));

        Assert.Equal("RT5034", CodeOf(ex));
    }

    [Fact]
    public async Task A_null_release_answer_is_not_taken_for_a_missing_release()
    {
        _github.Hostile(1, GitHubEmulator.Raw(200, "null"));
        using var client = Client();

        var ex = await Record.ExceptionAsync(() => client.Repository.Release.GetByTag("acme", "widgets", "v1.0.0"));

        Assert.Equal("RT5034", CodeOf(ex));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\nX-Injected: 1")]
    [InlineData(" ")]
    public async Task A_line_break_in_GITHUB_TOKEN_is_a_coded_error_without_the_token(string tail)
    {
        var token = _github.Token[..20] + tail + _github.Token[20..];

        var ex = await Record.ExceptionAsync(async () =>
        {
            using var client = Client(new() { ["GITHUB_TOKEN"] = token });
            await client.Repository.Status.GetCombined("acme", "widgets", "abc");
        });

        Assert.Equal("RT5035", CodeOf(ex));
        Assert.DoesNotContain(_github.Token[..20], ex!.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_github.Requests);
    }

    /// <summary>
    /// The echoes a server or proxy might print: case changes, base64, JSON escapes, percent-encoding.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <returns>Each encoding.</returns>
    internal static List<string> Encodings(string token)
    {
        string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        return
        [
            token.ToLowerInvariant(),
            token.ToUpperInvariant(),
            Base64(token),
            Base64(token).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            Base64("x-access-token:" + token),
            Base64("bob:" + token),
            Base64("b:" + token),
            string.Concat(token.Select(c => $"\\u{(int)c:x4}")),
            token[..6] + string.Concat(token[6..].Select(c => $"\\u{(int)c:X4}")),
            string.Concat(Encoding.UTF8.GetBytes(token).Select(b => $"%{b:X2}")),
        ];
    }

    internal static string? CodeOf(Exception? ex) =>
        ex switch
        {
            GitHubApiException api => api.Diagnostic.Code,
            ReleaseTrainException coded => coded.Diagnostic.Code,
            null => null,
            _ => ex.GetType().Name + ": " + ex.Message,
        };

    private GitHubClient Client(Dictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_API_URL"] = _github.BaseUrl,
            ["GITHUB_TOKEN"] = _github.Token,
        };
        foreach (var (key, value) in settings ?? [])
        {
            environment[key] = value;
        }

        return new GitHubClient(GitHubClientOptions.FromEnvironment(name => environment.GetValueOrDefault(name)));
    }
}

/// <summary>
/// The same attacks through the built CLI as a separate process: a coded error, exit 2, no stack trace, no token, no
/// password in anything it prints.
/// </summary>
public sealed class HostileCliTests : IAsyncLifetime
{
    private GitHubEmulator _github = null!;
    private TempDirectory _repo = null!;

    public async Task InitializeAsync()
    {
        _github = await GitHubEmulator.StartAsync();
        _github.AddPull(12, "dave", "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
        _repo = new TempDirectory();
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            """{ "signoff": { "allowUnsignedRecords": true, "roles": { "usr-architecture": ["alice"] """
                + """}, "maxAge": "P14D" } }"""
        );
    }

    public async Task DisposeAsync()
    {
        _repo.Dispose();
        await _github.DisposeAsync();
    }

    [Fact]
    public void A_line_break_in_GITHUB_TOKEN_is_RT5035_without_the_token_or_a_stack_trace()
    {
        var result = Cli(new() { ["GITHUB_TOKEN"] = _github.Token + "\n" }, "signoff", "status", "--pr", "12");

        Clean(result, "RT5035");
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public void A_malformed_json_answer_is_RT5034_not_a_crash()
    {
        _github.Hostile(1, GitHubEmulator.Raw(200, "{\"number\": 12, \"user\": {\"login\": "));

        Clean(Cli(null, "signoff", "status", "--pr", "12"), "RT5034");
    }

    [Fact]
    public void Echoes_of_the_token_and_a_password_in_GITHUB_API_URL_never_reach_the_output()
    {
        var echoes = HostileGitHubTests.Encodings(_github.Token);
        _github.Hostile(
            1,
            GitHubEmulator.Raw(404, new JsonObject { ["message"] = string.Join(" | ", echoes) }.ToJsonString())
        );
        var echoed = Cli(null, "signoff", "status", "--pr", "12");
        Clean(echoed, "RT5006");
        foreach (var echo in echoes)
        {
            Assert.DoesNotContain(echo, echoed.Output, StringComparison.OrdinalIgnoreCase);
        }

        var withPassword = _github.BaseUrl.Replace("http://", "http://bob:hunter2secret@", StringComparison.Ordinal);
        var url = Cli(new() { ["GITHUB_API_URL"] = withPassword }, "signoff", "status", "--pr", "99");
        Clean(url, "RT5035");
        Assert.DoesNotContain("hunter2secret", url.Output, StringComparison.Ordinal);
    }

    private void Clean(ProcessRunner.Result result, string code)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}:\n{result.Output}");
        Assert.Contains($"error {code}:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RT1015", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_github.Token, result.Output, StringComparison.OrdinalIgnoreCase);
    }

    private ProcessRunner.Result Cli(Dictionary<string, string?>? overrides, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_API_URL"] = _github.BaseUrl,
            ["GITHUB_TOKEN"] = _github.Token,
            ["GITHUB_REPOSITORY"] = "acme/widgets",
            ["GITHUB_SHA"] = "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            ["GITHUB_SERVER_URL"] = null,
            ["GITHUB_RUN_ID"] = null,
        };
        foreach (var (key, value) in overrides ?? [])
        {
            environment[key] = value;
        }

        var all = args.Concat(["--version", "1.2.0"]);
        var quoted = string.Join(" ", new[] { TestPaths.CliDll }.Concat(all).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, _repo.Path, environment, timeoutSeconds: 120);
    }
}
