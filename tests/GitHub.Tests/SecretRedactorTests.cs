using System.Net;
using System.Text;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>The one redaction (<see cref="SecretRedactor"/>) and the writer the CLI prints through.</summary>
public sealed class SecretRedactorTests
{
    private const string Token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

    [Fact]
    public void Every_common_encoding_of_the_token_is_masked_whole()
    {
        var redactor = new SecretRedactor([Token]);
        foreach (var echo in HostileGitHubTests.Encodings(Token).Append(Token))
        {
            Assert.Equal("sent: *** (echo)", redactor.Redact("sent: " + echo + " (echo)"));
        }

        Assert.Equal("Authorization: Bearer ***", redactor.Redact("Authorization: Bearer " + Token));
        Assert.Equal("<p>***</p>", redactor.Redact("<p>" + string.Concat(Token.Select(c => $"&#{(int)c};")) + "</p>"));
    }

    [Fact]
    public void Text_is_redacted_before_it_is_cut()
    {
        var cut = new SecretRedactor([Token]).RedactAndCut(new string('.', 290) + Token + new string('.', 50), 300);

        Assert.Equal(new string('.', 290) + "***" + new string('.', 7) + "…", cut);
    }

    [Fact]
    public void The_user_information_of_any_url_is_masked()
    {
        Assert.Equal(
            "GET https://***@proxy.example/x and ftp://***@h/ failed",
            SecretRedactor.None.Redact("GET https://bob:hunter2@proxy.example/x and ftp://anonymous@h/ failed")
        );
        Assert.Equal("mail bob@example.com", SecretRedactor.None.Redact("mail bob@example.com"));
    }

    [Fact]
    public void The_environment_names_the_token_and_the_password_of_GITHUB_API_URL()
    {
        var redactor = SecretRedactor.FromEnvironment(name =>
            name switch
            {
                "GITHUB_TOKEN" => Token,
                "GITHUB_API_URL" => "https://bob:s3cr%40t-pass@ghe.example.com/api/v3",
                _ => null,
            }
        );

        Assert.Equal("*** and *** and ***", redactor.Redact(Token + " and s3cr@t-pass and s3cr%40t-pass"));
    }

    [Fact]
    public void Values_shorter_than_four_characters_are_not_secrets()
    {
        Assert.Equal("abc", new SecretRedactor(["ab", "", null]).Redact("abc"));
    }

    [Fact]
    public void The_writer_masks_a_token_written_in_pieces()
    {
        var output = new StringWriter { NewLine = "\n" };
        using (var writer = new RedactingWriter(output, new SecretRedactor([Token])) { NewLine = "\n" })
        {
            writer.Write(Token[..10]);
            writer.Write(Token[10..].ToCharArray());
            writer.WriteLine(" end");
            writer.Write("tail " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token)));
        }

        Assert.Equal("*** end\ntail ***", output.ToString());
    }
}

/// <summary>
/// Which origins receive the token, with GitHub's own hosts that cannot run here: an in-memory handler records what
/// would have been sent.
/// </summary>
public sealed class TokenOriginTests
{
    [Theory]
    [InlineData("https://api.github.com", "https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}", true)]
    [InlineData("https://api.github.com/", "https://UPLOADS.github.com:443/repos/o/r/releases/1/assets", true)]
    [InlineData("https://api.github.com", "https://uploads.github.com.evil.example/repos/o/r/releases/1/assets", false)]
    [InlineData("https://api.github.com", "http://uploads.github.com/repos/o/r/releases/1/assets", false)]
    [InlineData("https://api.github.com", "https://uploads.github.com:8443/repos/o/r/releases/1/assets", false)]
    [InlineData("https://api.github.com", "https://x:y@uploads.github.com/repos/o/r/releases/1/assets", false)]
    [InlineData(
        "https://ghe.example.com/api/v3",
        "https://ghe.example.com/api/uploads/repos/o/r/releases/1/assets",
        true
    )]
    [InlineData("https://ghe.example.com/api/v3", "https://uploads.github.com/repos/o/r/releases/1/assets", false)]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com:8443/api/uploads/repos/o/r/assets", false)]
    public async Task Only_the_token_origins_receive_an_upload(string api, string uploadUrl, bool sent)
    {
        using var handler = new RecordingHandler();
        using var client = new GitHubClient(
            new GitHubClientOptions { BaseAddress = new Uri(api), Token = "ghs_originTestToken0123456789" },
            handler
        );
        var release = new Release(1, "v1", null, null, null, true, false, null, uploadUrl, []);

        var ex = await Record.ExceptionAsync(() =>
            client.Repository.Release.UploadAsset(release, "a.nupkg", "application/zip", [1])
        );

        if (sent)
        {
            Assert.Null(ex);
            Assert.Equal("Bearer ghs_originTestToken0123456789", Assert.Single(handler.Authorizations));
        }
        else
        {
            Assert.Equal("RT5030", HostileGitHubTests.CodeOf(ex));
            Assert.Empty(handler.Authorizations);
        }
    }

    [Theory]
    [InlineData("http://ghe.example.com/api/v3", "plain http")]
    [InlineData("https://bob:pw12345@ghe.example.com/api/v3", "user name or password")]
    [InlineData("https://ghe.example.com/api/v3?x=1", "query or fragment")]
    [InlineData("ghe.example.com/api/v3", "not an absolute https URL")]
    public void A_GITHUB_API_URL_that_would_leak_the_token_is_RT5035(string api, string why)
    {
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            GitHubClientOptions.FromEnvironment(name => name == "GITHUB_API_URL" ? api : null)
        );

        Assert.Equal("RT5035", ex.Diagnostic.Code);
        Assert.Contains(why, ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw12345", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GitHubClientOptions.TimeoutVariable, "ten")]
    [InlineData(GitHubClientOptions.DeadlineVariable, "0")]
    [InlineData(GitHubClientOptions.MaxResponseBytesVariable, "-1")]
    public void A_limit_that_is_not_a_positive_number_is_RT5035(string variable, string value)
    {
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            GitHubClientOptions.FromEnvironment(name => name == variable ? value : null)
        );

        Assert.Equal("RT5035", ex.Diagnostic.Code);
        Assert.Contains(variable, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_that_follows_redirects_by_itself_is_refused()
    {
        using var handler = new HttpClientHandler();
        Assert.Throws<ArgumentException>(() => new GitHubClient(new GitHubClientOptions(), handler));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Authorizations.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(
                new HttpResponseMessage(HttpStatusCode.Created)
                {
                    Content = new StringContent("""{"id": 1, "name": "a.nupkg", "size": 1}""", Encoding.UTF8),
                }
            );
        }
    }
}
