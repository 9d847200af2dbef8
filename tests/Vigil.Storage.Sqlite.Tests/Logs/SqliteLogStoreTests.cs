using Vigil.Core.Storage;
using Vigil.Storage.Sqlite.Logs;

namespace Vigil.Storage.Sqlite.Tests.Logs;

public sealed class SqliteLogStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-storage-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task WriteAsync_AbsorbedTemplate_RowGoesLinesAndMinuteCountsMoveToTheAbsorbingOne()
    {
        using var store = SqliteLogStore.Open(_directory);
        var minute = T0.ToUnixTimeMilliseconds();
        await store.WriteAsync("app", new LogWrite(
            [Template("app:T1", "user alice logged in", 2), Template("app:T2", "user bob logged in", 1)],
            [Line("app:T1", "user alice logged in"), Line("app:T1", "user alice logged in"), Line("app:T2", "user bob logged in")],
            [("app:T1", minute, 2), ("app:T2", minute, 1), ("app:T2", minute + 60_000, 1)],
            null), TestContext.Current.CancellationToken);

        await store.WriteAsync("app", new LogWrite(
            [Template("app:T1", "user <*> logged in", 4)],
            [Line("app:T1", "user carol logged in")],
            [("app:T1", minute, 1)],
            null,
            [("app:T2", "app:T1")]), TestContext.Current.CancellationToken);

        var templates = await store.TemplatesAsync(new LogQuery { Source = "app" }, TestContext.Current.CancellationToken);
        var only = Assert.Single(templates);
        Assert.Equal(("app:T1", "user <*> logged in", 4L), (only.Key, only.Text, only.Count));
        Assert.Null(await store.FindTemplateAsync("app:T2", TestContext.Current.CancellationToken));
        var lines = await store.LinesAsync(new LogQuery { TemplateKey = "app:T1" }, TestContext.Current.CancellationToken);
        Assert.Equal(4, lines.Count);
        Assert.Empty(await store.LinesAsync(new LogQuery { TemplateKey = "app:T2" }, TestContext.Current.CancellationToken));
        Assert.Equal([(minute, 4L), (minute + 60_000, 1L)], await store.MinuteCountsAsync("app:T1", 0, TestContext.Current.CancellationToken));
        Assert.Empty(await store.MinuteCountsAsync("app:T2", 0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveRatesAsync_ThenReopen_LoadsTheLatestPerSource()
    {
        using (var store = SqliteLogStore.Open(_directory))
        {
            Assert.Null(await store.LoadRatesAsync("app", TestContext.Current.CancellationToken));
            await store.SaveRatesAsync("app", [1, 2, 3], TestContext.Current.CancellationToken);
            await store.SaveRatesAsync("db", [9], TestContext.Current.CancellationToken);
            await store.SaveRatesAsync("app", [4, 5], TestContext.Current.CancellationToken);
        }

        using var reopened = SqliteLogStore.Open(_directory);
        Assert.Equal([4, 5], await reopened.LoadRatesAsync("app", TestContext.Current.CancellationToken));
        Assert.Equal([9], await reopened.LoadRatesAsync("db", TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static StoredLogTemplate Template(string key, string text, long count) => new(key, "app", text, count, T0, T0, false);

    private static StoredLogLine Line(string key, string line) => new(T0, "app", key, line);
}
