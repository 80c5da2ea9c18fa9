using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// Whole-file writes that are never seen half written: a temp file beside the target, flushed, then renamed over it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes bytes atomically.</summary>
    /// <param name="path">The target path; its folder is created.</param>
    /// <param name="bytes">The content.</param>
    /// <exception cref="IOException">The write or rename failed; the target is unchanged.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Writes bytes atomically inside a root (<see cref="RepositoryFiles.WriteAllBytes"/>): on Linux the folder is
    /// opened and checked on its handle (a real path under <paramref name="realRoot"/>, a folder), then the temp
    /// file is created in that open folder (never through a link) and renamed within it, so neither the temp file
    /// nor the target can land outside the root, whatever is swapped meanwhile. Elsewhere the folder's real path is
    /// checked before and after.
    /// </summary>
    /// <param name="fullPath">The target, whose folder exists.</param>
    /// <param name="bytes">The content.</param>
    /// <param name="realRoot">The real path of the root.</param>
    /// <param name="displayRoot">The root as named, for RT1005.</param>
    /// <exception cref="ReleaseTrainException">RT1005 when the folder is outside the root, RT1011 when it is not a
    /// folder.</exception>
    /// <exception cref="IOException">The write or rename failed; the target is unchanged.</exception>
    internal static void WriteConfined(string fullPath, ReadOnlySpan<byte> bytes, string realRoot, string displayRoot)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        var name = Path.GetFileName(fullPath);
        if (!NativeMethods.Available)
        {
            RefuseOutside(RepositoryFiles.RealPath(directory), fullPath, realRoot, displayRoot);
            WriteAllBytes(fullPath, bytes);
            RefuseOutside(RepositoryFiles.RealPath(directory), fullPath, realRoot, displayRoot);
            return;
        }

        using var folder = NativeMethods.Open(directory, NativeMethods.CloseOnExec | NativeMethods.NonBlocking, 0);
        RefuseOutside(
            new FileInfo($"/proc/self/fd/{folder.DangerousGetHandle()}").LinkTarget,
            fullPath,
            realRoot,
            displayRoot
        );
        if (NativeMethods.Status(folder).Type != NativeMethods.Directory)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.FileUnreadable.Error(fullPath, 0, 0, directory, "it is not a folder")
            );
        }

        var temp = $".{name}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (
                var handle = NativeMethods.OpenAt(
                    folder,
                    temp,
                    NativeMethods.WriteOnly
                        | NativeMethods.Create
                        | NativeMethods.Exclusive
                        | NativeMethods.CloseOnExec,
                    0b110_110_110
                )
            )
            using (var stream = new FileStream(handle, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            NativeMethods.RenameAt(folder, temp, name);
            NativeMethods.Sync(folder);
        }
        finally
        {
            NativeMethods.UnlinkAt(folder, temp);
        }
    }

    private static void RefuseOutside(string? realDirectory, string fullPath, string realRoot, string displayRoot)
    {
        if (realDirectory is null || !RepositoryFiles.IsUnder(realDirectory, realRoot))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.PathEscapesRoot.Error(fullPath, 0, 0, fullPath, displayRoot)
            );
        }
    }

    /// <summary>
    /// Writes bytes atomically unless the file already holds exactly them, so an unchanged output keeps its timestamp.
    /// </summary>
    /// <param name="path">The target path.</param>
    /// <param name="bytes">The content.</param>
    /// <returns>True when the file was written.</returns>
    public static bool WriteAllBytesIfChanged(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && Holds(path, bytes))
        {
            return false;
        }

        WriteAllBytes(path, bytes);
        return true;
    }

    /// <summary>True when a path is a regular file holding exactly these bytes (a FIFO or a device never is).</summary>
    private static bool Holds(string path, byte[] bytes)
    {
        try
        {
            return RepositoryFiles.ReadFile(path).AsSpan().SequenceEqual(bytes);
        }
        catch (ReleaseTrainException)
        {
            return false;
        }
    }

    /// <summary>Writes UTF-8 text (no BOM) atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="text">The content.</param>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Writes a file a command was asked to write (a report, a manifest, an SBOM, at a path the user named) as UTF-8
    /// text, atomically (<see cref="WriteAllBytes"/>).
    /// </summary>
    /// <param name="path">The target path; its folder is created.</param>
    /// <param name="text">The content.</param>
    /// <exception cref="ReleaseTrainException">RT1011 naming the file when it cannot be written (a folder in its
    /// place, a folder without write permission, a full disk); the target is unchanged.</exception>
    public static void WriteOutput(string path, string text) => Coded(path, () => WriteAllText(path, text));

    /// <summary>
    /// <see cref="WriteAllBytesIfChanged"/> for a file a command was asked to write: what stops the write is RT1011.
    /// </summary>
    /// <param name="path">The target path.</param>
    /// <param name="bytes">The content.</param>
    /// <returns>True when the file was written.</returns>
    /// <exception cref="ReleaseTrainException">RT1011 naming the file when it cannot be written.</exception>
    public static bool WriteOutputIfChanged(string path, byte[] bytes)
    {
        var written = false;
        Coded(path, () => written = WriteAllBytesIfChanged(path, bytes));
        return written;
    }

    private static void Coded(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var full = Path.GetFullPath(path);
            throw new ReleaseTrainException(DiagnosticCodes.FileUnreadable.Error(full, 0, 0, full, ex.Message), ex);
        }
    }
}
