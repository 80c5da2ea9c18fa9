using System.CommandLine;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Reporting;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train validate</c>, <c>phase-manifest</c>, <c>artifacts verify</c> and <c>canary evaluate</c>: thin
/// adapters over Core's built-in validators (docs/validators.md). Exit 0 pass (warnings allowed) or promote, 1 fail,
/// rollback or inconclusive, 2 invalid input.
/// </summary>
internal static class ValidatorCommands
{
    public static Command Validate(TextWriter stdout, string workingDirectory)
    {
        var command = new Command(
            "validate",
            "Validate a USR rollout contract file: the backcompat matrix, the operational readiness policy (with drill "
                + "evidence), the waiver policy or the rollout approval lock."
        );

        var backcompat = Sub(
            UsrBackcompatKind.KindName,
            "The USR backcompat matrix: row schema, versions, adapter and reject rules, BC-001..BC-012. "
                + "Writes usr-backcompat-matrix-results.json.",
            out var file1,
            out var dir1,
            out var format1
        );
        var scenarios = new Option<string?>("--scenarios")
        {
            Description =
                "PairOfCleats' item-36 classification (item-36-backcompat-matrix.json; default: the built-in copy).",
        };
        backcompat.Options.Add(scenarios);
        backcompat.SetAction(p =>
            Emit(
                stdout,
                UsrBackcompatValidator.Validate(
                    Full(p.GetValue(file1)!, workingDirectory),
                    p.GetValue(scenarios) is { } sc ? Full(sc, workingDirectory) : null
                ),
                p.GetValue(format1),
                Dir(p.GetValue(dir1), workingDirectory),
                workingDirectory
            )
        );
        command.Subcommands.Add(backcompat);

        var readiness = Sub(
            UsrOperationalReadinessKind.KindName,
            "The USR operational readiness policy; with --drills, the drill cadence of its blocking runbooks."
                + " Writes usr-operational-readiness-validation.json, usr-rollback-drill-report.json and"
                + " usr-incident-response-drill-report.json.",
            out var file2,
            out var dir2,
            out var format2
        );
        var drills = new Option<string?>("--drills")
        {
            Description = "A drill evidence file or folder (every *.json).",
        };
        var at2 = At();
        var cutover = new Option<string?>("--cutover")
        {
            Description =
                "The start of the cutover window, ISO 8601 with offset: counting drills ran before it, within 30 days.",
        };
        readiness.Options.Add(drills);
        readiness.Options.Add(at2);
        readiness.Options.Add(cutover);
        readiness.SetAction(p =>
        {
            var cutoverAt = p.GetValue(cutover) is { } c ? PolicyCommands.Instant(c) : (NodaTime.Instant?)null;
            var result = UsrOperationalReadinessValidator.Validate(
                Full(p.GetValue(file2)!, workingDirectory),
                p.GetValue(drills) is { } d ? Full(d, workingDirectory) : null,
                PolicyCommands.Instant(p.GetValue(at2)),
                cutoverAt
            );
            return Emit(stdout, result, p.GetValue(format2), Dir(p.GetValue(dir2), workingDirectory), workingDirectory);
        });
        command.Subcommands.Add(readiness);

        var waivers = Sub(
            UsrWaiversKind.KindName,
            "The USR waiver policy at an instant: scope types, disallowed classes, approvers, expiry. Writes "
                + "usr-waiver-policy-validation.json.",
            out var file3,
            out var dir3,
            out var format3
        );
        var at3 = At();
        var noStrict = new Option<bool>("--no-strict")
        {
            Description =
                "PairOfCleats' non-strict mode: an expired non-blocking waiver, or its control mapping to no governed "
                + "report, is a warning (default: an error).",
        };
        var ownership = new Option<string?>("--ownership")
        {
            Description = "usr-ownership-matrix.json: governance roles and governed evidence artifacts.",
        };
        var escalation = new Option<string?>("--escalation")
        {
            Description = "usr-escalation-policy.json: governance roles (requiredApprovers).",
        };
        waivers.Options.Add(at3);
        waivers.Options.Add(noStrict);
        waivers.Options.Add(ownership);
        waivers.Options.Add(escalation);
        waivers.SetAction(p =>
            Emit(
                stdout,
                UsrWaiverValidator.Validate(
                    Full(p.GetValue(file3)!, workingDirectory),
                    PolicyCommands.Instant(p.GetValue(at3)),
                    !p.GetValue(noStrict),
                    p.GetValue(ownership) is { } o ? Full(o, workingDirectory) : null,
                    p.GetValue(escalation) is { } e ? Full(e, workingDirectory) : null
                ),
                p.GetValue(format3),
                Dir(p.GetValue(dir3), workingDirectory),
                workingDirectory
            )
        );
        command.Subcommands.Add(waivers);

        var approval = Sub(
            UsrApprovalLockKind.KindName,
            "The Markdown rollout approval lock: state, record id, one row per role; approved needs all three"
                + " approved. Writes usr-approval-lock-validation.json.",
            out var file4,
            out var dir4,
            out var format4
        );
        approval.SetAction(p =>
            Emit(
                stdout,
                UsrApprovalLockValidator.Validate(Full(p.GetValue(file4)!, workingDirectory)),
                p.GetValue(format4),
                Dir(p.GetValue(dir4), workingDirectory),
                workingDirectory
            )
        );
        command.Subcommands.Add(approval);
        return command;
    }

    public static Command PhaseManifestCommand(TextWriter stdout, string workingDirectory)
    {
        var command = new Command(
            "phase-manifest",
            "Build or verify an ordered phase manifest (torghut's torghut.autonomy.phase-manifest.v1 or "
                + "autonomy-phase-manifest-v1, the USR lifecycle, or a contract of release-train.json)."
        );
        var input = new Option<string>("--input")
        {
            Description = "The phases input (schemas/phase-input.schema.json).",
            Required = true,
        };
        var target = new Option<string>("--target")
        {
            Description = "The requested promotion target: paper or live (torghut), or any label.",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the manifest (atomically).",
            Required = true,
        };
        var contract = new Option<string>("--contract")
        {
            Description =
                "torghut (default), usr-lifecycle, or the id of a phase-manifest contract in release-train.json whose "
                + "options.phases defines the order and gates.",
            DefaultValueFactory = _ => "torghut",
        };
        var (config, root) = PolicyCommands.ConfigOptions();
        var policy = new Option<string?>("--policy")
        {
            Description =
                "autonomous-gate-policy.json: decides promotion-prerequisites and rollback-readiness (torghut).",
        };
        var schemaVersion = new Option<string?>("--schema-version")
        {
            Description =
                "torghut: the manifest version to write, torghut.autonomy.phase-manifest.v1 (default) or "
                + "autonomy-phase-manifest-v1 (torghut's main branch).",
        };
        schemaVersion.AcceptOnlyFromAmong(PhaseContract.Torghut.SchemaVersion, PhaseContract.TorghutMain.SchemaVersion);
        var at = At();
        var notes = new Option<string?>("--notes")
        {
            Description = "Also write notes/iteration-<n>.md into this folder, n one above the highest existing.",
        };
        var build = new Command(
            "build",
            "Build a manifest from the phases input. Exit 0 when the manifest passes, 1 when it fails, 2 invalid input."
        )
        {
            input,
            target,
            output,
            contract,
            config,
            root,
            policy,
            schemaVersion,
            at,
            notes,
        };
        build.SetAction(p =>
        {
            var name = p.GetValue(contract)!;
            var phases = PhaseContract.BuiltIn(name)
                ?? ConfiguredPhases(PolicyCommands.Load(p.GetValue(config), p.GetValue(root), workingDirectory), name);
            if (p.GetValue(schemaVersion) is { } version)
            {
                phases =
                    phases.Form == PhaseManifestForm.Generic
                        ? throw new ReleaseTrainException(
                            DiagnosticCodes.InvalidUsage.Error(
                                null,
                                0,
                                0,
                                $"--schema-version names a torghut manifest version; --contract {name} has its own "
                                    + $"({phases.SchemaVersion})."
                            )
                        )
                        : PhaseContract.TorghutVersion(version)!;
            }

            var manifest = PhaseManifest.Build(
                Full(p.GetValue(input)!, workingDirectory),
                p.GetValue(target)!,
                phases,
                p.GetValue(policy) is { } pol ? Full(pol, workingDirectory) : null,
                PolicyCommands.Instant(p.GetValue(at))
            );
            var path = Full(p.GetValue(output)!, workingDirectory);
            AtomicFile.WriteOutput(path, ReportJson.Write(manifest));
            var report = new PhaseManifestReport(manifest, path);
            stdout.Write(report.ToText());

            if (p.GetValue(notes) is { } folder)
            {
                stdout.WriteLine("note: " + PhaseManifest.WriteIterationNote(Full(folder, workingDirectory), manifest));
            }

            return report.ExitCode;
        });
        command.Subcommands.Add(build);

        var file = new Argument<string>("FILE") { Description = "The manifest." };
        var verifyContract = new Option<string?>("--contract")
        {
            Description =
                "torghut (either of its schema versions) or usr-lifecycle (default: the one its schema_version names).",
        };
        verifyContract.AcceptOnlyFromAmong("torghut", "usr-lifecycle");
        var verifyPolicy = new Option<string?>("--policy")
        {
            Description =
                "autonomous-gate-policy.json: a passing promotion-prerequisites phase must show every artifact and "
                + "gate "
                + "it requires for the manifest's target.",
        };
        var format = Options.Format(["text", "json"]);
        var verify = new Command(
            "verify",
            "Verify a manifest: fixed phase order, derived status and transitions, artifact_refs, manifest_hash; a "
                + "failing phase fails it. Exit 0, 1, 2."
        )
        {
            file,
            verifyContract,
            verifyPolicy,
            format,
        };
        verify.SetAction(p =>
            Emit(
                stdout,
                PhaseManifest.Verify(
                    Full(p.GetValue(file)!, workingDirectory),
                    p.GetValue(verifyContract) is { } c ? PhaseContract.BuiltIn(c) : null,
                    p.GetValue(verifyPolicy) is { } g ? GatePolicy.Load(Full(g, workingDirectory)) : null
                ),
                p.GetValue(format),
                null,
                workingDirectory
            )
        );
        command.Subcommands.Add(verify);
        return command;
    }

    public static Command Artifacts(TextWriter stdout, string workingDirectory)
    {
        var manifest = new Argument<string>("MANIFEST")
        {
            Description =
                "The artifact manifest: an ML2ML catalog, file list or vectors manifest, or a MemoryKernel release "
                + "evidence bundle.",
        };
        var root = new Option<string?>("--root")
        {
            Description = "The root list-form paths are relative to (default: the current folder).",
        };
        var format = Options.Format(["text", "json"]);
        var verify = new Command(
            "verify",
            "Verify every listed file's sha256 and size. Exit 0 all match, 1 naming each missing or different file, 2 "
                + "invalid input."
        )
        {
            manifest,
            root,
            format,
        };
        verify.SetAction(p =>
            Emit(
                stdout,
                ArtifactManifestVerifier.Verify(
                    Full(p.GetValue(manifest)!, workingDirectory),
                    p.GetValue(root) is { } r ? Full(r, workingDirectory) : workingDirectory
                ),
                p.GetValue(format),
                null,
                workingDirectory
            )
        );
        var command = new Command("artifacts", "Artifact manifests.");
        command.Subcommands.Add(verify);
        return command;
    }

    public static Command Canary(TextWriter stdout, string workingDirectory)
    {
        var snapshot = new Option<string>("--snapshot")
        {
            Description = "The metrics snapshot (schemas/canary-snapshot.schema.json).",
            Required = true,
        };
        var thresholds = new Option<string?>("--thresholds")
        {
            Description =
                "A thresholds file (default: error_rate <= 0.005, p95 delta <= 0.10, no replay determinism failures, "
                + "100 samples, cohorts 1/5/25/50/100).",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Also write the verdict (canary-verdict.json) to this file.",
        };
        var format = Options.Format(["text", "json"]);
        var explain = new Option<bool>("--explain")
        {
            Description = "List every stage with its metrics against the thresholds.",
        };
        var evaluate = new Command(
            "evaluate",
            "Judge the canary stages. Exit 0 promote, 1 rollback or inconclusive, 2 invalid input."
        )
        {
            snapshot,
            thresholds,
            output,
            format,
            explain,
        };
        evaluate.SetAction(p =>
        {
            var limits = p.GetValue(thresholds) is { } t
                ? CanaryEvaluator.ReadThresholds(Full(t, workingDirectory))
                : CanaryThresholds.Default;
            var result = CanaryEvaluator.Evaluate(Full(p.GetValue(snapshot)!, workingDirectory), limits);
            var report = new CanaryReport(result, limits);
            if (p.GetValue(output) is { } path)
            {
                AtomicFile.WriteOutput(Full(path, workingDirectory), ReportJson.Write(report.Verdict));
            }

            var explained = p.GetValue(explain) || CliApplication.VerbosityOf(p) == Verbosity.Detailed;
            stdout.Write(report.Render(CliApplication.ParseFormat(p.GetValue(format)), explained, workingDirectory));
            return report.ExitCode;
        });
        var command = new Command("canary", "Canary health gates.");
        command.Subcommands.Add(evaluate);
        return command;
    }

    private static Command Sub(
        string name,
        string description,
        out Argument<string> file,
        out Option<string?> outputDir,
        out Option<string> format
    )
    {
        file = new Argument<string>("FILE") { Description = "The file to validate." };
        outputDir = new Option<string?>("--output-dir")
        {
            Description = "Where the reports are written (default: artifacts/reports).",
        };
        format = Options.Format(["text", "json"]);
        return new Command(name, description + " Exit 0 pass or warn, 1 fail, 2 invalid input.")
        {
            file,
            outputDir,
            format,
        };
    }

    /// <summary>The phase contract of a phase-manifest contract of release-train.json (its options.phases).</summary>
    private static PhaseContract ConfiguredPhases(ReleaseTrain.Core.Config.ReleaseTrainConfig config, string id) =>
        PhaseContract.From(
            config.Contracts.FirstOrDefault(c => c.Id == id && c.Kind == PhaseManifestKind.KindName)?.Options.Phases
        )
        ?? throw new ReleaseTrainException(
            DiagnosticCodes.InvalidUsage.Error(
                config.ConfigPath,
                0,
                0,
                $"--contract '{id}' is not torghut, usr-lifecycle, or a phase-manifest contract with options.phases in "
                    + $"{config.ConfigPath}."
            )
        );

    private static Option<string?> At() =>
        new("--at") { Description = "The instant to evaluate, ISO 8601 with offset (default: now)." };

    private static string Full(string path, string workingDirectory) => Path.GetFullPath(path, workingDirectory);

    private static string Dir(string? given, string workingDirectory) =>
        Path.GetFullPath(given ?? RepositoryPaths.Reports(workingDirectory), workingDirectory);

    /// <summary>Writes a result's reports atomically, then prints Core's report of it and what was written.</summary>
    private static int Emit(
        TextWriter stdout,
        ValidationResult result,
        string? format,
        string? outputDirectory,
        string workingDirectory
    )
    {
        var written = new List<string>();
        if (outputDirectory is not null)
        {
            foreach (var (name, json) in result.Reports)
            {
                var path = Path.Combine(outputDirectory, name);
                AtomicFile.WriteOutput(path, ReportJson.Write(json));
                written.Add(path);
            }
        }

        var report = new ValidationReport(result);
        var chosen = CliApplication.ParseFormat(format);
        stdout.Write(report.Render(chosen, workingDirectory));
        if (chosen == OutputFormat.Text)
        {
            foreach (var path in written)
            {
                stdout.WriteLine("  wrote " + path);
            }
        }

        return report.ExitCode;
    }
}
