using Vigil.Detection.ChangePoint;
using Vigil.Detection.Contextual;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Robust;
using Vigil.Detection.Seasonal;
using Vigil.Detection.Spectral;

namespace Vigil.Detection;

/// <summary>The detectors Vigil ships, by name.</summary>
public static class DetectorCatalog
{
    /// <summary>The default detector's name.</summary>
    public const string Default = "vigil";

    /// <summary>
    /// The score from which the default detector flags an anomaly: the corpus-wide threshold that maximised NAB's
    /// standard profile on the public NAB files (see docs/benchmarks.md).
    /// </summary>
    public const double DefaultThreshold = 0.48;

    private static readonly Dictionary<string, Func<IStreamingDetector>> Factories = new(StringComparer.Ordinal)
    {
        [Default] = () => new EnsembleDetector(),
        ["robust"] = () => new RobustDetector(),
        ["seasonal"] = () => new SeasonalDetector(),
        ["spectral"] = () => new SpectralResidualDetector(),
        ["cusum"] = () => new CusumDetector(),
        ["contextual"] = () => new ContextualDetector(),
    };

    /// <summary>Every known detector name.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Builds a fresh detector called <paramref name="name"/>, with default options.</summary>
    public static bool TryCreate(string name, out Func<IStreamingDetector> factory)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Factories.TryGetValue(name, out var f))
        {
            factory = f;
            return true;
        }
        factory = static () => throw new InvalidOperationException("Unknown detector.");
        return false;
    }
}
