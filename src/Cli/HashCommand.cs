using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Cli;

/// <summary><c>release-train hash ...</c>: the evidence hashes of docs/evidence.md, one at a time.</summary>
internal static class HashCommand
{
    public static Command Create(TextWriter stdout, string workingDirectory)
    {
        var hash = new Command(
            "hash",
            "Compute one evidence hash (docs/evidence.md). Prints sha256:<64 hex>. Exit 0, or 2 on invalid input."
        );

        var file = new Argument<string>("FILE") { Description = "The file." };
        hash.Subcommands.Add(
            Leaf("json", "SHA-256 of a JSON file's RFC 8785 (JCS) canonical form.", [file], p =>
                Result("json", EvidenceHashes.Json(Full(p.GetValue(file)!, workingDirectory)), null)
            )
        );

        var rawFile = new Argument<string>("FILE") { Description = "The file." };
        hash.Subcommands.Add(
            Leaf("file", "SHA-256 of a file's raw bytes.", [rawFile], p =>
                Result("file", EvidenceHashes.File(Full(p.GetValue(rawFile)!, workingDirectory)), null)
            )
        );

        var root = new Option<string?>("--root") { Description = Options.RootDescription };
        hash.Subcommands.Add(
            Leaf("lockfile", "lockfile_hash: every packages.lock.json under the root, normalised (JCS).", [root], p =>
            {
                var digest = EvidenceHashes.Lockfile(
                    ConfigLoader.RepositoryRoot(p.GetValue(root), workingDirectory),
                    out var files
                );
                return Result(
                    "lockfile_hash",
                    digest,
                    new JsonObject { ["files"] = new JsonArray([.. files.Select(f => (JsonNode)JsonValue.Create(f)!)]) }
                );
            })
        );

        var sbom = new Argument<string>("FILE") { Description = "A CycloneDX JSON SBOM." };
        hash.Subcommands.Add(
            Leaf("sbom", "sbom_hash: the SBOM without its volatile fields, components sorted, JCS.", [sbom], p =>
            {
                var path = Full(p.GetValue(sbom)!, workingDirectory);
                return Result(
                    "sbom_hash",
                    EvidenceHashes.Sbom(ReleaseTrain.Core.IO.RepositoryFiles.ReadFile(path), path),
                    null
                );
            })
        );

        var toolchainRoot = new Option<string?>("--root")
        {
            Description =
                "Repository root holding global.json and .config/dotnet-tools.json. " + Options.RootDescription,
        };
        hash.Subcommands.Add(
            Leaf(
                "toolchain",
                "toolchain_hash: global.json's SDK pin, the running SDK and the local tools.",
                [toolchainRoot],
                p =>
                {
                    var dir = ConfigLoader.RepositoryRoot(p.GetValue(toolchainRoot), workingDirectory);
                    var toolchain = EvidenceHashes.ReadToolchain(dir, DotNetSdk.Version(dir));
                    return Result(
                        "toolchain_hash",
                        EvidenceHashes.Toolchain(toolchain),
                        new JsonObject { ["preimage"] = EvidenceHashes.ToolchainPreimage(toolchain) }
                    );
                }
            )
        );

        hash.Subcommands.Add(
            Leaf(
                "runtime-env",
                "runtime_env_hash: OS, architecture, runtime identifier and .NET runtime of this machine.",
                [],
                _ =>
                    Result(
                        "runtime_env_hash",
                        EvidenceHashes.RuntimeEnvironment(RuntimeEnvironmentInfo.Current),
                        new JsonObject
                        {
                            ["preimage"] = EvidenceHashes.RuntimeEnvironmentPreimage(RuntimeEnvironmentInfo.Current),
                        }
                    )
            )
        );

        var lockfile = new Option<string>("--lockfile")
        {
            Description = "lockfile_hash (sha256:<hex> or bare hex).",
            Required = true,
        };
        var toolchainHash = new Option<string>("--toolchain") { Description = "toolchain_hash.", Required = true };
        var runtime = new Option<string>("--runtime-env") { Description = "runtime_env_hash.", Required = true };
        hash.Subcommands.Add(
            Leaf(
                "deps-lock",
                "dependencies_lock_hash = SHA-256(CBOR_CANONICAL([\"deps_lock_v1\", lockfile, toolchain, "
                    + "runtime-env])).",
                [lockfile, toolchainHash, runtime],
                p =>
                {
                    var values = new[]
                    {
                        ("--lockfile", p.GetValue(lockfile)!),
                        ("--toolchain", p.GetValue(toolchainHash)!),
                        ("--runtime-env", p.GetValue(runtime)!),
                    };
                    foreach (var (name, value) in values)
                    {
                        try
                        {
                            Digest.HexOf(value);
                        }
                        catch (FormatException ex)
                        {
                            throw new ReleaseTrainException(
                                DiagnosticCodes.InvalidDigest.Error(null, 0, 0, $"{name} {value}", ex.Message)
                            );
                        }
                    }

                    return Result(
                        "dependencies_lock_hash",
                        EvidenceHashes.DependenciesLock(values[0].Item2, values[1].Item2, values[2].Item2),
                        null
                    );
                }
            )
        );

        return hash;

        Command Leaf(
            string name,
            string description,
            Symbol[] symbols,
            Func<ParseResult, (string Kind, string Digest, JsonObject? Extra)> compute
        )
        {
            var format = Options.Format(["text", "json"]);
            var command = new Command(name, description);
            foreach (var symbol in symbols)
            {
                switch (symbol)
                {
                    case Argument argument:
                        command.Arguments.Add(argument);
                        break;
                    case Option option:
                        command.Options.Add(option);
                        break;
                }
            }

            command.Options.Add(format);
            command.SetAction(p =>
            {
                var (kind, digest, extra) = compute(p);
                if (p.GetValue(format) == "json")
                {
                    var json = new JsonObject { ["kind"] = kind, ["digest"] = digest };
                    foreach (var (key, value) in extra ?? [])
                    {
                        json[key] = value?.DeepClone();
                    }

                    stdout.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    stdout.WriteLine(digest);
                }

                return 0;
            });
            return command;
        }
    }

    private static (string, string, JsonObject?) Result(string kind, string digest, JsonObject? extra) =>
        (kind, digest, extra);

    private static string Full(string path, string workingDirectory) => Path.GetFullPath(path, workingDirectory);
}

/// <summary>Options shared by commands.</summary>
internal static class Options
{
    /// <summary>The --root of every command that resolves paths (ConfigLoader.RepositoryRoot).</summary>
    public const string RootDescription =
        "Repository root (default: the folder holding the nearest release-train.json in the current folder or above, "
        + "else the current folder).";

    public static Option<string> Format(string[] allowed)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: " + string.Join(", ", allowed) + ".",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong(allowed);
        return format;
    }
}
