using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// Resolves configured paths against the repository root and reads files once per run. A path that is
/// absolute, climbs out of the root with <c>..</c>, or is a symbolic link whose target lies outside the
/// root is refused (RT1005); a missing file is RT1003, an unreadable one RT1011, one over
/// <see cref="MaxFileBytes"/> RT1014.
/// </summary>
public sealed class RepositoryFiles
{
    /// <summary>Largest file read, in bytes (256 MiB).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LocatedJsonDocument> _documents = new(StringComparer.Ordinal);

    /// <summary>Creates a reader rooted at a directory.</summary>
    /// <param name="rootDirectory">The repository root; made absolute.</param>
    public RepositoryFiles(string rootDirectory)
    {
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
    }

    /// <summary>The absolute repository root, without a trailing separator.</summary>
    public string RootDirectory { get; }

    /// <summary>Resolves a root-relative path to a full path, refusing escapes.</summary>
    /// <param name="relativePath">The configured path ('/' or '\' separated).</param>
    /// <param name="configFile">The configuration file, for the diagnostic.</param>
    /// <param name="line">Line of the path in the configuration.</param>
    /// <param name="column">Column of the path in the configuration.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="ReleaseTrainException">RT1005 when the path escapes the root.</exception>
    public string Resolve(string relativePath, string? configFile = null, int line = 0, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var normalized = relativePath.Replace('\\', '/');
        var full = Path.GetFullPath(Path.Combine(RootDirectory, normalized));
        if (Path.IsPathRooted(normalized) || !IsUnderRoot(full))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.PathEscapesRoot.Error(configFile, line, column, relativePath, RootDirectory)
            );
        }

        var info = new FileInfo(full);
        if (info.Exists && info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !IsUnderRoot(Path.GetFullPath(target.FullName)))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.PathEscapesRoot.Error(configFile, line, column, relativePath, RootDirectory)
                );
            }
        }

        return full;
    }

    /// <summary>Reads a file's raw bytes (cached for the run).</summary>
    /// <param name="fullPath">Full path, as returned by <see cref="Resolve"/>.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1003 missing, RT1011 unreadable, RT1014 too large.</exception>
    public byte[] ReadBytes(string fullPath)
    {
        if (_bytes.TryGetValue(fullPath, out var cached))
        {
            return cached;
        }

        var bytes = ReadFile(fullPath);
        _bytes[fullPath] = bytes;
        return bytes;
    }

    /// <summary>Reads and parses a JSON file (cached for the run).</summary>
    /// <param name="fullPath">Full path.</param>
    /// <returns>The located document.</returns>
    /// <exception cref="ReleaseTrainException">RT1001, RT1002, RT1003, RT1011 or RT1014.</exception>
    public LocatedJsonDocument ReadJson(string fullPath)
    {
        if (!_documents.TryGetValue(fullPath, out var document))
        {
            document = LocatedJsonDocument.Parse(ReadBytes(fullPath), fullPath);
            _documents[fullPath] = document;
        }

        return document;
    }

    /// <summary>Reads a file outside any root (the configuration itself).</summary>
    /// <param name="fullPath">The full path.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1003, RT1011 or RT1014.</exception>
    public static byte[] ReadFile(string fullPath)
    {
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                throw new ReleaseTrainException(DiagnosticCodes.FileNotFound.Error(fullPath, 0, 0, fullPath));
            }

            if (info.Length > MaxFileBytes)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.FileTooLarge.Error(fullPath, 0, 0, fullPath, info.Length, MaxFileBytes)
                );
            }

            return info.Length < ParallelReadBytes || Environment.ProcessorCount < 2
                ? File.ReadAllBytes(fullPath)
                : ReadInParallel(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.FileUnreadable.Error(fullPath, 0, 0, fullPath, ex.Message),
                ex
            );
        }
    }

    /// <summary>
    /// From this size on, a file is read in as many ranges as there are cores, at once (copying from the page cache is
    /// CPU-bound).
    /// </summary>
    internal const long ParallelReadBytes = 8L * 1024 * 1024;

    /// <summary>
    /// A large file, read as one range per core; the length is taken once, as <see cref="File.ReadAllBytes(string)"/>
    /// does.
    /// </summary>
    /// <exception cref="IOException">The file shrank while it was read, or a read failed.</exception>
    internal static byte[] ReadInParallel(string fullPath)
    {
        using var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length > MaxFileBytes)
        {
            throw new IOException($"the file grew beyond {MaxFileBytes} bytes while it was read.");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var ranges = Math.Min(Environment.ProcessorCount, 8);
        var others = new Task[ranges - 1];
        for (var i = 1; i < ranges; i++)
        {
            var range = i;
            others[i - 1] = Task.Factory.StartNew(
                () => ReadRange(handle, bytes, range, ranges),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default
            );
        }

        try
        {
            ReadRange(handle, bytes, 0, ranges);
        }
        finally
        {
            try
            {
                Task.WaitAll(others);
            }
            catch (AggregateException ex) when (ex.InnerException is { } inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            }
        }

        return bytes;
    }

    /// <summary>
    /// Range <paramref name="range"/> of <paramref name="ranges"/> of <paramref name="bytes"/>, read from the file at
    /// the same offsets.
    /// </summary>
    /// <exception cref="IOException">The file ends before the range does (it shrank since its length was
    /// taken).</exception>
    internal static void ReadRange(
        Microsoft.Win32.SafeHandles.SafeFileHandle handle,
        byte[] bytes,
        int range,
        int ranges
    )
    {
        var offset = (int)((long)bytes.Length * range / ranges);
        var end = (int)((long)bytes.Length * (range + 1) / ranges);
        while (offset < end)
        {
            var read = RandomAccess.Read(handle, bytes.AsSpan(offset, end - offset), offset);
            if (read == 0)
            {
                throw new IOException("the file shrank while it was read.");
            }

            offset += read;
        }
    }

    private bool IsUnderRoot(string full)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(full, RootDirectory, comparison)
            || full.StartsWith(RootDirectory + Path.DirectorySeparatorChar, comparison);
    }
}
