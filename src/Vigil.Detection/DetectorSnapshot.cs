using System.Text;

namespace Vigil.Detection;

/// <summary>
/// Saves and restores a detector's learned state as a versioned binary snapshot. Only numbers are read back,
/// never types: a snapshot cannot make the reader construct anything.
/// </summary>
public static class DetectorSnapshot
{
    private const uint Magic = 0x53444756; // "VGDS" little-endian
    private const byte FormatVersion = 1;

    /// <summary>The snapshot of <paramref name="detector"/>'s state.</summary>
    public static byte[] Save(IStreamingDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(detector.Name);
            detector.WriteState(writer);
        }
        return stream.ToArray();
    }

    /// <summary>Restores <paramref name="detector"/> from <paramref name="snapshot"/>.</summary>
    /// <exception cref="InvalidDataException">The snapshot is not one of this detector.</exception>
    public static void Restore(IStreamingDetector detector, byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(snapshot);
        using var reader = new BinaryReader(new MemoryStream(snapshot, writable: false), Encoding.UTF8);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("Not a Vigil detector snapshot.");
            }
            var version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Snapshot format {version} is not supported (expected {FormatVersion}).");
            }
            var name = reader.ReadString();
            if (name != detector.Name)
            {
                throw new InvalidDataException($"Snapshot of detector '{name}' cannot restore '{detector.Name}'.");
            }
            detector.ReadState(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Snapshot is truncated.", e);
        }
    }
}
