using System.IO.Compression;

namespace ReleaseTrain.Tests;

/// <summary>
/// A real, restored three-project solution for SBOM tests, made once per test process in a temp folder: a local
/// feed of hand-made packages (each nuspec with the metadata under test), an isolated global packages folder, and
/// <c>dotnet restore</c> of <c>Sample.slnx</c> from that feed only (no network).
/// <list type="bullet">
/// <item>src/App (net10.0): Acme.Lib (MIT, authors, description, project and repository URLs; depends on Acme.Base),
/// Acme.Old (licenseUrl only), Acme.Analyzers (nuspec developmentDependency), Acme.Tool (PrivateAssets=all), and a
/// project reference to src/Core.</item>
/// <item>src/Core (net10.0): Acme.Base ("MIT OR Apache-2.0", title only).</item>
/// <item>tests/App.Tests (net10.0, IsTestProject=true): Acme.TestKit, and a project reference to src/App.</item>
/// </list>
/// </summary>
public static class SbomSample
{
    private static readonly Lazy<string> Folder = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The sample's folder (restored).</summary>
    public static string Root => Folder.Value;

    /// <summary>A path inside the sample.</summary>
    public static string In(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The global packages folder the sample restored into.</summary>
    public static string PackagesFolder => In("packages");

    private static string Create()
    {
        // The test host may be stopped before the exit handler below has finished: samples of earlier runs (older
        // than two hours, so never one a test process running now uses) are removed here.
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), "rt-sbom-sample-*"))
        {
            try
            {
                if (Directory.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddHours(-2))
                {
                    Directory.Delete(stale, recursive: true);
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        var root = Path.Combine(Path.GetTempPath(), $"rt-sbom-sample-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "feed"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        };
        Package(
            root,
            "Acme.Lib",
            "1.0.0",
            """
            <authors>Acme Ltd, Jane Doe</authors>
            <description>The Acme library.</description>
            <copyright>Copyright 2026 Acme</copyright>
            <license type="expression">MIT</license>
            <projectUrl>https://acme.example/lib</projectUrl>
            <repository type="git" url="git@github.com:acme/lib.git" commit="abc" />
            <dependencies><group targetFramework="net8.0"><dependency id="Acme.Base" version="2.0.0" /></group>
            </dependencies>
            """
        );
        Package(
            root,
            "Acme.Base",
            "2.0.0",
            """<authors>Acme</authors><title>Acme base</title><license type="expression">MIT OR Apache-2.0</license>"""
        );
        Package(
            root,
            "Acme.Old",
            "1.0.0",
            "<authors>Old</authors><description>Old style.</description>"
                + "<licenseUrl>https://acme.example/license.txt</licenseUrl>"
        );
        Package(
            root,
            "Acme.Analyzers",
            "1.0.0",
            "<authors>Acme</authors><description>Analyzers.</description>"
                + "<developmentDependency>true</developmentDependency>"
        );
        Package(root, "Acme.Tool", "1.0.0", "<authors>Acme</authors><description>A build tool.</description>");
        Package(root, "Acme.TestKit", "1.0.0", "<authors>Acme</authors><description>Test helpers.</description>");
        File.WriteAllText(
            Path.Combine(root, "NuGet.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(root, "packages")}" /></config>
              <packageSources><clear /><add key="local" value="{Path.Combine(root, "feed")}" /></packageSources>
            </configuration>
            """
        );
        Project(
            root,
            "src/App/App.csproj",
            """
            <PackageReference Include="Acme.Lib" Version="1.0.0" />
            <PackageReference Include="Acme.Old" Version="1.0.0" />
            <PackageReference Include="Acme.Analyzers" Version="1.0.0" />
            <PackageReference Include="Acme.Tool" Version="1.0.0" PrivateAssets="all" />
            <ProjectReference Include="../Core/Core.csproj" />
            """,
            ""
        );
        Project(root, "src/Core/Core.csproj", """<PackageReference Include="Acme.Base" Version="2.0.0" />""", "");
        Project(
            root,
            "tests/App.Tests/App.Tests.csproj",
            """
            <PackageReference Include="Acme.TestKit" Version="1.0.0" />
            <ProjectReference Include="../../src/App/App.csproj" />
            """,
            "<IsTestProject>true</IsTestProject>"
        );
        File.WriteAllText(
            Path.Combine(root, "Sample.slnx"),
            """
            <Solution>
              <Folder Name="/src/">
                <Project Path="src/App/App.csproj" />
                <Project Path="src/Core/Core.csproj" />
              </Folder>
              <Project Path="tests/App.Tests/App.Tests.csproj" />
            </Solution>
            """
        );
        // A classic solution (CRLF, backslashes), with a solution folder that is no project.
        const string Cs = "{9A19103F-16F7-4668-BE54-9A1E7A4F7556}";
        string[] sln =
        [
            "Microsoft Visual Studio Solution File, Format Version 12.00",
            "Project(\"{2150E333-8FDC-42A3-9474-1A3956D46DE8}\") = \"src\", \"src\", \"{11111111-1111-1111-1111-1}\"",
            "EndProject",
            $"Project(\"{Cs}\") = \"App\", \"src\\App\\App.csproj\", \"{{22222222-2222-2222-2222-2}}\"",
            "EndProject",
            $"Project(\"{Cs}\") = \"Core\", \"src\\Core\\Core.csproj\", \"{{33333333-3333-3333-3333-3}}\"",
            "EndProject",
            $"Project(\"{Cs}\") = \"App.Tests\", \"tests\\App.Tests\\App.Tests.csproj\", \"{{4444-4}}\"",
            "EndProject",
            "Global",
            "EndGlobal",
        ];
        File.WriteAllText(Path.Combine(root, "Sample.sln"), string.Join("\r\n", sln) + "\r\n");
        var result = ProcessRunner.Run("dotnet", "restore Sample.slnx -tl:off -nologo", root, timeoutSeconds: 300);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("restore of the SBOM sample failed:\n" + result.Output);
        }

        return root;
    }

    private static void Project(string root, string relative, string items, string properties)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(
            path,
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """
        );
    }

    /// <summary>Writes feed/id.version.nupkg: a zip holding the nuspec and one content file.</summary>
    private static void Package(string root, string id, string version, string metadata)
    {
        using var zip = ZipFile.Open(Path.Combine(root, "feed", $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        var nuspec = zip.CreateEntry($"{id}.nuspec");
        using (var writer = new StreamWriter(nuspec.Open()))
        {
            writer.Write(
                $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{id}</id>
                    <version>{version}</version>
                    {metadata}
                  </metadata>
                </package>
                """
            );
        }

        using var content = new StreamWriter(zip.CreateEntry("lib/net8.0/_._").Open());
        content.Write("");
    }
}
