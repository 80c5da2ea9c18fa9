using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// The few Linux system calls that .NET does not expose and that confinement needs (<see cref="OpenedFile"/>): an
/// <c>open(2)</c> with <c>O_NONBLOCK</c>, so that opening a FIFO returns at once instead of waiting for a writer, and
/// <c>statx(2)</c> on the opened descriptor, for its file type and size. The flag values are Linux's generic ones,
/// the same on every architecture .NET runs on (x64, arm64, arm, s390x, ppc64le, riscv64, loongarch64). Paths are
/// passed as NUL-terminated UTF-8 bytes.
/// </summary>
internal static class NativeMethods
{
    /// <summary><c>O_WRONLY</c>.</summary>
    public const int WriteOnly = 0x1;

    /// <summary><c>O_RDWR</c>.</summary>
    public const int ReadWrite = 0x2;

    /// <summary><c>O_CREAT</c>.</summary>
    public const int Create = 0x40;

    /// <summary><c>O_EXCL</c>.</summary>
    public const int Exclusive = 0x80;

    /// <summary><c>O_NOCTTY</c>: a terminal opened is never made the controlling terminal.</summary>
    public const int NoControllingTerminal = 0x100;

    /// <summary><c>O_APPEND</c>.</summary>
    public const int Append = 0x400;

    /// <summary><c>O_NONBLOCK</c>: opening a FIFO does not wait for the other end.</summary>
    public const int NonBlocking = 0x800;

    /// <summary><c>O_CLOEXEC</c>.</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary><c>S_IFMT</c>, the file type bits of a mode.</summary>
    public const int TypeMask = 0xF000;

    /// <summary><c>S_IFREG</c>.</summary>
    public const int RegularFile = 0x8000;

    /// <summary><c>S_IFDIR</c>.</summary>
    public const int Directory = 0x4000;

    /// <summary><c>S_IFIFO</c>.</summary>
    public const int Fifo = 0x1000;

    /// <summary><c>S_IFCHR</c>.</summary>
    public const int CharacterDevice = 0x2000;

    /// <summary><c>S_IFBLK</c>.</summary>
    public const int BlockDevice = 0x6000;

    /// <summary><c>S_IFSOCK</c>.</summary>
    public const int Socket = 0xC000;

    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH
    private const uint TypeAndSize = 0x1 | 0x200; // STATX_TYPE | STATX_SIZE
    private const int SharedLock = 1; // LOCK_SH
    private const int ExclusiveLock = 2; // LOCK_EX
    private const int NoWait = 4; // LOCK_NB

    /// <summary>True where these calls are used: Linux.</summary>
    public static bool Available => OperatingSystem.IsLinux();

    /// <summary>Opens a path, as <c>open(2)</c>.</summary>
    /// <param name="path">The path.</param>
    /// <param name="flags">The <c>O_*</c> flags.</param>
    /// <param name="mode">The permission bits of a created file (the umask applies).</param>
    /// <returns>The handle.</returns>
    /// <exception cref="IOException">The call failed; <c>HResult</c> is the errno and the message
    /// is the system's.</exception>
    public static SafeFileHandle Open(string path, int flags, int mode)
    {
        var fd = open(Utf8(path), flags, mode);
        if (fd < 0)
        {
            throw LastError();
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>The file type bits and the size of an open file, from <c>statx(2)</c> on the descriptor.</summary>
    /// <param name="handle">The open file.</param>
    /// <returns>The type (<c>S_IFMT</c> bits) and the size in bytes.</returns>
    /// <exception cref="IOException">The call failed.</exception>
    public static (int Type, long Size) Status(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var buffer = new byte[256]; // struct statx
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (statx((int)handle.DangerousGetHandle(), [0], EmptyPath, TypeAndSize, buffer) != 0)
            {
                throw LastError();
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        var mode = BitConverter.ToUInt16(buffer, 28); // stx_mode
        var size = BitConverter.ToInt64(buffer, 40); // stx_size
        return (mode & TypeMask, size);
    }

    /// <summary>
    /// Takes the advisory lock .NET's own <see cref="FileStream"/> takes for a <see cref="FileShare"/>: exclusive
    /// for <see cref="FileShare.None"/>, shared otherwise, without waiting.
    /// </summary>
    /// <param name="handle">The open file.</param>
    /// <param name="share">The sharing asked for.</param>
    /// <exception cref="IOException">Another process holds a conflicting lock.</exception>
    public static void Lock(SafeFileHandle handle, FileShare share)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var operation = (share == FileShare.None ? ExclusiveLock : SharedLock) | NoWait;
            if (flock((int)handle.DangerousGetHandle(), operation) != 0)
            {
                throw LastError();
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Opens or creates a name inside an open folder, as <c>openat(2)</c>.</summary>
    /// <param name="folder">The open folder.</param>
    /// <param name="name">A single file name.</param>
    /// <param name="flags">The <c>O_*</c> flags.</param>
    /// <param name="mode">The permission bits of a created file (the umask applies).</param>
    /// <returns>The handle.</returns>
    /// <exception cref="IOException">The call failed.</exception>
    public static SafeFileHandle OpenAt(SafeFileHandle folder, string name, int flags, int mode) =>
        new(With(folder, fd => Check(openat(fd, Utf8(name), flags, mode))), ownsHandle: true);

    /// <summary>Renames a name to another inside one open folder, as <c>renameat(2)</c> (a link is replaced, never
    /// followed).</summary>
    /// <param name="folder">The open folder.</param>
    /// <param name="from">The current name.</param>
    /// <param name="to">The new name.</param>
    /// <exception cref="IOException">The call failed.</exception>
    public static void RenameAt(SafeFileHandle folder, string from, string to) =>
        With(folder, fd => Check(renameat(fd, Utf8(from), fd, Utf8(to))));

    /// <summary>Removes a name inside an open folder, as <c>unlinkat(2)</c>; a missing name is no error.</summary>
    /// <param name="folder">The open folder.</param>
    /// <param name="name">The name.</param>
    public static void UnlinkAt(SafeFileHandle folder, string name) => With(folder, fd => unlinkat(fd, Utf8(name), 0));

    /// <summary>Flushes an open file or folder to disk, as <c>fsync(2)</c>.</summary>
    /// <param name="handle">The open file or folder.</param>
    /// <exception cref="IOException">The call failed.</exception>
    public static void Sync(SafeFileHandle handle) => With(handle, fd => Check(fsync(fd)));

    private static int Check(int result) => result < 0 ? throw LastError() : result;

    private static int With(SafeFileHandle handle, Func<int, int> call)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return call((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static IOException LastError() => new(Marshal.GetLastPInvokeErrorMessage(), Marshal.GetLastPInvokeError());

    private static byte[] Utf8(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SA1300, IDE1006 // the C names
    private static extern int open(byte[] path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int flock(int fd, int operation);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int openat(int dirfd, byte[] path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int unlinkat(int dirfd, byte[] path, int flags);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int fsync(int fd);
#pragma warning restore SA1300, IDE1006
}
