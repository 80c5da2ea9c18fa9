using System.Diagnostics;
using System.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Tests;

/// <summary>
/// Confinement on every component and on what was opened (issue 14, "Paths"): links that leave the root anywhere on a
/// path, a file or a folder swapped for a link by another process while it is read, writes and created folders, a
/// root of <c>/</c>, NUL characters, and files that are not regular files.
/// </summary>
public sealed class PathConfinementTests : IDisposable
{
    private readonly TempDirectory _root = new("rt-confine");
    private readonly TempDirectory _outside = new("rt-confine-outside");

    public PathConfinementTests()
    {
        Directory.CreateDirectory(_root.Combine("data"));
        File.WriteAllText(_root.Combine("data", "p.json"), "inside");
        File.WriteAllText(_outside.Combine("p.json"), "OUTSIDE");
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    private static string Code(Action action) => Assert.Throws<ReleaseTrainException>(action).Diagnostic.Code;

    [Fact]
    public void Every_component_is_resolved_a_folder_link_that_leaves_the_root_is_refused()
    {
        Directory.CreateSymbolicLink(_root.Combine("out"), _outside.Path);
        Directory.CreateSymbolicLink(_root.Combine("chain"), "out"); // a link to a link that leaves
        var files = new RepositoryFiles(_root.Path);
        Assert.Equal("RT1005", Code(() => files.Resolve("out/p.json")));
        Assert.Equal("RT1005", Code(() => files.Resolve("chain/p.json")));
        Assert.Equal("RT1005", Code(() => files.Resolve("out/not-yet/log.jsonl"))); // a file that does not exist yet
        Assert.Equal("RT1005", Code(() => files.Resolve("data/../out/p.json")));
    }

    [Fact]
    public void Links_that_stay_inside_and_a_root_reached_through_a_link_are_allowed()
    {
        using var links = new TempDirectory("rt-confine-links");
        var root = Path.Combine(links.Path, "root");
        Directory.CreateSymbolicLink(root, _root.Path);
        Directory.CreateSymbolicLink(_root.Combine("alias"), _root.Combine("data")); // absolute, inside
        File.CreateSymbolicLink(_root.Combine("p-link.json"), "data/p.json"); // relative, inside
        var files = new RepositoryFiles(root);
        Assert.Equal(Path.GetFullPath(_root.Path), files.RealRootDirectory);
        Assert.Equal("inside", Encoding.UTF8.GetString(files.ReadBytes(files.Resolve("alias/p.json"))));
        Assert.Equal("inside", Encoding.UTF8.GetString(files.ReadBytes(files.Resolve("p-link.json"))));
    }

    [Fact]
    public void Writes_and_created_folders_never_leave_the_root()
    {
        Directory.CreateSymbolicLink(_root.Combine("out"), _outside.Path);
        var files = new RepositoryFiles(_root.Path);
        Assert.Equal("RT1005", Code(() => files.WriteAllBytes(_root.Combine("out", "p.json"), "x"u8)));
        Assert.Equal("RT1005", Code(() => files.CreateDirectory(_root.Combine("out", "logs"))));
        Assert.Equal(["p.json"], Directory.GetFileSystemEntries(_outside.Path).Select(Path.GetFileName));
        Assert.Equal("OUTSIDE", File.ReadAllText(_outside.Combine("p.json")));

        files.WriteAllBytes(_root.Combine("new", "deeper", "f.json"), "written"u8);
        Assert.Equal("written", File.ReadAllText(_root.Combine("new", "deeper", "f.json")));
        Assert.Empty(Directory.GetFiles(_root.Combine("new", "deeper"), "*.tmp"));
    }

    /// <summary>
    /// Another process swaps the file (or its folder) for a link to the outside and back, as fast as it can, while
    /// this one reads it 2,000 times (half of them resolving it again first): every read returns the inside file or
    /// fails with a code, never the outside content.
    /// </summary>
    [Theory]
    [InlineData("file")]
    [InlineData("folder")]
    public void A_file_or_folder_swapped_for_a_link_while_it_is_read_is_never_read_outside(string what)
    {
        var script =
            what == "file"
                ? $"""
                    cd '{_root.Path}/data'
                    cp p.json inside.copy
                    while :; do
                      cp inside.copy f.tmp; mv -f f.tmp p.json
                      ln -sfn '{_outside.Path}/p.json' l.tmp; mv -fT l.tmp p.json
                    done
                    """
                : $"""
                    cd '{_root.Path}'
                    mv data data.real
                    while :; do
                      ln -sfn data.real d.tmp; mv -fT d.tmp data
                      ln -sfn '{_outside.Path}' o.tmp; mv -fT o.tmp data
                    done
                    """;
        // As verify does: the path is resolved when the configuration is loaded, and read later.
        var loaded = new RepositoryFiles(_root.Path).Resolve("data/p.json");
        using var swapper = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { UseShellExecute = false })!;
        var inside = 0;
        var refused = new Dictionary<string, int>();
        try
        {
            Thread.Sleep(200);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 2000 || ((inside == 0 || refused.Count == 0) && clock.Elapsed.TotalSeconds < 60); i++)
            {
                var files = new RepositoryFiles(_root.Path); // a fresh cache every time
                try
                {
                    // Even reads resolve again right before reading; odd ones read what was resolved at load.
                    var full = i % 2 == 0 ? files.Resolve("data/p.json") : loaded;
                    var text = Encoding.UTF8.GetString(files.ReadBytes(full));
                    Assert.Equal("inside", text); // never "OUTSIDE"
                    inside++;
                }
                catch (ReleaseTrainException ex)
                {
                    refused[ex.Diagnostic.Code] = refused.GetValueOrDefault(ex.Diagnostic.Code) + 1;
                }
            }
        }
        finally
        {
            swapper.Kill();
            swapper.WaitForExit();
        }

        Assert.True(inside > 0, "no read found the inside file; the swap loop did not leave a window");
        Assert.True(refused.Count > 0, "no read was refused; the swap loop did not race the reads");
        Assert.Empty(refused.Keys.Except(["RT1003", "RT1005"]));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/.")]
    [InlineData("//")]
    public void A_root_of_slash_is_refused_with_RT1018(string root)
    {
        Assert.Equal("RT1018", Code(() => _ = new RepositoryFiles(root)));
        Directory.CreateSymbolicLink(_root.Combine("slash"), "/");
        Assert.Equal("RT1018", Code(() => _ = new RepositoryFiles(_root.Combine("slash"))));
    }

    [Fact]
    public void A_NUL_character_in_a_path_is_RT1017_at_its_place()
    {
        var files = new RepositoryFiles(_root.Path);
        var error = Assert.Throws<ReleaseTrainException>(() => files.Resolve("data/p\0.json", "cfg.json", 3, 7));
        Assert.Equal("RT1017", error.Diagnostic.Code);
        Assert.Equal(("cfg.json", 3, 7), (error.Diagnostic.File, error.Diagnostic.Line, error.Diagnostic.Column));
        Assert.Equal("RT1017", Code(() => RepositoryFiles.ReadFile("/tmp/a\0b")));
        Assert.Equal("RT1017", Code(() => _ = new RepositoryFiles("/tmp/a\0b")));
    }

    [SkippableFact]
    public void Only_regular_files_are_read_a_FIFO_neither_hangs_nor_passes()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs and /dev/zero as on Linux");
        var fifo = _root.Combine("data", "fifo.json");
        using (var mkfifo = Process.Start("mkfifo", fifo)!)
        {
            mkfifo.WaitForExit();
        }

        var files = new RepositoryFiles(_root.Path);
        var read = Task.Run(() => Code(() => files.ReadBytes(files.Resolve("data/fifo.json"))));
        Assert.True(read.Wait(TimeSpan.FromSeconds(30)), "opening the FIFO hung");
        Assert.Equal("RT1016", read.Result);
        var zero = Task.Run(() => Code(() => RepositoryFiles.ReadFile("/dev/zero")));
        Assert.True(zero.Wait(TimeSpan.FromSeconds(30)), "/dev/zero was read without end");
        Assert.Equal("RT1016", zero.Result);
        Assert.Equal("RT1016", Code(() => RepositoryFiles.ReadFile(_root.Path)));
    }
}
