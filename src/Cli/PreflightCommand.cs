using System.CommandLine;
using System.Text;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Reporting;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train preflight --version V</c>: the preflight gate (<see cref="Preflight"/>): the configuration, the
/// release packages' signatures and the locked restore. A thin adapter: Core runs the checks and renders the report.
/// </summary>
internal static class PreflightCommand
{
    public static Command Create(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = PolicyCommands.ConfigOptions();
        var version = new Option<string>("--version") { Description = "The release version.", Required = true };
        var format = Options.Format(["text", "json"]);
        var command = new Command(
            "preflight",
            "Preflight gate (deployment runbook II.F): the configuration validates against its schema; every "
                + ".nupkg of the version passes 'dotnet nuget verify --all' (unsigned ones as "
                + "preflight.unsignedPackages says, default error); the configured projects restore with "
                + "'dotnet restore --locked-mode --force'. Exit 0 pass, 1 a check failed, 2 invalid configuration."
        )
        {
            version,
            config,
            root,
            format,
        };
        command.SetAction(p =>
        {
            var request = new VerifyRequest(
                p.GetValue(config) is { } c ? Path.GetFullPath(c, workingDirectory) : null,
                workingDirectory,
                p.GetValue(root) is { } r ? Path.GetFullPath(r, workingDirectory) : null,
                []
            );
            var result = Preflight.Run(request, p.GetValue(version)!);
            var report = new PreflightReport(result);
            if (result.RootDirectory is { } rootDirectory)
            {
                // The readiness report's Preflight row and the evidence bundle's gate reports read it.
                var path = ReadinessReport.PreflightReportFile(rootDirectory);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(ReportJson.Write(report.ToJson())));
            }

            stdout.Write(report.Render(CliApplication.ParseFormat(p.GetValue(format))));
            return report.ExitCode;
        });
        return command;
    }
}
