using Vigil.Core.Series;
using Vigil.Core.Signals;
using Vigil.Detection;
using Vigil.Engine.Series;

namespace Vigil.Engine.Tests.Series;

public sealed class SeriesModelCodecTests
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromDays(14);

    private static SeriesState Learned()
    {
        var state = new SeriesState(new SeriesId(3), SeriesKey.Parse("up{job=\"a\"}"), long.MinValue, new Detection.Robust.RobustDetector());
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            state.Detector.Update(start.AddMinutes(i), 10 + random.NextDouble());
        }
        state.LastTimestampMs = 1_800_000_000_000;
        state.LastValueBits = BitConverter.DoubleToUInt64Bits(10.5);
        state.LastValueKnown = true;
        state.Apply(new FeedbackVerdict(SignalVerdict.FalsePositive, 4.5, start.Ticks), HalfLife);
        state.Apply(new FeedbackVerdict(SignalVerdict.Confirmed, -9, start.AddHours(1).Ticks), HalfLife);
        return state;
    }

    [Fact]
    public void Decode_OfEncode_GivesBackEveryField()
    {
        var state = Learned();

        var model = SeriesModelCodec.Decode(SeriesModelCodec.Encode(state));

        Assert.Equal((state.LastTimestampMs, state.LastValueBits, true), (model.DetectedThroughMs, model.LastValueBits, model.LastValueKnown));
        Assert.Equal(DetectorSnapshot.Save(state.Detector), model.Detector);
        Assert.Equal(state.Verdicts, model.Verdicts);
    }

    [Fact]
    public void ReplayedVerdicts_BuildTheSameFilter()
    {
        var state = Learned();
        var copy = new SeriesState(state.Id, state.Key, long.MinValue, new Detection.Robust.RobustDetector());
        foreach (var verdict in SeriesModelCodec.Decode(SeriesModelCodec.Encode(state)).Verdicts)
        {
            copy.Apply(verdict, HalfLife);
        }
        var at = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(state.Feedback!.QuietLevels(at), copy.Feedback!.QuietLevels(at));
        foreach (var deviation in (double[])[3, 6.7, 6.8, -5, -9.5])
        {
            Assert.Equal(state.Feedback.Quiets(deviation, at), copy.Feedback.Quiets(deviation, at));
        }
    }

    [Fact]
    public void Apply_KeepsTheNewestVerdictsOnly()
    {
        var state = Learned();
        for (var i = 0; i < FeedbackVerdict.MaxKept + 10; i++)
        {
            state.Apply(new FeedbackVerdict(SignalVerdict.FalsePositive, 1 + i, i), HalfLife);
        }

        Assert.Equal(FeedbackVerdict.MaxKept, state.Verdicts.Count);
        Assert.Equal(FeedbackVerdict.MaxKept + 10, state.Verdicts[^1].Deviation);
    }

    [Theory]
    [InlineData("truncated", "truncated")]
    [InlineData("packed", "")]
    [InlineData("longer", "detector snapshot")]
    [InlineData("trailing", "bytes follow the model")]
    [InlineData("magic", "not a Vigil series model")]
    [InlineData("format", "model format 7 is not supported")]
    [InlineData("verdicts", "verdict count")]
    [InlineData("deviation", "verdict 1 is damaged")]
    public void Decode_DamagedBytes_ThrowsInvalidDataNamingTheProblem(string damage, string message)
    {
        var bytes = SeriesModelCodec.Encode(Learned());
        var packedLength = BitConverter.ToInt32(bytes, 26);
        var verdictsAt = 30 + packedLength;
        bytes = damage switch
        {
            "truncated" => bytes[..^5],
            "packed" => [.. bytes[..31], (byte)(bytes[31] ^ 0xFF), .. bytes[32..]],
            "longer" => [.. bytes[..22], .. BitConverter.GetBytes(BitConverter.ToInt32(bytes, 22) - 1), .. bytes[26..]],
            "trailing" => [.. bytes, 0],
            "magic" => [0, .. bytes[1..]],
            "format" => [.. bytes[..4], 7, .. bytes[5..]],
            "verdicts" => [.. bytes[..verdictsAt], .. BitConverter.GetBytes(int.MaxValue), .. bytes[(verdictsAt + 4)..]],
            _ => [.. bytes[..(verdictsAt + 5)], .. BitConverter.GetBytes(double.NaN), .. bytes[(verdictsAt + 13)..]],
        };

        var error = Assert.Throws<InvalidDataException>(() => SeriesModelCodec.Decode(bytes));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
