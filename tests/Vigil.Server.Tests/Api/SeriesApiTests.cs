using System.Net;
using Vigil.Core.Series;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Api;

/// <summary>A server holding a small, known set of series, written through remote write.</summary>
public sealed class SeededServerFixture : VigilServerFixture
{
    public static readonly long T = TestTime.BaseMs;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        using var response = await RemoteWrite.PostAsync(Client, CancellationToken.None,
            ("http_requests_total{job=\"api\",code=\"200\"}", [new Sample(T, 10)]),
            ("http_requests_total{job=\"api\",code=\"500\"}", [new Sample(T, 1)]),
            ("http_requests_total{job=\"api-canary\",code=\"404\"}", [new Sample(T, 2)]),
            ("http_requests_total{job=\"web\",code=\"500\"}", [new Sample(T, 3)]),
            ("process_open_fds{job=\"api\"}", [new Sample(T, 7)]),
            // 1, 2, …, 10 at T, T+1s, …, T+9s.
            ("step_values{job=\"api\"}", RemoteWrite.Samples(T, 10, i => i + 1)));
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"seeding failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary><c>/api/v1/series</c>, <c>/api/v1/samples</c>, <c>/api/v1/labels</c>, <c>/api/v1/label/{name}/values</c>.</summary>
public sealed class SeriesApiTests(SeededServerFixture server) : IClassFixture<SeededServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly long T = SeededServerFixture.T;

    [Fact]
    public async Task GetSeries_EqualRegexAndNotEqualMatchers_OnlySeriesMatchingAll()
    {
        var series = await VigilApi.SeriesAsync(server.Client, "{__name__=\"http_requests_total\",job=~\"api.*\",code!=\"200\"}", Ct);

        Assert.Equal(["api-canary/404", "api/500"], series.Select(s => $"{s["job"]}/{s["code"]}").Order(StringComparer.Ordinal));
        Assert.All(series, s => Assert.Equal("http_requests_total", s["__name__"]));
    }

    [Fact]
    public async Task GetSeries_SeveralSelectors_UnionWithoutRepeats()
    {
        var data = await VigilApi.GetDataAsync(server.Client,
            $"api/v1/series?match[]={Uri.EscapeDataString("process_open_fds")}&match[]={Uri.EscapeDataString("{job=\"api\"}")}", Ct);

        Assert.Equal(4, data.GetArrayLength());
    }

    [Fact]
    public async Task GetSeries_RegexAnchoredAsInPrometheus_NoPartialMatch()
    {
        var series = await VigilApi.SeriesAsync(server.Client, "http_requests_total{job=~\"ap\"}", Ct);

        Assert.Empty(series);
    }

    [Fact]
    public async Task GetLabels_SeededSeries_AllNamesSorted()
    {
        var names = await VigilApi.GetDataAsync(server.Client, "api/v1/labels", Ct);

        Assert.Equal(["__name__", "code", "job"], names.EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task GetLabelValues_Job_AllValuesSorted()
    {
        var values = await VigilApi.GetDataAsync(server.Client, "api/v1/label/job/values", Ct);

        Assert.Equal(["api", "api-canary", "web"], values.EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task GetLabelValues_UnknownLabel_Empty()
    {
        var values = await VigilApi.GetDataAsync(server.Client, "api/v1/label/nope/values", Ct);

        Assert.Equal(0, values.GetArrayLength());
    }

    [Fact]
    public async Task GetSamples_Range_OnlySamplesInsideInclusiveBounds()
    {
        var series = await VigilApi.SingleSeriesAsync(server.Client, "step_values", T + 2000, T + 4000, Ct);

        Assert.Equal([(T + 2000, "3"), (T + 3000, "4"), (T + 4000, "5")], series.Samples);
    }

    [Theory]
    [InlineData(null, "1", "4", "8.5")]
    [InlineData("avg", "1", "4", "8.5")]
    [InlineData("min", "1", "2", "7")]
    [InlineData("max", "1", "6", "10")]
    [InlineData("last", "1", "6", "10")]
    public async Task GetSamples_StepAndAggregation_OnePointPerStepEnd(string? agg, string first, string second, string third)
    {
        // Steps end at T, T+5s, T+10s and take the samples in (end − 5s, end].
        var series = await VigilApi.SingleSeriesAsync(server.Client, "step_values", T, T + 10_000, Ct, step: "5s", agg: agg);

        Assert.Equal([(T, first), (T + 5000, second), (T + 10_000, third)], series.Samples);
    }

    [Fact]
    public async Task GetSamples_RfcTimes_SameAsUnixSeconds()
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(T).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTimeOffset.FromUnixTimeMilliseconds(T + 1000).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        var data = await VigilApi.GetDataAsync(server.Client, $"api/v1/samples?match[]=step_values&start={Uri.EscapeDataString(from)}&end={Uri.EscapeDataString(to)}", Ct);

        Assert.Equal(2, data[0].GetProperty("samples").GetArrayLength());
    }

    [Theory]
    [InlineData("api/v1/series", "match[]")]
    [InlineData("api/v1/series?match[]={job=~\"a(\"}", "match[]")]
    [InlineData("api/v1/series?match[]={job=\"\"}", "match[]")]
    [InlineData("api/v1/samples?start=1", "match[]")]
    [InlineData("api/v1/samples?match[]=up&start=abc", "start")]
    [InlineData("api/v1/samples?match[]=up&end=yesterday", "end")]
    [InlineData("api/v1/samples?match[]=up&start=20&end=10", "start")]
    [InlineData("api/v1/samples?match[]=up&start=0&end=10&step=0", "step")]
    [InlineData("api/v1/samples?match[]=up&start=0&end=10&step=-5s", "step")]
    [InlineData("api/v1/samples?match[]=up&start=0&end=10&step=abc", "step")]
    [InlineData("api/v1/samples?match[]=up&start=0&end=100000&step=1s", "step")]
    [InlineData("api/v1/samples?match[]=up&agg=median", "agg")]
    public async Task Get_BadParameter_400NamingIt(string pathAndQuery, string parameter)
    {
        using var response = await server.Client.GetAsync(pathAndQuery, Ct);

        var error = await VigilApi.ErrorOfAsync(response, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {error}");
        Assert.StartsWith(parameter + ":", error, StringComparison.Ordinal);
        Assert.Contains("\"errorType\":\"bad_data\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
