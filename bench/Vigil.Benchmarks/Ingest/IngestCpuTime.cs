using System.Diagnostics;
using System.Globalization;

namespace Vigil.Benchmarks.Ingest;

/// <summary>
/// The decoder benchmarks measured in CPU time instead of wall time. On a machine shared with other busy processes
/// BenchmarkDotNet's wall-clock means mostly measure the queue for a core; the CPU time the process spends per
/// operation is what says how many samples one core decodes per second.
/// <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- cpu-time ingest</c>
/// </summary>
internal static class IngestCpuTime
{
    public static void Run()
    {
        var remoteWrite = new RemoteWriteDecoderBenchmark();
        remoteWrite.Setup();
        var influx = new InfluxLineDecoderBenchmark();
        influx.Setup();
        const int Samples = NodeExporterRequests.SamplesPerRequest;
        Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformationText()}; {Samples:N0} samples per operation");
        Console.WriteLine("| operation | CPU ms/op | samples per CPU-second | bytes allocated per sample |");
        Console.WriteLine("|---|---:|---:|---:|");
        Measure("remote write: TryDecode (snappy + protobuf + validation)", remoteWrite.Decode, 200);
        Measure("remote write: without snappy", remoteWrite.DecodeWithoutSnappy, 200);
        Measure("remote write: without snappy nor series cache", remoteWrite.DecodeWithoutSnappyOrSeriesCache, 200);
        Measure("remote write: snappy alone", () => { remoteWrite.SnappyOnly(); return Samples; }, 200);
        Measure("remote write: Google.Protobuf generated parser alone", () => { remoteWrite.GeneratedParserOnly(); return Samples; }, 50);
        Measure("remote write: encode (load generator)", () => { remoteWrite.Encode(); return Samples; }, 200);
        Measure("influx: TryDecode", influx.Decode, 200);
    }

    private static void Measure(string name, Func<int> operation, int count)
    {
        for (var i = 0; i < 50; i++)
        {
            operation();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long samples = 0;
        for (var i = 0; i < count; i++)
        {
            samples += operation();
        }
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {cpu.TotalMilliseconds / count:F2} | {samples / cpu.TotalSeconds:N0} | {(double)allocated / samples:F0} |"));
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
