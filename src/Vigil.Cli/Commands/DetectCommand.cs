using System.CommandLine;
using System.Globalization;
using System.Text;
using Vigil.Detection;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil detect</c>: scores every point of a CSV series with a streaming detector, offline.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "CSV file with a header row", Required = true };
        var timeColumn = new Option<string>("--time-column") { Description = "Timestamp column (default: 'timestamp', else the first column)" };
        var valueColumn = new Option<string>("--value-column") { Description = "Value column (default: 'value', else the second column)" };
        var output = new Option<string>("--out") { Description = "Output CSV (default: stdout)" };
        var detector = new Option<string>("--detector")
        {
            Description = $"Detector name ({string.Join(", ", DetectorCatalog.Names)})",
            DefaultValueFactory = _ => DetectorCatalog.Default,
        };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Score at or above which a point is flagged as an anomaly",
            DefaultValueFactory = _ => DetectorCatalog.DefaultThreshold,
        };
        var command = new Command("detect", "Score every point of a CSV series: score, severity, expected value, band and anomaly flag.")
        {
            input, timeColumn, valueColumn, output, detector, threshold,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(detector)!;
            if (!DetectorCatalog.TryCreate(name, out var factory))
            {
                await Console.Error.WriteLineAsync($"Unknown detector '{name}'. Known: {string.Join(", ", DetectorCatalog.Names)}");
                return 2;
            }
            var path = parseResult.GetValue(input)!;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"No such file: {path}");
                return 2;
            }
            var lines = await File.ReadAllLinesAsync(path, cancellationToken);
            if (lines.Length == 0)
            {
                await Console.Error.WriteLineAsync($"{path}: empty file, a header row is needed.");
                return 2;
            }
            var header = lines[0].Split(',');
            var t = ColumnIndex(header, parseResult.GetValue(timeColumn), "timestamp", 0);
            var v = ColumnIndex(header, parseResult.GetValue(valueColumn), "value", 1);
            if (t < 0 || v < 0)
            {
                await Console.Error.WriteLineAsync($"{path}: column not found; header is '{lines[0]}'.");
                return 2;
            }

            var d = factory();
            var limit = parseResult.GetValue(threshold);
            var c = CultureInfo.InvariantCulture;
            var sb = new StringBuilder(lines.Length * 64);
            sb.Append("timestamp,value,score,severity,expected,lower,upper,anomaly\n");
            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0)
                {
                    continue;
                }
                var fields = lines[i].Split(',');
                if (fields.Length <= Math.Max(t, v) || !TryParseTimestamp(fields[t], out var when))
                {
                    await Console.Error.WriteLineAsync($"{path}:{i + 1}: expected a timestamp in column {t + 1} and a value in column {v + 1}.");
                    return 1;
                }
                var value = double.TryParse(fields[v], NumberStyles.Float, c, out var parsed) ? parsed : double.NaN;
                var r = d.Update(when, value);
                sb.Append(fields[t]).Append(',').Append(fields[v]).Append(',')
                  .Append(r.Score.ToString("G6", c)).Append(',')
                  .Append(r.Severity.ToString(c)).Append(',')
                  .Append(r.Expected.ToString("G6", c)).Append(',')
                  .Append(r.Lower.ToString("G6", c)).Append(',')
                  .Append(r.Upper.ToString("G6", c)).Append(',')
                  .Append(r.Score >= limit ? '1' : '0').Append('\n');
            }
            var target = parseResult.GetValue(output);
            if (target is null)
            {
                await Console.Out.WriteAsync(sb.ToString());
            }
            else
            {
                await File.WriteAllTextAsync(target, sb.ToString(), cancellationToken);
            }
            return 0;
        });
        return command;
    }

    private static int ColumnIndex(string[] header, string? requested, string conventional, int fallback)
    {
        var name = requested ?? conventional;
        var i = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i : requested is null && fallback < header.Length ? fallback : -1;
    }

    /// <summary>ISO-8601 / <c>yyyy-MM-dd HH:mm:ss</c> timestamps, or Unix seconds (milliseconds above 10¹¹).</summary>
    private static bool TryParseTimestamp(string text, out DateTime when)
    {
        var c = CultureInfo.InvariantCulture;
        if (DateTime.TryParse(text, c, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out when))
        {
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, c, out var unix) && double.IsFinite(unix))
        {
            var ms = unix > 1e11 ? unix : unix * 1000;
            if (ms is >= 0 and < 253402300800000)
            {
                when = DateTime.UnixEpoch.AddMilliseconds(ms);
                return true;
            }
        }
        return false;
    }
}
