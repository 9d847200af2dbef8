namespace Vigil.Detection.Nab;

/// <summary>One NAB data file with its labelled windows and, once a detector ran, its scores.</summary>
/// <param name="RelativePath">Path under <c>data/</c>, e.g. <c>realKnownCause/nyc_taxi.csv</c>.</param>
/// <param name="Timestamps">Row timestamps, in file order.</param>
/// <param name="Windows">Anomaly windows (inclusive timestamps), in label-file order.</param>
public sealed record NabFile(string RelativePath, DateTime[] Timestamps, IReadOnlyList<NabWindow> Windows)
{
    /// <summary>The category: the folder under <c>data/</c>.</summary>
    public string Category => RelativePath[..RelativePath.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The file name, e.g. <c>nyc_taxi.csv</c>.</summary>
    public string FileName => RelativePath[(RelativePath.IndexOf('/', StringComparison.Ordinal) + 1)..];

    /// <summary>Rows at the start that NAB leaves out of the score: min(⌊0.15·n⌋, 750).</summary>
    public int ProbationRows => (int)Math.Min(Math.Floor(0.15 * Timestamps.Length), 0.15 * 5000);
}

/// <summary>A labelled anomaly window, both ends inclusive.</summary>
/// <param name="Start">First timestamp of the window.</param>
/// <param name="End">Last timestamp of the window.</param>
public readonly record struct NabWindow(DateTime Start, DateTime End);
