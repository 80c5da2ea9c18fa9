// ReleaseTrain recipe: the tasks (recipe/releasetrain.cake). Each runs one release-train command.

Task("Verify")
    .Description("release-train verify: every contract of release-train.json; fails on drift.")
    .Does(() => releaseTrain.Run("verify" + releaseTrain.ConfigOption
        + releaseTrain.FormatOption(releaseTrain.OnGitHub ? "github" : null)));

Task("Evidence")
    .Description("release-train evidence: the evidence bundle of the release (artifacts/evidence/<version>/).")
    .Does(() => releaseTrain.Run(
        $"evidence --version {releaseTrain.RequiredVersion("Evidence")}" + releaseTrain.FormatOption(null)));

Task("Freeze")
    .Description("release-train freeze: is releasing this version frozen now? Explained; fails when frozen.")
    .Does(() => releaseTrain.Run(
        $"freeze --action release --version {releaseTrain.RequiredVersion("Freeze")}" + releaseTrain.ConfigOption
            + " --explain" + releaseTrain.FormatOption(null)));

Task("Decide")
    .Description("release-train decide: GO / NO-GO from the no-cut triggers (a dry run unless --record).")
    .Does(() => releaseTrain.Run(
        $"decide --version {releaseTrain.RequiredVersion("Decide")}" + releaseTrain.ConfigOption
            + releaseTrain.PullRequestOption + (releaseTrain.Record ? string.Empty : " --dry-run")
            + releaseTrain.FormatOption(null)));

Task("SignOff")
    .Description("release-train signoff verify: the joint sign-off of the release; fails naming each missing role.")
    .Does(() => releaseTrain.Run(
        $"signoff verify --version {releaseTrain.RequiredVersion("SignOff")}" + releaseTrain.ConfigOption
            + releaseTrain.PullRequestOption + releaseTrain.FormatOption(null)));

Task("Status")
    .Description("release-train status: one commit status per gate (needs GITHUB_TOKEN).")
    .Does(() => releaseTrain.Run(
        $"status --version {releaseTrain.RequiredVersion("Status")}" + releaseTrain.ConfigOption
            + releaseTrain.PullRequestOption));

Task("Release")
    .Description("release-train release: the GitHub release of v<version>, gated (needs GITHUB_TOKEN).")
    .Does(() => releaseTrain.Run(
        $"release --version {releaseTrain.RequiredVersion("Release")}" + releaseTrain.ConfigOption
            + releaseTrain.PullRequestOption));

Task("Report")
    .Description("release-train report: the release-readiness report into artifacts/reports/.")
    .Does(() => releaseTrain.Run(
        $"report --version {releaseTrain.RequiredVersion("Report")}" + releaseTrain.ConfigOption
            + " --output-dir artifacts/reports"));
