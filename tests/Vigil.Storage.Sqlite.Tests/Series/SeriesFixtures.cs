using Vigil.Core.Series;

namespace Vigil.Storage.Sqlite.Tests.Series;

/// <summary>Series shaped like a node_exporter + app fleet: 100 metrics × instances × a few label values.</summary>
internal static class SeriesFixtures
{
    public static SeriesKey[] Realistic(int count)
    {
        var keys = new SeriesKey[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = SeriesKey.Create(Labels.From(
                "__name__", $"app_metric_{i % 100}_total",
                "job", $"job-{i % 7}",
                "instance", $"host-{i / 100 % 100}:9100",
                "zone", $"zone-{i % 3}",
                "shard", $"{i / 10_000}"));
        }
        return keys;
    }
}
