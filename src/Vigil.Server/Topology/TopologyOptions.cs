namespace Vigil.Server.Topology;

/// <summary>Topology settings (<c>Topology:</c> in the config file).</summary>
public sealed class TopologyOptions
{
    /// <summary>
    /// A YAML file with the declared topology. When set, it replaces the declared part at every start (the file is
    /// the source of truth; API changes last until the next start). Relative paths are taken from the working directory.
    /// </summary>
    public string? File { get; set; }

    /// <summary>Infer entities and edges from ingested labels. Default true.</summary>
    public bool Infer { get; set; } = true;

    /// <summary>Time between refreshes of the inferred part. Default 1 minute.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far back signals are read for their labels at each refresh. Default 1 hour.</summary>
    public TimeSpan SignalLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most series read per label name at each refresh (bounds the work on a huge index). Default 200,000.</summary>
    public int MaxSeriesPerLabel { get; set; } = 200_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting; also checks the file parses.</summary>
    public void Validate()
    {
        if (RefreshInterval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"RefreshInterval: {RefreshInterval} must be at least 1 second", nameof(RefreshInterval));
        }
        if (SignalLookback < TimeSpan.Zero)
        {
            throw new ArgumentException($"SignalLookback: {SignalLookback} must not be negative", nameof(SignalLookback));
        }
        if (MaxSeriesPerLabel < 1)
        {
            throw new ArgumentException($"MaxSeriesPerLabel: {MaxSeriesPerLabel} must be at least 1", nameof(MaxSeriesPerLabel));
        }
        if (File is { Length: > 0 } file)
        {
            if (!TopologyFile.TryLoad(file, out var document, out var error))
            {
                throw new ArgumentException($"File: {error}", nameof(File));
            }
            if (!document.TryConvert(out _, out _, out error))
            {
                throw new ArgumentException($"File: {file}: {error}", nameof(File));
            }
        }
    }
}
