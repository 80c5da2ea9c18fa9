using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// A GitHub REST emulator on 127.0.0.1 (in-process Kestrel) for the endpoints ReleaseTrain uses: commit statuses and
/// the combined status, check runs (at most 50 annotations per request, else 422), releases (by tag: published only;
/// list: paginated with Link headers; create: 422 already_exists for a taken tag; update), asset upload through the
/// upload_url it hands out (422 for a taken name; digest computed), pull requests and reviews (paginated), team
/// memberships, workflow runs and their environment approvals. It demands the bearer token (401 "Bad credentials"
/// otherwise), answers errors with GitHub's bodies, and can inject rate limits and server errors. Hostile behaviours
/// (<see cref="Hostile"/>, <see cref="LinkBase"/>,
/// <see cref="UploadBase"/>): redirects, next-page links and upload URLs to another host, trickled answers, huge
/// bodies, malformed JSON and echoes of the token.
/// </summary>
public sealed class GitHubEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Queue<(int Status, Dictionary<string, string> Headers, string Body)> _faults = new();
    private readonly Queue<Func<HttpContext, Task>> _hostile = new();
    private long _hostileBytes;
    private long _nextId = 100;

    private GitHubEmulator(WebApplication app) => _app = app;

    /// <summary>The token the emulator accepts.</summary>
    public string Token { get; } = "ghs_emulatorSecretToken" + Guid.NewGuid().ToString("N");

    /// <summary>The API base URL (GITHUB_API_URL).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>At most this many items per page, whatever per_page asks (forces pagination in tests).</summary>
    public int MaxPerPage { get; set; } = 100;

    /// <summary>
    /// Hostile: the base URL that <c>Link: rel="next"</c> headers point to (another host), instead of
    /// <see cref="BaseUrl"/>.
    /// </summary>
    public string? LinkBase { get; set; }

    /// <summary>
    /// Hostile: the base URL of the <c>upload_url</c> of releases created from now on (another host), instead of
    /// <see cref="BaseUrl"/>/uploads.
    /// </summary>
    public string? UploadBase { get; set; }

    /// <summary>How many body bytes the hostile answers have written so far (what the client let through).</summary>
    public long HostileBytesWritten => Interlocked.Read(ref _hostileBytes);

    /// <summary>Every request: method, path and query, and the Authorization header seen.</summary>
    public List<(string Method, string PathAndQuery, string? Authorization)> Requests { get; } = [];

    /// <summary>Commit statuses by sha, in creation order.</summary>
    public Dictionary<string, List<JsonObject>> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>Check runs by id, with all their annotations.</summary>
    public Dictionary<long, JsonObject> CheckRuns { get; } = [];

    /// <summary>Releases by id.</summary>
    public Dictionary<long, JsonObject> Releases { get; } = [];

    /// <summary>Asset bytes by asset id.</summary>
    public Dictionary<long, byte[]> AssetBytes { get; } = [];

    /// <summary>Pull requests by number.</summary>
    public Dictionary<int, JsonObject> Pulls { get; } = [];

    /// <summary>Reviews by PR number.</summary>
    public Dictionary<int, List<JsonObject>> Reviews { get; } = [];

    /// <summary>Commits by sha (GET /repos/{o}/{r}/commits/{sha}); 404 for any other sha.</summary>
    public Dictionary<string, JsonObject> Commits { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Team members: "org/team" to logins.</summary>
    public Dictionary<string, HashSet<string>> Teams { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Workflow runs by id (GET /repos/{o}/{r}/actions/runs/{id}); 404 for any other id.</summary>
    public Dictionary<long, JsonObject> Runs { get; } = [];

    /// <summary>Deployment reviews by run id (GET /repos/{o}/{r}/actions/runs/{id}/approvals).</summary>
    public Dictionary<long, List<JsonObject>> RunApprovals { get; } = [];

    /// <summary>Starts the emulator on a free loopback port.</summary>
    /// <returns>The running emulator.</returns>
    public static async Task<GitHubEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var emulator = new GitHubEmulator(app);
        app.Run(emulator.Handle);
        await app.StartAsync().ConfigureAwait(false);
        emulator.BaseUrl = app.Urls.First().TrimEnd('/');
        return emulator;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with a fault instead.</summary>
    /// <param name="count">How many.</param>
    /// <param name="status">The status, e.g. 429, 403, 502.</param>
    /// <param name="headers">Headers, e.g. Retry-After or x-ratelimit-remaining/x-ratelimit-reset.</param>
    /// <param name="message">GitHub's message.</param>
    public void Fail(int count, int status, Dictionary<string, string>? headers = null, string message = "fault")
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(
                    (
                        status,
                        headers ?? [],
                        new JsonObject
                        {
                            ["message"] = message,
                            ["documentation_url"] = "https://docs.github.com/rest",
                        }.ToJsonString()
                    )
                );
            }
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests with a hostile answer instead.</summary>
    /// <param name="count">How many.</param>
    /// <param name="answer">Writes the answer (see <see cref="Raw"/>, <see cref="Redirect"/>, <see cref="Trickle"/>,
    /// <see cref="Huge"/>).</param>
    public void Hostile(int count, Func<GitHubEmulator, HttpContext, Task> answer)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _hostile.Enqueue(context => answer(this, context));
            }
        }
    }

    /// <summary>A hostile answer: a status and a body exactly as given.</summary>
    /// <param name="status">The status.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">Its media type.</param>
    /// <returns>The answer.</returns>
    public static Func<GitHubEmulator, HttpContext, Task> Raw(
        int status,
        string body,
        string contentType = "application/json; charset=utf-8"
    ) =>
        async (emulator, context) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
            Interlocked.Add(ref emulator._hostileBytes, bytes.Length);
        };

    /// <summary>A hostile answer: a redirect to <paramref name="location"/>.</summary>
    /// <param name="location">Where to.</param>
    /// <param name="status">301, 302, 303, 307 or 308.</param>
    /// <returns>The answer.</returns>
    public static Func<GitHubEmulator, HttpContext, Task> Redirect(string location, int status = 302) =>
        (_, context) =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        };

    /// <summary>
    /// A hostile answer: 200 and a JSON body that never ends, one space every <paramref name="every"/>, for at most
    /// <paramref name="forAtMost"/> or until the client goes away.
    /// </summary>
    /// <param name="every">The pause between two bytes.</param>
    /// <param name="forAtMost">When to stop.</param>
    /// <returns>The answer.</returns>
    public static Func<GitHubEmulator, HttpContext, Task> Trickle(TimeSpan every, TimeSpan forAtMost) =>
        async (emulator, context) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=utf-8";
            var end = DateTime.UtcNow + forAtMost;
            try
            {
                await context.Response.Body.WriteAsync("{"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
                while (DateTime.UtcNow < end && !context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    await Task.Delay(every, context.RequestAborted).ConfigureAwait(false);
                    await context
                        .Response.Body.WriteAsync(" "u8.ToArray(), context.RequestAborted)
                        .ConfigureAwait(false);
                    Interlocked.Increment(ref emulator._hostileBytes);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client went away: what the test wants.
            }
        };

    /// <summary>
    /// A hostile answer: <paramref name="status"/> and a JSON error body of <paramref name="bytes"/> bytes, sent in 1
    /// MiB chunks (2 ms apart) without a Content-Length, until written or the client goes away.
    /// </summary>
    /// <param name="status">The status.</param>
    /// <param name="bytes">The body's size.</param>
    /// <returns>The answer.</returns>
    public static Func<GitHubEmulator, HttpContext, Task> Huge(int status, long bytes) =>
        async (emulator, context) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'x');
            try
            {
                var head = "{\"message\":\""u8.ToArray();
                await context.Response.Body.WriteAsync(head, context.RequestAborted).ConfigureAwait(false);
                // Kestrel drops writes to a closed connection silently: stop when the client has gone, and pace the
                // chunks so that it is noticed.
                for (
                    var written = (long)head.Length;
                    written < bytes - 2 && !context.RequestAborted.IsCancellationRequested;
                    written += chunk.Length
                )
                {
                    var size = (int)Math.Min(chunk.Length, bytes - 2 - written);
                    await context
                        .Response.Body.WriteAsync(chunk.AsMemory(0, size), context.RequestAborted)
                        .ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    Interlocked.Add(ref emulator._hostileBytes, size);
                    await Task.Delay(2, context.RequestAborted).ConfigureAwait(false);
                }

                await context.Response.Body.WriteAsync("\"}"u8.ToArray(), context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client stopped reading: what the test wants.
            }
        };

    /// <summary>Adds a pull request.</summary>
    /// <param name="number">Its number.</param>
    /// <param name="author">Its author.</param>
    /// <param name="headSha">Its head commit.</param>
    public void AddPull(int number, string author, string headSha)
    {
        lock (_gate)
        {
            Pulls[number] = new JsonObject
            {
                ["number"] = number,
                ["state"] = "open",
                ["user"] = User(author),
                ["head"] = new JsonObject { ["sha"] = headSha, ["ref"] = "release/" + number },
            };
        }
    }

    /// <summary>Adds a workflow run.</summary>
    /// <param name="runId">Its id.</param>
    /// <param name="headSha">The commit it runs on.</param>
    /// <param name="startedAt">When its attempt started.</param>
    public void AddRun(long runId, string headSha, DateTimeOffset startedAt)
    {
        var at = startedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            Runs[runId] = new JsonObject
            {
                ["id"] = runId,
                ["head_sha"] = headSha,
                ["run_attempt"] = 1,
                ["status"] = "waiting",
                ["created_at"] = at,
                ["run_started_at"] = at,
            };
        }
    }

    /// <summary>Adds a deployment review of a run, as GitHub lists it (no timestamp).</summary>
    /// <param name="runId">The run.</param>
    /// <param name="login">The reviewer.</param>
    /// <param name="state">approved or rejected.</param>
    /// <param name="environment">The environment reviewed.</param>
    /// <param name="comment">The comment.</param>
    public void AddRunApproval(
        long runId,
        string login,
        string state,
        string environment = "release",
        string comment = ""
    )
    {
        lock (_gate)
        {
            if (!RunApprovals.TryGetValue(runId, out var list))
            {
                RunApprovals[runId] = list = [];
            }

            list.Add(
                new JsonObject
                {
                    ["environments"] = new JsonArray(
                        new JsonObject
                        {
                            ["id"] = 161088068,
                            ["name"] = environment,
                            ["created_at"] = "2026-01-01T00:00:00Z",
                            ["updated_at"] = "2026-01-01T00:00:00Z",
                        }
                    ),
                    ["state"] = state,
                    ["user"] = User(login),
                    ["comment"] = comment,
                }
            );
        }
    }

    /// <summary>Adds a review.</summary>
    /// <param name="number">The PR.</param>
    /// <param name="login">The reviewer.</param>
    /// <param name="state">APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED.</param>
    /// <param name="commitId">The commit reviewed.</param>
    /// <param name="submittedAt">When.</param>
    /// <param name="body">The body.</param>
    public void AddReview(
        int number,
        string login,
        string state,
        string commitId,
        DateTimeOffset submittedAt,
        string body = ""
    )
    {
        lock (_gate)
        {
            if (!Reviews.TryGetValue(number, out var list))
            {
                Reviews[number] = list = [];
            }

            list.Add(
                new JsonObject
                {
                    ["id"] = _nextId++,
                    ["user"] = User(login),
                    ["body"] = body,
                    ["state"] = state,
                    ["commit_id"] = commitId,
                    ["submitted_at"] = submittedAt
                        .ToUniversalTime()
                        .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                }
            );
        }
    }

    /// <summary>Adds a commit as GitHub's commits API shows it.</summary>
    /// <param name="sha">The commit.</param>
    /// <param name="authorLogin">The GitHub account its author email belongs to, or null (author is then null, as
    /// GitHub answers for an email linked to no account).</param>
    /// <param name="authorEmail">The git author email.</param>
    public void AddCommit(string sha, string? authorLogin, string authorEmail)
    {
        lock (_gate)
        {
            Commits[sha] = new JsonObject
            {
                ["sha"] = sha,
                ["commit"] = new JsonObject
                {
                    ["author"] = new JsonObject { ["name"] = "Author", ["email"] = authorEmail },
                    ["message"] = "release",
                },
                ["author"] = authorLogin is null ? null : User(authorLogin),
            };
        }
    }

    /// <summary>Requests whose method is not GET (what the emulator was asked to change).</summary>
    /// <returns>The writes.</returns>
    public List<string> Writes()
    {
        lock (_gate)
        {
            return [.. Requests.Where(r => r.Method != "GET").Select(r => r.Method + " " + r.PathAndQuery)];
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static JsonObject User(string login) =>
        new() { ["login"] = login, ["id"] = Math.Abs(login.GetHashCode(StringComparison.Ordinal)) };

    private async Task Handle(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        (int Status, JsonNode? Json, Dictionary<string, string>? Headers) result;
        Func<HttpContext, Task>? hostile = null;
        lock (_gate)
        {
            Requests.Add((request.Method, path + request.QueryString, request.Headers.Authorization.ToString()));
            if (_hostile.Count > 0)
            {
                hostile = _hostile.Dequeue();
                result = (0, null, null);
            }
            else if (_faults.Count > 0)
            {
                var fault = _faults.Dequeue();
                result = (fault.Status, JsonNode.Parse(fault.Body), fault.Headers);
            }
            else if (request.Headers.Authorization.ToString() != "Bearer " + Token)
            {
                result = (401, Error("Bad credentials"), null);
            }
            else
            {
                try
                {
                    result = Route(
                        request.Method,
                        path.Split('/', StringSplitOptions.RemoveEmptyEntries),
                        request.Query,
                        body
                    );
                }
                catch (Exception ex)
                    when (ex
                            is JsonException
                                or InvalidOperationException
                                or KeyNotFoundException
                                or FormatException
                                or NullReferenceException
                    )
                {
                    result = (400, Error("Problems parsing JSON: " + ex.Message), null);
                }
            }
        }

        if (hostile is not null)
        {
            await hostile(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = result.Status;
        foreach (var (name, value) in result.Headers ?? [])
        {
            context.Response.Headers[name] = value;
        }

        if (result.Json is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(result.Json.ToJsonString()).ConfigureAwait(false);
        }
    }

    private (int, JsonNode?, Dictionary<string, string>?) Route(
        string method,
        string[] s,
        IQueryCollection query,
        byte[] body
    )
    {
        JsonObject Body() => (JsonObject)JsonNode.Parse(body)!;

        // /repos/{o}/{r}/statuses/{sha}
        if (method == "POST" && s is ["repos", _, _, "statuses", var sha])
        {
            var input = Body();
            var state = input["state"]?.GetValue<string>();
            var description = input["description"]?.GetValue<string>();
            if (state is not ("error" or "failure" or "pending" or "success"))
            {
                return (422, Validation("Status", "state", "invalid"), null);
            }

            if (description is { Length: > 140 })
            {
                return (
                    422,
                    Validation(
                        "Status",
                        "description",
                        "custom",
                        "description is too long (maximum is 140 characters)"
                    ),
                    null
                );
            }

            var status = new JsonObject
            {
                ["id"] = _nextId++,
                ["state"] = state,
                ["description"] = description,
                ["target_url"] = input["target_url"]?.GetValue<string>(),
                ["context"] = input["context"]?.GetValue<string>() ?? "default",
                ["created_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
            if (!Statuses.TryGetValue(sha, out var list))
            {
                Statuses[sha] = list = [];
            }

            list.Add(status);
            return (201, status.DeepClone(), null);
        }

        if (method == "GET" && s is ["repos", _, _, "commits", var reference, "status"])
        {
            var latest = (Statuses.TryGetValue(reference, out var list) ? list : [])
                .GroupBy(x => x["context"]!.GetValue<string>())
                .Select(g => g.Last())
                .ToList();
            var states = latest.Select(x => x["state"]!.GetValue<string>()).ToList();
            var combined =
                states.Any(x => x is "error" or "failure") ? "failure"
                : states.Count == 0 || states.Contains("pending") ? "pending"
                : "success";
            return (
                200,
                new JsonObject
                {
                    ["state"] = combined,
                    ["sha"] = reference,
                    ["total_count"] = latest.Count,
                    ["statuses"] = new JsonArray([.. latest.Select(x => x.DeepClone())]),
                },
                null
            );
        }

        if (method == "GET" && s is ["repos", _, _, "commits", var commitSha])
        {
            return Commits.TryGetValue(commitSha, out var commit)
                ? (200, commit.DeepClone(), null)
                : (422, Error("No commit found for SHA: " + commitSha), null);
        }

        if (method == "POST" && s is ["repos", _, _, "check-runs"])
        {
            var input = Body();
            if ((input["output"]?["annotations"] as JsonArray)?.Count > 50)
            {
                return (
                    422,
                    Validation("CheckRun", "annotations", "custom", "Only 50 annotations may be sent per request"),
                    null
                );
            }

            var id = _nextId++;
            var run = new JsonObject
            {
                ["id"] = id,
                ["name"] = input["name"]!.GetValue<string>(),
                ["head_sha"] = input["head_sha"]!.GetValue<string>(),
                ["status"] = input["status"]?.GetValue<string>() ?? "queued",
                ["conclusion"] = input["conclusion"]?.GetValue<string>(),
                ["html_url"] = $"{BaseUrl}/checks/{id}",
                ["output"] = input["output"]?.DeepClone(),
            };
            CheckRuns[id] = run;
            return (201, Public(run), null);
        }

        if (method == "PATCH" && s is ["repos", _, _, "check-runs", var runId])
        {
            if (!CheckRuns.TryGetValue(long.Parse(runId, CultureInfo.InvariantCulture), out var run))
            {
                return (404, Error("Not Found"), null);
            }

            var input = Body();
            var added = input["output"]?["annotations"] as JsonArray;
            if (added?.Count > 50)
            {
                return (
                    422,
                    Validation("CheckRun", "annotations", "custom", "Only 50 annotations may be sent per request"),
                    null
                );
            }

            var existing = run["output"]?["annotations"] as JsonArray ?? [];
            foreach (var a in added ?? [])
            {
                existing.Add(a!.DeepClone());
            }

            if (input["output"] is JsonObject output)
            {
                var copy = (JsonObject)output.DeepClone();
                copy["annotations"] = new JsonArray([.. existing.Select(x => x!.DeepClone())]);
                run["output"] = copy;
            }

            foreach (var key in new[] { "status", "conclusion" })
            {
                if (input[key] is not null)
                {
                    run[key] = input[key]!.DeepClone();
                }
            }

            return (200, Public(run), null);
        }

        if (method == "GET" && s is ["repos", _, _, "releases", "tags", var tag])
        {
            var release = Releases.Values.FirstOrDefault(r =>
                r["tag_name"]!.GetValue<string>() == tag && !r["draft"]!.GetValue<bool>()
            );
            return release is null ? (404, Error("Not Found"), null) : (200, release.DeepClone(), null);
        }

        if (method == "GET" && s is ["repos", var owner, var repo, "releases"])
        {
            return Page(
                Releases.Values.OrderByDescending(r => r["id"]!.GetValue<long>()).ToList(),
                query,
                $"/repos/{owner}/{repo}/releases"
            );
        }

        if (method == "POST" && s is ["repos", var o, var r, "releases"])
        {
            var input = Body();
            var tagName = input["tag_name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(tagName))
            {
                return (422, Validation("Release", "tag_name", "missing_field"), null);
            }

            if (Releases.Values.Any(x => x["tag_name"]!.GetValue<string>() == tagName))
            {
                return (422, Validation("Release", "tag_name", "already_exists"), null);
            }

            var id = _nextId++;
            var release = new JsonObject
            {
                ["id"] = id,
                ["tag_name"] = tagName,
                ["target_commitish"] = input["target_commitish"]?.GetValue<string>() ?? "main",
                ["name"] = input["name"]?.GetValue<string>(),
                ["body"] = input["body"]?.GetValue<string>(),
                ["draft"] = input["draft"]?.GetValue<bool>() ?? false,
                ["prerelease"] = input["prerelease"]?.GetValue<bool>() ?? false,
                ["html_url"] = $"{BaseUrl}/{o}/{r}/releases/tag/{tagName}",
                ["upload_url"] =
                    $"{UploadBase ?? BaseUrl + "/uploads"}/repos/{o}/{r}/releases/{id}/assets{{?name,label}}",
                ["assets"] = new JsonArray(),
            };
            Releases[id] = release;
            return (201, release.DeepClone(), null);
        }

        if (method == "PATCH" && s is ["repos", _, _, "releases", var releaseId])
        {
            if (!Releases.TryGetValue(long.Parse(releaseId, CultureInfo.InvariantCulture), out var release))
            {
                return (404, Error("Not Found"), null);
            }

            foreach (var (key, value) in Body())
            {
                if (key is "body" or "draft" or "name" or "prerelease")
                {
                    release[key] = value?.DeepClone();
                }
            }

            return (200, release.DeepClone(), null);
        }

        if (method == "POST" && s is ["uploads", "repos", _, _, "releases", var uploadId, "assets"])
        {
            if (!Releases.TryGetValue(long.Parse(uploadId, CultureInfo.InvariantCulture), out var release))
            {
                return (404, Error("Not Found"), null);
            }

            var name = query["name"].ToString();
            var assets = (JsonArray)release["assets"]!;
            if (string.IsNullOrEmpty(name))
            {
                return (422, Validation("ReleaseAsset", "name", "missing_field"), null);
            }

            if (assets.Any(a => a!["name"]!.GetValue<string>() == name))
            {
                return (422, Validation("ReleaseAsset", "name", "already_exists"), null);
            }

            var id = _nextId++;
            var asset = new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["size"] = body.Length,
                ["state"] = "uploaded",
                ["content_type"] = "application/octet-stream",
                ["digest"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)),
                ["browser_download_url"] = $"{BaseUrl}/download/{id}/{name}",
            };
            assets.Add(asset);
            AssetBytes[id] = body;
            return (201, asset.DeepClone(), null);
        }

        if (method == "GET" && s is ["repos", _, _, "pulls", var number])
        {
            return Pulls.TryGetValue(int.Parse(number, CultureInfo.InvariantCulture), out var pull)
                ? (200, pull.DeepClone(), null)
                : (404, Error("Not Found"), null);
        }

        if (method == "GET" && s is ["repos", var ro, var rr, "pulls", var prNumber, "reviews"])
        {
            var n = int.Parse(prNumber, CultureInfo.InvariantCulture);
            return Page(Reviews.TryGetValue(n, out var list) ? list : [], query, $"/repos/{ro}/{rr}/pulls/{n}/reviews");
        }

        if (method == "GET" && s is ["repos", _, _, "actions", "runs", var runText])
        {
            return
                long.TryParse(runText, CultureInfo.InvariantCulture, out var runNumber)
                && Runs.TryGetValue(runNumber, out var run)
                ? (200, run.DeepClone(), null)
                : (404, Error("Not Found"), null);
        }

        if (method == "GET" && s is ["repos", _, _, "actions", "runs", var approvedRun, "approvals"])
        {
            if (
                !long.TryParse(approvedRun, CultureInfo.InvariantCulture, out var runNumber)
                || !Runs.ContainsKey(runNumber)
            )
            {
                return (404, Error("Not Found"), null);
            }

            var list = RunApprovals.TryGetValue(runNumber, out var approvals) ? approvals : [];
            return (200, new JsonArray([.. list.Select(a => a.DeepClone())]), null);
        }

        if (method == "GET" && s is ["orgs", var org, "teams", var team, "memberships", var login])
        {
            return Teams.TryGetValue(org + "/" + team, out var members) && members.Contains(login)
                ? (200, new JsonObject { ["state"] = "active", ["role"] = "member" }, null)
                : (404, Error("Not Found"), null);
        }

        return (404, Error("Not Found"), null);
    }

    private (int, JsonNode?, Dictionary<string, string>?) Page(
        List<JsonObject> items,
        IQueryCollection query,
        string path
    )
    {
        var perPage = Math.Min(MaxPerPage, int.TryParse(query["per_page"], out var p) ? p : 30);
        var page = int.TryParse(query["page"], out var n) ? n : 1;
        var slice = items.Skip((page - 1) * perPage).Take(perPage).Select(x => x.DeepClone()).ToArray();
        var headers = new Dictionary<string, string>();
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        if (page < last)
        {
            var linkBase = LinkBase ?? BaseUrl;
            headers["Link"] =
                $"<{linkBase}{path}?per_page={perPage}&page={page + 1}>; rel=\"next\", "
                + $"<{linkBase}{path}?per_page={perPage}&page={last}>; rel=\"last\"";
        }

        return (200, new JsonArray(slice), headers);
    }

    private static JsonObject Public(JsonObject run)
    {
        var copy = (JsonObject)run.DeepClone();
        if (copy["output"] is JsonObject output)
        {
            output["annotations_count"] = (output["annotations"] as JsonArray)?.Count ?? 0;
            output.Remove("annotations");
        }

        return copy;
    }

    private static JsonObject Error(string message) =>
        new() { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" };

    private static JsonObject Validation(string resource, string field, string code, string? message = null)
    {
        var detail = new JsonObject
        {
            ["resource"] = resource,
            ["field"] = field,
            ["code"] = code,
        };
        if (message is not null)
        {
            detail["message"] = message;
        }

        return new JsonObject
        {
            ["message"] = "Validation Failed",
            ["errors"] = new JsonArray(detail),
            ["documentation_url"] = "https://docs.github.com/rest",
        };
    }
}
