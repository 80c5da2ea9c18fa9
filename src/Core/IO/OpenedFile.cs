using Microsoft.Win32.SafeHandles;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// Opens files so that what is checked is what was opened: the open never waits (a FIFO opens at once, non-blocking),
/// the opened handle must be a regular file (RT1016 otherwise), and, when confined to a root, the real path of the
/// opened handle (Linux: <c>/proc/self/fd/N</c>) must lie inside the root's real path (RT1005 otherwise), so a file
/// or a folder swapped for a symbolic link between a check and the open is caught on the handle itself. Reads are
/// bounded by the bytes actually read (<see cref="RepositoryFiles.MaxFileBytes"/>, RT1014). On other systems than
/// Linux the handle is opened by .NET and its real path is taken from its path after the open.
/// </summary>
internal static class OpenedFile
{
    private const int NoSuchFile = 2; // ENOENT

    /// <summary>Opens a regular file.</summary>
    /// <param name="fullPath">The absolute path.</param>
    /// <param name="mode">How to open it; <see cref="FileMode.Create"/> and <see cref="FileMode.Truncate"/>
    /// truncate only after the checks.</param>
    /// <param name="access">Read, write or both.</param>
    /// <param name="share">The sharing (an advisory lock on Unix, as <see cref="FileStream"/> takes).</param>
    /// <param name="realRoot">The real path of the root the file must lie in, or null for no confinement.</param>
    /// <param name="displayRoot">The root as the user named it, for RT1005.</param>
    /// <param name="length">The size of the opened file, in bytes.</param>
    /// <returns>The handle.</returns>
    /// <exception cref="ReleaseTrainException">RT1003 missing, RT1005 outside the root, RT1011 unreadable, RT1016
    /// not a regular file, RT1017 a NUL character in the path.</exception>
    public static SafeFileHandle Open(
        string fullPath,
        FileMode mode,
        FileAccess access,
        FileShare share,
        string? realRoot,
        string? displayRoot,
        out long length
    )
    {
        RepositoryFiles.RefuseNul(fullPath, fullPath, null, 0, 0);
        SafeFileHandle? handle = null;
        try
        {
            int type;
            if (NativeMethods.Available)
            {
                handle = NativeMethods.Open(
                    fullPath,
                    Flags(mode, access),
                    0b110_110_110 /* 0666 */
                );
                (type, length) = NativeMethods.Status(handle);
            }
            else
            {
                handle = File.OpenHandle(fullPath, Safe(mode), access, share);
                type = NativeMethods.RegularFile;
                length = RandomAccess.GetLength(handle);
            }

            if (realRoot is not null)
            {
                var opened = RealPathOf(handle, fullPath);
                if (opened is null || !RepositoryFiles.IsUnder(opened, realRoot))
                {
                    throw new ReleaseTrainException(
                        DiagnosticCodes.PathEscapesRoot.Error(fullPath, 0, 0, fullPath, displayRoot ?? realRoot)
                    );
                }
            }

            if (type != NativeMethods.RegularFile)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.NotARegularFile.Error(fullPath, 0, 0, fullPath, Describe(type))
                );
            }

            if (NativeMethods.Available)
            {
                NativeMethods.Lock(handle, share);
            }

            if (mode is FileMode.Create or FileMode.Truncate && length > 0)
            {
                RandomAccess.SetLength(handle, 0);
                length = 0;
            }

            var result = handle;
            handle = null;
            return result;
        }
        catch (IOException ex)
            when (ex.HResult == NoSuchFile || ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ReleaseTrainException(DiagnosticCodes.FileNotFound.Error(fullPath, 0, 0, fullPath), ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.FileUnreadable.Error(fullPath, 0, 0, fullPath, ex.Message),
                ex
            );
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>
    /// Reads a whole opened file, bounded by <see cref="RepositoryFiles.MaxFileBytes"/> on the bytes actually read
    /// (a file that reports one length and yields more is still stopped there).
    /// </summary>
    /// <param name="handle">The open regular file.</param>
    /// <param name="length">Its size when opened.</param>
    /// <param name="fullPath">Its path, for diagnostics.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1014 over the limit, RT1011 when a read fails.</exception>
    public static byte[] ReadAll(SafeFileHandle handle, long length, string fullPath)
    {
        if (length > RepositoryFiles.MaxFileBytes)
        {
            throw TooLarge(fullPath, length);
        }

        try
        {
            if (length >= RepositoryFiles.ParallelReadBytes && Environment.ProcessorCount >= 2)
            {
                var whole = RepositoryFiles.ReadInParallel(handle, length);
                if (RandomAccess.Read(handle, new byte[1], length) > 0)
                {
                    throw new IOException("the file grew while it was read.");
                }

                return whole;
            }

            var buffer = new byte[Math.Max(length + 1, 4096)];
            var total = 0L;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > RepositoryFiles.MaxFileBytes)
                    {
                        throw TooLarge(fullPath, total);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, RepositoryFiles.MaxFileBytes + 1));
                }

                var read = RandomAccess.Read(handle, buffer.AsSpan((int)total), total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (total > RepositoryFiles.MaxFileBytes)
            {
                throw TooLarge(fullPath, total);
            }

            Array.Resize(ref buffer, (int)total);
            return buffer;
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
    /// The real path of what a handle opened: Linux's <c>/proc/self/fd/N</c>; elsewhere the real path of the path it
    /// was opened by, taken after the open.
    /// </summary>
    private static string? RealPathOf(SafeFileHandle handle, string fullPath)
    {
        if (!NativeMethods.Available)
        {
            return RepositoryFiles.RealPath(fullPath);
        }

        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var target = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
            return target is null || !Path.IsPathRooted(target) ? null : target;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static int Flags(FileMode mode, FileAccess access)
    {
        var flags = NativeMethods.NonBlocking | NativeMethods.CloseOnExec | NativeMethods.NoControllingTerminal;
        flags |= access switch
        {
            FileAccess.Write => NativeMethods.WriteOnly,
            FileAccess.ReadWrite => NativeMethods.ReadWrite,
            _ => 0,
        };
        flags |= mode switch
        {
            FileMode.CreateNew => NativeMethods.Create | NativeMethods.Exclusive,
            FileMode.Create or FileMode.OpenOrCreate => NativeMethods.Create,
            FileMode.Append => NativeMethods.Create | NativeMethods.Append,
            _ => 0,
        };
        return flags;
    }

    private static FileMode Safe(FileMode mode) => mode is FileMode.Create ? FileMode.OpenOrCreate : mode;

    private static string Describe(int type) =>
        type switch
        {
            NativeMethods.Directory => "a directory",
            NativeMethods.Fifo => "a FIFO (named pipe)",
            NativeMethods.CharacterDevice => "a character device",
            NativeMethods.BlockDevice => "a block device",
            NativeMethods.Socket => "a socket",
            _ => "not a regular file",
        };

    private static ReleaseTrainException TooLarge(string fullPath, long bytes) =>
        new(DiagnosticCodes.FileTooLarge.Error(fullPath, 0, 0, fullPath, bytes, RepositoryFiles.MaxFileBytes));
}
