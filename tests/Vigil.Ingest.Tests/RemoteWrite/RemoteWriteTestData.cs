using Google.Protobuf;
using Snappier;
using Vigil.Ingest.RemoteWrite.Protos;
using Proto = Vigil.Ingest.RemoteWrite.Protos;

namespace Vigil.Ingest.Tests.RemoteWrite;

/// <summary>Builds remote write bodies with the generated protobuf types, so tests can say exactly what goes on the wire.</summary>
internal static class RemoteWriteTestData
{
    public static TimeSeries Series(params string[] namesAndValues)
    {
        var series = new TimeSeries();
        for (var i = 0; i < namesAndValues.Length; i += 2)
        {
            series.Labels.Add(new Proto.Label { Name = namesAndValues[i], Value = namesAndValues[i + 1] });
        }
        return series;
    }

    public static TimeSeries With(this TimeSeries series, params (long Timestamp, double Value)[] samples)
    {
        foreach (var (timestamp, value) in samples)
        {
            series.Samples.Add(new Proto.Sample { Timestamp = timestamp, Value = value });
        }
        return series;
    }

    public static WriteRequest Request(params TimeSeries[] series)
    {
        var request = new WriteRequest();
        request.Timeseries.Add(series);
        return request;
    }

    public static byte[] Body(this WriteRequest request) => Snappy.CompressToArray(request.ToByteArray());
}
