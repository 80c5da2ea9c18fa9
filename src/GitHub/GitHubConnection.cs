using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.GitHub;

/// <summary>Settings of a <see cref="GitHubClient"/>.</summary>
public sealed class GitHubClientOptions
{
    /// <summary>
    /// The REST API base, e.g. <c>https://api.github.com</c> or <c>https://ghe.example.com/api/v3</c>.
    /// </summary>
    public Uri BaseAddress { get; init; } = new("https://api.github.com");

    /// <summary>
    /// The token (GITHUB_TOKEN). Sent as <c>Authorization: Bearer</c>; never printed, logged or put in an exception.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// How many times a request is retried after 403/429 with rate-limit headers, 5xx or a connection failure (default
    /// 3).
    /// </summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// The longest wait before a retry (default 60 s). A Retry-After or x-ratelimit-reset further away than this ends
    /// the retries at once with RT5007 instead of blocking a build for an hour.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first backoff without server advice (doubles per attempt; default 1 s).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The timeout of one request (default 100 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Options from the GitHub Actions environment: GITHUB_API_URL (default https://api.github.com) and GITHUB_TOKEN.
    /// </summary>
    /// <param name="environment">Reads a variable (e.g.
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <returns>The options.</returns>
    public static GitHubClientOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var api = environment("GITHUB_API_URL");
        return new GitHubClientOptions
        {
            BaseAddress = new Uri(string.IsNullOrWhiteSpace(api) ? "https://api.github.com" : api),
            Token = environment("GITHUB_TOKEN") is { Length: > 0 } token ? token : null,
        };
    }
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
/// <c>Link: rel="next"</c> pagination, and turns error answers into <see cref="GitHubApiException"/>.
/// </summary>
internal sealed partial class GitHubConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly GitHubClientOptions _options;

    public GitHubConnection(GitHubClientOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = options.Timeout;
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
        using var response = await SendRaw(method, uri, content, "application/json", cancellationToken)
            .ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, resultType, cancellationToken).ConfigureAwait(false)
                ?? throw Failure(method, uri, response.StatusCode, null, "the answer is empty");
        }
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
                throw Failure(HttpMethod.Get, first, HttpStatusCode.OK, null, "more than 1000 pages");
            }

            using var response = await SendRaw(HttpMethod.Get, next, null, null, cancellationToken)
                .ConfigureAwait(false);
            var page = await response.Content.ReadFromJsonAsync(pageType, cancellationToken).ConfigureAwait(false)
                ?? [];
            all.AddRange(page);
            next = NextLink(response);
        }

        return all;
    }

    public async Task<HttpResponseMessage> SendRaw(
        HttpMethod method,
        Uri uri,
        byte[]? content,
        string? contentType,
        CancellationToken cancellationToken,
        bool allowNotFound = false
    )
    {
        for (var attempt = 1; ; attempt++)
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
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(
                    contentType ?? "application/octet-stream"
                );
            }

            HttpResponseMessage response;
            try
            {
                response = await _http
                    .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex)
                when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt > _options.MaxRetries)
                {
                    throw new GitHubApiException(
                        DiagnosticCodes.GitHubRetriesExhausted.Error(
                            null,
                            0,
                            0,
                            method.Method,
                            Redact(uri.ToString()),
                            "no answer",
                            attempt,
                            Redact(ex.Message)
                        ),
                        null,
                        null
                    );
                }

                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
            {
                return response;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var error = ParseError(text);
            var retryable = IsRetryable(response);
            if (retryable)
            {
                var delay = RetryDelay(response, attempt);
                if (attempt <= _options.MaxRetries && delay <= _options.MaxRetryDelay)
                {
                    response.Dispose();
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                response.Dispose();
                throw new GitHubApiException(
                    DiagnosticCodes.GitHubRetriesExhausted.Error(
                        null,
                        0,
                        0,
                        method.Method,
                        Redact(uri.ToString()),
                        (int)response.StatusCode,
                        attempt,
                        Redact(Describe(error, text))
                            + (
                                delay > _options.MaxRetryDelay
                                    ? $" (the server asks to wait {delay.TotalSeconds:0} s, over the "
                                        + $"{_options.MaxRetryDelay.TotalSeconds:0} s limit)"
                                    : string.Empty
                            )
                    ),
                    response.StatusCode,
                    error
                );
            }

            response.Dispose();
            throw Failure(method, uri, response.StatusCode, error, text);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Removes the token from any text (a server or proxy might echo it).</summary>
    public string Redact(string text) =>
        _options.Token is { Length: > 0 } token ? text.Replace(token, "***", StringComparison.Ordinal) : text;

    private GitHubApiException Failure(
        HttpMethod method,
        Uri uri,
        HttpStatusCode status,
        ApiError? error,
        string text
    ) =>
        new(
            DiagnosticCodes.GitHubApiError.Error(
                null,
                0,
                0,
                method.Method,
                Redact(uri.ToString()),
                ((int)status).ToString(CultureInfo.InvariantCulture) + " " + status,
                Redact(Describe(error, text))
            ),
            status,
            error
        );

    private static string Describe(ApiError? error, string text)
    {
        if (error?.Message is null)
        {
            return text.Length > 300 ? text[..300] + "…" : text;
        }

        var builder = new StringBuilder(error.Message);
        foreach (var detail in error.Errors ?? [])
        {
            builder.Append(
                CultureInfo.InvariantCulture,
                $"; {detail.Resource}.{detail.Field}: {detail.Code}"
                    + $"{(detail.Message is null ? string.Empty : " " + detail.Message)}"
            );
        }

        if (error.DocumentationUrl is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $" ({error.DocumentationUrl})");
        }

        return builder.ToString();
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
    private static bool IsRetryable(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status == 429 || status >= 500)
        {
            return true;
        }

        return status == 403
            && (response.Headers.RetryAfter is not null || Header(response, "x-ratelimit-remaining") == "0");
    }

    private TimeSpan RetryDelay(HttpResponseMessage response, int attempt)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
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
            Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(
                Header(response, "x-ratelimit-reset"),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var reset
            )
        )
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait + TimeSpan.FromMilliseconds(250);
        }

        return Backoff(attempt);
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(_options.InitialBackoff.Ticks * (1L << Math.Min(attempt - 1, 10)));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (Match match in LinkPattern().Matches(value))
            {
                if (match.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.Ordinal))
                {
                    return new Uri(match.Groups["url"].Value);
                }
            }
        }

        return null;
    }

    [GeneratedRegex("<(?<url>[^>]+)>\\s*;\\s*rel=\"(?<rel>[^\"]+)\"", RegexOptions.None, 1000)]
    private static partial Regex LinkPattern();
}
