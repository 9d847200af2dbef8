using System.Diagnostics.CodeAnalysis;

namespace Vigil.Correlation.RootCause;

/// <summary>
/// The symptom to explain: a node's metric and statistic in violation, written <c>NODE:METRIC:STATISTIC</c>.
/// Node names may hold colons themselves (<c>PetSearch_AWS::ECS::Fargate:latency:Average</c>): the last two fields
/// are the metric and the statistic.
/// </summary>
public readonly record struct RcaTarget(string Node, string Metric, string Statistic)
{
    /// <summary>The target as a frame column.</summary>
    public MetricColumn Column => new(Node, Metric, Statistic);

    /// <summary>Parses <c>NODE:METRIC:STATISTIC</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RcaTarget target, [NotNullWhen(false)] out string? error)
    {
        target = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty target; expected NODE:METRIC:STATISTIC";
            return false;
        }
        var last = text.LastIndexOf(':');
        var middle = last <= 0 ? -1 : text.LastIndexOf(':', last - 1);
        if (middle <= 0 || last == text.Length - 1 || middle == last - 1)
        {
            error = $"\"{text}\" is not NODE:METRIC:STATISTIC";
            return false;
        }
        target = new RcaTarget(text[..middle], text[(middle + 1)..last], text[(last + 1)..]);
        error = null;
        return true;
    }

    /// <summary>Parses <c>NODE:METRIC:STATISTIC</c> or throws <see cref="FormatException"/>.</summary>
    public static RcaTarget Parse(string text) => TryParse(text, out var target, out var error) ? target : throw new FormatException(error);

    /// <inheritdoc/>
    public override string ToString() => $"{Node}:{Metric}:{Statistic}";
}
