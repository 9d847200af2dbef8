using System.Globalization;

namespace Vigil.Forecasting.Capacity;

/// <summary>
/// The distribution of the time until a series crosses its limit, in steps from the last observation:
/// its median and a central interval, each null when it lies beyond the horizon looked at.
/// </summary>
/// <param name="Outcome">Where the series stands.</param>
/// <param name="MedianSteps">Steps until the crossing is as likely as not, or null beyond the horizon.</param>
/// <param name="LowerSteps">Lower end of the central interval, or null beyond the horizon.</param>
/// <param name="UpperSteps">Upper end of the central interval, or null beyond the horizon.</param>
/// <param name="Level">Nominal coverage of the interval in percent (e.g. 80).</param>
/// <param name="ProbabilityWithinHorizon">Probability of crossing within <paramref name="HorizonSteps"/>.</param>
/// <param name="HorizonSteps">How far ahead was looked.</param>
public sealed record ExhaustionEstimate(
    ExhaustionOutcome Outcome,
    double? MedianSteps,
    double? LowerSteps,
    double? UpperSteps,
    double Level,
    double ProbabilityWithinHorizon,
    int HorizonSteps)
{
    /// <summary>A sentence for people, e.g. "exhausted in about 3.2 days (80% interval 2.5–4.1 days)".</summary>
    /// <param name="step">The duration of one step of the series.</param>
    public string Describe(TimeSpan step)
    {
        var c = CultureInfo.InvariantCulture;
        string Days(double? steps) => steps is { } s ? (s * step.TotalDays).ToString("0.#", c) : "?";
        var horizonDays = Days(HorizonSteps);
        return Outcome switch
        {
            ExhaustionOutcome.AlreadyExceeded => "limit already reached",
            ExhaustionOutcome.Expected => string.Create(c, $"exhausted in about {Days(MedianSteps)} days ({Level:0}% interval {Days(LowerSteps)}–{(UpperSteps is null ? $"beyond {horizonDays}" : Days(UpperSteps))} days)"),
            ExhaustionOutcome.Possible => string.Create(c, $"{100 * ProbabilityWithinHorizon:0}% chance of exhaustion within {horizonDays} days (earliest plausible: {Days(LowerSteps)} days)"),
            _ => string.Create(c, $"not expected to be exhausted within {horizonDays} days"),
        };
    }
}
