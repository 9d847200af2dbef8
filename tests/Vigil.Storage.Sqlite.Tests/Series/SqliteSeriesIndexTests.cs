using System.Diagnostics;
using Vigil.Core.Series;
using Vigil.Core.Storage;

namespace Vigil.Storage.Sqlite.Tests.Series;

public sealed class SqliteSeriesIndexTests(ITestOutputHelper output)
{
    private static SeriesKey Key(string text) => SeriesKey.Parse(text);

    private static SeriesId[] Resolve(ISeriesIndex index, params SeriesKey[] keys)
    {
        var ids = new SeriesId[keys.Length];
        index.Resolve(keys, ids);
        return ids;
    }

    private static async Task<TempStore> StoreWithHttpSeriesAsync()
    {
        var store = TempStore.Create();
        Resolve(
            store.Store.Series,
            Key("""http_requests_total{job="api",code="200"}"""),
            Key("""http_requests_total{job="api",code="500"}"""),
            Key("""http_requests_total{job="api-internal",code="404"}"""),
            Key("""http_requests_total{job="api-internal"}"""),
            Key("""http_requests_total{job="web",code="500"}"""),
            Key("""process_cpu_seconds_total{job="api"}"""));
        await Task.CompletedTask;
        return store;
    }

    private static string[] Find(ISeriesIndex index, string selector) =>
        [.. index.Find(SeriesSelector.Parse(selector)).Select(e => e.Key.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Resolve_NewKeys_AssignsIdsThatSurviveReopen()
    {
        await using var store = TempStore.Create();
        var keys = new[] { Key("""up{job="a"}"""), Key("""up{job="b"}""") };
        var ids = Resolve(store.Store.Series, keys);

        await store.ReopenAsync();

        Assert.Equal(ids, Resolve(store.Store.Series, keys));
        Assert.Equal(2, store.Store.Series.Count);
        Assert.True(store.Store.Series.TryGet(ids[1], out var key));
        Assert.Equal(keys[1], key);
        var next = Resolve(store.Store.Series, Key("""up{job="c"}"""));
        Assert.DoesNotContain(next[0], ids);
    }

    [Fact]
    public async Task Resolve_RepeatedKeyInOneCall_GetsOneId()
    {
        await using var store = TempStore.Create();

        var ids = Resolve(store.Store.Series, Key("up"), Key("""up{a="1"}"""), Key("up"));

        Assert.Equal(ids[0], ids[2]);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(2, store.Store.Series.Count);
    }

    [Fact]
    public async Task TryGet_UnknownId_ReturnsFalse()
    {
        await using var store = TempStore.Create();

        Assert.False(store.Store.Series.TryGet(new SeriesId(42), out _));
    }

    [Fact]
    public async Task Find_EqualRegexAndNotEqual_ReturnsTheIntersection()
    {
        await using var store = await StoreWithHttpSeriesAsync();

        var found = Find(store.Store.Series, """{__name__="http_requests_total",job=~"api.*",code!="200"}""");

        Assert.Equal(
            [
                """http_requests_total{code="404", job="api-internal"}""",
                """http_requests_total{code="500", job="api"}""",
                """http_requests_total{job="api-internal"}""",
            ],
            found);
    }

    [Theory]
    [InlineData("""http_requests_total{code=""}""", 1)]          // label absent
    [InlineData("""http_requests_total{code!=""}""", 4)]         // label present
    [InlineData("""http_requests_total{code!~"5.."}""", 3)]      // not-regex keeps series without the label
    [InlineData("""http_requests_total{code=~"5..|"}""", 3)]     // regex that also matches the empty string
    [InlineData("""{job="api"}""", 3)]
    [InlineData("""{job=~"web|api"}""", 4)]
    [InlineData("""{job="nope"}""", 0)]
    [InlineData("""{nolabel=~".+"}""", 0)]
    [InlineData("""http_requests_total{job!~"api.*"}""", 1)]
    public async Task Find_Matchers_AgreeWithPromQLSemantics(string selector, int expected)
    {
        await using var store = await StoreWithHttpSeriesAsync();

        Assert.Equal(expected, Find(store.Store.Series, selector).Length);
    }

    [Fact]
    public async Task Find_RandomSelectors_MatchABruteForceScan()
    {
        await using var store = TempStore.Create();
        var random = new Random(11);
        var keys = new List<SeriesKey>();
        for (var i = 0; i < 2000; i++)
        {
            var labels = new List<Label> { new(Label.MetricName, $"m{random.Next(5)}") };
            foreach (var name in new[] { "job", "code", "zone" })
            {
                if (random.Next(4) > 0)
                {
                    labels.Add(new Label(name, $"{name[0]}{random.Next(6)}"));
                }
            }
            keys.Add(SeriesKey.Create(Labels.From([.. labels])));
        }
        var ids = new SeriesId[keys.Count];
        store.Store.Series.Resolve(keys, ids);
        var distinct = keys.Distinct().ToList();
        string[] selectors =
        [
            """m1{job="j2"}""", """m2{code!="c1",zone=~"z[0-3]"}""", """{job=~"j1|j2",code!~"c.*"}""", """{zone="",job!=""}""",
            """m0{job!="j3",code="",zone!~"z5"}""", """{__name__=~"m[34]",job=~".*"}""", """{code=~"c2|",__name__=~"m[01]"}""",
        ];

        foreach (var selector in selectors)
        {
            var matchers = SeriesSelector.Parse(selector);
            var expected = distinct.Where(k => matchers.All(m => m.Matches(k.Labels))).Select(k => k.ToString()).Order(StringComparer.Ordinal);

            Assert.Equal(expected, Find(store.Store.Series, selector));
        }
    }

    [Fact]
    public async Task LabelNamesAndValues_AfterReopen_AreSorted()
    {
        await using var store = await StoreWithHttpSeriesAsync();

        await store.ReopenAsync();

        Assert.Equal(["__name__", "code", "job"], store.Store.Series.LabelNames());
        Assert.Equal(["api", "api-internal", "web"], store.Store.Series.LabelValues("job"));
        Assert.Empty(store.Store.Series.LabelValues("missing"));
        Assert.Equal(3, Find(store.Store.Series, """{__name__="http_requests_total",job=~"api.*",code!="200"}""").Length);
    }

    [Fact]
    public async Task Resolve_ConcurrentOverlappingCallers_AgreeOnIds()
    {
        await using var store = TempStore.Create();
        var keys = Enumerable.Range(0, 500).Select(i => Key($$"""load{i="{{i}}"}""")).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var mine = keys.Skip(t * 30).Concat(keys.Take(t * 30)).ToArray();
            return mine.Zip(Resolve(store.Store.Series, mine)).ToDictionary(p => p.First, p => p.Second);
        })));

        Assert.Equal(500, store.Store.Series.Count);
        foreach (var key in keys)
        {
            Assert.Single(results.Select(r => r[key]).Distinct());
        }
    }

    [Fact]
    public async Task Resolve_100000NewSeries_OneCallPersistsAll()
    {
        await using var store = TempStore.Create();
        var keys = SeriesFixtures.Realistic(100_000);
        var ids = new SeriesId[keys.Length];

        var watch = Stopwatch.StartNew();
        store.Store.Series.Resolve(keys, ids);
        var created = watch.Elapsed;
        watch.Restart();
        store.Store.Series.Resolve(keys, ids);
        var known = watch.Elapsed;
        await store.ReopenAsync();

        output.WriteLine($"resolve 100,000 new: {created.TotalMilliseconds:F0} ms; known: {known.TotalMilliseconds:F0} ms");
        Assert.Equal(100_000, store.Store.Series.Count);
        Assert.Equal(1000, store.Store.Series.Find(SeriesSelector.Parse("""{instance="host-7:9100"}""")).Count);
    }
}
