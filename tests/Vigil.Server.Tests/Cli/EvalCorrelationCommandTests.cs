using System.Globalization;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Cli;

/// <summary><c>vigil eval correlation</c> end to end, as a user runs it: a small fleet, its printed figures, twice.</summary>
public sealed class EvalCorrelationCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Shares = ["noise_reduction", "pairwise_precision", "pairwise_recall", "pairwise_f1", "rca_top1", "rca_top3"];

    [Fact]
    public async Task Run_SmallFleet_FiguresParseInRange_SameSeedSameOutput()
    {
        string[] args = ["eval", "correlation", "--services", "20", "--faults", "3", "--seed", "5", "--warmup", "2h"];

        var (code, stdout, stderr) = await VigilCli.RunAsync(AppContext.BaseDirectory, Ct, args);
        var (again, stdoutAgain, _) = await VigilCli.RunAsync(AppContext.BaseDirectory, Ct, args);

        Assert.True(code == 0, stderr);
        Assert.Equal(0, again);
        Assert.Equal(stdout, stdoutAgain);
        Assert.Contains("simulate [", stderr, StringComparison.Ordinal);
        // The simulated logs go through the log shards' analysis too: every service is a log source.
        Assert.Matches(@"log sources 20 \([1-9]\d* lines\)", stdout);
        var figures = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(static l => l.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(static p => p.Length == 2 && p[0].All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            .ToDictionary(static p => p[0], static p => p[1]);
        foreach (var name in Shares)
        {
            Assert.True(figures.TryGetValue(name, out var text), $"{name} missing from:\n{stdout}");
            var value = double.Parse(text, CultureInfo.InvariantCulture);
            Assert.InRange(value, 0, 1);
        }
        var signals = int.Parse(figures["signals"], CultureInfo.InvariantCulture);
        var incidents = int.Parse(figures["incidents"], CultureInfo.InvariantCulture);
        Assert.InRange(incidents, 1, signals);
        Assert.Equal(1 - ((double)incidents / signals), double.Parse(figures["noise_reduction"], CultureInfo.InvariantCulture), 3);
        Assert.Matches(@"^\d+/3$", figures["faults_detected"]);
        Assert.True(double.Parse(figures["mttd_seconds"], CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task Run_LogsPastTheirWarmup_NewPatternAndLogAnomalySignalsCounted()
    {
        // Six hours give each service more lines than Logs:WarmupLines, so the faults' error lines are new patterns.
        var (code, stdout, stderr) = await VigilCli.RunAsync(AppContext.BaseDirectory, Ct,
            "eval", "correlation", "--services", "20", "--faults", "3", "--seed", "5", "--warmup", "6h", "--verbose");

        Assert.True(code == 0, stderr);
        foreach (var kind in new[] { "NewLogPattern", "LogAnomaly", "MetricAnomaly", "ExternalAlert" })
        {
            Assert.Matches($@"(?m)^kind {kind}: [1-9]\d* signals, \d+ noise$", stdout);
        }
        Assert.Matches(@"(?m)^fault f00\d .* incident +\d+ ", stdout);
    }

    [Fact]
    public async Task Run_FleetTooSmall_Exit2NamingTheOption()
    {
        var (code, _, stderr) = await VigilCli.RunAsync(AppContext.BaseDirectory, Ct, "eval", "correlation", "--services", "5");

        Assert.Equal(2, code);
        Assert.Contains("--services: 5 is out of range", stderr, StringComparison.Ordinal);
    }
}
