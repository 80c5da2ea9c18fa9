using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// A ledger: commits on a branch of a git remote, one record per commit, appended with compare-and-swap (issue 15;
/// docs/policy.md, "The ledger"). Each file of the branch (<c>decisions.jsonl</c>, <c>signoffs.jsonl</c>) is a
/// hash-chained log by the rules of <see cref="HashChainedLog"/> (seq, prevHash, recordHash over RFC 8785, 1 MiB
/// records); the branch's history is linear from its first commit and each commit adds exactly one record line to one
/// file.
/// <para>
/// Only git plumbing is run, with the <c>git</c> on PATH, in <see cref="RepositoryDirectory"/>: the branch is fetched
/// into the private ref <c>refs/release-train/ledger/&lt;branch&gt;</c>; a record is written as a blob
/// (<c>hash-object -w</c>), a tree built in a temporary index (<c>GIT_INDEX_FILE</c>), a commit
/// (<c>commit-tree</c>), and pushed with <c>git push --atomic --force-with-lease</c>. The working tree, the index,
/// HEAD and the user's branches are never touched. Every failure is a <see cref="ReleaseTrainException"/> with a code
/// of RT4030-RT4036 (git's messages with any user:password of a URL removed), never a stack trace.
/// </para>
/// </summary>
public sealed partial class GitLedger
{
    /// <summary>The commit identity used when git config names none (a CI runner without user.name).</summary>
    public const string DefaultIdentityName = "release-train";

    /// <summary>The commit e-mail used when git config names none.</summary>
    public const string DefaultIdentityEmail = "release-train@localhost";

    /// <summary>How long one network git command (fetch, push) may take: 120 seconds.</summary>
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(120);

    /// <summary>How long one local git command may take: 60 seconds.</summary>
    private static readonly TimeSpan LocalTimeout = TimeSpan.FromSeconds(60);

    private (string Name, string Email)? _identity;
    private string? _commonDirectory;

    /// <summary>Creates a ledger over a remote's branch; nothing is run until a method is called.</summary>
    /// <param name="repositoryDirectory">A folder inside the git repository whose git runs (the local clone).</param>
    /// <param name="remote">The remote: a configured remote's name (<c>origin</c>) or a URL.</param>
    /// <param name="branch">The branch, without <c>refs/heads/</c> (e.g. <c>release-train/ledger</c>).</param>
    /// <exception cref="ArgumentException">A remote or branch that is empty, starts with '-', or holds white space or
    /// control characters; a branch with an empty, '.'-led or '..' component or a character git refuses in ref names.
    /// </exception>
    public GitLedger(string repositoryDirectory, string remote, string branch)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryDirectory);
        if (!IsRemote(remote))
        {
            throw new ArgumentException($"'{remote}' is not a git remote name or URL.", nameof(remote));
        }

        if (!IsBranch(branch))
        {
            throw new ArgumentException($"'{branch}' is not a valid git branch name.", nameof(branch));
        }

        RepositoryDirectory = Path.GetFullPath(repositoryDirectory);
        Remote = remote;
        Branch = branch;
    }

    /// <summary>The local repository git runs in (full path).</summary>
    public string RepositoryDirectory { get; }

    /// <summary>The remote, as given.</summary>
    public string Remote { get; }

    /// <summary>The branch, without <c>refs/heads/</c>.</summary>
    public string Branch { get; }

    /// <summary>
    /// How many pushes one <see cref="Append"/> tries before RT4032 (others kept winning): 32 by default, enough for
    /// 16 writers at once with jittered backoff.
    /// </summary>
    public int MaxAttempts { get; init; } = 32;

    /// <summary>
    /// Extra environment variables for every git process (e.g. <c>GIT_CONFIG_GLOBAL</c> in tests,
    /// <c>GIT_SSH_COMMAND</c>); a null value removes the variable. Empty by default: git runs with the caller's
    /// environment.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The private ref the branch is fetched into: <c>refs/release-train/ledger/&lt;branch&gt;</c>.</summary>
    public string PrivateRef => "refs/release-train/ledger/" + Branch;

    /// <summary>The remote and branch for messages: <c>origin/release-train/ledger</c>, a URL without user info.
    /// </summary>
    public string DisplayName => Redact(Remote) + " " + Branch;

    /// <summary>Where a file of the ledger is reported: <c>&lt;remote&gt; &lt;branch&gt;:&lt;file&gt;</c>.</summary>
    /// <param name="file">The file inside the branch.</param>
    /// <returns>The name diagnostics use as their file.</returns>
    public string Where(string file) => DisplayName + ":" + file;

    /// <summary>
    /// How a commit is signed when the user names no key: with the user's git configuration
    /// (<see cref="LedgerSigning.UserConfiguration"/>) when it sets <c>user.signingKey</c>, else null (unsigned).
    /// </summary>
    /// <returns>The signing, or null.</returns>
    /// <exception cref="ReleaseTrainException">RT4030 when git cannot be started.</exception>
    public LedgerSigning? DefaultSigning() =>
        Run(["config", "--get", "user.signingKey"], null, LocalTimeout).Text.Length > 0
            ? LedgerSigning.UserConfiguration
            : null;

    /// <summary>
    /// Fetches the branch into <see cref="PrivateRef"/> (forced, so that a rewritten branch is seen as it is; never
    /// the user's branches, remote-tracking refs, FETCH_HEAD or working tree).
    /// </summary>
    /// <returns>The head commit's sha, or null when the remote has no such branch (the private ref is then
    /// removed).</returns>
    /// <exception cref="ReleaseTrainException">RT4030 when git cannot be started, RT4031 when the fetch fails
    /// (remote unreachable, refused, no such remote).</exception>
    public string? Fetch()
    {
        var result = Run(
            [
                "-c",
                "gc.auto=0",
                "-c",
                "maintenance.auto=false",
                "fetch",
                "--quiet",
                "--no-tags",
                "--no-write-fetch-head",
                "--no-recurse-submodules",
                "--refmap=",
                "--end-of-options",
                Remote,
                "+refs/heads/" + Branch + ":" + PrivateRef,
            ],
            null,
            NetworkTimeout
        );
        if (result.ExitCode != 0)
        {
            if (result.Error.Contains("couldn't find remote ref", StringComparison.Ordinal))
            {
                Local(["update-ref", "-d", PrivateRef]);
                return null;
            }

            throw new ReleaseTrainException(
                DiagnosticCodes.LedgerFetchFailed.Error(null, 0, 0, Branch, Redact(Remote), Describe(result))
            );
        }

        return LocalText(["rev-parse", "--verify", "--end-of-options", PrivateRef + "^{commit}"]);
    }

    /// <summary>
    /// Appends one record to <paramref name="file"/> (a path inside the ledger branch, e.g. <c>decisions.jsonl</c>):
    /// fetch, continue the file's chain (<see cref="HashChainedLog.NextRecord"/>), commit (signed when
    /// <paramref name="signing"/> is given) with the message <c>release-train: &lt;kind&gt; #&lt;seq&gt;
    /// &lt;file&gt;</c> and the recordHash, push with compare-and-swap on the branch (expected: the fetched head, or
    /// absent); on rejection fetch and retry up to <see cref="MaxAttempts"/> times with jittered exponential backoff
    /// (50 ms doubling to 1 s). Returns only after the remote accepted the push.
    /// </summary>
    /// <param name="file">The file inside the branch: a relative path of plain components.</param>
    /// <param name="build">Builds the record (without seq, prevHash, recordHash) from seq and prevHash; called again
    /// on each attempt.</param>
    /// <param name="signing">How to sign the commit, or null for an unsigned commit.</param>
    /// <returns>The record as pushed, its commit, and how many attempts it took.</returns>
    /// <exception cref="ReleaseTrainException">RT4030/RT4031 from <see cref="Fetch"/>; RT4034 when the branch's
    /// history does not verify and RT4010/RT4011/RT4016 when the file's chain does not (<see cref="ReadAt"/>: nothing
    /// is appended to a ledger that does not verify); RT4032 when every attempt was rejected; RT4033 when the push
    /// failed otherwise (remote unreachable, refused by a hook or rule); RT4036 when a local git step (such as signing)
    /// failed. In every case nothing was recorded.</exception>
    public LedgerAppend Append(string file, Func<long, string?, JsonObject> build, LedgerSigning? signing = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        CheckFile(file);
        var delay = 50;
        for (var attempt = 1; ; attempt++)
        {
            var head = Fetch();
            var (text, last) = head is null ? ([], (0L, HashChainedLog.GenesisHash)) : Verified(head, file, null);
            var (record, line) = HashChainedLog.NextRecord(last.Seq, last.Hash, (s, p) => build(s, p), Where(file));
            var commit = CommitRecord(head, file, [.. text, .. line], record, signing);
            var push = Run(
                [
                    "push",
                    "--atomic",
                    "--porcelain",
                    "--no-verify",
                    "--force-with-lease=refs/heads/" + Branch + ":" + (head ?? string.Empty),
                    "--end-of-options",
                    Remote,
                    commit + ":refs/heads/" + Branch,
                ],
                null,
                NetworkTimeout
            );
            if (push.ExitCode == 0)
            {
                Local(["update-ref", PrivateRef, commit]);
                return new LedgerAppend(record, commit, attempt);
            }

            if (!IsLeaseRejection(push))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.LedgerPushFailed.Error(null, 0, 0, Branch, Redact(Remote), Describe(push))
                );
            }

            if (attempt >= MaxAttempts)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.LedgerPushContended.Error(null, 0, 0, Where(file), attempt)
                );
            }

            Thread.Sleep(delay / 2 + Random.Shared.Next(delay));
            delay = Math.Min(delay * 2, 1000);
        }
    }

    /// <summary>
    /// Fetches the branch, then reads the records of <paramref name="file"/> at its head (<see cref="ReadAt"/>).
    /// </summary>
    /// <param name="file">The file inside the branch.</param>
    /// <param name="errors">Empty when the file and the history verify; otherwise the first problem (RT4030, RT4031,
    /// RT4034, RT4036, or RT4010/RT4011/RT4016 in the file's chain). Records are then empty: fail closed.</param>
    /// <returns>The records in order, each with the commit that added it; empty when the branch or file does not
    /// exist.</returns>
    public IReadOnlyList<LedgerRecord> Read(string file, out IReadOnlyList<Diagnostic> errors)
    {
        string? head;
        try
        {
            head = Fetch();
        }
        catch (ReleaseTrainException ex)
        {
            errors = [ex.Diagnostic];
            return [];
        }

        return ReadAt(head, file, out errors);
    }

    /// <summary>
    /// The records of <paramref name="file"/> at a commit already fetched, each with the commit that added it. Verifies
    /// that the history is linear from its first commit (no merge, one root), that every commit changes exactly one
    /// file as a regular file (added or modified), that each commit changing <paramref name="file"/> adds exactly one
    /// line to its end (the file at that commit is the previous lines plus one), and the hash chain of the whole file.
    /// </summary>
    /// <param name="head">The head commit (from <see cref="Fetch"/>), or null for an absent branch.</param>
    /// <param name="file">The file inside the branch.</param>
    /// <param name="errors">Empty when everything verifies; otherwise the first problem. Records are then empty.
    /// </param>
    /// <returns>The records in order with their commits.</returns>
    public IReadOnlyList<LedgerRecord> ReadAt(string? head, string file, out IReadOnlyList<Diagnostic> errors)
    {
        CheckFile(file);
        errors = [];
        if (head is null)
        {
            return [];
        }

        try
        {
            var result = new List<LedgerRecord>();
            Verified(head, file, result);
            return result;
        }
        catch (ReleaseTrainException ex)
        {
            errors = [ex.Diagnostic];
            return [];
        }
    }

    /// <summary>
    /// The text of <paramref name="file"/> at <paramref name="head"/> and its last record, after verifying the
    /// history (<see cref="History"/>), that each commit changing the file adds exactly its next line, and the chain.
    /// </summary>
    private (byte[] Text, (long Seq, string Hash) Last) Verified(string head, string file, List<LedgerRecord>? result)
    {
        var changes = History(head);
        var touching = changes.Where(c => c.Path == file).ToList();
        var text = touching.Count == 0 ? [] : Blob(touching[^1].Blob);
        var records = new List<JsonObject>();
        var problems = HashChainedLog.VerifyText(text, Where(file), records, out var last);
        if (problems.Count > 0)
        {
            throw new ReleaseTrainException(problems[0]);
        }

        if (records.Count != touching.Count)
        {
            throw new ReleaseTrainException(Culprit(touching, file));
        }

        var end = 0;
        for (var i = 0; i < touching.Count; i++)
        {
            end = Array.IndexOf(text, (byte)'\n', end) + 1;
            if (BlobId(text.AsSpan(0, end), touching[i].Blob.Length) != touching[i].Blob)
            {
                throw new ReleaseTrainException(Culprit(touching, file));
            }

            result?.Add(new LedgerRecord(records[i], touching[i].Commit));
        }

        return (text, last);
    }

    /// <summary>
    /// The anchor file: the last head <c>log verify</c> verified, under the repository's common git folder
    /// (<c>git rev-parse --path-format=absolute --git-common-dir</c>, so one anchor for every work tree of a clone):
    /// <c>release-train/ledger-anchor/&lt;remote&gt;/&lt;branch&gt;</c>
    /// (a URL remote is named by the sha256 of the URL).
    /// </summary>
    /// <returns>The anchor's full path (the file may not exist).</returns>
    /// <exception cref="ReleaseTrainException">RT4030/RT4036 when git cannot tell the git folder.</exception>
    public string AnchorPath()
    {
        var remote =
            Remote.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && Remote[0] != '.'
                ? Remote
                : Digest.Sha256(Encoding.UTF8.GetBytes(Remote)).Replace(':', '-');
        return Path.Combine([CommonDirectory(), "release-train", "ledger-anchor", remote, .. Branch.Split('/')]);
    }

    /// <summary>
    /// Checks the anchor against a fetched head: the commit the anchor names must be <paramref name="head"/> or one of
    /// its ancestors (<c>git merge-base --is-ancestor</c>). No anchor yet passes.
    /// </summary>
    /// <param name="head">The fetched head, or null when the branch is gone.</param>
    /// <returns>Null when the history still holds the anchor; RT4035 when it does not (a force-push or a deleted
    /// branch); RT1011 when the anchor file cannot be read.</returns>
    /// <exception cref="ReleaseTrainException">RT4030/RT4036 when git cannot be run.</exception>
    public Diagnostic? CheckAnchor(string? head)
    {
        var path = AnchorPath();
        if (!File.Exists(path))
        {
            return null;
        }

        string anchor;
        try
        {
            anchor = RepositoryFiles.ReadText(path).Trim();
        }
        catch (ReleaseTrainException ex)
        {
            return ex.Diagnostic;
        }

        if (!IsSha(anchor))
        {
            return DiagnosticCodes.LedgerAnchorLost.Error(path, 1, 1, DisplayName, anchor, path);
        }

        if (head is not null && head == anchor)
        {
            return null;
        }

        var contained =
            head is not null
            && Run(["merge-base", "--is-ancestor", "--end-of-options", anchor, head], null, LocalTimeout).ExitCode == 0;
        return contained ? null : DiagnosticCodes.LedgerAnchorLost.Error(path, 1, 1, DisplayName, anchor, path);
    }

    /// <summary>Remembers a verified head as the anchor (an atomic write of the sha and a newline).</summary>
    /// <param name="head">The verified head commit.</param>
    /// <exception cref="ReleaseTrainException">RT1012-class write errors from <see cref="AtomicFile"/>; RT4030/RT4036
    /// when git cannot tell the git folder.</exception>
    public void StoreAnchor(string head)
    {
        ArgumentException.ThrowIfNullOrEmpty(head);
        var path = AnchorPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteOutput(path, head + "\n");
    }

    /// <summary>
    /// Every commit of the history of <paramref name="head"/>, oldest first, with the one file it changes: checks that
    /// the history is linear (no merge, one root) and that each commit changes exactly one regular file, added or
    /// modified. Also used to check that no commit touches a file other than <paramref name="allowed"/>.
    /// </summary>
    /// <param name="head">The head commit.</param>
    /// <param name="allowed">The files ledger commits may change, or null for any.</param>
    /// <returns>The changes, oldest first.</returns>
    /// <exception cref="ReleaseTrainException">RT4034 at the first commit that breaks a rule; RT4030/RT4036.
    /// </exception>
    public IReadOnlyList<LedgerChange> History(string head, IReadOnlyCollection<string>? allowed = null)
    {
        var parents = LocalText(["rev-list", "--parents", "--end-of-options", head])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var roots = 0;
        foreach (var line in parents)
        {
            var ids = line.Split(' ');
            if (ids.Length > 2)
            {
                throw new ReleaseTrainException(
                    NotLinear(ids[0], "it is a merge commit: the ledger's history must be linear")
                );
            }

            if (ids.Length == 1 && ++roots > 1)
            {
                throw new ReleaseTrainException(NotLinear(ids[0], "the history has more than one first commit"));
            }
        }

        var raw = LocalText([
            "-c",
            "core.quotePath=true",
            "log",
            "--reverse",
            "--no-renames",
            "--root",
            "--raw",
            "--no-abbrev",
            "--format=commit %H",
            "--end-of-options",
            head,
        ]);
        var changes = new List<LedgerChange>();
        string? commit = null;
        var inCommit = new List<string>();
        foreach (var line in raw.Split('\n').Append("commit end"))
        {
            if (line.StartsWith("commit ", StringComparison.Ordinal))
            {
                if (commit is not null)
                {
                    changes.Add(OneChange(commit, inCommit, allowed));
                }

                commit = line["commit ".Length..];
                inCommit.Clear();
            }
            else if (line.StartsWith(':'))
            {
                inCommit.Add(line);
            }
        }

        return changes;
    }

    private LedgerChange OneChange(string commit, List<string> lines, IReadOnlyCollection<string>? allowed)
    {
        if (lines.Count != 1)
        {
            throw new ReleaseTrainException(
                NotLinear(
                    commit,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"it changes {lines.Count} files (a ledger commit adds one record line to one file)"
                    )
                )
            );
        }

        // ":100644 100644 <old> <new> M\t<path>"
        var tab = lines[0].IndexOf('\t', StringComparison.Ordinal);
        var fields = lines[0][1..Math.Max(tab, 1)].Split(' ');
        var path = tab < 0 ? string.Empty : lines[0][(tab + 1)..];
        if (fields.Length != 5 || fields[1] != "100644" || fields[4] is not ("A" or "M"))
        {
            throw new ReleaseTrainException(
                NotLinear(commit, $"it does not add to or create a regular file ({lines[0].Replace('\t', ' ')})")
            );
        }

        if (allowed is not null && !allowed.Contains(path))
        {
            throw new ReleaseTrainException(
                NotLinear(commit, $"it changes '{path}', which is no ledger file ({string.Join(", ", allowed)})")
            );
        }

        return new LedgerChange(commit, path, fields[3]);
    }

    /// <summary>
    /// After the head's text was found to diverge from its history: the first commit whose version of the file is not
    /// the previous version plus exactly one line (the commit that rewrote or added more), read blob by blob.
    /// </summary>
    private Diagnostic Culprit(IReadOnlyList<LedgerChange> touching, string file)
    {
        byte[] previous = [];
        for (var i = 0; i < touching.Count; i++)
        {
            var current = Blob(touching[i].Blob);
            var added = current.AsSpan(Math.Min(previous.Length, current.Length));
            var oneLine =
                current.Length > previous.Length
                && current.AsSpan(0, previous.Length).SequenceEqual(previous)
                && added.IndexOf((byte)'\n') == added.Length - 1;
            if (!oneLine)
            {
                return NotLinear(
                    touching[i].Commit,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"it does not add exactly record #{i + 1} as one line at the end of {file} (earlier lines "
                            + $"were rewritten, or more than one line was added)"
                    )
                );
            }

            previous = current;
        }

        return NotLinear(touching[^1].Commit, $"{file} at the head is not the sum of the lines its commits added");
    }

    private Diagnostic NotLinear(string commit, string why) =>
        DiagnosticCodes.LedgerHistoryInvalid.Error(null, 0, 0, DisplayName, commit, why);

    private byte[] Blob(string id)
    {
        var result = Run(["cat-file", "blob", id], null, LocalTimeout);
        return result.ExitCode == 0 ? result.Bytes : throw Failed("cat-file", result);
    }

    /// <summary>Writes the blob, the tree (in a temporary index) and the commit; returns the commit's sha.</summary>
    private string CommitRecord(string? head, string file, byte[] content, JsonObject record, LedgerSigning? signing)
    {
        var blob = LocalText(["hash-object", "-w", "--stdin"], content);
        var index = Path.Combine(Path.GetTempPath(), "release-train-ledger-" + Guid.NewGuid().ToString("N"));
        string tree;
        try
        {
            var env = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = index };
            LocalText(head is null ? ["read-tree", "--empty"] : ["read-tree", head], null, env);
            LocalText(["update-index", "--add", "--cacheinfo", "100644," + blob + "," + file], null, env);
            tree = LocalText(["write-tree"], null, env);
        }
        finally
        {
            File.Delete(index);
            File.Delete(index + ".lock");
        }

        var kind = record["kind"] is JsonValue k && k.TryGetValue<string>(out var kindText) ? kindText : "record";
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"release-train: {kind} #{record["seq"]} {file}\n\nrecordHash: {record["recordHash"]}\n"
        );
        var args = new List<string>();
        if (signing is { Format.Length: > 0 })
        {
            args.AddRange(["-c", "gpg.format=" + signing.Format]);
        }

        if (signing is { Key.Length: > 0 })
        {
            args.AddRange(["-c", "user.signingKey=" + signing.Key]);
        }

        args.AddRange(["commit-tree", "-F", "-"]);
        if (signing is not null)
        {
            args.Add("-S");
        }

        if (head is not null)
        {
            args.AddRange(["-p", head]);
        }

        args.Add(tree);
        return LocalText(args, Encoding.UTF8.GetBytes(message), IdentityEnvironment());
    }

    /// <summary>GIT_AUTHOR_*/GIT_COMMITTER_* set to release-train's identity when git config has none.</summary>
    private Dictionary<string, string?> IdentityEnvironment()
    {
        _identity ??= (
            Run(["config", "--get", "user.name"], null, LocalTimeout).Text,
            Run(["config", "--get", "user.email"], null, LocalTimeout).Text
        );
        var (name, email) = _identity.Value;
        var env = new Dictionary<string, string?>();
        if (name.Length == 0 && !HasVariable("GIT_COMMITTER_NAME"))
        {
            env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = DefaultIdentityName;
        }

        if (email.Length == 0 && !HasVariable("GIT_COMMITTER_EMAIL"))
        {
            env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = DefaultIdentityEmail;
        }

        return env;
    }

    private bool HasVariable(string name) =>
        Environment.TryGetValue(name, out var value)
            ? value is not null
            : System.Environment.GetEnvironmentVariable(name) is not null;

    private string CommonDirectory()
    {
        if (_commonDirectory is null)
        {
            var text = LocalText(["rev-parse", "--path-format=absolute", "--git-common-dir"]);
            _commonDirectory = Path.GetFullPath(text, RepositoryDirectory);
        }

        return _commonDirectory;
    }

    /// <summary>
    /// Whether a push failed only because the branch moved under it, so that fetching and appending again is the
    /// answer: the lease failed on the client (<c>[rejected] (stale info)</c>, <c>(fetch first)</c>,
    /// <c>(non-fast-forward)</c>), or another push won the race on the server between the advertisement and the ref
    /// update (<c>[remote rejected] (failed to update ref)</c> or <c>(atomic transaction failed)</c> with
    /// <c>cannot lock ref</c>: "is at X but expected Y",
    /// "reference already exists"). Any other <c>[remote rejected]</c> (a hook, a rule) is a refusal, not retried.
    /// </summary>
    private static bool IsLeaseRejection(GitResult push)
    {
        var lines = push.Output.Split('\n').Where(line => line.StartsWith('!')).ToList();
        return lines.Count > 0
            && lines.All(line =>
                line.Contains("[rejected]", StringComparison.Ordinal)
                || (
                    line.Contains("[remote rejected]", StringComparison.Ordinal)
                    && (
                        line.Contains("failed to update ref", StringComparison.Ordinal)
                        || line.Contains("atomic transaction failed", StringComparison.Ordinal)
                    )
                    && push.Error.Contains("cannot lock ref", StringComparison.Ordinal)
                )
            );
    }

    /// <summary>A git object id of a blob: SHA-1 (40 hex) or SHA-256 (64 hex) of <c>blob &lt;size&gt;\0</c> and
    /// the bytes.</summary>
    private static string BlobId(ReadOnlySpan<byte> content, int idLength)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blob {content.Length}\0"));
        byte[] all = [.. header, .. content];
#pragma warning disable CA5350 // SHA-1 is git's object id here, not a security choice
        var hash = idLength == 64 ? SHA256.HashData(all) : SHA1.HashData(all);
#pragma warning restore CA5350
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    private static void CheckFile(string file)
    {
        if (
            string.IsNullOrEmpty(file)
            || file.Split('/').Any(part => part.Length == 0 || part is "." or ".." || part.StartsWith('.'))
            || file.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '\\' or '"' or ':')
        )
        {
            throw new ArgumentException($"'{file}' is not a plain relative path for a ledger file.", nameof(file));
        }
    }

    private static bool IsRemote(string remote) =>
        !string.IsNullOrEmpty(remote) && remote[0] != '-' && !remote.Any(c => char.IsControl(c) || c == ' ');

    /// <summary>A branch name git's check-ref-format accepts (the common subset, checked without running git).
    /// </summary>
    private static bool IsBranch(string branch) =>
        !string.IsNullOrEmpty(branch)
        && branch[0] != '-'
        && !branch.EndsWith(".lock", StringComparison.Ordinal)
        && !branch.Contains("..", StringComparison.Ordinal)
        && !branch.Contains("@{", StringComparison.Ordinal)
        && !branch.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')
        && branch.Split('/').All(part => part.Length > 0 && !part.StartsWith('.') && !part.EndsWith('.'));

    private static bool IsSha(string text) =>
        text.Length is 40 or 64 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Removes the user information of URLs (<c>https://user:token@host</c> becomes
    /// <c>https://***@host</c>) from a text git printed or a remote.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without credentials in URLs.</returns>
    public static string Redact(string text) => UserInfo().Replace(text ?? string.Empty, "${scheme}***@");

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]*@")]
    private static partial Regex UserInfo();

    private static string Describe(GitResult result)
    {
        var text = string.Join(
            ' ',
            (result.Error.Length > 0 ? result.Error : result.Output).Split(
                ['\r', '\n'],
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
            )
        );
        text = Redact(text);
        if (text.Length > 600)
        {
            text = text[..600] + "...";
        }

        return text.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"git exited with {result.ExitCode}")
            : text;
    }

    private ReleaseTrainException Failed(string step, GitResult result) =>
        new(DiagnosticCodes.LedgerGitFailed.Error(null, 0, 0, step, RepositoryDirectory, Describe(result)));

    private void Local(IReadOnlyList<string> args)
    {
        var result = Run(args, null, LocalTimeout);
        if (result.ExitCode != 0)
        {
            throw Failed(args[0], result);
        }
    }

    private string LocalText(
        IReadOnlyList<string> args,
        byte[]? input = null,
        IReadOnlyDictionary<string, string?>? env = null
    )
    {
        var result = Run(args, input, LocalTimeout, env);
        return result.ExitCode == 0 ? result.Text : throw Failed(args.First(a => !a.Contains('=')), result);
    }

    /// <summary>Runs git in the repository (LC_ALL=C, no terminal prompt, no replace refs), with a time limit.
    /// </summary>
    private GitResult Run(
        IReadOnlyList<string> args,
        byte[]? input,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? env = null
    )
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = RepositoryDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["LC_ALL"] = "C";
        info.Environment["LANGUAGE"] = "C";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GCM_INTERACTIVE"] = "never";
        // git reads the commits named, never a refs/replace/* stand-in
        info.Environment["GIT_NO_REPLACE_OBJECTS"] = "1";
        info.Environment.Remove("GIT_INDEX_FILE");
        foreach (var (key, value) in Environment.Concat(env ?? new Dictionary<string, string?>()))
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("git did not start");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new ReleaseTrainException(DiagnosticCodes.LedgerGitMissing.Error(null, 0, 0, ex.Message), ex);
        }

        using (process)
        {
            var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                if (input is not null)
                {
                    process.StandardInput.BaseStream.Write(input);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // git stopped reading (it failed); its exit code and message say why
            }

            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new GitResult(
                    -1,
                    [],
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"git {args.First(a => !a.StartsWith('-') && !a.Contains('='))} did not finish within "
                            + $"{timeout.TotalSeconds} s"
                    )
                );
            }

            copy.Wait();
            return new GitResult(process.ExitCode, output.ToArray(), error.Result);
        }
    }

    private sealed record GitResult(int ExitCode, byte[] Bytes, string Error)
    {
        public string Output => Encoding.UTF8.GetString(Bytes);

        public string Text => Output.TrimEnd('\n', '\r');
    }
}

/// <summary>One record of a ledger file and the commit that added it.</summary>
/// <param name="Record">The record (with seq, prevHash and recordHash).</param>
/// <param name="Commit">The sha of the commit that added its line.</param>
public sealed record LedgerRecord(JsonObject Record, string Commit);

/// <summary>What <see cref="GitLedger.Append"/> pushed.</summary>
/// <param name="Record">The record as appended (with seq, prevHash and recordHash).</param>
/// <param name="Commit">The commit the remote accepted.</param>
/// <param name="Attempts">How many pushes it took (1 when no other writer came between).</param>
public sealed record LedgerAppend(JsonObject Record, string Commit, int Attempts);

/// <summary>The one file a ledger commit changes (<see cref="GitLedger.History"/>).</summary>
/// <param name="Commit">The commit.</param>
/// <param name="Path">The file it adds to (a path inside the branch).</param>
/// <param name="Blob">The file's blob id after the commit.</param>
public sealed record LedgerChange(string Commit, string Path, string Blob);

/// <summary>
/// How a ledger commit is signed: git's own signing (<c>git commit-tree -S</c>) with <c>gpg.format</c> =
/// <paramref name="Format"/> (<c>ssh</c>, <c>openpgp</c>, <c>x509</c>) and <c>user.signingKey</c> =
/// <paramref name="Key"/> (for SSH, the path of a private key file or of its public key with an agent). An empty
/// member leaves that setting to the user's git configuration (<see cref="UserConfiguration"/>).
/// </summary>
/// <param name="Format">gpg.format, or empty for git's configured one.</param>
/// <param name="Key">user.signingKey, or empty for git's configured one.</param>
public sealed record LedgerSigning(string Format, string Key)
{
    /// <summary>Sign with the user's git configuration as it is (gpg.format, user.signingKey).</summary>
    public static LedgerSigning UserConfiguration { get; } = new(string.Empty, string.Empty);

    /// <summary>An SSH key file (<c>signoff add --signing-key</c>).</summary>
    /// <param name="keyFile">The key file's full path.</param>
    /// <returns>The signing.</returns>
    public static LedgerSigning SshKey(string keyFile) => new("ssh", keyFile);
}
