namespace Vigil.Detection.ChangePoint;

/// <summary>
/// Two-sided CUSUM (Page 1954) on robust z-scores: each step adds the clipped z minus a drift allowance, so a
/// shift of a fraction of the noise scale builds up over a few points while single spikes (clipped) cannot.
/// The surprise is the larger of the two sums; both decay back to 0 once the baseline has caught up.
/// </summary>
internal sealed class CusumModel
{
    private readonly double _drift;
    private readonly double _clip;
    private double _up;
    private double _down;

    public CusumModel(double drift, double clip)
    {
        _drift = drift;
        _clip = clip;
    }

    /// <summary>Adds one signed z-score and returns max(S+, S−).</summary>
    public double Observe(double z)
    {
        var c = Math.Clamp(z, -_clip, _clip);
        _up = Math.Max(0, _up + c - _drift);
        _down = Math.Max(0, _down - c - _drift);
        return Math.Max(_up, _down);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_up);
        writer.Write(_down);
    }

    public void Read(BinaryReader reader)
    {
        _up = reader.ReadDouble();
        _down = reader.ReadDouble();
    }

    public const int StateBytes = 16;
}
