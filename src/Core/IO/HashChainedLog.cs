using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// The append-only, hash-chained JSON Lines decision log (DESIGN.md, check 4). Each line is one JSON object with
/// <c>seq</c> (1, 2, ...), <c>prevHash</c> (the previous record's <c>recordHash</c>; for the first record the sha256 of
/// the empty string) and <c>recordHash</c> = sha256 of the RFC 8785 form of the record without <c>recordHash</c>.
/// Appends take an exclusive lock on <c>{log}.lock</c>, refuse to continue after a torn last line, write one line
/// and flush it to disk before returning; earlier lines are never rewritten.
/// </summary>
public static class HashChainedLog
{
    /// <summary>prevHash of the first record: sha256 of the empty string.</summary>
    public static readonly string GenesisHash = Digest.Sha256([]);

    /// <summary>How long every command waits for another writer's lock before RT4012: 60 seconds.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(60);

    private static readonly System.Text.Json.JsonSerializerOptions LineOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Appends a record built from the next seq and prevHash.</summary>
    /// <param name="path">The log file (created with its folder if absent).</param>
    /// <param name="build">Builds the record (without seq, prevHash, recordHash) from seq and prevHash.</param>
    /// <param name="lockTimeout">How long to wait for other writers.</param>
    /// <returns>The record as appended.</returns>
    /// <exception cref="ReleaseTrainException">RT4011 when the last line is torn, RT4012 when the lock is not
    /// obtained.</exception>
    public static JsonObject Append(string path, Func<long, string, JsonObject> build, TimeSpan lockTimeout)
    {
        ArgumentNullException.ThrowIfNull(build);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var gate = AcquireLock(full + ".lock", lockTimeout);
        var (lastSeq, lastHash) = ReadTail(full);
        var record = build(lastSeq + 1, lastHash);
        var ordered = new JsonObject { ["seq"] = lastSeq + 1 };
        foreach (var (key, value) in record)
        {
            ordered[key] = value?.DeepClone();
        }

        ordered["prevHash"] = lastHash;
        ordered["recordHash"] = RecordHash(ordered);
        var line = Encoding.UTF8.GetBytes(ordered.ToJsonString(LineOptions) + "\n");
        using (var stream = RepositoryFiles.OpenRegular(full, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }

        // The head marker names the last record, so that a log cut at a line boundary (still a valid chain) is caught.
        var head = new JsonObject { ["seq"] = lastSeq + 1, ["recordHash"] = ordered["recordHash"]!.GetValue<string>() };
        IO.AtomicFile.WriteAllText(HeadPath(full), head.ToJsonString() + "\n");
        return ordered;
    }

    /// <summary>
    /// The head marker beside a log: <c>{log}.head</c>, holding the last record's seq and recordHash.
    /// </summary>
    /// <param name="logPath">The log file.</param>
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
    /// Verifies the whole chain: every line parses, seq runs 1, 2, ..., each prevHash is the previous recordHash, each
    /// recordHash recomputes, and the file ends with a newline. Reports the first bad line only.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="records">How many records verified.</param>
    /// <returns>Empty when the log verifies; otherwise one RT4010 or RT4011 naming the first bad line (or RT1003 when
    /// absent).</returns>
    public static IReadOnlyList<Diagnostic> Verify(string path, out int records)
    {
        records = 0;
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return [DiagnosticCodes.FileNotFound.Error(full, 0, 0, full)];
        }

        var bytes = RepositoryFiles.ReadFile(full);
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        var expectedPrev = GenesisHash;
        var hashes = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i];
            var isLast = i == lines.Length - 1;
            if (isLast)
            {
                return line.Length == 0
                    ? CheckHead(full, records, hashes)
                    :
                    [
                        DiagnosticCodes.DecisionLogTorn.Error(
                            full,
                            lineNumber,
                            1,
                            lineNumber,
                            "the file does not end with a newline"
                        ),
                    ];
            }

            JsonObject? record;
            try
            {
                LocatedJsonDocument.Parse(line, full);
                record = JsonNode.Parse(line) as JsonObject;
            }
            catch (Exception ex) when (ex is ReleaseTrainException or System.Text.Json.JsonException)
            {
                record = null;
            }

            if (record is null)
            {
                return
                [
                    DiagnosticCodes.DecisionLogTampered.Error(
                        full,
                        lineNumber,
                        1,
                        lineNumber,
                        "it is not a JSON object"
                    ),
                ];
            }

            var problem = Check(record, lineNumber, expectedPrev);
            if (problem is not null)
            {
                return [DiagnosticCodes.DecisionLogTampered.Error(full, lineNumber, 1, lineNumber, problem)];
            }

            expectedPrev = record["recordHash"]!.GetValue<string>();
            hashes.Add(expectedPrev);
            records++;
        }

        return [];
    }

    /// <summary>
    /// Reads every record of a hash-chained log after verifying the whole chain: a log that does not verify yields no
    /// records and its diagnostics (fail closed); an absent log holds no records.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="errors">RT4010/RT4011 when the chain does not verify; empty otherwise.</param>
    /// <returns>The records in log order.</returns>
    public static IReadOnlyList<JsonObject> ReadVerified(string path, out IReadOnlyList<Diagnostic> errors)
    {
        errors = [];
        if (!File.Exists(path))
        {
            return [];
        }

        var problems = Verify(path, out _);
        if (problems.Count > 0)
        {
            errors = problems;
            return [];
        }

        return [.. File.ReadLines(path, Encoding.UTF8).Select(line => (JsonObject)JsonNode.Parse(line)!)];
    }

    /// <summary>
    /// The head marker, when present, must name a record of the chain: a marker beyond the last record means records
    /// were cut off the end. (A marker one record behind is a crash between appending and updating it, and is fine.)
    /// </summary>
    private static IReadOnlyList<Diagnostic> CheckHead(string log, int records, List<string> hashes)
    {
        var headPath = HeadPath(log);
        if (!File.Exists(headPath))
        {
            return [];
        }

        long seq;
        string? hash;
        try
        {
            var head = JsonNode.Parse(RepositoryFiles.ReadText(headPath)) as JsonObject;
            seq = head?["seq"]?.GetValue<long>() ?? 0;
            hash = head?["recordHash"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return
            [
                DiagnosticCodes.DecisionLogTampered.Error(
                    headPath,
                    1,
                    1,
                    1,
                    "the head marker is not {\"seq\", \"recordHash\"}"
                ),
            ];
        }

        if (seq > records)
        {
            return
            [
                DiagnosticCodes.DecisionLogTampered.Error(
                    log,
                    records + 1,
                    1,
                    records + 1,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"the log ends after record #{records} but its head marker names record #{seq}: records were "
                            + $"cut off the end"
                    )
                ),
            ];
        }

        if (seq < 1 || hashes[(int)seq - 1] != hash)
        {
            return
            [
                DiagnosticCodes.DecisionLogTampered.Error(
                    log,
                    (int)Math.Max(seq, 1),
                    1,
                    Math.Max(seq, 1),
                    "the record the head marker names has another recordHash"
                ),
            ];
        }

        return [];
    }

    private static string? Check(JsonObject record, int lineNumber, string expectedPrev)
    {
        if (record["seq"] is not JsonValue seqValue || !seqValue.TryGetValue<long>(out var seq))
        {
            return "seq is missing";
        }

        if (seq != lineNumber)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"seq is {seq}, expected {lineNumber} (a record was deleted, inserted or reordered)"
            );
        }

        if (record["prevHash"]?.GetValue<string>() != expectedPrev)
        {
            return "prevHash is not the previous record's recordHash (a record was deleted, inserted or reordered)";
        }

        if (record["recordHash"]?.GetValue<string>() != RecordHash(record))
        {
            return "recordHash does not recompute (the record was edited)";
        }

        return null;
    }

    private static (long Seq, string Hash) ReadTail(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return (0, GenesisHash);
        }

        using var stream = RepositoryFiles.OpenRegular(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.Length;
        stream.Seek(-1, SeekOrigin.End);
        if (stream.ReadByte() != '\n')
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.DecisionLogTorn.Error(path, 0, 0, "last", "the file does not end with a newline")
            );
        }

        // Read backwards from the end until the start of the last line.
        var chunk = 4096;
        var buffer = new List<byte>();
        var position = length - 1;
        while (position > 0)
        {
            var size = (int)Math.Min(chunk, position);
            position -= size;
            stream.Seek(position, SeekOrigin.Begin);
            var block = new byte[size];
            stream.ReadExactly(block);
            buffer.InsertRange(0, block);
            var newline = buffer.LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                buffer.RemoveRange(0, newline + 1);
                break;
            }
        }

        var last = Encoding.UTF8.GetString([.. buffer]);
        try
        {
            var record = (JsonObject)JsonNode.Parse(last)!;
            return (record["seq"]!.GetValue<long>(), record["recordHash"]!.GetValue<string>());
        }
        catch (Exception ex)
            when (ex
                    is System.Text.Json.JsonException
                        or InvalidCastException
                        or InvalidOperationException
                        or NullReferenceException
            )
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.DecisionLogTorn.Error(path, 0, 0, "last", "the last line is not a decision record"),
                ex
            );
        }
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
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(delay + Random.Shared.Next(delay));
                delay = Math.Min(delay * 2, 200);
            }
            catch (IOException ex)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.DecisionLogBusy.Error(lockPath, 0, 0, lockPath, (int)timeout.TotalSeconds),
                    ex
                );
            }
        }
    }
}
