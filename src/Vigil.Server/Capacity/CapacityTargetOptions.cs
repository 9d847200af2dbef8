using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Vigil.Core.Series;
using Vigil.Core.Storage;
using Vigil.Server.Api;

namespace Vigil.Server.Capacity;

/// <summary>
/// A capacity target as the config file and the API give it: durations as text (<c>7d</c>, <c>1h</c>, …).
/// <see cref="TryToTarget"/> validates it and names the bad field.
/// </summary>
public sealed partial class CapacityTargetOptions
{
    /// <summary>Most steps projected ahead or read back, to bound the work of one evaluation.</summary>
    internal const int MaxSteps = 11_000;

    /// <summary>The target's name (config file only; the API takes it from the path).</summary>
    [JsonIgnore]
    public string? Name { get; set; }

    /// <summary>Series selector of the usage, e.g. <c>node_filesystem_used_bytes{mountpoint="/var"}</c>.</summary>
    public string? Match { get; set; }

    /// <summary>A static limit (e.g. the disk size in bytes, or 0 for free space running out).</summary>
    public double? Limit { get; set; }

    /// <summary>Series selector of a moving limit, e.g. <c>node_filesystem_size_bytes</c>.</summary>
    public string? LimitMatch { get; set; }

    /// <summary>How far ahead to look; default <c>7d</c>.</summary>
    public string? Horizon { get; set; }

    /// <summary>Resolution the series are read at; default <c>1h</c>.</summary>
    public string? Step { get; set; }

    /// <summary>History projected from; default <c>14d</c>.</summary>
    public string? Lookback { get; set; }

    /// <summary>Whether <paramref name="name"/> is a usable target name.</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= 128 } && NamePattern().IsMatch(name);

    /// <summary>Validates and converts; <paramref name="error"/> names the bad field.</summary>
    public bool TryToTarget(string? name, bool fromConfig, out CapacityTarget target, out string error)
    {
        target = null!;
        if (!IsValidName(name))
        {
            error = $"name: \"{name}\" must be 1–128 letters, digits, '-', '_' or '.'";
            return false;
        }
        if (string.IsNullOrWhiteSpace(Match))
        {
            error = "match: a series selector is required, e.g. node_filesystem_used_bytes{mountpoint=\"/var\"}";
            return false;
        }
        if (!SeriesSelector.TryParse(Match, out _, out var matchError))
        {
            error = $"match: {matchError}";
            return false;
        }
        if ((Limit is null) == (LimitMatch is null))
        {
            error = "limit: give exactly one of limit (a number) and limitMatch (a series selector)";
            return false;
        }
        if (Limit is { } l && !double.IsFinite(l))
        {
            error = "limit: must be a finite number";
            return false;
        }
        if (LimitMatch is not null && !SeriesSelector.TryParse(LimitMatch, out _, out var limitError))
        {
            error = $"limitMatch: {limitError}";
            return false;
        }
        if (!TryDuration(Horizon, TimeSpan.FromDays(7), "horizon", out var horizon, out error)
            || !TryDuration(Step, TimeSpan.FromHours(1), "step", out var step, out error)
            || !TryDuration(Lookback, TimeSpan.FromDays(14), "lookback", out var lookback, out error))
        {
            return false;
        }
        if (horizon / step > MaxSteps)
        {
            error = $"horizon: {horizon / step:0} steps of {Step ?? "1h"} is more than {MaxSteps}; use a larger step";
            return false;
        }
        if (lookback / step > MaxSteps)
        {
            error = $"lookback: {lookback / step:0} steps of {Step ?? "1h"} is more than {MaxSteps}; use a larger step";
            return false;
        }
        if (lookback / step < 3)
        {
            error = "lookback: must span at least three steps";
            return false;
        }
        target = new CapacityTarget(name!, Match, Limit, LimitMatch, horizon, step, lookback, fromConfig);
        return true;
    }

    /// <summary>The API/config form of a stored target.</summary>
    public static CapacityTargetOptions From(CapacityTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new()
        {
            Name = target.Name,
            Match = target.Match,
            Limit = target.Limit,
            LimitMatch = target.LimitMatch,
            Horizon = FormatDuration(target.Horizon),
            Step = FormatDuration(target.Step),
            Lookback = FormatDuration(target.Lookback),
        };
    }

    internal static string FormatDuration(TimeSpan d) =>
        d.Ticks % TimeSpan.TicksPerDay == 0 ? $"{d.Ticks / TimeSpan.TicksPerDay}d"
        : d.Ticks % TimeSpan.TicksPerHour == 0 ? $"{d.Ticks / TimeSpan.TicksPerHour}h"
        : d.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{d.Ticks / TimeSpan.TicksPerMinute}m"
        : $"{d.Ticks / TimeSpan.TicksPerSecond}s";

    private static bool TryDuration(string? text, TimeSpan fallback, string field, out TimeSpan value, out string error)
    {
        error = "";
        value = fallback;
        if (text is null)
        {
            return true;
        }
        if (!ApiTime.TryParseDuration(text, out value) || value < TimeSpan.FromSeconds(1))
        {
            error = $"{field}: \"{text}\" is not a duration of at least 1s such as 30m, 1h or 7d";
            return false;
        }
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex NamePattern();
}
