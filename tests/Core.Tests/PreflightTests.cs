using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Reporting;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>A tiny package project, packed once with the real SDK, with its lock file restored.</summary>
public sealed class TinyPackageFixture : IDisposable
{
    private readonly TempDirectory _dir = new("tiny");

    public TinyPackageFixture()
    {
        File.WriteAllText(
            _dir.Combine("Tiny.csproj"),
            """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <PackageId>Tiny</PackageId>
                <Version>1.0.0</Version>
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
              </PropertyGroup>
            </Project>
            """
        );
        var pack = ProcessRunner.Run("dotnet", "pack -c Release -o artifacts/packages", _dir.Path);
        Assert.True(pack.ExitCode == 0, pack.Output);
        Package = _dir.Combine("artifacts", "packages", "Tiny.1.0.0.nupkg");
        Assert.True(File.Exists(Package), pack.Output);
    }

    public string Project => _dir.Path;

    public string Package { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// <c>release-train preflight</c> with real processes: <c>dotnet nuget verify --all</c> on a package packed by the
/// SDK (unsigned: per <c>preflight.unsignedPackages</c>), a file that is not a package, the locked restore of a lock
/// file changed after a restore, and an invalid configuration.
/// </summary>
public sealed class PreflightTests(TinyPackageFixture tiny) : IClassFixture<TinyPackageFixture>, IDisposable
{
    private readonly TempDirectory _repo = new("preflight");

    public void Dispose() => _repo.Dispose();

    /// <summary>A copy of the packed project (its lock file restored, its package in artifacts/packages).</summary>
    private string Repository(string? unsignedPackages)
    {
        TempDirectory.CopyDirectory(tiny.Project, _repo.Path);
        var preflight = unsignedPackages is null
            ? string.Empty
            : $", \"preflight\": {{\"unsignedPackages\": \"{unsignedPackages}\"}}";
        File.WriteAllText(_repo.Combine("release-train.json"), "{\"contracts\": []" + preflight + "}");
        return _repo.Path;
    }

    private static PreflightResult Run(string root) =>
        Preflight.Run(new VerifyRequest(Path.Combine(root, "release-train.json"), root, root, []), "1.0.0");

    [Fact]
    public void An_unsigned_package_is_an_error_by_default()
    {
        var result = Run(Repository(null));

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(("RT3050", Diagnostics.DiagnosticSeverity.Error), (finding.Code, finding.Severity));
        Assert.Equal("unsigned", Assert.Single(result.Packages).Signature);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["pass", "fail", "pass"], result.Checks.Select(c => c.Status));
    }

    [Fact]
    public void An_unsigned_package_is_a_warning_with_warn()
    {
        var result = Run(Repository("warn"));

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal(("RT3050", Diagnostics.DiagnosticSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Tiny.1.0.0.nupkg: unsigned", new PreflightReport(result).ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsigned_package_is_only_listed_with_allow()
    {
        var result = Run(Repository("allow"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal("unsigned", Assert.Single(result.Packages).Signature);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void A_file_that_is_no_package_fails_although_dotnet_nuget_verify_exits_0()
    {
        var root = Repository("allow");
        var bad = Path.Combine(root, "artifacts", "packages", "Bad.1.0.0.nupkg");
        File.WriteAllText(bad, "not a zip");
        Assert.Equal(0, ProcessRunner.Run("dotnet", $"nuget verify --all \"{bad}\"", root).ExitCode);

        var result = Run(root);

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal("RT3051", finding.Code);
        Assert.Contains("not a valid package", finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void A_package_that_is_a_link_is_refused_before_dotnet_follows_it()
    {
        var root = Repository("allow");
        using var outside = new TempDirectory("preflight-outside");
        var package = Path.Combine(root, "artifacts", "packages", "Tiny.1.0.0.nupkg");
        File.Move(package, outside.Combine("Tiny.1.0.0.nupkg"));
        File.CreateSymbolicLink(package, outside.Combine("Tiny.1.0.0.nupkg"));

        var escaped = Run(root);

        Assert.Equal("RT1005", Assert.Single(escaped.Diagnostics).Code);
        Assert.Equal("invalid", Assert.Single(escaped.Packages).Signature);
        Assert.Equal(1, escaped.ExitCode);

        // A link inside the repository is refused too: dotnet would verify another file than the release's.
        File.Delete(package);
        File.Move(outside.Combine("Tiny.1.0.0.nupkg"), Path.Combine(root, "Other.nupkg"));
        File.CreateSymbolicLink(package, Path.Combine(root, "Other.nupkg"));

        var linked = Run(root);

        var finding = Assert.Single(linked.Diagnostics);
        Assert.Equal("RT1016", finding.Code);
        Assert.Contains("a symbolic link", finding.Message, StringComparison.Ordinal);
        Assert.Equal(1, linked.ExitCode);
    }

    [Fact]
    public void A_lock_file_changed_after_a_restore_fails_the_locked_restore()
    {
        // A locked restore that passed (an earlier preflight, a CI step) leaves restore's no-op cache behind: a plain
        // "dotnet restore --locked-mode" then says "All projects are up-to-date" and never reads the changed lock file.
        var root = Repository("allow");
        Assert.Equal(0, ProcessRunner.Run("dotnet", "restore --locked-mode", root).ExitCode);
        var lockFile = Path.Combine(root, "packages.lock.json");
        File.WriteAllText(
            lockFile,
            File.ReadAllText(lockFile)
                .Replace(
                    "\"net10.0\": {}",
                    "\"net10.0\": {\"Fake.Pkg\": {\"type\": \"Direct\", \"requested\": \"[1.0.0, )\", "
                        + "\"resolved\": \"1.0.0\", \"contentHash\": \"abc\"}}",
                    StringComparison.Ordinal
                )
        );
        Assert.Contains("Fake.Pkg", File.ReadAllText(lockFile), StringComparison.Ordinal);

        var result = Run(root);

        var finding = Assert.Single(result.Diagnostics);
        Assert.Equal("RT3052", finding.Code);
        Assert.Contains("NU1004", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["pass", "pass", "fail"], result.Checks.Select(c => c.Status));
    }

    [Fact]
    public void An_invalid_configuration_fails_and_runs_nothing_else()
    {
        var root = Repository(null);
        File.WriteAllText(
            Path.Combine(root, "release-train.json"),
            "{\"contracts\": [], \"preflight\": {\"unsignedPackages\": \"maybe\"}}"
        );

        var result = Run(root);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["fail", "not-run", "not-run"], result.Checks.Select(c => c.Status));
        Assert.All(result.Diagnostics, d => Assert.StartsWith("RT1", d.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void No_package_of_the_version_fails()
    {
        var root = Repository("allow");
        File.Delete(Path.Combine(root, "artifacts", "packages", "Tiny.1.0.0.nupkg"));

        var result = Run(root);

        Assert.Equal("RT3006", Assert.Single(result.Diagnostics).Code);
        Assert.Equal(1, result.ExitCode);
    }
}
