using Microsoft.Extensions.Time.Testing;

namespace Vigil.Storage.Sqlite.Tests;

/// <summary>A store in a fresh temporary directory, deleted on dispose; <see cref="ReopenAsync"/> simulates a restart.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private TempStore(string directory, FakeTimeProvider time, SqliteStoreOptions options)
    {
        Directory = directory;
        Time = time;
        Options = options;
        Store = SqliteStore.Open(options, time);
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; }

    public SqliteStoreOptions Options { get; }

    public SqliteStore Store { get; private set; }

    public static TempStore Create(Func<SqliteStoreOptions, SqliteStoreOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "vigil-storage-tests", Guid.NewGuid().ToString("N"));
        var options = new SqliteStoreOptions { DataDirectory = directory };
        options = configure?.Invoke(options) ?? options;
        return new TempStore(directory, new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero)), options);
    }

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = SqliteStore.Open(Options, Time);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test for.
        }
    }
}
