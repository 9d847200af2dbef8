namespace Vigil.Server.Api.AnomalyDetector;

/// <summary>The time step of a series, as the spec names it.</summary>
internal enum TimeGranularity
{
    None,
    Yearly,
    Monthly,
    Weekly,
    Daily,
    Hourly,
    Minutely,
    Secondly,
    Microsecond,
}

/// <summary>How missing points on the granularity's grid are filled.</summary>
internal enum ImputeMode
{
    Auto,
    Previous,
    Linear,
    Fixed,
    Zero,
    NotFill,
}

/// <summary>
/// A posted series laid on its granularity's grid: points the request skipped are filled (the models need evenly spaced
/// points), and every input point remembers its place so that results go back in the caller's order and length.
/// </summary>
/// <param name="Values">The grid, filled.</param>
/// <param name="GridIndexOfInput">For input point i, its index in <see cref="Values"/>.</param>
internal sealed record SeriesGrid(double[] Values, int[] GridIndexOfInput)
{
    public static bool TryParseGranularity(string text, out TimeGranularity granularity) => text switch
    {
        "yearly" => Set(TimeGranularity.Yearly, out granularity),
        "monthly" => Set(TimeGranularity.Monthly, out granularity),
        "weekly" => Set(TimeGranularity.Weekly, out granularity),
        "daily" => Set(TimeGranularity.Daily, out granularity),
        "hourly" => Set(TimeGranularity.Hourly, out granularity),
        "minutely" => Set(TimeGranularity.Minutely, out granularity),
        "secondly" => Set(TimeGranularity.Secondly, out granularity),
        "microsecond" => Set(TimeGranularity.Microsecond, out granularity),
        "none" => Set(TimeGranularity.None, out granularity),
        _ => Set(TimeGranularity.None, out granularity) && false,
    };

    public static bool TryParseImputeMode(string text, out ImputeMode mode) => text switch
    {
        "auto" => Set(ImputeMode.Auto, out mode),
        "previous" => Set(ImputeMode.Previous, out mode),
        "linear" => Set(ImputeMode.Linear, out mode),
        "fixed" => Set(ImputeMode.Fixed, out mode),
        "zero" => Set(ImputeMode.Zero, out mode),
        "notFill" => Set(ImputeMode.NotFill, out mode),
        _ => Set(ImputeMode.Auto, out mode) && false,
    };

    /// <summary>The <paramref name="k"/>-th grid time after <paramref name="start"/>; counted from the start so months do not drift.</summary>
    public static DateTimeOffset Step(DateTimeOffset start, TimeGranularity granularity, int interval, long k) => granularity switch
    {
        TimeGranularity.Yearly => start.AddYears(checked((int)(k * interval))),
        TimeGranularity.Monthly => start.AddMonths(checked((int)(k * interval))),
        TimeGranularity.Weekly => start.AddDays(7.0 * k * interval),
        TimeGranularity.Daily => start.AddDays((double)k * interval),
        TimeGranularity.Hourly => start.AddHours((double)k * interval),
        TimeGranularity.Minutely => start.AddMinutes((double)k * interval),
        TimeGranularity.Secondly => start.AddSeconds((double)k * interval),
        TimeGranularity.Microsecond => start.AddTicks(k * interval * 10),
        _ => throw new ArgumentOutOfRangeException(nameof(granularity), granularity, "none has no grid"),
    };

    /// <summary>
    /// Lays the points on the grid that starts at the first timestamp; fails, naming the point, when a timestamp is
    /// off the grid or the filled grid would exceed <paramref name="maxPoints"/>.
    /// </summary>
    public static bool TryBuild(
        IReadOnlyList<(DateTimeOffset Time, double Value)> points, TimeGranularity granularity, int interval, ImputeMode mode, double fixedValue,
        int maxPoints, out SeriesGrid grid, out string error)
    {
        var inputIndex = new int[points.Count];
        if (granularity == TimeGranularity.None || mode == ImputeMode.NotFill)
        {
            // No grid to fill: the model sees the points as posted (notFill still requires them on the grid).
            var values = new double[points.Count];
            for (var i = 0; i < points.Count; i++)
            {
                values[i] = points[i].Value;
                inputIndex[i] = i;
            }
            grid = new SeriesGrid(values, inputIndex);
            if (granularity != TimeGranularity.None)
            {
                return TryPlace(points, granularity, interval, maxPoints, new int[points.Count], out error);
            }
            error = "";
            return true;
        }
        if (!TryPlace(points, granularity, interval, maxPoints, inputIndex, out error))
        {
            grid = new SeriesGrid([], []);
            return false;
        }
        var filled = new double[inputIndex[^1] + 1];
        var known = new bool[filled.Length];
        for (var i = 0; i < points.Count; i++)
        {
            filled[inputIndex[i]] = points[i].Value;
            known[inputIndex[i]] = true;
        }
        for (var i = 1; i < points.Count; i++)
        {
            int from = inputIndex[i - 1], to = inputIndex[i];
            for (var g = from + 1; g < to; g++)
            {
                filled[g] = mode switch
                {
                    ImputeMode.Previous => filled[from],
                    ImputeMode.Fixed => fixedValue,
                    ImputeMode.Zero => 0,
                    _ => filled[from] + ((filled[to] - filled[from]) * (g - from) / (to - from)), // auto and linear
                };
            }
        }
        grid = new SeriesGrid(filled, inputIndex);
        return true;
    }

    private static bool TryPlace(
        IReadOnlyList<(DateTimeOffset Time, double Value)> points, TimeGranularity granularity, int interval, int maxPoints, int[] inputIndex, out string error)
    {
        var start = points[0].Time;
        long k = 0;
        for (var i = 1; i < points.Count; i++)
        {
            var t = points[i].Time;
            DateTimeOffset at;
            do
            {
                k++;
                if (k >= maxPoints)
                {
                    error = $"series[{i}]: with the gaps before it filled, the series would exceed {maxPoints} points at granularity {granularity.ToString().ToLowerInvariant()} × {interval}";
                    return false;
                }
                at = Step(start, granularity, interval, k);
            }
            while (at < t);
            if (at != t)
            {
                error = $"series[{i}]: timestamp {t:O} is not on the grid of granularity {granularity.ToString().ToLowerInvariant()} × {interval} that starts at {start:O}";
                return false;
            }
            inputIndex[i] = (int)k;
        }
        error = "";
        return true;
    }

    private static bool Set<T>(T value, out T target)
    {
        target = value;
        return true;
    }
}
