using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Vigil.Cli.Forecasting;
using Vigil.Forecasting;
using Vigil.Forecasting.Evaluation;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil eval m4 --data DIR</c>: forecasts M4 Hourly (train → 48 steps), scores against the test file with the
/// competition's measures (sMAPE, MASE, OWA against the official Naive2) and the 95% interval's coverage and MSIS.
/// </summary>
internal static class EvalM4Command
{
    /// <summary>M4 Hourly: frequency 24 (used for MASE's scale and Naive2 only; the forecaster detects its own periods).</summary>
    private const int Frequency = 24;

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Directory holding Hourly-train.csv and Hourly-test.csv.", Required = true };
        var method = new Option<ForecastMethod>("--method") { Description = "Forecast method to score.", DefaultValueFactory = _ => ForecastMethod.Auto };
        var level = new Option<double>("--level") { Description = "Prediction interval level in percent.", DefaultValueFactory = _ => 95 };
        var command = new Command("m4", "Score forecasts on the M4 Hourly set.") { data, method, level };
        command.SetAction((parseResult, ct) =>
        {
            var dir = parseResult.GetValue(data)!.FullName;
            var train = Path.Combine(dir, "Hourly-train.csv");
            var test = Path.Combine(dir, "Hourly-test.csv");
            if (!File.Exists(train) || !File.Exists(test))
            {
                Console.Error.WriteLine($"{dir} must hold Hourly-train.csv and Hourly-test.csv.");
                return Task.FromResult(2);
            }
            return Task.FromResult(Run(train, test, parseResult.GetValue(method), parseResult.GetValue(level), ct));
        });
        return command;
    }

    private static int Run(string trainPath, string testPath, ForecastMethod method, double level, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var train = M4Csv.Read(trainPath);
        var test = M4Csv.Read(testPath);
        if (train.Count != test.Count)
        {
            Console.Error.WriteLine($"train has {train.Count} series, test {test.Count}.");
            return 2;
        }
        var horizon = test[0].Values.Length;
        using var progress = new ProgressBar(Console.Error, train.Count, method.ToString());
        var forecasts = ForecastCommand.ForecastAll(train, horizon, new ForecasterOptions { Method = method, Level = level }, ct, progress.Report);
        var elapsed = clock.Elapsed;
        var naive2 = ForecastCommand.ForecastAll(train, horizon, new ForecasterOptions { Method = ForecastMethod.Naive2, SeasonHint = Frequency }, ct);

        double smape = 0, mase = 0, smapeN2 = 0, maseN2 = 0, msis = 0;
        var covered = 0;
        var points = 0;
        for (var i = 0; i < train.Count; i++)
        {
            var insample = train[i].Values;
            var actual = test[i].Values;
            smape += M4Metrics.Smape(actual, forecasts[i].Mean);
            mase += M4Metrics.Mase(insample, actual, forecasts[i].Mean, Frequency);
            smapeN2 += M4Metrics.Smape(actual, naive2[i].Mean);
            maseN2 += M4Metrics.Mase(insample, actual, naive2[i].Mean, Frequency);
            if (forecasts[i].HasInterval)
            {
                msis += M4Metrics.Msis(insample, actual, forecasts[i].Lower, forecasts[i].Upper, Frequency, 1 - (level / 100));
                covered += M4Metrics.Covered(actual, forecasts[i].Lower, forecasts[i].Upper);
            }
            points += actual.Length;
        }
        var count = train.Count;
        smape /= count;
        mase /= count;
        smapeN2 /= count;
        maseN2 /= count;
        var owa = M4Metrics.Owa(smape, mase, smapeN2, maseN2);

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"M4 Hourly: {count} series, horizon {horizon}, method {method}"));
        Console.WriteLine(string.Create(c, $"  sMAPE    {smape,8:F3}   (Naive2 {smapeN2:F3})"));
        Console.WriteLine(string.Create(c, $"  MASE     {mase,8:F3}   (Naive2 {maseN2:F3})"));
        Console.WriteLine(string.Create(c, $"  OWA      {owa,8:F3}"));
        Console.WriteLine(string.Create(c, $"  coverage {100.0 * covered / points,8:F2}%  of the {level:F0}% intervals"));
        Console.WriteLine(string.Create(c, $"  MSIS     {msis / count,8:F3}"));
        Console.WriteLine(string.Create(c, $"  time     {elapsed.TotalSeconds,8:F2} s  (read + forecast; Naive2 reference not included)"));
        return 0;
    }
}
