namespace Vigil.Server.Capacity;

/// <summary>Periodic evaluation of capacity targets (<c>capacity:</c> in the config file).</summary>
public sealed class CapacityEvaluationOptions
{
    /// <summary>Time between evaluations of all targets. Default 5 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Targets from the config file; each needs a name. They replace stored config targets at start.</summary>
    public IList<CapacityTargetOptions> Targets { get; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Interval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"Interval: {Interval} must be at least 1 second", nameof(Interval));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Targets.Count; i++)
        {
            if (!Targets[i].TryToTarget(Targets[i].Name, fromConfig: true, out var target, out var error))
            {
                throw new ArgumentException($"Targets:{i}: {error}", nameof(Targets));
            }
            if (!names.Add(target.Name))
            {
                throw new ArgumentException($"Targets:{i}: name \"{target.Name}\" is used twice", nameof(Targets));
            }
        }
    }
}
