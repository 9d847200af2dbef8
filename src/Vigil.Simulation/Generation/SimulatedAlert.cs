using Vigil.Core.Series;

namespace Vigil.Simulation.Generation;

/// <summary>An alert changing state, as Alertmanager would forward it: firing (no end yet) or resolved.</summary>
/// <param name="Labels">alertname, severity, service, job, instance.</param>
/// <param name="Summary">The <c>summary</c> annotation.</param>
/// <param name="StartsAt">When it started firing.</param>
/// <param name="EndsAt">When it resolved; null while firing.</param>
/// <param name="IsNoise">Ground truth: an unrelated alert, not raised by any fault's symptoms.</param>
public sealed record SimulatedAlert(Labels Labels, string Summary, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, bool IsNoise)
{
    /// <summary>The <c>alertname</c> label.</summary>
    public string Name => Labels.Get("alertname") ?? "";

    /// <summary>The <c>service</c> label.</summary>
    public string Service => Labels.Get("service") ?? "";

    /// <summary>Whether it is still firing.</summary>
    public bool IsFiring => EndsAt is null;
}
