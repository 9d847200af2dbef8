using System.CommandLine;
using Vigil.Cli.Forecasting;
using Vigil.Forecasting;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil forecast --input train.csv --horizon H [--season S] [--level 95] --out forecasts.csv</c>.</summary>
internal static class ForecastCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "Series in M4 layout: header row, then id and values per row.", Required = true };
        var horizon = new Option<int>("--horizon") { Description = "Steps to forecast.", Required = true };
        var season = new Option<int>("--season") { Description = "Seasonal period hint in steps (detected when absent)." };
        var level = new Option<double?>("--level") { Description = "Prediction interval level in percent, e.g. 95; writes .lower.csv and .upper.csv next to --out." };
        var method = new Option<ForecastMethod>("--method") { Description = "Forecast method.", DefaultValueFactory = _ => ForecastMethod.Auto };
        var output = new Option<FileInfo>("--out") { Description = "Output CSV: id,F1,…,FH.", Required = true };
        var command = new Command("forecast", "Forecast every series of an M4-layout CSV file.") { input, horizon, season, level, method, output };
        command.SetAction((parseResult, ct) =>
        {
            var h = parseResult.GetValue(horizon);
            if (h <= 0)
            {
                Console.Error.WriteLine("--horizon must be positive.");
                return Task.FromResult(2);
            }
            var options = new ForecasterOptions
            {
                Method = parseResult.GetValue(method),
                SeasonHint = Math.Max(0, parseResult.GetValue(season)),
                Level = parseResult.GetValue(level),
            };
            var inputFile = parseResult.GetValue(input)!;
            if (!inputFile.Exists)
            {
                Console.Error.WriteLine($"--input: {inputFile.FullName} does not exist.");
                return Task.FromResult(2);
            }
            List<M4Series> series;
            try
            {
                series = M4Csv.Read(inputFile.FullName);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return Task.FromResult(1);
            }
            if (series.Find(s => s.Values.Length == 0) is { } empty)
            {
                Console.Error.WriteLine($"--input: series '{empty.Id}' has no values.");
                return Task.FromResult(1);
            }
            var forecasts = ForecastAll(series, h, options, ct);
            var outPath = parseResult.GetValue(output)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            M4Csv.Write(outPath, h, series.Select((s, i) => (s.Id, forecasts[i].Mean.ToArray())));
            if (options.Level is not null)
            {
                var stem = Path.Combine(Path.GetDirectoryName(outPath)!, Path.GetFileNameWithoutExtension(outPath));
                M4Csv.Write(stem + ".lower.csv", h, series.Select((s, i) => (s.Id, forecasts[i].Lower.ToArray())));
                M4Csv.Write(stem + ".upper.csv", h, series.Select((s, i) => (s.Id, forecasts[i].Upper.ToArray())));
            }
            Console.Error.WriteLine($"{series.Count} series forecast, {h} steps each → {outPath}");
            return Task.FromResult(0);
        });
        return command;
    }

    internal static Forecast[] ForecastAll(List<M4Series> series, int horizon, ForecasterOptions options, CancellationToken ct, Action<int>? progress = null)
    {
        var forecaster = new Forecaster(options);
        var results = new Forecast[series.Count];
        var done = 0;
        Parallel.For(0, series.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            results[i] = forecaster.Run(series[i].Values, horizon);
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        return results;
    }
}
