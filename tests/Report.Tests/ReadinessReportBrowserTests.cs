using Microsoft.Playwright;
using NodaTime;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// The readiness report as a person sees it: the page opened in headless Chromium (Debian's package, driven by
/// Playwright with its executable path set). A failing gate shows as failing with its reason; the evidence links
/// resolve; the page logs no console error and fetches nothing; a screenshot is kept in artifacts/test-results/.
/// </summary>
public sealed class ReadinessReportBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TempDirectory _repo = new("rt-report");

    public ReadinessReportBrowserTests() =>
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);

    public void Dispose() => _repo.Dispose();

    /// <summary>The release commit the commands bind to (the temp folder is no git work tree).</summary>
    private const string Commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private sealed class StoppedClock(Instant now) : NodaTime.IClock
    {
        public Instant GetCurrentInstant() => now;
    }

    private int Cli(params string[] args) =>
        CliApplication.Run(args, new StringWriter(), new StringWriter(), _repo.Path);

    private static void RequireChromium()
    {
        TestPaths.RequireInstalled(
            File.Exists(Chromium),
            $"Debian's Chromium ({Chromium})",
            "sudo apt-get install -y chromium"
        );
    }

    private static Task<IBrowser> Launch(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args =
                [
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            }
        );

    [SkippableFact]
    public async Task A_failing_gate_shows_as_failing_with_its_reason_and_evidence_links_resolve()
    {
        RequireChromium();
        var packages = _repo.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        await File.WriteAllTextAsync(Path.Combine(packages, "Usr.1.4.0.nupkg"), "package");
        Assert.Equal(
            0,
            Cli(
                "sbom",
                "--project",
                TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj"),
                "--output",
                Path.Combine(packages, "Usr.1.4.0.cdx.json")
            )
        );
        Assert.Equal(0, Cli("evidence", "--version", "1.4.0"));
        // A recorded decision is taken at the clock's time (--at is refused, RT5012): stop this test's clock.
        PolicyCommands.TestClock.Value = new StoppedClock(Instant.FromUtc(2026, 11, 21, 12, 0));
        Assert.Equal(1, Cli("decide", "--version", "1.4.0", "--commit", Commit));
        Assert.Equal(
            0,
            Cli(
                "report",
                "--version",
                "1.4.0",
                "--at",
                "2026-11-21T12:00:00Z",
                "--output-dir",
                "artifacts/reports",
                "--commit",
                Commit
            )
        );
        var html = _repo.Combine("artifacts", "reports", "release-readiness.html");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync(
            new BrowserNewPageOptions
            {
                ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            }
        );
        var problems = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add(message.Type + ": " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Request += (_, request) => requests.Add(request.Url);
        var url = new Uri(html).AbsoluteUri;
        await page.GotoAsync(url);

        // What a person sees: the overall verdict, and the failing gates with their reasons.
        Assert.Contains("FAIL", await page.InnerTextAsync("#overall"), StringComparison.Ordinal);
        var freeze = page.Locator("tr[data-gate='freeze']");
        Assert.Contains("FAIL", await freeze.Locator("td.status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("release frozen by weekend", await freeze.InnerTextAsync(), StringComparison.Ordinal);
        var noCut = page.Locator("tr[data-gate='no-cut']");
        Assert.Contains("FAIL", await noCut.Locator("td.status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("RT4103", await noCut.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("release/security-scan.json(2,18)", await noCut.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(
            "PASS",
            await page.Locator("tr[data-gate='evidence'] td.status").InnerTextAsync(),
            StringComparison.Ordinal
        );

        // Colour is never the only signal: each status cell carries a word; the tables have header cells.
        foreach (var cell in await page.Locator("td.status").AllInnerTextsAsync())
        {
            Assert.Matches("PASS|FAIL|WARN|PENDING|approved|missing|rejected|GO|NO-GO", cell);
        }

        Assert.True(await page.Locator("th[scope='col']").CountAsync() >= 10);
        Assert.True(await page.Locator("h2").CountAsync() >= 5);
        Assert.Contains("weekend", await page.InnerTextAsync("#freeze-table"), StringComparison.Ordinal);
        Assert.Contains("NO-GO", await page.InnerTextAsync("#decision-table"), StringComparison.Ordinal);

        // Evidence links resolve to the bundle's files.
        var hrefs = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.href)");
        Assert.True(hrefs.Length >= 5, string.Join("\n", hrefs));
        foreach (var href in hrefs)
        {
            var path = new Uri(href).LocalPath;
            Assert.True(File.Exists(path) || Directory.Exists(path), "broken link: " + href);
        }

        Assert.Contains(hrefs, h => h.EndsWith("/artifacts/evidence/1.4.0/evidence.json", StringComparison.Ordinal));
        Assert.Empty(problems);
        Assert.Equal([url], requests.Distinct()); // self-contained: nothing else is fetched

        var shots = TestPaths.InRepo("artifacts", "test-results");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(
            new PageScreenshotOptions { Path = Path.Combine(shots, "release-readiness.png"), FullPage = true }
        );
        Assert.True(new FileInfo(Path.Combine(shots, "release-readiness.png")).Length > 10_000);
    }

    [SkippableFact]
    public async Task A_passing_release_reads_as_passing_and_prints()
    {
        RequireChromium();
        Assert.Equal(
            0,
            Cli(
                "report",
                "--version",
                "1.4.0",
                "--at",
                "2026-11-18T12:00:00Z",
                "--output-dir",
                "artifacts/reports",
                "--commit",
                Commit
            )
        );
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(_repo.Combine("artifacts", "reports", "release-readiness.html")).AbsoluteUri);
        Assert.Contains(
            "PASS",
            await page.InnerTextAsync("tr[data-gate='no-cut'] td.status"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "PENDING",
            await page.InnerTextAsync("tr[data-gate='evidence'] td.status"),
            StringComparison.Ordinal
        );
        var pdf = await page.PdfAsync();
        Assert.True(pdf.Length > 1_000);
    }
}
