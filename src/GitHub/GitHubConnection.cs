using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;

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
/// Sends requests with the headers GitHub asks for (Accept <c>application/vnd.github+json</c>,
/// <c>X-GitHub-Api-Version: 2022-11-28</c>, a User-Agent, the bearer token), retries what GitHub says to retry, follows
/// <c>Link: rel="next"</c> pagination and redirects within the token's origins only (RT5030 otherwise, before
/// sending), bounds every request in time (<see cref="GitHubClientOptions.Timeout"/>, RT5031;
/// <see cref="GitHubClientOptions.Deadline"/>, RT5032) and every answer in size (RT5033), and turns error answers
/// into <see cref="GitHubApiException"/> and malformed ones into RT5034, every message redacted before it is cut.
/// </summary>
internal sealed partial class GitHubConnection : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly HttpClient _http;
    private readonly GitHubClientOptions _options;
    private readonly SecretRedactor _redactor;
    private readonly IReadOnlyList<string> _origins;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    // Set once an attempt was cut by the deadline: the cancellation timer may fire a little before the stopwatch
    // reaches the deadline, and nothing may be sent after the client said its deadline passed.
    private volatile bool _deadlineReached;

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
        _origins = options.TokenOrigins;
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
            : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
    }

    public Uri Resolve(string relative)
    {
        var baseText = _options.BaseAddress.ToString();
        return new Uri((baseText.EndsWith('/') ? baseText : baseText + "/") + relative.TrimStart('/'));
    }

    public async Task<T> Send<T>(
        HttpMethod method,
        Uri uri,
        object? body,
        JsonTypeInfo? bodyType,
        JsonTypeInfo<T> resultType,
        CancellationToken cancellationToken
    )
    {
        var content = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, bodyType!);
        var answer = await SendRaw(method, uri, content, "application/json", cancellationToken).ConfigureAwait(false);
        return Parse(answer, resultType);
    }

    public async Task<List<T>> GetAll<T>(Uri first, JsonTypeInfo<List<T>> pageType, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        Uri? next = first;
        var pages = 0;
        while (next is not null)
        {
            if (++pages > 1000)
            {
                throw new GitHubApiException(
                    DiagnosticCodes.GitHubApiError.Error(
                        null,
                        0,
                        0,
                        "GET",
                        Shown(first),
                        "200 OK",
                        "more than 1000 pages"
                    ),
                    HttpStatusCode.OK,
                    null
                );
            }

            EnsureAllowed(HttpMethod.Get, next, pages == 1 ? "the request" : "the Link: rel=\"next\" header");
            var answer = await SendRaw(HttpMethod.Get, next, null, null, cancellationToken).ConfigureAwait(false);
            all.AddRange(Parse(answer, pageType));
            next = NextLink(answer);
        }

        return all;
    }

    /// <summary>
    /// Sends a request (retrying, following allowed redirects) and reads its answer, bounded. Returns a success
    /// answer, or a 404 when <paramref name="allowNotFound"/>; throws <see cref="GitHubApiException"/> otherwise.
    /// </summary>
    public async Task<GitHubAnswer> SendRaw(
        HttpMethod method,
        Uri uri,
        byte[]? content,
        string? contentType,
        CancellationToken cancellationToken,
        bool allowNotFound = false
    )
    {
        var target = uri;
        var redirects = 0;
        var attempt = 1;
        while (true)
        {
            EnsureAllowed(method, target, redirects == 0 ? "the request" : "a redirect");
            var remaining = _options.Deadline - _clock.Elapsed;
            if (_deadlineReached || remaining <= TimeSpan.Zero)
            {
                throw DeadlinePassed(method, target, string.Empty);
            }

            GitHubAnswer answer;
            using (var attemptCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // Which bound cuts this attempt is decided here, not by reading the clock after the cancellation: a
                // timer may fire a little before the stopwatch reaches the deadline.
                var deadlineBound = remaining < _options.Timeout;
                attemptCancel.CancelAfter(deadlineBound ? remaining : _options.Timeout);
                try
                {
                    answer = await Exchange(method, target, content, contentType, attemptCancel.Token)
                        .ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    _deadlineReached |= deadlineBound || _clock.Elapsed >= _options.Deadline;
                    throw _deadlineReached
                        ? DeadlinePassed(method, target, string.Empty)
                        : new GitHubApiException(
                            DiagnosticCodes.GitHubRequestTimeout.Error(
                                null,
                                0,
                                0,
                                method.Method,
                                Shown(target),
                                _options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)
                            ),
                            null,
                            null
                        );
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    if (attempt > _options.MaxRetries)
                    {
                        throw new GitHubApiException(
                            DiagnosticCodes.GitHubRetriesExhausted.Error(
                                null,
                                0,
                                0,
                                method.Method,
                                Shown(target),
                                "no answer",
                                attempt,
                                _redactor.RedactAndCut(ex.Message, 300)
                            ),
                            null,
                            null
                        );
                    }

                    await Wait(Backoff(attempt), method, target, cancellationToken).ConfigureAwait(false);
                    attempt++;
                    continue;
                }
            }

            var status = (int)answer.Status;
            if (status is 301 or 302 or 303 or 307 or 308 && answer.Headers.Location is { } location)
            {
                if (++redirects > MaxRedirects)
                {
                    throw Failure(answer, null, $"more than {MaxRedirects} redirects");
                }

                if (status is 301 or 302 or 303 && method != HttpMethod.Get)
                {
                    throw Failure(answer, null, $"a redirect ({status}) of a {method.Method} is not followed");
                }

                var next = location.IsAbsoluteUri ? location : new Uri(target, location);
                EnsureAllowed(method, next, $"a redirect ({status}) from {Shown(target)}");
                target = next;
                continue;
            }

            if (answer.IsSuccess || (allowNotFound && answer.Status == HttpStatusCode.NotFound))
            {
                return answer;
            }

            var text = Encoding.UTF8.GetString(answer.Body);
            var error = ParseError(text);
            if (IsRetryable(answer))
            {
                var delay = RetryDelay(answer, attempt);
                if (attempt <= _options.MaxRetries && delay <= _options.MaxRetryDelay)
                {
                    await Wait(delay, method, target, cancellationToken).ConfigureAwait(false);
                    attempt++;
                    continue;
                }

                throw new GitHubApiException(
                    DiagnosticCodes.GitHubRetriesExhausted.Error(
                        null,
                        0,
                        0,
                        method.Method,
                        Shown(target),
                        status,
                        attempt,
                        Describe(error, text)
                            + (
                                delay > _options.MaxRetryDelay
                                    ? $" (the server asks to wait {delay.TotalSeconds:0} s, over the "
                                        + $"{_options.MaxRetryDelay.TotalSeconds:0} s limit)"
                                    : string.Empty
                            )
                    ),
                    answer.Status,
                    error
                );
            }

            throw Failure(answer, error, text);
        }
    }

    /// <summary>
    /// Refuses (RT5030), before anything is sent, a URL outside the token's origins: GITHUB_API_URL's scheme, host
    /// and port, and uploads.github.com for api.github.com.
    /// </summary>
    /// <param name="method">The method about to be sent.</param>
    /// <param name="uri">The URL.</param>
    /// <param name="source">What named the URL, for the message ("the release's upload_url").</param>
    public void EnsureAllowed(HttpMethod method, Uri uri, string source)
    {
        if (uri.IsAbsoluteUri && uri.UserInfo.Length == 0 && _origins.Contains(GitHubClientOptions.Origin(uri)))
        {
            return;
        }

        throw new GitHubApiException(
            DiagnosticCodes.GitHubHostRefused.Error(
                null,
                0,
                0,
                method.Method,
                Shown(uri),
                source,
                string.Join(" and ", _origins)
            ),
            null,
            null
        );
    }

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
    public string Shown(Uri uri) => _redactor.RedactAndCut(uri.ToString(), 300);

    private static string StatusText(HttpStatusCode status) =>
        ((int)status).ToString(CultureInfo.InvariantCulture) + " " + status;

    private async Task<GitHubAnswer> Exchange(
        HttpMethod method,
        Uri uri,
        byte[]? content,
        string? contentType,
        CancellationToken cancellationToken
    )
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        request.Headers.UserAgent.Add(
            new ProductInfoHeaderValue(
                "ReleaseTrain",
                typeof(GitHubConnection).Assembly.GetName().Version?.ToString(3) ?? "0"
            )
        );
        if (_options.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        if (content is not null)
        {
            request.Content = new ByteArrayContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/octet-stream");
        }

        using var response = await _http
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        var limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } length && length > limit)
        {
            throw TooLarge(method, uri, response.StatusCode);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(method, uri, response.StatusCode);
                }

                buffer.Write(chunk, 0, read);
            }

            return new GitHubAnswer(method, uri, response.StatusCode, response.Headers, buffer.ToArray());
        }
    }

    private GitHubApiException TooLarge(HttpMethod method, Uri uri, HttpStatusCode status) =>
        new(
            DiagnosticCodes.GitHubAnswerTooLarge.Error(
                null,
                0,
                0,
                method.Method,
                Shown(uri),
                StatusText(status),
                _options.MaxResponseBytes
            ),
            status,
            null
        );

    private GitHubApiException DeadlinePassed(HttpMethod method, Uri uri, string why) =>
        new(
            DiagnosticCodes.GitHubDeadlineExceeded.Error(
                null,
                0,
                0,
                method.Method,
                Shown(uri),
                _options.Deadline.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                why
            ),
            null,
            null
        );

    /// <summary>Waits before a retry, unless the wait would end past the deadline (RT5032 at once).</summary>
    private async Task Wait(TimeSpan delay, HttpMethod method, Uri uri, CancellationToken cancellationToken)
    {
        if (_clock.Elapsed + delay >= _options.Deadline)
        {
            throw DeadlinePassed(
                method,
                uri,
                $" (a retry would wait {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s more)"
            );
        }

        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    private GitHubApiException Failure(GitHubAnswer answer, ApiError? error, string text) =>
        new(
            DiagnosticCodes.GitHubApiError.Error(
                null,
                0,
                0,
                answer.Method.Method,
                Shown(answer.Uri),
                StatusText(answer.Status),
                Describe(error, text)
            ),
            answer.Status,
            error
        );

    /// <summary>
    /// GitHub's error, or the raw body: redacted first, then cut (300 characters raw, 2000 described).
    /// </summary>
    private string Describe(ApiError? error, string text)
    {
        if (error?.Message is null)
        {
            return _redactor.RedactAndCut(text, 300);
        }

        var builder = new StringBuilder(error.Message);
        foreach (var detail in error.Errors ?? [])
        {
            builder.Append(
                CultureInfo.InvariantCulture,
                $"; {detail?.Resource}.{detail?.Field}: {detail?.Code}"
                    + $"{(detail?.Message is null ? string.Empty : " " + detail.Message)}"
            );
        }

        if (error.DocumentationUrl is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $" ({error.DocumentationUrl})");
        }

        return _redactor.RedactAndCut(builder.ToString(), 2000);
    }

    private static ApiError? ParseError(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonSerializer.Deserialize(text, GitHubJsonContext.Default.ApiError);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Retry 429, 5xx, and 403 when it is a rate limit (x-ratelimit-remaining: 0, or Retry-After: a secondary limit);
    /// any other 403 is a permission error and is not retried (GitHub REST, "Rate limits for the REST API").
    /// </summary>
    private static bool IsRetryable(GitHubAnswer answer)
    {
        var status = (int)answer.Status;
        if (status == 429 || status >= 500)
        {
            return true;
        }

        return status == 403
            && (answer.Headers.RetryAfter is not null || Header(answer, "x-ratelimit-remaining") == "0");
    }

    private TimeSpan RetryDelay(GitHubAnswer answer, int attempt)
    {
        if (answer.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        if (
            Header(answer, "x-ratelimit-remaining") == "0"
            && long.TryParse(
                Header(answer, "x-ratelimit-reset"),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var reset
            )
            && reset < DateTimeOffset.MaxValue.ToUnixTimeSeconds()
        )
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait + TimeSpan.FromMilliseconds(250);
        }

        return Backoff(attempt);
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(_options.InitialBackoff.Ticks * (1L << Math.Min(attempt - 1, 10)));

    private static string? Header(GitHubAnswer answer, string name) =>
        answer.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>
    /// The <c>Link: rel="next"</c> URL (absolute, or relative to the page), or null on the last page.
    /// </summary>
    private Uri? NextLink(GitHubAnswer answer)
    {
        if (!answer.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (Match match in LinkPattern().Matches(value))
            {
                if (match.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.Ordinal))
                {
                    return Uri.TryCreate(answer.Uri, match.Groups["url"].Value, out var next)
                        ? next
                        : throw Malformed(answer, "its Link: rel=\"next\" header is not a URL");
                }
            }
        }

        return null;
    }

    [GeneratedRegex("<(?<url>[^>]+)>\\s*;\\s*rel=\"(?<rel>[^\"]+)\"", RegexOptions.None, 1000)]
    private static partial Regex LinkPattern();
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
}
