using System.Security.Cryptography;
using System.Xml;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Evidence;

/// <summary>
/// What an SBOM component takes from a package's folder in a NuGet package folder (the global packages folder or a
/// fallback folder, as restore wrote it): the <c>.nuspec</c>'s metadata and the <c>.nupkg</c> file's own hashes.
/// Nothing is fetched: a package that is not in any folder has none of it.
/// </summary>
/// <param name="Authors">nuspec <c>authors</c>, or null.</param>
/// <param name="Description">nuspec <c>summary</c>, else <c>description</c>, else <c>title</c> (the order
/// cyclonedx-dotnet uses), or null.</param>
/// <param name="Copyright">nuspec <c>copyright</c>, or null.</param>
/// <param name="LicenseExpression">nuspec <c>license type="expression"</c>, or null.</param>
/// <param name="LicenseUrl">nuspec <c>licenseUrl</c> when there is no expression and it is not NuGet's
/// <c>https://aka.ms/deprecateLicenseUrl</c> placeholder, or null.</param>
/// <param name="ProjectUrl">nuspec <c>projectUrl</c> (an absolute URI), or null.</param>
/// <param name="RepositoryUrl">nuspec <c>repository url</c> (an absolute URI; <c>git@host:path</c> written as
/// <c>https://host/path</c>), or null.</param>
/// <param name="DevelopmentDependency">nuspec <c>developmentDependency</c> is <c>true</c>.</param>
/// <param name="NupkgSha512">Lowercase hex SHA-512 of the <c>.nupkg</c> file's bytes, or null when it is not
/// there.</param>
/// <param name="NupkgSha256">Lowercase hex SHA-256 of the same bytes, or null.</param>
public sealed record NuGetPackageMetadata(
    string? Authors,
    string? Description,
    string? Copyright,
    string? LicenseExpression,
    string? LicenseUrl,
    string? ProjectUrl,
    string? RepositoryUrl,
    bool DevelopmentDependency,
    string? NupkgSha512,
    string? NupkgSha256
)
{
    /// <summary>Nothing known: the package is in no package folder.</summary>
    public static readonly NuGetPackageMetadata None = new(null, null, null, null, null, null, null, false, null, null);

    /// <summary>
    /// The package folders restore used, in its order: the assets file's <c>packageFolders</c> (the global packages
    /// folder first, then fallback folders); when it has none, <c>NUGET_PACKAGES</c>, else
    /// <c>~/.nuget/packages</c>.
    /// </summary>
    /// <param name="assetsPackageFolders">The keys of the assets file's <c>packageFolders</c>.</param>
    /// <returns>Full paths.</returns>
    public static IReadOnlyList<string> PackageFolders(IEnumerable<string> assetsPackageFolders)
    {
        var folders = assetsPackageFolders.Where(f => f.Length > 0).ToList();
        if (folders.Count > 0)
        {
            return folders;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return
        [
            string.IsNullOrEmpty(fromEnvironment)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
                : Path.GetFullPath(fromEnvironment),
        ];
    }

    /// <summary>
    /// Reads a package's folder: <c>&lt;folder&gt;/&lt;id&gt;/&lt;version&gt;/</c> (lowercase, as restore writes it;
    /// <paramref name="libraryPath"/> is the assets file's <c>libraries/*/path</c> when known), in the first folder of
    /// <paramref name="packageFolders"/> that has the package's <c>.nuspec</c>. Mapped as cyclonedx-dotnet 6.x maps a
    /// cached package (CycloneDX/cyclonedx-dotnet, CycloneDX/Services/NugetV3Service.cs: GetComponentAsync,
    /// SetupComponentProperties, GetNuspec).
    /// </summary>
    /// <param name="packageFolders">See <see cref="PackageFolders"/>.</param>
    /// <param name="id">The package id.</param>
    /// <param name="version">The normalized version.</param>
    /// <param name="libraryPath">The package's folder relative to a package folder, or null for
    /// <c>id/version</c> lowercased.</param>
    /// <returns>The metadata, or <see cref="None"/> when no folder has the package.</returns>
    /// <exception cref="ReleaseTrainException">RT3020: the .nuspec is there but is not a readable nuspec.</exception>
    public static NuGetPackageMetadata Read(
        IReadOnlyList<string> packageFolders,
        string id,
        string version,
        string? libraryPath
    )
    {
        // restore's layout (VersionFolderPathResolver): <id>/<version>/, both lowercase. An id or version that could
        // lead out of the package folder (a hand-edited restore model) finds nothing.
        if (!IsPlainName(id) || !IsPlainName(version))
        {
            return None;
        }

        var relative = (
            libraryPath is not null && libraryPath.Split('/') is [var a, var b] && IsPlainName(a) && IsPlainName(b)
                ? libraryPath
                : $"{id}/{version}"
        ).ToLowerInvariant();
        var lowerId = id.ToLowerInvariant();
        foreach (var folder in packageFolders)
        {
            var packageDirectory = Path.Combine(folder, relative);
            var nuspec = Path.Combine(packageDirectory, lowerId + ".nuspec");
            if (!File.Exists(nuspec))
            {
                continue;
            }

            var metadata = ReadNuspec(nuspec);
            var nupkg = Path.Combine(packageDirectory, $"{lowerId}.{version.ToLowerInvariant()}.nupkg");
            if (File.Exists(nupkg))
            {
                var (sha512, sha256) = HashFile(nupkg);
                metadata = metadata with { NupkgSha512 = sha512, NupkgSha256 = sha256 };
            }

            return metadata;
        }

        return None;
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0
        && name != "."
        && name != ".."
        && name.IndexOfAny(['/', '\\', '\0']) < 0
        && !Path.IsPathRooted(name);

    private static readonly HashSet<string> TextElements =
    [
        "authors",
        "summary",
        "description",
        "title",
        "copyright",
        "license",
        "licenseUrl",
        "projectUrl",
        "developmentDependency",
    ];

    private static (string Sha512, string Sha256) HashFile(string path)
    {
        using var stream = RepositoryFiles.OpenRegular(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha512.AppendData(buffer, 0, read);
            sha256.AppendData(buffer, 0, read);
        }

        return (Digest.Hex(sha512.GetHashAndReset()), Digest.Hex(sha256.GetHashAndReset()));
    }

    private static NuGetPackageMetadata ReadNuspec(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? licenseType = null;
        string? repositoryUrl = null;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            MaxCharactersInDocument = 16 * 1024 * 1024,
        };
        try
        {
            using var stream = new MemoryStream(RepositoryFiles.ReadFile(path));
            using var reader = XmlReader.Create(stream, settings);
            reader.MoveToContent(); // <package>
            if (!reader.ReadToDescendant("metadata", reader.NamespaceURI) || reader.IsEmptyElement)
            {
                return None;
            }

            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                var name = reader.LocalName;
                if (name == "license")
                {
                    licenseType = reader.GetAttribute("type");
                }
                else if (name == "repository")
                {
                    repositoryUrl = reader.GetAttribute("url");
                }

                if (!TextElements.Contains(name) || reader.IsEmptyElement)
                {
                    reader.Skip();
                    continue;
                }

                var text = reader.ReadElementContentAsString().Trim();
                if (text.Length > 0)
                {
                    values.TryAdd(name, text);
                }
            }
        }
        catch (XmlException e)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.UnreadableNuspec.Error(path, e.LineNumber, e.LinePosition, path, e.Message)
            );
        }

        string? Value(string name) => values.GetValueOrDefault(name);
        var expression = string.Equals(licenseType, "expression", StringComparison.OrdinalIgnoreCase)
            ? Value("license")
            : null;
        var licenseUrl = Value("licenseUrl");
        if (
            expression is not null
            || licenseUrl is null
            || licenseUrl.StartsWith("https://aka.ms/deprecateLicenseUrl", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(licenseUrl, UriKind.Absolute, out _)
        )
        {
            licenseUrl = null;
        }

        return new NuGetPackageMetadata(
            Value("authors"),
            Value("summary") ?? Value("description") ?? Value("title"),
            Value("copyright"),
            expression,
            licenseUrl,
            AbsoluteUri(Value("projectUrl")),
            RepositoryUri(repositoryUrl),
            string.Equals(Value("developmentDependency"), "true", StringComparison.OrdinalIgnoreCase),
            null,
            null
        );
    }

    /// <summary>An absolute URI, without any user name or password it holds; null when it is none.</summary>
    private static string? AbsoluteUri(string? text)
    {
        if (text is null || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        return uri.UserInfo.Length == 0
            ? uri.ToString()
            : new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();
    }

    /// <summary>A repository URL as cyclonedx-dotnet normalizes it (NugetV3Service.NormalizeUri): an absolute URI as
    /// it is, <c>host/path</c> and <c>git@host:path</c> as <c>https://host/path</c> (the user name left out, where
    /// cyclonedx-dotnet keeps it).</summary>
    private static string? RepositoryUri(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (AbsoluteUri(text) is { } absolute)
        {
            return absolute;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return AbsoluteUri("https://" + text);
        }

        var userAndHost = text[..colon].Split('@');
        if (userAndHost.Length != 2)
        {
            return null;
        }

        var path = text[(colon + 1)..];
        return AbsoluteUri($"https://{userAndHost[1]}{(path.StartsWith('/') ? "" : "/")}{path}");
    }
}
