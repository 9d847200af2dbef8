namespace Vigil.Detection;

/// <summary>
/// A detector that learns one series as it streams: each point goes in once, in time order, and gets a score
/// computed only from that point and the points before it. Detectors read no clock and do no I/O.
/// </summary>
public interface IStreamingDetector
{
    /// <summary>The detector's name in <see cref="DetectorCatalog"/>, e.g. <c>vigil</c>.</summary>
    string Name { get; }

    /// <summary>Feeds the next point of the series and returns its score, expected value and band.</summary>
    /// <param name="timestamp">When the value was observed; must not go backwards.</param>
    /// <param name="value">The observed value; NaN marks a missing point and returns a zero score without learning.</param>
    DetectionResult Update(DateTime timestamp, double value);

    /// <summary>Writes the learned state; <see cref="ReadState"/> on a detector built with the same options restores it.</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>Replaces the learned state with one written by <see cref="WriteState"/>.</summary>
    /// <exception cref="InvalidDataException">The state was written by another detector or another format version.</exception>
    void ReadState(BinaryReader reader);
}
