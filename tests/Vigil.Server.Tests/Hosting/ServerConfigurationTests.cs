using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Hosting;

/// <summary>
/// <c>ServerConfiguration.Load</c>: YAML file, then VIGIL_* environment, then flags; every bad setting named.
/// The tests that set environment variables restore them; no other test reads VIGIL_* in this process.
/// </summary>
public sealed class ServerConfigurationTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoFlags = [];

    private readonly TempDirectory _dir = new("vigil-config");
    private readonly List<string> _environment = [];

    [Fact]
    public void Load_FileEnvironmentAndFlags_EachOverridesTheOneBefore()
    {
        var file = Write("""
            Listen: http://127.0.0.1:1111
            DataDirectory: from-file
            RequireApiKeys: true
            Limits:
              MaxLabelsPerSeries: 10
              MaxBodyBytes: 1048576
            Engine:
              Shards: 16
              SamplesPerChunk: 100
              Retention: 7.00:00:00
            """);
        SetEnvironment("VIGIL_ENGINE__SHARDS", "32");
        SetEnvironment("VIGIL_DATADIRECTORY", "from-env");

        var options = ServerConfiguration.Load(file, new Dictionary<string, string?> { ["DataDirectory"] = "from-flag", ["Listen"] = null });

        Assert.Equal("http://127.0.0.1:1111", options.Listen);
        Assert.Equal("from-flag", options.DataDirectory);
        Assert.True(options.RequireApiKeys);
        Assert.Equal(10, options.Limits.MaxLabelsPerSeries);
        Assert.Equal(1 << 20, options.Limits.MaxBodyBytes);
        Assert.Equal(4096, options.Limits.MaxLabelValueLength);
        Assert.Equal(32, options.Engine.Shards);
        Assert.Equal(100, options.Engine.SamplesPerChunk);
        Assert.Equal(TimeSpan.FromDays(7), options.Engine.Retention);
    }

    [Fact]
    public void Load_CorrelationSection_BuildsRulesAndWindows()
    {
        var file = Write("""
            Correlation:
              QuietPeriod: "00:10:00"
              FlapThreshold: 6
              Rules:
                - Name: nodes-by-cluster
                  Match: '{alertname=~"Node.*"}'
                  GroupBy: [cluster, env]
                  Window: "00:20:00"
            """);

        var built = ServerConfiguration.Load(file, NoFlags).Correlation.ToIncidentOptions().Correlator;

        Assert.Equal(TimeSpan.FromMinutes(10), built.QuietPeriod);
        Assert.Equal(6, built.FlapThreshold);
        var rule = Assert.Single(built.Rules);
        Assert.Equal("nodes-by-cluster", rule.Name);
        Assert.Equal(["cluster", "env"], rule.GroupBy);
        Assert.Equal(TimeSpan.FromMinutes(20), rule.Window);
        Assert.Equal("alertname=~\"Node.*\"", Assert.Single(rule.Matchers).ToString());
    }

    [Fact]
    public void Load_NoFileNoSettings_Defaults()
    {
        var options = ServerConfiguration.Load(null, NoFlags);

        Assert.Equal(ServerOptions.DefaultListen, options.Listen);
        Assert.Equal("vigil-data", options.DataDirectory);
        Assert.Equal(64, options.Engine.Shards);
    }

    [Theory]
    [InlineData("Engine:\n  Shards: 0\n", "Engine:Shards = 0 is invalid")]
    [InlineData("Engine:\n  Retention: 00:10:00\n", "Engine:Retention")]
    [InlineData("Engine:\n  Shards: many\n", "Engine:Shards")]
    [InlineData("Limits:\n  MaxBodyBytes: abc\n", "Limits:MaxBodyBytes")]
    [InlineData("Limits:\n  MaxBodyBytes: 0\n", "MaxBodyBytes")]
    [InlineData("Engine:\n  Shardz: 3\n", "Shardz")]
    [InlineData("Listn: http://127.0.0.1:1\n", "Listn")]
    [InlineData("Listen: 127.0.0.1:9400\n", "Listen: \"127.0.0.1:9400\"")]
    [InlineData("SiloPort: 70000\n", "SiloPort: 70000")]
    [InlineData("Engine: [unclosed\n", "bad.yaml")]
    [InlineData("Correlation:\n  Rules:\n    - Name: r\n      Match: '{a=}'\n      GroupBy: [x]\n", "Correlation: Rules[0].Match:")]
    [InlineData("Correlation:\n  Rules:\n    - Name: r\n", "Correlation: Rules[0]: rule \"r\": groupBy needs at least one label name")]
    [InlineData("Correlation:\n  FlapThreshold: 0\n", "Correlation: FlapThreshold")]
    public void Load_InvalidSetting_ThrowsNamingIt(string yaml, string named)
    {
        var file = Write(yaml, "bad.yaml");

        var e = Assert.Throws<OptionsValidationException>(() => ServerConfiguration.Load(file, NoFlags));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidEnvironmentValue_ThrowsNamingSetting()
    {
        SetEnvironment("VIGIL_ENGINE__SAMPLESPERCHUNK", "1");

        var e = Assert.Throws<OptionsValidationException>(() => ServerConfiguration.Load(null, NoFlags));

        Assert.Contains("Engine:SamplesPerChunk = 1 is invalid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        var e = Assert.Throws<OptionsValidationException>(() => ServerConfiguration.Load(_dir.Combine("nope.yaml"), NoFlags));

        Assert.Contains("--config", e.Message, StringComparison.Ordinal);
        Assert.Contains("nope.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_InvalidConfigFile_Exit2WithTheMessage()
    {
        var file = Write("Engine:\n  Shards: 0\n", "bad.yaml");

        var (exit, _, stderr) = await VigilCli.RunAsync(_dir.Path, TestContext.Current.CancellationToken, "serve", "--config", file);

        Assert.Equal(2, exit);
        Assert.Contains("Engine:Shards = 0 is invalid", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BeyondLoopbackWithoutKeys_Exit2SayingHowToCreateOne()
    {
        var (exit, _, stderr) = await VigilCli.RunAsync(_dir.Path, TestContext.Current.CancellationToken,
            "serve", "--listen", $"http://0.0.0.0:{FreePort.Next()}", "--data", _dir.Combine("data"));

        Assert.Equal(2, exit);
        Assert.Contains("vigil keys create", stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var name in _environment)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        _dir.Dispose();
    }

    private string Write(string yaml, string name = "vigil.yaml")
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private void SetEnvironment(string name, string value)
    {
        _environment.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }
}
