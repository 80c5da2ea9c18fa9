using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// Resolves configured paths against the repository root and reads files once per run. The root is taken at its real
/// path (every symbolic link in it resolved), and so is every component of a configured path: a path that is
/// absolute, climbs out of the root with <c>..</c>, or passes through a symbolic link (a folder or the file itself)
/// whose target lies outside the root is refused (RT1005). Reads check what was actually opened (see
/// <see cref="OpenedFile"/>): the opened handle's real path must be inside the root (RT1005) and be a regular file
/// (RT1016), and the open never waits on a FIFO. A missing file is RT1003, an unreadable one RT1011, one over
/// <see cref="MaxFileBytes"/> (counted on the bytes actually read) RT1014, a path with a NUL character RT1017, and a
/// root that is the file system's own root RT1018.
/// </summary>
public sealed class RepositoryFiles
{
    /// <summary>Largest file read, in bytes (256 MiB).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>How many symbolic links one path may pass through (Linux's own limit).</summary>
    private const int MaxLinks = 40;

    private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LocatedJsonDocument> _documents = new(StringComparer.Ordinal);

    /// <summary>Creates a reader rooted at a directory.</summary>
    /// <param name="rootDirectory">The repository root; made absolute, and resolved to its real path for every
    /// confinement check.</param>
    /// <exception cref="ReleaseTrainException">RT1017 when the root has a NUL character, RT1018 when it is (or
    /// leads through symbolic links to) the file system's root, RT1011 when it cannot be resolved.</exception>
    public RepositoryFiles(string rootDirectory)
    {
        ArgumentNullException.ThrowIfNull(rootDirectory);
        RefuseNul(rootDirectory, null, null, 0, 0);
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        RealRootDirectory = Resolving(RootDirectory, null, 0, 0, () => RealPath(RootDirectory));
        if (IsFileSystemRoot(RealRootDirectory))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.RootIsFileSystemRoot.Error(null, 0, 0, RootDirectory, RealRootDirectory)
            );
        }
    }

    /// <summary>The absolute repository root as given, without a trailing separator.</summary>
    public string RootDirectory { get; }

    /// <summary>
    /// The real path of the root: <see cref="RootDirectory"/> with every symbolic link resolved. Every path read or
    /// written through this instance must resolve under it.
    /// </summary>
    public string RealRootDirectory { get; }

    /// <summary>Resolves a root-relative path to a full path, refusing escapes on every component.</summary>
    /// <param name="relativePath">The configured path ('/' or '\' separated).</param>
    /// <param name="configFile">The configuration file, for the diagnostic.</param>
    /// <param name="line">Line of the path in the configuration.</param>
    /// <param name="column">Column of the path in the configuration.</param>
    /// <returns>The full path under <see cref="RootDirectory"/> (as written, not resolved), whose real path lies
    /// under <see cref="RealRootDirectory"/> at the time of the call.</returns>
    /// <exception cref="ReleaseTrainException">RT1005 when the path, or any symbolic link on it, leaves the root;
    /// RT1017 for a NUL character; RT1011 when a component cannot be examined.</exception>
    public string Resolve(string relativePath, string? configFile = null, int line = 0, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        RefuseNul(relativePath, configFile, relativePath, line, column);
        var normalized = relativePath.Replace('\\', '/');
        var full = Path.GetFullPath(Path.Combine(RootDirectory, normalized));
        if (
            Path.IsPathRooted(normalized)
            || !IsUnder(full, RootDirectory)
            || !IsUnder(Resolving(full, configFile, line, column, () => RealPath(full)), RealRootDirectory)
        )
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.PathEscapesRoot.Error(configFile, line, column, relativePath, RootDirectory)
            );
        }

        return full;
    }

    /// <summary>
    /// Opens a file inside the root for reading, writing or appending: the opened handle itself must be a regular
    /// file whose real path lies under <see cref="RealRootDirectory"/> (a FIFO opens at once and is refused). For
    /// appends to logs and other files that cannot be written whole with <see cref="AtomicFile"/>.
    /// </summary>
    /// <param name="fullPath">Full path, as returned by <see cref="Resolve"/>.</param>
    /// <param name="mode">How to open; <see cref="FileMode.Create"/> truncates only after the checks.</param>
    /// <param name="access">The access.</param>
    /// <param name="share">The sharing (an advisory lock on Unix, as <see cref="FileStream"/> takes it).</param>
    /// <returns>The stream, positioned at the end for <see cref="FileMode.Append"/>.</returns>
    /// <exception cref="ReleaseTrainException">RT1003, RT1005, RT1011, RT1016 or RT1017.</exception>
    public FileStream Open(string fullPath, FileMode mode, FileAccess access, FileShare share) =>
        Stream(OpenedFile.Open(fullPath, mode, access, share, RealRootDirectory, RootDirectory, out _), mode, access);

    /// <summary>
    /// Opens any regular file (the configuration, an argument of the command line) without confinement: the open
    /// never waits on a FIFO, and anything but a regular file is refused.
    /// </summary>
    /// <param name="fullPath">The full path.</param>
    /// <param name="mode">How to open; <see cref="FileMode.Create"/> truncates only after the checks.</param>
    /// <param name="access">The access.</param>
    /// <param name="share">The sharing.</param>
    /// <returns>The stream, positioned at the end for <see cref="FileMode.Append"/>.</returns>
    /// <exception cref="ReleaseTrainException">RT1003, RT1011, RT1016 or RT1017.</exception>
    public static FileStream OpenRegular(string fullPath, FileMode mode, FileAccess access, FileShare share) =>
        Stream(OpenedFile.Open(fullPath, mode, access, share, null, null, out _), mode, access);

    /// <summary>
    /// Creates a folder inside the root, one component at a time, each checked after it exists, so that no folder is
    /// ever created outside the root through a symbolic link.
    /// </summary>
    /// <param name="fullPath">The folder's full path under <see cref="RootDirectory"/>.</param>
    /// <exception cref="ReleaseTrainException">RT1005 when a component leads outside, RT1011 when one cannot be
    /// created.</exception>
    public void CreateDirectory(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(fullPath));
        var relative = Path.GetRelativePath(RootDirectory, full);
        var current = RootDirectory;
        foreach (var part in relative == "." ? [] : relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            Resolve(Path.GetRelativePath(RootDirectory, current));
            Resolving(current, null, 0, 0, () => Directory.CreateDirectory(current).FullName);
            Resolve(Path.GetRelativePath(RootDirectory, current));
        }
    }

    /// <summary>
    /// Writes a file inside the root atomically (<see cref="AtomicFile"/>): its folder is created confined, and the
    /// folder the temporary file is created in and renamed within is checked on the opened handle.
    /// </summary>
    /// <param name="fullPath">Full path under <see cref="RootDirectory"/>.</param>
    /// <param name="bytes">The content.</param>
    /// <exception cref="ReleaseTrainException">RT1005 when the file or its folder leads outside the root, RT1011 when
    /// it cannot be written (the target is then unchanged).</exception>
    public void WriteAllBytes(string fullPath, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var full = Resolve(Path.GetRelativePath(RootDirectory, Path.GetFullPath(fullPath)));
        CreateDirectory(Path.GetDirectoryName(full)!);
        try
        {
            AtomicFile.WriteConfined(full, bytes, RealRootDirectory, RootDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReleaseTrainException(DiagnosticCodes.FileUnreadable.Error(full, 0, 0, full, ex.Message), ex);
        }
    }

    /// <summary>Reads a file's raw bytes (cached for the run), checking the opened handle is inside the root.</summary>
    /// <param name="fullPath">Full path, as returned by <see cref="Resolve"/>.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1003 missing, RT1005 outside the root, RT1011 unreadable, RT1014 too
    /// large, RT1016 not a regular file.</exception>
    public byte[] ReadBytes(string fullPath)
    {
        if (_bytes.TryGetValue(fullPath, out var cached))
        {
            return cached;
        }

        byte[] bytes;
        using (
            var handle = OpenedFile.Open(
                fullPath,
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read,
                RealRootDirectory,
                RootDirectory,
                out var length
            )
        )
        {
            bytes = OpenedFile.ReadAll(handle, length, fullPath);
        }

        _bytes[fullPath] = bytes;
        return bytes;
    }

    /// <summary>Reads and parses a JSON file (cached for the run).</summary>
    /// <param name="fullPath">Full path.</param>
    /// <returns>The located document.</returns>
    /// <exception cref="ReleaseTrainException">
    /// RT1001, RT1002, RT1003, RT1005, RT1011, RT1014, RT1016 or RT1020.
    /// </exception>
    public LocatedJsonDocument ReadJson(string fullPath)
    {
        if (!_documents.TryGetValue(fullPath, out var document))
        {
            document = LocatedJsonDocument.Parse(ReadBytes(fullPath), fullPath);
            _documents[fullPath] = document;
        }

        return document;
    }

    /// <summary>
    /// Reads a contract file (cached for the run): a <c>.yaml</c> or <c>.yml</c> file as YAML translated to JSON
    /// (<see cref="YamlDocument"/>, its nodes at the YAML's lines and columns), any other as JSON.
    /// </summary>
    /// <param name="fullPath">Full path.</param>
    /// <returns>The located document.</returns>
    /// <exception cref="ReleaseTrainException">
    /// As <see cref="ReadJson"/>, and RT1021 for malformed YAML.
    /// </exception>
    public LocatedJsonDocument ReadDocument(string fullPath)
    {
        if (!YamlDocument.IsYamlPath(fullPath))
        {
            return ReadJson(fullPath);
        }

        if (!_documents.TryGetValue(fullPath, out var document))
        {
            document = YamlDocument.Parse(ReadBytes(fullPath), fullPath);
            _documents[fullPath] = document;
        }

        return document;
    }

    /// <summary>
    /// Reads a file outside any root (the configuration itself, a file named on the command line): only a regular
    /// file, opened without waiting, and read up to <see cref="MaxFileBytes"/> bytes actually read.
    /// </summary>
    /// <param name="fullPath">The full path.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1003, RT1011, RT1014, RT1016 or RT1017.</exception>
    public static byte[] ReadFile(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        using var handle = OpenedFile.Open(
            fullPath,
            FileMode.Open,
            FileAccess.Read,
            FileShare.Read,
            null,
            null,
            out var length
        );
        return OpenedFile.ReadAll(handle, length, fullPath);
    }

    /// <summary>Reads a regular file outside any root as UTF-8 text, as <see cref="ReadFile"/> reads it.</summary>
    /// <param name="fullPath">The full path.</param>
    /// <returns>The text (a UTF-8 BOM is dropped).</returns>
    /// <exception cref="ReleaseTrainException">RT1003, RT1011, RT1014, RT1016 or RT1017.</exception>
    public static string ReadText(string fullPath)
    {
        var bytes = ReadFile(fullPath);
        var span = bytes.AsSpan();
        return System.Text.Encoding.UTF8.GetString(span.StartsWith("\uFEFF"u8) ? span[3..] : span);
    }

    /// <summary>
    /// From this size on, a file is read in as many ranges as there are cores, at once (copying from the page cache is
    /// CPU-bound).
    /// </summary>
    internal const long ParallelReadBytes = 8L * 1024 * 1024;

    /// <summary>A large file, read as one range per core.</summary>
    /// <exception cref="IOException">The file shrank while it was read, or a read failed.</exception>
    internal static byte[] ReadInParallel(string fullPath)
    {
        using var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadInParallel(handle, RandomAccess.GetLength(handle));
    }

    /// <summary>
    /// <paramref name="length"/> bytes of an open file, read as one range per core, at once (copying from the page
    /// cache is CPU-bound).
    /// </summary>
    /// <exception cref="IOException">The file shrank while it was read, or a read failed.</exception>
    internal static byte[] ReadInParallel(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length)
    {
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

    /// <summary>
    /// The real path of an absolute path: every symbolic link on it resolved, component by component, as the kernel
    /// would (a link's <c>..</c> is taken from the link's real folder); the components from the first one that does
    /// not exist on are appended as written.
    /// </summary>
    /// <param name="fullPath">An absolute, normalized path.</param>
    /// <returns>The real path.</returns>
    /// <exception cref="IOException">More than 40 links, or a component cannot be examined.</exception>
    internal static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var pending = new Stack<string>(Parts(fullPath[root.Length..]).Reverse());
        var current = root;
        var exists = true;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            if (exists)
            {
                var info = new FileInfo(next);
                if (info.LinkTarget is { } target)
                {
                    if (++links > MaxLinks)
                    {
                        throw new IOException($"more than {MaxLinks} symbolic links on the path.");
                    }

                    var targetRoot = Path.GetPathRoot(target);
                    if (!string.IsNullOrEmpty(targetRoot))
                    {
                        current = targetRoot;
                        target = target[targetRoot.Length..];
                    }

                    foreach (var piece in Parts(target).Reverse())
                    {
                        pending.Push(piece);
                    }

                    continue;
                }

                exists = (int)info.Attributes != -1;
            }

            current = next;
        }

        return current;
    }

    /// <summary>True when a path is a root or lies under it (case-insensitively on Windows).</summary>
    /// <param name="full">An absolute path.</param>
    /// <param name="root">An absolute root, without a trailing separator unless it is the file system's root.</param>
    /// <returns>True when inside.</returns>
    internal static bool IsUnder(string full, string root)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return string.Equals(full, root, comparison) || full.StartsWith(prefix, comparison);
    }

    /// <summary>RT1017 when a path holds a NUL character (U+0000), which no file system accepts.</summary>
    /// <param name="path">The path (or a command-line argument).</param>
    /// <param name="file">Where it is written (the configuration), or null.</param>
    /// <param name="shown">The path as shown; null shows <paramref name="path"/>. The NUL is shown as <c>\0</c>.
    /// </param>
    /// <param name="line">Line, 1-based, or 0.</param>
    /// <param name="column">Column, 1-based, or 0.</param>
    /// <exception cref="ReleaseTrainException">RT1017.</exception>
    public static void RefuseNul(string path, string? file = null, string? shown = null, int line = 0, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.NulInPath.Error(
                    file,
                    line,
                    column,
                    (shown ?? path).Replace("\0", "\\0", StringComparison.Ordinal)
                )
            );
        }
    }

    private static bool IsFileSystemRoot(string path) =>
        string.Equals(Path.GetPathRoot(path), path, StringComparison.Ordinal);

    private static IEnumerable<string> Parts(string path) =>
        path.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static T Resolving<T>(string path, string? file, int line, int column, Func<T> resolve)
    {
        try
        {
            return resolve();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.FileUnreadable.Error(file ?? path, line, column, path, ex.Message),
                ex
            );
        }
    }

    private static FileStream Stream(
        Microsoft.Win32.SafeHandles.SafeFileHandle handle,
        FileMode mode,
        FileAccess access
    )
    {
        var stream = new FileStream(handle, access);
        if (mode == FileMode.Append)
        {
            stream.Seek(0, SeekOrigin.End);
        }

        return stream;
    }
}
