using Vigil.Detection.Robust;

namespace Vigil.Detection.Tests.Robust;

public sealed class ExcursionModelTests
{
    /// <summary>
    /// Feeds <paramref name="model"/> bursts of <paramref name="burst"/> off points every 40 points, <paramref name="bursts"/>
    /// times, and returns the smallest tail probability seen during the last 20 bursts.
    /// </summary>
    private static double Bursts(ExcursionModel model, ref long points, int bursts, int burst)
    {
        var smallest = 1.0;
        for (var b = 0; b < bursts; b++)
        {
            for (var i = 0; i < 40; i++)
            {
                var p = model.Observe(off: i < burst, direction: 1, ++points, scoring: points > 100);
                if (b >= bursts - 20)
                {
                    smallest = Math.Min(smallest, p);
                }
            }
        }
        return smallest;
    }

    [Fact]
    public void Observe_BurstsOfTheUsualLength_AreNoEvidence()
    {
        var model = new ExcursionModel();
        long points = 0;
        Assert.Equal(1.0, Bursts(model, ref points, bursts: 100, burst: 5));
    }

    [Fact]
    public void Observe_AnExcursionLongerThanAnyBefore_IsEvidenceFromThePointItBreaksTheRecord()
    {
        var model = new ExcursionModel();
        long points = 0;
        Bursts(model, ref points, bursts: 100, burst: 5);
        var tails = new double[12];
        for (var i = 0; i < tails.Length; i++)
        {
            tails[i] = model.Observe(off: true, direction: 1, ++points, scoring: true);
        }
        Assert.All(tails[..5], p => Assert.Equal(1.0, p)); // as long as the usual bursts: nothing new
        Assert.True(tails[5] < 0.01, $"the 6th point of a 5-point-record series: p = {tails[5]}");
        // Every further point is a new record too (the record follows the run), each a little less news than the first.
        Assert.All(tails[6..], p => Assert.True(p < 0.01, $"p = {p}"));
    }

    [Fact]
    public void Observe_OneOrdinaryPointInsideAnExcursion_DoesNotEndIt()
    {
        var model = new ExcursionModel();
        long points = 0;
        Bursts(model, ref points, bursts: 100, burst: 5);
        var p = 1.0;
        for (var i = 0; i < 11; i++)
        {
            p = model.Observe(off: i != 4, direction: 1, ++points, scoring: true); // 4 off, 1 ordinary, 6 off
        }
        Assert.True(p < 0.01, $"p = {p}");
    }

    [Fact]
    public void Observe_OffPointsOnAlternatingSides_AreNotOneExcursion()
    {
        var model = new ExcursionModel();
        long points = 0;
        Bursts(model, ref points, bursts: 100, burst: 5);
        var smallest = 1.0;
        for (var i = 0; i < 30; i++)
        {
            smallest = Math.Min(smallest, model.Observe(off: true, direction: i / 3 % 2 == 0 ? 1 : -1, ++points, scoring: true));
        }
        Assert.Equal(1.0, smallest);
    }

    [Fact]
    public void WriteRead_RoundTrips_AndScoresAlike()
    {
        var a = new ExcursionModel();
        long points = 0;
        Bursts(a, ref points, bursts: 50, burst: 4);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            a.Write(writer);
        }
        Assert.Equal(ExcursionModel.StateBytes, stream.Length);
        stream.Position = 0;
        var b = new ExcursionModel();
        using (var reader = new BinaryReader(stream))
        {
            b.Read(reader);
        }
        for (var i = 0; i < 20; i++)
        {
            points++;
            Assert.Equal(a.Observe(true, 1, points, true), b.Observe(true, 1, points, true));
        }
    }

    [Fact]
    public void Read_StateOutOfRange_Throws()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((ushort)3);
            writer.Write((byte)0);
            writer.Write((sbyte)1);
            writer.Write(4f);
            writer.Write(2f); // a rate above 1
        }
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        Assert.Throws<InvalidDataException>(() => new ExcursionModel().Read(reader));
    }
}
