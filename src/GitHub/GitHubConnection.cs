using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Octokit;
using Octokit.Internal;
using ReleaseTrain.Core.Diagnostics;
using ProductHeaderValue = Octokit.ProductHeaderValue;

namespace ReleaseTrain.GitHub;

/// <summary>Settings of a <see cref="GitHubClient"/>.</summary>
public sealed class GitHubClientOptions
{
    /// <summary>The environment variable of <see cref="Timeout"/>: seconds, e.g. <c>100</c> or <c>2.5</c>.</summary>
    public const string TimeoutVariable = "RELEASE_TRAIN_GITHUB_TIMEOUT";

    /// <summary>The environment variable of <see cref="Deadline"/>: seconds, e.g. <c>600</c>.</summary>
    public const string DeadlineVariable = "RELEASE_TRAIN_GITHUB_DEADLINE";

    /// <summary>The environment variable of <see cref="MaxResponseBytes"/>: bytes, e.g. <c>33554432</c>.</summary>
    public const string MaxResponseBytesVariable = "RELEASE_TRAIN_GITHUB_MAX_RESPONSE_BYTES";

    private const string GitHubApi = "https://api.github.com";

    /// <summary>
    /// The REST API base, e.g. <c>https://api.github.com</c> or <c>https://ghe.example.com/api/v3</c>: https (http only
    /// for a loopback host), without user information, query or fragment. Its origin (scheme, host and port) is the
    /// only one the token is sent to, with <c>https://uploads.github.com</c> when it is <c>https://api.github.com</c>.
    /// </summary>
    public Uri BaseAddress { get; init; } = new(GitHubApi);

    /// <summary>
    /// The token (GITHUB_TOKEN): printable ASCII without spaces. Sent as <c>Authorization: Bearer</c>, only to the
    /// API's origin; never printed, logged or put in an exception (<see cref="SecretRedactor"/>).
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// How many times a request is retried after 403/429 with rate-limit headers, 5xx or a connection failure (default
    /// 3). A timed-out request is not retried.
    /// </summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// The longest wait before a retry (default 60 s). A Retry-After or x-ratelimit-reset further away than this ends
    /// the retries at once with RT5007 instead of blocking a build for an hour.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first backoff without server advice (doubles per attempt; default 1 s).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The timeout of one request, from sending it to the last byte of its answer (default 100 s;
    /// <see cref="TimeoutVariable"/>). Past it the request fails with RT5031 and is not retried.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The overall deadline of the client's work, from its creation: every request, retry and wait (default 10
    /// minutes; <see cref="DeadlineVariable"/>). Past it nothing more is sent (RT5032).
    /// </summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The largest answer body read, error answers included (default 32 MiB; <see cref="MaxResponseBytesVariable"/>).
    /// A larger one is not read further (RT5033).
    /// </summary>
    public long MaxResponseBytes { get; init; } = 32L << 20;

    /// <summary>
    /// Options from the environment: GITHUB_API_URL (default https://api.github.com), GITHUB_TOKEN,
    /// RELEASE_TRAIN_GITHUB_TIMEOUT and RELEASE_TRAIN_GITHUB_DEADLINE (seconds),
    /// RELEASE_TRAIN_GITHUB_MAX_RESPONSE_BYTES.
    /// </summary>
    /// <param name="environment">Reads a variable (e.g.
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <returns>The options, validated.</returns>
    /// <exception cref="ReleaseTrainException">RT5035 when a setting cannot be used (the message never holds the
    /// token nor a password).</exception>
    public static GitHubClientOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var api = environment("GITHUB_API_URL");
        var defaults = new GitHubClientOptions();
        var options = new GitHubClientOptions
        {
            BaseAddress = string.IsNullOrWhiteSpace(api) ? new Uri(GitHubApi) : ParseBase(api),
            Token = environment("GITHUB_TOKEN") is { Length: > 0 } token ? token : null,
            Timeout = Seconds(environment, TimeoutVariable) ?? defaults.Timeout,
            Deadline = Seconds(environment, DeadlineVariable) ?? defaults.Deadline,
            MaxResponseBytes = Bytes(environment, MaxResponseBytesVariable) ?? defaults.MaxResponseBytes,
        };
        options.Validate();
        return options;
    }

    /// <summary>The origins (scheme://host:port) the token may be sent to.</summary>
    internal IReadOnlyList<string> TokenOrigins =>
        Origin(BaseAddress) is var origin && origin == "https://api.github.com:443"
            ? [origin, "https://uploads.github.com:443"]
            : [origin];

    /// <summary>The origin of a URL, lowercased: scheme://host:port.</summary>
    internal static string Origin(Uri uri) =>
        $"{uri.Scheme}://{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}".ToLowerInvariant();

    /// <summary>Checks every setting; RT5035 (a <see cref="ReleaseTrainException"/>) names the first bad one.</summary>
    internal void Validate()
    {
        if (Token is { } token)
        {
            for (var i = 0; i < token.Length; i++)
            {
                if (token[i] is < '!' or > '~')
                {
                    var what = token[i] switch
                    {
                        '\r' or '\n' => "a line break",
                        ' ' or '\t' => "a space or tab",
                        < ' ' or '\u007f' => "a control character",
                        _ => "a character outside printable ASCII",
                    };
                    throw Invalid(
                        "GITHUB_TOKEN",
                        $"it has {what} at character {i + 1} of {token.Length}, which no GitHub token has; set it to "
                            + "the token alone, without quotes, spaces or line breaks"
                    );
                }
            }

            if (token.Length == 0)
            {
                throw Invalid("GITHUB_TOKEN", "it is empty");
            }
        }

        var shown = SecretRedactor.None.Redact(BaseAddress.OriginalString);
        if (!BaseAddress.IsAbsoluteUri || BaseAddress.Scheme is not ("https" or "http"))
        {
            throw Invalid("GITHUB_API_URL", $"'{shown}' is not an absolute https URL");
        }

        if (BaseAddress.UserInfo.Length > 0)
        {
            throw Invalid(
                "GITHUB_API_URL",
                $"'{shown}' carries a user name or password; ReleaseTrain authenticates with GITHUB_TOKEN only, so "
                    + "remove them from the URL"
            );
        }

        if (BaseAddress.Scheme == "http" && !BaseAddress.IsLoopback)
        {
            throw Invalid(
                "GITHUB_API_URL",
                $"'{shown}' is plain http, which would send the token unencrypted; use https (http is accepted for "
                    + "a loopback host only)"
            );
        }

        if (BaseAddress.Query.Length > 0 || BaseAddress.Fragment.Length > 0)
        {
            throw Invalid("GITHUB_API_URL", $"'{shown}' has a query or fragment; give the API base only");
        }

        if (Timeout <= TimeSpan.Zero || Deadline <= TimeSpan.Zero || MaxResponseBytes <= 0 || MaxRetries < 0)
        {
            throw Invalid(
                "GitHubClientOptions",
                "Timeout, Deadline and MaxResponseBytes must be positive and MaxRetries not negative"
            );
        }
    }

    private static Uri ParseBase(string api) =>
        Uri.TryCreate(api.Trim(), UriKind.Absolute, out var uri)
            ? uri
            : throw Invalid("GITHUB_API_URL", $"'{SecretRedactor.None.Redact(api)}' is not an absolute https URL");

    private static TimeSpan? Seconds(Func<string, string?> environment, string name)
    {
        if (environment(name) is not { Length: > 0 } text)
        {
            return null;
        }

        return
            double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s)
            && s > 0
            && s <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(s)
            : throw Invalid(name, $"'{text}' is not a positive number of seconds (e.g. 100 or 2.5)");
    }

    private static long? Bytes(Func<string, string?> environment, string name)
    {
        if (environment(name) is not { Length: > 0 } text)
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : throw Invalid(name, $"'{text}' is not a positive whole number of bytes (e.g. 33554432)");
    }

    private static ReleaseTrainException Invalid(string setting, string why) =>
        new(DiagnosticCodes.GitHubSettingInvalid.Error(null, 0, 0, setting, why));
}

/// <summary>
/// A GitHub API error: an RT5006 (error answer) or RT5007 (retries exhausted) diagnostic and the HTTP status.
/// </summary>
public sealed class GitHubApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="diagnostic">The diagnostic (token-free).</param>
    /// <param name="statusCode">The HTTP status, or null for a connection failure.</param>
    /// <param name="error">GitHub's error body, or null.</param>
    public GitHubApiException(Diagnostic diagnostic, HttpStatusCode? statusCode, ApiError? error)
        : base(diagnostic?.Message)
    {
        Diagnostic = diagnostic!;
        StatusCode = statusCode;
        Error = error;
    }

    /// <summary>The diagnostic.</summary>
    public Diagnostic Diagnostic { get; }

    /// <summary>The HTTP status, or null for a connection failure.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>GitHub's error body, or null.</summary>
    public ApiError? Error { get; }
}

/// <summary>
/// The client's way to GitHub: Octokit's <see cref="Octokit.GitHubClient"/> and its <see cref="Octokit.IConnection"/>
/// over Octokit's <see cref="HttpClientAdapter"/> with our <see cref="GitHubPolicyHandler"/> in its pipeline (host
/// pinning, the token, retries, time and size bounds, error answers as <see cref="GitHubApiException"/>). Each call
/// runs in a <see cref="GitHubCall"/> that keeps the answers the handler read; the result is read from those bytes
/// into this namespace's models with System.Text.Json and <see cref="ModelCheck"/> (RT5034 for a missing member), as
/// Octokit's deserializer leaves a missing member null without a word and its models lack fields we check (an asset's
/// <c>digest</c>). No Octokit exception leaves this class: Octokit's <see cref="ApiException"/> becomes RT5006 and a
/// success answer Octokit cannot read becomes RT5034.
/// </summary>
internal sealed class GitHubConnection : IDisposable
{
    private readonly HttpClientAdapter _http;
    private readonly GitHubClientOptions _options;
    private readonly SecretRedactor _redactor;
    private readonly GitHubPolicyHandler _policy;

    public GitHubConnection(GitHubClientOptions options, HttpMessageHandler? handler)
    {
        options.Validate();
        if (handler is HttpClientHandler { AllowAutoRedirect: true } or SocketsHttpHandler { AllowAutoRedirect: true })
        {
            throw new ArgumentException(
                "The handler follows redirects by itself, to any host: set AllowAutoRedirect = false (the client "
                    + "follows redirects within the token's origin only).",
                nameof(handler)
            );
        }

        _options = options;
        _redactor = new SecretRedactor([options.Token]);
        _policy = new GitHubPolicyHandler(
            options,
            _redactor,
            handler ?? new SocketsHttpHandler { AllowAutoRedirect = false },
            ownsTransport: handler is null
        );
        _http = new HttpClientAdapter(() => _policy);

        // The handler bounds every attempt and the client's deadline; HttpClient's own 100 s would cut retries.
        _http.SetRequestTimeout(System.Threading.Timeout.InfiniteTimeSpan);
        Connection = new Connection(
            new ProductHeaderValue(
                "ReleaseTrain",
                typeof(GitHubConnection).Assembly.GetName().Version?.ToString(3) ?? "0"
            ),
            Resolve(string.Empty),
            new InMemoryCredentialStore(Credentials.Anonymous),
            new UnboundedHttpClient(_http),
            new SimpleJsonSerializer()
        );
        Octokit = new Octokit.GitHubClient(Connection);
    }

    /// <summary>Octokit's client, on <see cref="Connection"/>.</summary>
    public IGitHubClient Octokit { get; }

    /// <summary>Octokit's connection, for the requests its typed clients do not make.</summary>
    public IConnection Connection { get; }

    /// <summary>An API path (<c>repos/o/r/...</c>) as an absolute URL under GITHUB_API_URL.</summary>
    public Uri Resolve(string relative)
    {
        var baseText = _options.BaseAddress.ToString();
        return new Uri((baseText.EndsWith('/') ? baseText : baseText + "/") + relative.TrimStart('/'));
    }

    /// <summary>Runs one Octokit call and reads its (last) answer as <typeparamref name="T"/>.</summary>
    /// <param name="send">The Octokit call.</param>
    /// <param name="type">The model read from the answer.</param>
    /// <param name="cancellationToken">Cancels the call (Octokit's typed clients take none: the handler does).</param>
    public async Task<T> Call<T>(Func<Task> send, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var call = await Run(send, cancellationToken).ConfigureAwait(false);
        return Parse(call.Answers[^1], type);
    }

    /// <summary>As <see cref="Call{T}"/>, but null when GitHub answers 404 (its answer for "none").</summary>
    public async Task<T?> CallOrNull<T>(Func<Task> send, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await Call(send, type, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.Diagnostic.Code == "RT5006")
        {
            return null;
        }
    }

    /// <summary>Runs an Octokit call that pages (Octokit follows <c>Link: rel="next"</c>; the handler checks each
    /// page's origin and counts pages) and reads every page's answer as a list.</summary>
    public async Task<List<T>> CallPages<T>(
        Func<Task> send,
        JsonTypeInfo<List<T>> pageType,
        CancellationToken cancellationToken
    )
    {
        var call = await Run(send, cancellationToken).ConfigureAwait(false);
        var all = new List<T>();
        foreach (var answer in call.Answers)
        {
            all.AddRange(Parse(answer, pageType));
        }

        return all;
    }

    /// <summary>
    /// Refuses (RT5030), before anything is sent, a URL outside the token's origins (see
    /// <see cref="GitHubPolicyHandler.EnsureAllowed"/>).
    /// </summary>
    public void EnsureAllowed(HttpMethod method, Uri uri, string source) => _policy.EnsureAllowed(method, uri, source);

    /// <summary>Reads an answer's body as <typeparamref name="T"/>; RT5034 when it is not that JSON.</summary>
    public T Parse<T>(GitHubAnswer answer, JsonTypeInfo<T> type)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(answer.Body, type);
        }
        catch (JsonException ex)
        {
            throw Malformed(answer, "it is not the JSON expected: " + ex.Message);
        }

        if (value is null)
        {
            throw Malformed(answer, "it is JSON null, not the object expected");
        }

        return ModelCheck.FirstMissing(value) is { } member
            ? throw Malformed(answer, $"{member} is missing or null")
            : value;
    }

    /// <summary>RT5034 for an answer whose content is unusable.</summary>
    public GitHubApiException Malformed(GitHubAnswer answer, string detail) =>
        new(
            DiagnosticCodes.GitHubAnswerMalformed.Error(
                null,
                0,
                0,
                answer.Method.Method,
                Shown(answer.Uri),
                StatusText(answer.Status),
                _redactor.RedactAndCut(detail, 300)
            ),
            answer.Status,
            null
        );

    public void Dispose() => _http.Dispose();

    /// <summary>The redaction of every message this client makes (<see cref="SecretRedactor"/>).</summary>
    public string Redact(string text) => _redactor.Redact(text);

    /// <summary>A URL as messages show it: redacted.</summary>
    public string Shown(Uri uri) => _policy.Shown(uri);

    private static string StatusText(HttpStatusCode status) =>
        ((int)status).ToString(CultureInfo.InvariantCulture) + " " + status;

    /// <summary>
    /// Runs an Octokit call in a <see cref="GitHubCall"/>; maps what Octokit throws (the handler's own
    /// <see cref="GitHubApiException"/> passes through).
    /// </summary>
    private async Task<GitHubCall> Run(Func<Task> send, CancellationToken cancellationToken)
    {
        var call = GitHubCall.Begin(cancellationToken);
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (GitHubApiException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ApiException ex)
        {
            // Not expected (the handler answers every error answer itself), but never an Octokit exception for a user.
            var last = call.Answers.Count > 0 ? call.Answers[^1] : null;
            throw new GitHubApiException(
                DiagnosticCodes.GitHubApiError.Error(
                    null,
                    0,
                    0,
                    last?.Method.Method ?? "?",
                    last is null ? "?" : Shown(last.Uri),
                    StatusText(ex.StatusCode),
                    _redactor.RedactAndCut(ex.ApiError?.Message ?? ex.Message, 2000)
                ),
                ex.StatusCode,
                null
            );
        }
        catch (Exception ex) when (call.Answers.Count > 0 && call.Answers[^1].IsSuccess)
        {
            // Octokit could not read a success answer (its deserializer): fail closed, as for our own reading.
            throw Malformed(call.Answers[^1], "it is not the JSON expected: " + ex.Message);
        }

        return call.Answers.Count > 0
            ? call
            : throw new InvalidOperationException("An Octokit call finished without a request.");
    }

    /// <summary>
    /// Octokit's <see cref="IHttpClient"/> without Octokit's per-request timeout (100 s, which would cut the
    /// handler's retries): <see cref="GitHubPolicyHandler"/> bounds every attempt and the whole deadline.
    /// </summary>
    private sealed class UnboundedHttpClient(HttpClientAdapter inner) : IHttpClient
    {
        public Task<IResponse> Send(
            IRequest request,
            CancellationToken cancellationToken,
            Func<object, object>? preprocessResponseBody = null
        )
        {
            if (request is Request settable)
            {
                settable.Timeout = TimeSpan.Zero;
            }

            return inner.Send(request, cancellationToken, preprocessResponseBody);
        }

        public void SetRequestTimeout(TimeSpan timeout) => inner.SetRequestTimeout(timeout);

        public void Dispose() => inner.Dispose();
    }
}

/// <summary>
/// One client call (which may be several requests: pages): its cancellation and the answers the handler read, in
/// order. Carried to <see cref="GitHubPolicyHandler"/> through an <see cref="AsyncLocal{T}"/>, as Octokit's typed
/// clients pass no cancellation token and hand back no raw answer.
/// </summary>
internal sealed class GitHubCall
{
    /// <summary>The most pages one call reads (RT5006 beyond).</summary>
    public const int MaxPages = 1000;

    private static readonly AsyncLocal<GitHubCall?> s_current = new();

    private GitHubCall(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    /// <summary>The call of the current async flow, or null outside one.</summary>
    public static GitHubCall? Current => s_current.Value;

    /// <summary>The caller's cancellation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The final answer of each request, in order (redirects and retries are inside one).</summary>
    public List<GitHubAnswer> Answers { get; } = [];

    /// <summary>Starts a call in the current async flow (it ends with the async method that started it).</summary>
    public static GitHubCall Begin(CancellationToken cancellationToken)
    {
        var call = new GitHubCall(cancellationToken);
        s_current.Value = call;
        return call;
    }
}

/// <summary>
/// An answer read whole (within the size limit): the request's method and URL, status, headers, body.
/// </summary>
internal sealed record GitHubAnswer(
    HttpMethod Method,
    Uri Uri,
    HttpStatusCode Status,
    HttpResponseHeaders Headers,
    byte[] Body
)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The content headers (Content-Type), or null.</summary>
    public HttpContentHeaders? ContentHeaders { get; init; }
}
