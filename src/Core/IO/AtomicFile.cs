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
    /// Writes bytes atomically unless the file already holds exactly them, so an unchanged output keeps its timestamp.
    /// </summary>
    /// <param name="path">The target path.</param>
    /// <param name="bytes">The content.</param>
    /// <returns>True when the file was written.</returns>
    public static bool WriteAllBytesIfChanged(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (
            File.Exists(path)
            && new FileInfo(path).Length == bytes.Length
            && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)
        )
        {
            return false;
        }

        WriteAllBytes(path, bytes);
        return true;
    }

    /// <summary>Writes UTF-8 text (no BOM) atomically.</summary>
    /// <param name="path">The target path.</param>
    /// <param name="text">The content.</param>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
}
