using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// The append-only, hash-chained JSON Lines decision log (DESIGN.md, check 4). Each line is one JSON object with
/// <c>seq</c> (1, 2, ...), <c>prevHash</c> (the previous record's <c>recordHash</c>; for the first record the sha256 of
/// the empty string) and <c>recordHash</c> = sha256 of the RFC 8785 form of the record without <c>recordHash</c>; no
/// line is longer than <see cref="MaxRecordBytes"/>.
/// <para>
/// The log is named by its real path: every symbolic link of every component is resolved first, so two names of one
/// file share one lock, <c>{real log}.lock</c>, and one head marker. An append takes that lock (waiting only while
/// another writer holds it), reads the last record by seeking back from the end (bounded), refuses to continue after a
/// torn or malformed last line, writes its line at the old end, flushes it to disk (fsync), then replaces the head
/// marker atomically. It lands whole or not at all: when any of these writes fails (a full disk, a file size limit, an
/// I/O error) the log is truncated back to its old length and flushed again, so the log and the head marker are what
/// they were. Earlier lines are never rewritten; <see cref="Repair"/> only ever removes an incomplete last line.
/// </para>
/// </summary>
public static class HashChainedLog
{
    /// <summary>prevHash of the first record: sha256 of the empty string.</summary>
    public static readonly string GenesisHash = Digest.Sha256([]);

    /// <summary>How long every command waits for another writer's lock before RT4012: 60 seconds.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest record, in bytes of UTF-8 without its newline: 1 MiB (1,048,576). An append of a larger record is
    /// refused before anything is written, and a longer line in a log fails it (RT4016): readers never hold more than
    /// this much of one line.
    /// </summary>
    public const int MaxRecordBytes = 1024 * 1024;

    /// <summary>The largest head marker read, in bytes.</summary>
    private const int MaxHeadBytes = 4096;

    /// <summary>The most symbolic links followed while resolving one path (Linux's MAXSYMLINKS).</summary>
    private const int MaxSymbolicLinks = 40;

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonDocumentOptions NodeOptions = new() { MaxDepth = LocatedJsonDocument.MaxDepth + 1 };

    /// <summary>Appends a record built from the next seq and prevHash: whole, or not at all.</summary>
    /// <param name="path">The log file (created with its folder if absent; symbolic links are resolved).</param>
    /// <param name="build">Builds the record (without seq, prevHash, recordHash) from seq and prevHash.</param>
    /// <param name="lockTimeout">How long to wait for other writers.</param>
    /// <returns>The record as appended.</returns>
    /// <exception cref="ReleaseTrainException">RT4010 when the last record is malformed (at its line and column) or
    /// the head marker is malformed, names a record past the last one or the last one with another recordHash,
    /// RT4011 when the last line is torn, RT4012 when another writer holds the lock past the timeout, RT4013 when the
    /// log, its folder or its lock cannot be written (read-only, permission), RT4014 when the append failed and was
    /// undone, RT4015 when undoing it failed too, RT4016 when the last line or the new record is over
    /// <see cref="MaxRecordBytes"/>.</exception>
    public static JsonObject Append(string path, Func<long, string, JsonObject> build, TimeSpan lockTimeout)
    {
        ArgumentNullException.ThrowIfNull(build);
        var full = Writable(path, () =>
        {
            var real = RealPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(real)!);
            return real;
        });
        using var gate = AcquireLock(LockPath(full), lockTimeout);
        using var stream = Writable(full, () => OpenForWriting(full));
        var length = stream.Length;
        var (lastSeq, lastHash) = Readable(full, () => ReadTail(stream, full));
        if (Readable(full, () => HeadAhead(full, lastSeq, lastHash)) is { } cut)
        {
            throw new ReleaseTrainException(cut);
        }

        var (ordered, line) = NextRecord(lastSeq, lastHash, build, full);
        try
        {
            stream.Position = length;
            stream.Write(line);
            stream.Flush(flushToDisk: true);

            // The head marker names the last record, so that a log cut at a line boundary (still a valid chain) is
            // caught. The record is reported only once both are on disk.
            var head = new JsonObject { ["seq"] = lastSeq + 1, ["recordHash"] = ordered["recordHash"]!.DeepClone() };
            AtomicFile.WriteAllText(HeadPath(full), head.ToJsonString() + "\n");
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            throw Undo(stream, full, length, ex);
        }

        return ordered;
    }

    /// <summary>
    /// The next record of a chain, in memory: <paramref name="build"/>'s members between <c>seq</c> (first) and
    /// <c>prevHash</c> and <c>recordHash</c> (last), and its line (UTF-8, ending in a newline). The one rule of how a
    /// record continues a chain, shared by the file log and the git ledger (<see cref="GitLedger"/>).
    /// </summary>
    /// <param name="lastSeq">The last record's seq (0 for an empty chain).</param>
    /// <param name="lastHash">The last record's recordHash (<see cref="GenesisHash"/> for an empty chain).</param>
    /// <param name="build">Builds the record (without seq, prevHash, recordHash) from seq and prevHash.</param>
    /// <param name="where">The log's name, for RT4016.</param>
    /// <returns>The record and its line.</returns>
    /// <exception cref="ReleaseTrainException">RT4016 when the line (without its newline) is over
    /// <see cref="MaxRecordBytes"/>.</exception>
    public static (JsonObject Record, byte[] Line) NextRecord(
        long lastSeq,
        string lastHash,
        Func<long, string, JsonObject> build,
        string where
    )
    {
        ArgumentNullException.ThrowIfNull(build);
        var record = build(lastSeq + 1, lastHash);
        var ordered = new JsonObject { ["seq"] = lastSeq + 1 };
        foreach (var (key, value) in record)
        {
            ordered[key] = value?.DeepClone();
        }

        ordered["prevHash"] = lastHash;
        ordered["recordHash"] = RecordHash(ordered);
        var line = Encoding.UTF8.GetBytes(ordered.ToJsonString(LineOptions) + "\n");
        if (line.Length - 1 > MaxRecordBytes)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.LogRecordTooLarge.Error(
                    where,
                    0,
                    0,
                    string.Create(CultureInfo.InvariantCulture, $"The record to append ({line.Length - 1} bytes)"),
                    MaxRecordBytes,
                    "nothing was appended"
                )
            );
        }

        return (ordered, line);
    }

    /// <summary>
    /// Verifies a whole chain held in memory (the text of a log, e.g. a file of the git ledger at one commit), by the
    /// rules of <see cref="Verify"/> without a head marker: every line parses, seq runs 1, 2, ..., each prevHash is the
    /// previous recordHash, each recordHash recomputes, no line is over <see cref="MaxRecordBytes"/>, the text ends
    /// with a newline (or is empty).
    /// </summary>
    /// <param name="text">The log's bytes (UTF-8).</param>
    /// <param name="name">The name problems are reported at (a file or a ledger path).</param>
    /// <param name="records">Receives the records in order while they verify, or null.</param>
    /// <param name="last">The last verified record's seq and recordHash ((0, <see cref="GenesisHash"/>) when
    /// none).</param>
    /// <returns>Empty when the chain verifies; otherwise one RT4010, RT4011 or RT4016 at the first bad line.</returns>
    public static IReadOnlyList<Diagnostic> VerifyText(
        byte[] text,
        string name,
        List<JsonObject>? records,
        out (long Seq, string Hash) last
    )
    {
        ArgumentNullException.ThrowIfNull(text);
        using var stream = new MemoryStream(text, writable: false);
        var scan = ScanLines(stream, name, new HeadRead(null, null), records, long.MaxValue);
        last = (scan.Records, scan.LastHash);
        return scan.Problems;
    }

    /// <summary>
    /// The head marker beside a log: <c>{log}.head</c>, holding the last record's seq and recordHash.
    /// </summary>
    /// <param name="logPath">The log file (as named; appends and verification use its real path).</param>
    /// <returns>The marker's path.</returns>
    public static string HeadPath(string logPath) => logPath + ".head";

    /// <summary>sha256 of the RFC 8785 form of a record without its recordHash member.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The digest.</returns>
    public static string RecordHash(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var copy = (JsonObject)record.DeepClone();
        copy.Remove("recordHash");
        return JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(copy.ToJsonString()).Root);
    }

    /// <summary>
    /// Verifies the whole chain, reading one line at a time (memory bounded by <see cref="MaxRecordBytes"/>): every
    /// line parses, seq runs 1, 2, ..., each prevHash is the previous recordHash, each recordHash recomputes, no line
    /// is over <see cref="MaxRecordBytes"/>, the file ends with a newline, and the head marker (when present) names a
    /// record of the chain. Reports the first problem only.
    /// </summary>
    /// <param name="path">The log file (symbolic links are resolved).</param>
    /// <param name="records">How many records verified.</param>
    /// <returns>Empty when the log verifies; otherwise one RT4010, RT4011 or RT4016 at the first bad line and, where
    /// there is one, column (RT1003 when absent, RT1011 when unreadable).</returns>
    public static IReadOnlyList<Diagnostic> Verify(string path, out int records)
    {
        var scan = Scan(path, null, long.MaxValue);
        records = scan.Records;
        return scan.Problems;
    }

    /// <summary>
    /// Reads every record of a hash-chained log while verifying the whole chain: a log that does not verify yields no
    /// records and its diagnostics (fail closed); an absent log holds no records.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="errors">RT4010/RT4011/RT4016 (or RT1011) when the chain does not verify; empty otherwise.</param>
    /// <returns>The records in log order.</returns>
    public static IReadOnlyList<JsonObject> ReadVerified(string path, out IReadOnlyList<Diagnostic> errors)
    {
        errors = [];
        if (IsAbsent(path, out var problem))
        {
            return [];
        }

        if (problem is not null)
        {
            errors = [problem];
            return [];
        }

        var records = new List<JsonObject>();
        var scan = Scan(path, records, long.MaxValue);
        if (scan.Problems.Count > 0)
        {
            errors = scan.Problems;
            return [];
        }

        return records;
    }

    /// <summary>
    /// Repairs a log left torn by a crash (<c>release-train log repair</c>): when the only damage is an incomplete
    /// last line (bytes after the last newline: an append that never finished, and so was never reported), and every
    /// complete line and the head marker verify, the whole file is first copied to
    /// <c>{log}.{yyyyMMddTHHmmssfffZ}.bak</c> (UTC, flushed to disk), then the incomplete line is cut off and the log
    /// flushed. A complete record is never removed: any other damage is refused and nothing is changed. Holds the
    /// writers' lock throughout.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="lockTimeout">How long to wait for other writers.</param>
    /// <returns>What was done: nothing (intact), repaired (with the backup's path), or refused (the problem and
    /// RT4017).</returns>
    /// <exception cref="ReleaseTrainException">RT1003 when the log does not exist, RT4012 when another writer holds
    /// the lock, RT4013 when the log or the backup cannot be written (nothing was changed).</exception>
    public static HashChainedLogRepair Repair(string path, TimeSpan lockTimeout)
    {
        var full = Writable(path, () => RealPath(path));
        if (IsAbsent(full, out var unopenable))
        {
            throw new ReleaseTrainException(DiagnosticCodes.FileNotFound.Error(full, 0, 0, full));
        }

        if (unopenable is not null)
        {
            throw new ReleaseTrainException(unopenable);
        }

        using var gate = AcquireLock(LockPath(full), lockTimeout);
        using var stream = Writable(full, () => OpenForWriting(full));
        var length = stream.Length;
        var scan = Scan(full, null, long.MaxValue);
        if (scan.Problems.Count == 0)
        {
            return new HashChainedLogRepair(full, [], scan.Records, 0, 0, null);
        }

        var problem = scan.Problems[0];
        if (scan.TornAt < 0)
        {
            return Refused(full, scan, problem, "the log has other damage");
        }

        // Everything before the incomplete line, head marker included, must verify on its own.
        var prefix = Scan(full, null, scan.TornAt);
        if (prefix.Problems.Count > 0)
        {
            return Refused(
                full,
                prefix,
                prefix.Problems[0],
                "the complete records before the incomplete last line do not verify"
            );
        }

        var backup = Path.Combine(
            Path.GetDirectoryName(full)!,
            string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(full)}.{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}.bak"
            )
        );
        Writable(backup, () => Backup(stream, length, backup));
        Writable(full, () =>
        {
            stream.SetLength(scan.TornAt);
            stream.Flush(flushToDisk: true);
            return true;
        });
        return new HashChainedLogRepair(full, [], prefix.Records, length - scan.TornAt, problem.Line, backup);
    }

    /// <summary>
    /// The path with every symbolic link of every component resolved, as the kernel would (a <c>..</c> after a link
    /// climbs from the link's target). Components that do not exist yet are kept as written.
    /// </summary>
    /// <param name="path">A path (made absolute first).</param>
    /// <returns>The real path.</returns>
    /// <exception cref="IOException">More than 40 symbolic links on the way (a loop).</exception>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var pending = new List<string>(Split(full[root.Length..]));
        pending.Reverse(); // a stack: the next component last
        var current = root;
        var links = 0;
        while (pending.Count > 0)
        {
            var name = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (name is "" or ".")
            {
                continue;
            }

            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Combine(current, name);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxSymbolicLinks)
            {
                throw new IOException($"Too many levels of symbolic links : '{full}'");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(Path.GetFullPath(target))!;
                target = target[Path.GetPathRoot(target)!.Length..];
            }

            var parts = Split(target);
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                pending.Add(parts[i]);
            }
        }

        return current;
    }

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.None);

    private static string LockPath(string realLog) => realLog + ".lock";

    private static FileStream OpenForWriting(string full) =>
        // Unbuffered: a failed write leaves nothing behind in a buffer to be written again while undoing it. Only a
        // regular file is opened, and the open never waits (a FIFO named as the log is RT1016, not a hang).
        new(
            OpenedFile.Open(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, null, null, out _),
            FileAccess.ReadWrite,
            bufferSize: 0
        );

    /// <summary>
    /// Whether a log is absent: nothing by that name (not even a link to nothing) and no folder on the way that could
    /// not be searched. Anything else that keeps it from being opened as a regular file is the
    /// <paramref name="problem"/> (RT1016 a folder or a FIFO, RT1011 unreadable, RT1003 a link to nothing), never
    /// taken for "no log" (File.Exists says false for all of them).
    /// </summary>
    private static bool IsAbsent(string full, out Diagnostic? problem)
    {
        problem = null;
        try
        {
            OpenForReading(full).Dispose();
            return false;
        }
        catch (ReleaseTrainException ex)
            when (ex.Diagnostic.Code == DiagnosticCodes.FileNotFound.Code && new FileInfo(full).LinkTarget is null)
        {
            return true;
        }
        catch (ReleaseTrainException ex)
        {
            problem = ex.Diagnostic;
            return false;
        }
    }

    private static FileStream OpenForReading(string full) =>
        new(
            OpenedFile.Open(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, null, null, out _),
            FileAccess.Read,
            bufferSize: 0
        );

    /// <summary>Runs a step that writes; what stops it (read-only, permission, no space) is RT4013.</summary>
    private static T Writable<T>(string path, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            throw new ReleaseTrainException(DiagnosticCodes.LogNotWritable.Error(path, 0, 0, path, Describe(ex)), ex);
        }
    }

    /// <summary>Runs a step that reads; what stops it (an I/O error, a permission) is RT1011.</summary>
    private static T Readable<T>(string path, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.FileUnreadable.Error(path, 0, 0, path, OneLine(ex.Message)),
                ex
            );
        }
    }

    /// <summary>
    /// A write that failed in the file system: an I/O error (ENOSPC, EIO, ...), a permission, or EFBIG (a file size
    /// limit), which .NET reports as an <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    private static bool IsWriteFailure(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException;

    /// <summary>What stopped a write, in one line.</summary>
    private static string Describe(Exception ex) =>
        ex is ArgumentOutOfRangeException
            ? "the file would grow past the largest size allowed (EFBIG: a file size limit or the file system's "
                + "maximum)"
            : OneLine(ex.Message);

    /// <summary>Truncates the log back to the length it had before a failed append, and flushes that to disk.</summary>
    private static ReleaseTrainException Undo(FileStream stream, string path, long length, Exception cause)
    {
        try
        {
            stream.SetLength(length);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            return new ReleaseTrainException(
                DiagnosticCodes.LogAppendNotUndone.Error(path, 0, 0, path, Describe(cause), Describe(ex)),
                cause
            );
        }

        return new ReleaseTrainException(
            DiagnosticCodes.LogAppendUndone.Error(path, 0, 0, path, Describe(cause)),
            cause
        );
    }

    private static bool Backup(FileStream stream, long length, string backup)
    {
        try
        {
            using var copy = new FileStream(backup, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
            var buffer = new byte[64 * 1024];
            for (long at = 0; at < length; )
            {
                stream.Position = at;
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length - at));
                if (read == 0)
                {
                    throw new IOException($"'{stream.Name}' shrank while it was copied.");
                }

                copy.Write(buffer, 0, read);
                at += read;
            }

            copy.Flush(flushToDisk: true);
            return true;
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            try
            {
                File.Delete(backup);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // the backup is incomplete either way; the log itself is untouched
            }

            throw;
        }
    }

    private static HashChainedLogRepair Refused(string full, ScanResult scan, Diagnostic problem, string what)
    {
        var at = problem.File == full ? "line" : $"{Path.GetFileName(problem.File)} line";
        var refusal = DiagnosticCodes.LogRepairRefused.Error(
            problem.File,
            problem.Line,
            problem.Column,
            full,
            string.Create(CultureInfo.InvariantCulture, $"{what} ({problem.Code} at {at} {problem.Line})")
        );
        return new HashChainedLogRepair(full, [problem, refusal], scan.Records, 0, 0, null);
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>One pass over the log, up to <paramref name="limit"/> bytes: the first problem, if any.</summary>
    private static ScanResult Scan(string path, List<JsonObject>? collect, long limit)
    {
        string full;
        try
        {
            full = RealPath(path);
        }
        catch (IOException ex)
        {
            var given = Path.GetFullPath(path);
            return new ScanResult(
                [DiagnosticCodes.FileUnreadable.Error(given, 0, 0, given, OneLine(ex.Message))],
                0,
                -1,
                GenesisHash
            );
        }

        if (IsAbsent(full, out var unopenable))
        {
            return new ScanResult([DiagnosticCodes.FileNotFound.Error(full, 0, 0, full)], 0, -1, GenesisHash);
        }

        if (unopenable is not null)
        {
            return new ScanResult([unopenable], 0, -1, GenesisHash);
        }

        try
        {
            var head = ReadHead(full);
            using var stream = OpenForReading(full);
            return ScanLines(stream, full, head, collect, limit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ScanResult(
                [DiagnosticCodes.FileUnreadable.Error(full, 0, 0, full, OneLine(ex.Message))],
                0,
                -1,
                GenesisHash
            );
        }
    }

    /// <summary>One pass over a stream of records, up to <paramref name="limit"/> bytes: the first problem, if any.
    /// </summary>
    private static ScanResult ScanLines(
        Stream stream,
        string full,
        HeadRead head,
        List<JsonObject>? collect,
        long limit
    )
    {
        var reader = new LineReader(stream, limit);
        var expectedPrev = GenesisHash;
        var records = 0;
        string? hashAtHead = null;
        while (true)
        {
            var lineNumber = records + 1;
            var start = reader.Offset;
            var status = reader.Next(out var line);
            if (status == LineStatus.End)
            {
                var problem = CheckHead(full, head, records, hashAtHead);
                return new ScanResult(problem is null ? [] : [problem], records, -1, expectedPrev);
            }

            if (status == LineStatus.TooLong)
            {
                return new ScanResult([TooLarge(full, lineNumber)], records, -1, expectedPrev);
            }

            if (status == LineStatus.Incomplete)
            {
                return new ScanResult(
                    [
                        DiagnosticCodes.DecisionLogTorn.Error(
                            full,
                            lineNumber,
                            1,
                            lineNumber,
                            "the file does not end with a newline"
                        ),
                    ],
                    records,
                    start,
                    expectedPrev
                );
            }

            var parsed = Parse(line, full, out var bad);
            bad ??=
                parsed!.Seq != lineNumber
                    ? new LineProblem(
                        parsed.SeqColumn,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"seq is {parsed.Seq}, expected {lineNumber} (a record was deleted, inserted or "
                                + $"reordered)"
                        )
                    )
                : parsed.PrevHash != expectedPrev
                    ? new LineProblem(
                        parsed.PrevHashColumn,
                        "prevHash is not the previous record's recordHash (a record was deleted, inserted or "
                            + "reordered)"
                    )
                : null;
            if (bad is not null)
            {
                return new ScanResult(
                    [DiagnosticCodes.DecisionLogTampered.Error(full, lineNumber, bad.Column, lineNumber, bad.Text)],
                    records,
                    -1,
                    expectedPrev
                );
            }

            expectedPrev = parsed!.RecordHash;
            if (head.Marker is { } marker && marker.Seq == lineNumber)
            {
                hashAtHead = parsed.RecordHash;
            }

            collect?.Add(parsed.Node);
            records++;
        }
    }

    private static Diagnostic TooLarge(string path, long lineNumber) =>
        DiagnosticCodes.LogRecordTooLarge.Error(
            path,
            (int)Math.Min(lineNumber, int.MaxValue),
            1,
            string.Create(CultureInfo.InvariantCulture, $"Line {lineNumber}"),
            MaxRecordBytes,
            "the log is not read past it and nothing is appended to it; restore the log from version control"
        );

    /// <summary>
    /// Parses one line as a record: strict JSON (no duplicate keys), an object, seq a positive integer, prevHash and
    /// recordHash strings, recordHash recomputes. A problem comes with its column.
    /// </summary>
    private static ParsedRecord? Parse(byte[] line, string path, out LineProblem? problem)
    {
        problem = null;
        LocatedJsonDocument document;
        try
        {
            document = LocatedJsonDocument.Parse(line, path);
        }
        catch (ReleaseTrainException ex)
        {
            problem = new LineProblem(ex.Diagnostic.Column, $"it is not valid JSON ({ex.Diagnostic.Message})");
            return null;
        }

        if (document.Root is not LocatedJsonObject root)
        {
            problem = new LineProblem(document.Root.Column, "it is not a JSON object");
            return null;
        }

        var seq = root.GetMember("seq");
        var prev = root.GetMember("prevHash");
        var hash = root.GetMember("recordHash");
        if (
            seq?.Value is not LocatedJsonScalar { Kind: JsonKind.Number } seqValue
            || !long.TryParse(seqValue.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var seqNumber)
            || seqNumber < 1
        )
        {
            problem = new LineProblem(seq?.Value.Column ?? 1, seq is null ? "seq is missing" : "seq is not 1, 2, ...");
            return null;
        }

        if (prev?.Value is not LocatedJsonScalar { Kind: JsonKind.String } prevValue)
        {
            problem = new LineProblem(
                prev?.Value.Column ?? 1,
                prev is null ? "prevHash is missing" : "prevHash is not a string"
            );
            return null;
        }

        if (hash?.Value is not LocatedJsonScalar { Kind: JsonKind.String } hashValue)
        {
            problem = new LineProblem(
                hash?.Value.Column ?? 1,
                hash is null ? "recordHash is missing" : "recordHash is not a string"
            );
            return null;
        }

        JsonObject node;
        try
        {
            node = (JsonObject)JsonNode.Parse(line, documentOptions: NodeOptions)!;
        }
        catch (JsonException ex)
        {
            problem = new LineProblem(1, $"it is not valid JSON ({OneLine(ex.Message)})");
            return null;
        }

        if (hashValue.Text != RecordHash(node))
        {
            // The edit may be anywhere in the record: the record as a whole is named, from its first column.
            problem = new LineProblem(1, "recordHash does not recompute (the record was edited)");
            return null;
        }

        return new ParsedRecord(node, seqNumber, seqValue.Column, prevValue.Text!, prevValue.Column, hashValue.Text!);
    }

    /// <summary>
    /// The head marker, read (bounded) and parsed before the log; a problem is reported after the log's.
    /// </summary>
    private static HeadRead ReadHead(string log)
    {
        var headPath = HeadPath(log);
        if (!File.Exists(headPath))
        {
            return new HeadRead(null, null);
        }

        byte[] bytes;
        using (var stream = OpenForReading(headPath))
        {
            var buffer = new byte[MaxHeadBytes + 1];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (length > MaxHeadBytes)
            {
                return new HeadRead(null, HeadProblem(headPath, 1, 1, $"the head marker is over {MaxHeadBytes} bytes"));
            }

            bytes = buffer[..length];
        }

        LocatedJsonDocument document;
        try
        {
            document = LocatedJsonDocument.Parse(bytes, headPath);
        }
        catch (ReleaseTrainException ex)
        {
            var d = ex.Diagnostic;
            return new HeadRead(
                null,
                HeadProblem(headPath, d.Line, d.Column, $"the head marker is not valid JSON ({d.Message})")
            );
        }

        const string Shape = "the head marker is not {\"seq\": N, \"recordHash\": \"sha256:...\"}";
        if (document.Root is not LocatedJsonObject root)
        {
            return new HeadRead(null, HeadProblem(headPath, document.Root.Line, document.Root.Column, Shape));
        }

        var seq = root.GetMember("seq");
        var hash = root.GetMember("recordHash");
        if (
            seq?.Value is not LocatedJsonScalar { Kind: JsonKind.Number } seqValue
            || !long.TryParse(seqValue.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var seqNumber)
            || seqNumber < 1
        )
        {
            var at = seq?.Value ?? root;
            return new HeadRead(null, HeadProblem(headPath, at.Line, at.Column, Shape + ": seq is not 1, 2, ..."));
        }

        if (hash?.Value is not LocatedJsonScalar { Kind: JsonKind.String } hashValue)
        {
            var at = hash?.Value ?? root;
            return new HeadRead(
                null,
                HeadProblem(headPath, at.Line, at.Column, Shape + ": recordHash is not a string")
            );
        }

        return new HeadRead(new HeadMarker(seqNumber, hashValue.Text!), null);
    }

    private static Diagnostic HeadProblem(string headPath, int line, int column, string text) =>
        DiagnosticCodes.DecisionLogTampered.Error(headPath, line, column, line, text);

    /// <summary>
    /// The head marker, when present, must name a record of the chain: a marker beyond the last record means records
    /// were cut off the end. (A marker one record behind is a crash between appending and updating it, and is fine.)
    /// </summary>
    private static Diagnostic? CheckHead(string log, HeadRead head, int records, string? hashAtHead)
    {
        if (head.Problem is not null || head.Marker is not { } marker)
        {
            return head.Problem;
        }

        if (marker.Seq > records)
        {
            return DiagnosticCodes.DecisionLogTampered.Error(
                log,
                records + 1,
                1,
                records + 1,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the log ends after record #{records} but its head marker names record #{marker.Seq}: records "
                        + $"were cut off the end"
                )
            );
        }

        return hashAtHead != marker.RecordHash
            ? DiagnosticCodes.DecisionLogTampered.Error(
                log,
                (int)marker.Seq,
                1,
                marker.Seq,
                "the record the head marker names has another recordHash"
            )
            : null;
    }

    /// <summary>
    /// Before an append: the head marker must not name a record past the last one (records cut off the end) nor the
    /// last record with another hash, and must be well formed. The append rewrites the marker, so appending over such a
    /// marker would erase the only sign of the cut. (A marker behind the last record is a crash between the two
    /// writes.)
    /// </summary>
    private static Diagnostic? HeadAhead(string log, long lastSeq, string lastHash)
    {
        var head = ReadHead(log);
        return head.Problem is not null || head.Marker is { } marker && marker.Seq >= lastSeq
            ? CheckHead(log, head, (int)Math.Min(lastSeq, int.MaxValue), lastHash)
            : null;
    }

    /// <summary>
    /// The last record's seq and recordHash, read by seeking back from the end: at most
    /// <see cref="MaxRecordBytes"/> + 1 bytes, in windows that double from 4 KiB. The record must be well formed
    /// (<see cref="Parse"/>); its line number is counted only to report a problem.
    /// </summary>
    private static (long Seq, string Hash) ReadTail(FileStream stream, string path)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return (0, GenesisHash);
        }

        stream.Position = length - 1;
        if (stream.ReadByte() != '\n')
        {
            var torn = CountNewlines(stream, length) + 1;
            throw new ReleaseTrainException(
                DiagnosticCodes.DecisionLogTorn.Error(
                    path,
                    (int)Math.Min(torn, int.MaxValue),
                    1,
                    torn,
                    "the file does not end with a newline"
                )
            );
        }

        var end = length - 1;
        long window = Math.Min(4096, end);
        byte[] line;
        while (true)
        {
            var from = end - window;
            var buffer = new byte[window];
            stream.Position = from;
            stream.ReadExactly(buffer);
            var newline = buffer.AsSpan().LastIndexOf((byte)'\n');
            if (newline >= 0 || from == 0)
            {
                line = buffer[(newline + 1)..];
                break;
            }

            if (window > MaxRecordBytes)
            {
                throw new ReleaseTrainException(TooLarge(path, CountNewlines(stream, length)));
            }

            window = Math.Min(Math.Min(window * 2, MaxRecordBytes + 1L), end);
        }

        if (line.Length > MaxRecordBytes)
        {
            throw new ReleaseTrainException(TooLarge(path, CountNewlines(stream, length)));
        }

        var parsed = Parse(line, path, out var problem);
        if (problem is not null)
        {
            var lineNumber = CountNewlines(stream, length);
            throw new ReleaseTrainException(
                DiagnosticCodes.DecisionLogTampered.Error(
                    path,
                    (int)Math.Min(lineNumber, int.MaxValue),
                    problem.Column,
                    lineNumber,
                    problem.Text
                )
            );
        }

        return (parsed!.Seq, parsed.RecordHash);
    }

    /// <summary>
    /// How many newlines the first <paramref name="length"/> bytes hold (streamed, 64 KiB at a time).
    /// </summary>
    private static long CountNewlines(FileStream stream, long length)
    {
        var buffer = new byte[64 * 1024];
        long count = 0;
        stream.Position = 0;
        for (long at = 0; at < length; )
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length - at));
            if (read == 0)
            {
                break;
            }

            count += buffer.AsSpan(0, read).Count((byte)'\n');
            at += read;
        }

        return count;
    }

    private static FileStream AcquireLock(string lockPath, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = 5;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (IsLockContention(ex) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(delay + Random.Shared.Next(delay));
                delay = Math.Min(delay * 2, 200);
            }
            catch (IOException ex) when (IsLockContention(ex))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.DecisionLogBusy.Error(lockPath, 0, 0, lockPath, (int)timeout.TotalSeconds),
                    ex
                );
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A read-only file system, a missing permission, no space for the lock file: true at once, and no
                // amount of waiting changes it.
                throw new ReleaseTrainException(
                    DiagnosticCodes.LogNotWritable.Error(lockPath, 0, 0, lockPath, OneLine(ex.Message)),
                    ex
                );
            }
        }
    }

    /// <summary>
    /// Whether opening the lock file failed only because another writer holds it: EWOULDBLOCK from flock on Unix
    /// (.NET reports the errno as the HResult), a sharing or lock violation on Windows.
    /// </summary>
    private static bool IsLockContention(IOException ex) =>
        OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33
        : OperatingSystem.IsLinux() ? ex.HResult == 11
        : ex.HResult == 35;

    private enum LineStatus
    {
        Line,
        Incomplete,
        TooLong,
        End,
    }

    /// <summary>Reads a stream line by line, 64 KiB at a time; a line is held only up to MaxRecordBytes.</summary>
    private sealed class LineReader(Stream stream, long limit)
    {
        private readonly byte[] _chunk = new byte[64 * 1024];
        private byte[] _line = new byte[4096];
        private int _start;
        private int _count;
        private long _consumed;

        /// <summary>Offset in the stream of the next line's first byte.</summary>
        public long Offset => _consumed - (_count - _start);

        public LineStatus Next(out byte[] line)
        {
            line = [];
            var length = 0;
            while (true)
            {
                if (_start == _count)
                {
                    var want = (int)Math.Min(_chunk.Length, limit - _consumed);
                    _count = want <= 0 ? 0 : stream.Read(_chunk, 0, want);
                    _start = 0;
                    _consumed += _count;
                    if (_count == 0)
                    {
                        return length == 0 ? LineStatus.End : LineStatus.Incomplete;
                    }
                }

                var span = _chunk.AsSpan(_start, _count - _start);
                var newline = span.IndexOf((byte)'\n');
                var take = newline >= 0 ? span[..newline] : span;
                if (length + take.Length > MaxRecordBytes)
                {
                    return LineStatus.TooLong;
                }

                if (length + take.Length > _line.Length)
                {
                    Array.Resize(ref _line, Math.Min(Math.Max(_line.Length * 2, length + take.Length), MaxRecordBytes));
                }

                take.CopyTo(_line.AsSpan(length));
                length += take.Length;
                _start += take.Length;
                if (newline >= 0)
                {
                    _start++;
                    line = _line[..length];
                    return LineStatus.Line;
                }
            }
        }
    }

    private sealed record LineProblem(int Column, string Text);

    private sealed record ParsedRecord(
        JsonObject Node,
        long Seq,
        int SeqColumn,
        string PrevHash,
        int PrevHashColumn,
        string RecordHash
    );

    private sealed record HeadMarker(long Seq, string RecordHash);

    private sealed record HeadRead(HeadMarker? Marker, Diagnostic? Problem);

    /// <summary>A scan's problems (at most one), the records verified before it, and where a torn last line starts
    /// (-1 when the problem is anything else).</summary>
    private sealed record ScanResult(IReadOnlyList<Diagnostic> Problems, int Records, long TornAt, string LastHash);
}
