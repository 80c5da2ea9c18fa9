using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.GitHub;

/// <summary>
/// The HTTP policy of every GitHub request, as a <see cref="DelegatingHandler"/> in Octokit's pipeline (Octokit's
/// <c>HttpClientAdapter</c> takes it through its handler factory; Octokit itself does not retry). Per request it:
/// refuses, before sending, a URL outside the token's origins (RT5030: GITHUB_API_URL's scheme, host and port, and
/// uploads.github.com for api.github.com), so a redirect, a <c>Link: rel="next"</c> page or an upload_url elsewhere
/// never gets the token; adds <c>Authorization: Bearer</c> itself, only then (Octokit's connection is anonymous);
/// follows redirects within those origins (at most 5); retries 429, 5xx, rate-limited 403 and connection failures a
/// bounded number of times, waiting as Retry-After or x-ratelimit-reset say (RT5007 past
/// <see cref="GitHubClientOptions.MaxRetries"/> or <see cref="GitHubClientOptions.MaxRetryDelay"/>); bounds each
/// attempt by <see cref="GitHubClientOptions.Timeout"/> (RT5031, not retried) and all work by
/// <see cref="GitHubClientOptions.Deadline"/> (RT5032; once an attempt was cut by it nothing more is sent); reads
/// every answer whole within <see cref="GitHubClientOptions.MaxResponseBytes"/> (RT5033); and turns an error answer
/// into <see cref="GitHubApiException"/> (RT5006 with GitHub's message and 422 validation errors), so Octokit only
/// ever sees success answers. Every message is redacted (<see cref="SecretRedactor"/>) before it is cut.
/// </summary>
internal sealed class GitHubPolicyHandler : DelegatingHandler
{
    private const int MaxRedirects = 5;
    private static readonly KeyValuePair<string, IEnumerable<string>>[] Empty = [];
    private readonly HttpMessageInvoker _transport;
    private readonly GitHubClientOptions _options;
    private readonly SecretRedactor _redactor;
    private readonly IReadOnlyList<string> _origins;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    // Set once an attempt was cut by the deadline: the cancellation timer may fire a little before the stopwatch
    // reaches the deadline, and nothing may be sent after the client said its deadline passed.
    private volatile bool _deadlineReached;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="redactor">The redaction of every message.</param>
    /// <param name="transport">What sends one attempt (it must not follow redirects).</param>
    /// <param name="ownsTransport">Whether disposing this handler disposes <paramref name="transport"/>.</param>
    public GitHubPolicyHandler(
        GitHubClientOptions options,
        SecretRedactor redactor,
        HttpMessageHandler transport,
        bool ownsTransport
    )
    {
        _options = options;
        _redactor = redactor;
        _origins = options.TokenOrigins;
        _transport = new HttpMessageInvoker(transport, ownsTransport);
    }

    /// <summary>A URL as messages show it: redacted.</summary>
    public string Shown(Uri uri) => _redactor.RedactAndCut(uri.ToString(), 300);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var call = GitHubCall.Current;
        var method = request.Method;
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URL.", nameof(request));
        var pages = call?.Answers.Count ?? 0;
        if (pages >= GitHubCall.MaxPages)
        {
            throw new GitHubApiException(
                DiagnosticCodes.GitHubApiError.Error(
                    null,
                    0,
                    0,
                    method.Method,
                    Shown(call!.Answers[0].Uri),
                    "200 OK",
                    $"more than {GitHubCall.MaxPages} pages"
                ),
                HttpStatusCode.OK,
                null
            );
        }

        var source = pages > 0 && method == HttpMethod.Get ? "the Link: rel=\"next\" header" : "the request";
        var content = request.Content is null
            ? null
            : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken,
            call?.CancellationToken ?? CancellationToken.None
        );
        var answer = await Send(request, uri, content, source, linked.Token).ConfigureAwait(false);
        call?.Answers.Add(answer);
        var response = new HttpResponseMessage(answer.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(answer.Body),
        };
        foreach (var header in answer.Headers)
        {
            response.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var header in (IEnumerable<KeyValuePair<string, IEnumerable<string>>>?)answer.ContentHeaders ?? Empty)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return response;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _transport.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Sends a request (retrying, following allowed redirects) and reads its answer, bounded. Returns a success
    /// answer; throws <see cref="GitHubApiException"/> for any other (a 404 included: the client turns it into null
    /// where GitHub answers "not found" for "none").
    /// </summary>
    private async Task<GitHubAnswer> Send(
        HttpRequestMessage request,
        Uri uri,
        byte[]? content,
        string source,
        CancellationToken cancellationToken
    )
    {
        var method = request.Method;
        var target = uri;
        var redirects = 0;
        var attempt = 1;
        while (true)
        {
            EnsureAllowed(method, target, redirects == 0 ? source : "a redirect");
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
                    answer = await Exchange(request, target, content, attemptCancel.Token).ConfigureAwait(false);
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

            if (answer.IsSuccess)
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

    private static string StatusText(HttpStatusCode status) =>
        ((int)status).ToString(CultureInfo.InvariantCulture) + " " + status;

    /// <summary>
    /// One attempt: a copy of Octokit's request (its headers, our body bytes) to <paramref name="target"/>, with the
    /// bearer token and GitHub's API version header added here, at the last moment, for an allowed origin only; the
    /// answer read whole within <see cref="GitHubClientOptions.MaxResponseBytes"/> (RT5033 past it).
    /// </summary>
    private async Task<GitHubAnswer> Exchange(
        HttpRequestMessage original,
        Uri target,
        byte[]? content,
        CancellationToken cancellationToken
    )
    {
        var method = original.Method;
        using var request = new HttpRequestMessage(method, target);
        foreach (var header in original.Headers)
        {
            if (!string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (!request.Headers.Contains("X-GitHub-Api-Version"))
        {
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        }

        if (_options.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        if (content is not null)
        {
            request.Content = new ByteArrayContent(content);
            foreach (
                var header in (IEnumerable<KeyValuePair<string, IEnumerable<string>>>?)original.Content?.Headers
                    ?? Empty
            )
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } length && length > limit)
        {
            throw TooLarge(method, target, response.StatusCode);
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
                    throw TooLarge(method, target, response.StatusCode);
                }

                buffer.Write(chunk, 0, read);
            }

            return new GitHubAnswer(method, target, response.StatusCode, response.Headers, buffer.ToArray())
            {
                ContentHeaders = response.Content.Headers,
            };
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
}
