using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Release;

/// <summary>A commit status state, as GitHub's commit status API names them.</summary>
public enum GateState
{
    /// <summary><c>success</c>: the gate passes.</summary>
    Success,

    /// <summary><c>failure</c>: a verdict against the release (exit code 1 of the check).</summary>
    Failure,

    /// <summary><c>error</c>: the inputs could not be read (exit code 2): fail closed.</summary>
    Error,

    /// <summary>
    /// <c>pending</c>: the gate cannot be evaluated yet (e.g. no evidence bundle built for the commit).
    /// </summary>
    Pending,
}

/// <summary>One gate's result, posted as one commit status.</summary>
/// <param name="Context">The status context: <c>release-train/drift</c>, <c>/freeze</c>, <c>/evidence</c>,
/// <c>/no-cut</c> or <c>/signoff</c>.</param>
/// <param name="State">The state.</param>
/// <param name="Description">One line, at most 140 characters (GitHub's limit; longer text is cut with an
/// ellipsis).</param>
/// <param name="Diagnostics">The findings behind a failure or error (drift findings become check-run
/// annotations).</param>
public sealed record GateResult(
    string Context,
    GateState State,
    string Description,
    IReadOnlyList<Diagnostic> Diagnostics
)
{
    /// <summary>GitHub's maximum description length.</summary>
    public const int MaxDescription = 140;

    /// <summary>The state as GitHub spells it: error, failure, pending or success.</summary>
    public string StateName => State.ToString().ToLowerInvariant();

    /// <summary>Cuts a description to <see cref="MaxDescription"/> characters (text elements are not split).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text, or its first 139 characters and an ellipsis.</returns>
    public static string Fit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.ReplaceLineEndings(" ");
        if (text.Length <= MaxDescription)
        {
            return text;
        }

        var info = new System.Globalization.StringInfo(text);
        var cut = text[..(MaxDescription - 1)];
        var elements = new System.Globalization.StringInfo(cut).LengthInTextElements;
        return info.SubstringByTextElements(0, Math.Max(0, elements - 1)) + "…";
    }
}

/// <summary>
/// The five release-train gates of a commit, for PR status checks (<c>release-train status</c>): contract drift,
/// the release freeze, the evidence bundle, the no-cut decision (evaluated, not recorded) and joint sign-off. Each
/// runs the same Core check as its own command.
/// </summary>
public static class GateStatuses
{
    /// <summary>Evaluates every gate.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="request">The release, commit and instant (reviews and author feed sign-off).</param>
    /// <param name="verification">The verification of the configuration's contracts at the request's instant when the
    /// caller has it already, or null to verify here.</param>
    /// <returns>Five results, in the order drift, freeze, evidence, no-cut, signoff.</returns>
    public static IReadOnlyList<GateResult> Evaluate(
        ReleaseTrainConfig config,
        ReleaseRequest request,
        VerificationReport? verification = null
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        return
        [
            Drift(verification ?? ContractVerifier.Verify(config, null, request.At)),
            Freeze(config, request),
            Evidence(config, request),
            NoCut(config, request),
            SignOff(config, request),
        ];
    }

    private static GateResult Drift(VerificationReport report)
    {
        var findings = report.AllDiagnostics.ToList();
        return report.ExitCode switch
        {
            0 => new GateResult(
                "release-train/drift",
                GateState.Success,
                GateResult.Fit($"{report.Contracts.Count} contract(s) verified, no drift"),
                []
            ),
            1 => new GateResult(
                "release-train/drift",
                GateState.Failure,
                GateResult.Fit($"{findings.Count} drift finding(s): {findings[0].Code} {findings[0].Message}"),
                findings
            ),
            _ => new GateResult(
                "release-train/drift",
                GateState.Error,
                GateResult.Fit(
                    $"inputs unreadable: {findings.FirstOrDefault()?.Code} {findings.FirstOrDefault()?.Message}"
                ),
                findings
            ),
        };
    }

    private static GateResult Freeze(ReleaseTrainConfig config, ReleaseRequest request)
    {
        var verdict = FreezeEvaluator.Evaluate(
            config.Policy,
            new FreezeQuery(
                "release",
                request.Release,
                string.IsNullOrEmpty(request.Commit) ? null : request.Commit,
                request.At
            ),
            upcoming: 0
        );
        if (!verdict.Frozen)
        {
            return new GateResult(
                "release-train/freeze",
                GateState.Success,
                GateResult.Fit($"release open at {PolicyTime.Utc(request.At)}"),
                []
            );
        }

        var first = verdict.Blocking[0];
        return new GateResult(
            "release-train/freeze",
            GateState.Failure,
            GateResult.Fit($"release frozen by {first.Window.Id} until {PolicyTime.Utc(first.End)}"),
            [.. verdict.Diagnostics]
        );
    }

    private static GateResult Evidence(ReleaseTrainConfig config, ReleaseRequest request)
    {
        var bundle = EvidenceBundle.BundlePath(config.RootDirectory, request.Release);
        if (!File.Exists(EvidenceBundle.CommittedPath(config.RootDirectory, request.Release)))
        {
            return new GateResult(
                "release-train/evidence",
                GateState.Pending,
                GateResult.Fit($"no evidence bundle for {request.Release} yet"),
                []
            );
        }

        var packages = EvidenceBundle.PackagesPath(config.RootDirectory);
        var problems = EvidenceBundle.Verify(bundle, Directory.Exists(packages) ? packages : null);
        return EvidenceBundle.ExitCode(problems) switch
        {
            0 => new GateResult(
                "release-train/evidence",
                GateState.Success,
                GateResult.Fit(
                    $"evidence {EvidenceBundle.CommittedDigest(config.RootDirectory, request.Release)} verified"
                ),
                []
            ),
            1 => new GateResult(
                "release-train/evidence",
                GateState.Failure,
                GateResult.Fit($"evidence does not verify: {problems[0].Code} {problems[0].Message}"),
                problems
            ),
            _ => new GateResult(
                "release-train/evidence",
                GateState.Error,
                GateResult.Fit($"evidence unreadable: {problems[0].Code} {problems[0].Message}"),
                problems
            ),
        };
    }

    private static GateResult NoCut(ReleaseTrainConfig config, ReleaseRequest request)
    {
        var decision = NoCutDecision.Decide(
            config,
            new DecisionRequest(
                request.Release,
                string.IsNullOrEmpty(request.Commit) ? null : request.Commit,
                request.At
            )
            {
                Reviews = request.Reviews,
                Author = request.Author,
                Memberships = request.Memberships,
            }
        );
        var all = decision.InputErrors.Concat(decision.Reasons).ToList();
        return decision.ExitCode switch
        {
            0 => new GateResult("release-train/no-cut", GateState.Success, "GO", []),
            1 => new GateResult(
                "release-train/no-cut",
                GateState.Failure,
                GateResult.Fit($"NO-GO: {string.Join("; ", all.Select(r => r.Code))}: {all[0].Message}"),
                all
            ),
            _ => new GateResult(
                "release-train/no-cut",
                GateState.Error,
                GateResult.Fit($"no verdict: {all[0].Code} {all[0].Message}"),
                all
            ),
        };
    }

    private static GateResult SignOff(ReleaseTrainConfig config, ReleaseRequest request)
    {
        if (config.Policy.SignOff is null)
        {
            return new GateResult("release-train/signoff", GateState.Success, "sign-off not configured", []);
        }

        var evidence = EvidenceBundle.CommittedDigest(config.RootDirectory, request.Release);
        var status = SignOffCheck.Run(
            config,
            new SignOffRequest(
                request.Release,
                string.IsNullOrEmpty(request.Commit) ? null : request.Commit,
                evidence,
                request.At,
                request.Author
            ),
            request.Reviews,
            request.Memberships,
            out var errors
        );
        if (errors.Count > 0)
        {
            return new GateResult(
                "release-train/signoff",
                GateState.Error,
                GateResult.Fit($"sign-off unreadable: {errors[0].Code} {errors[0].Message}"),
                errors
            );
        }

        var approved = status.Roles.Count(r => r.State == RoleState.Approved);
        return status.Complete
            ? new GateResult(
                "release-train/signoff",
                GateState.Success,
                GateResult.Fit($"{approved}/{status.Roles.Count} roles approved"),
                []
            )
            : new GateResult(
                "release-train/signoff",
                GateState.Failure,
                GateResult.Fit($"{approved}/{status.Roles.Count} roles approved; {status.Summary}"),
                status.Diagnostics
            );
    }
}
