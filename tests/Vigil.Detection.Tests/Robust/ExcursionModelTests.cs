using Vigil.Detection.Robust;

namespace Vigil.Detection.Tests.Robust;

public sealed class ExcursionModelTests
{
    /// <summary>A model fed point by point, scoring after 100 points as the ensemble does after its warm-up.</summary>
    private sealed class Feed
    {
        private long _points;

        public ExcursionModel Model { get; } = new();

        public double Next(bool off, int direction = 1)
        {
            _points++;
            return Model.Observe(off, direction, _points, scoring: _points > 100);
        }

        /// <summary>Bursts of <paramref name="burst"/> off points every 40 points; the smallest tail of the last 20 bursts.</summary>
        public double Bursts(int bursts, int burst)
        {
            var smallest = 1.0;
            for (var b = 0; b < bursts; b++)
            {
                for (var i = 0; i < 40; i++)
                {
                    var p = Next(off: i < burst);
                    smallest = b >= bursts - 20 ? Math.Min(smallest, p) : smallest;
                }
            }
            return smallest;
        }

        /// <summary>The tail after each of <paramref name="length"/> more points, off where <paramref name="off"/> says.</summary>
        public double[] Run(int length, Func<int, bool> off, Func<int, int> direction)
        {
            var tails = new double[length];
            for (var i = 0; i < length; i++)
            {
                tails[i] = Next(off(i), direction(i));
            }
            return tails;
        }
    }

    [Fact]
    public void Observe_BurstsOfTheUsualLength_AreNoEvidence()
    {
        Assert.Equal(1.0, new Feed().Bursts(bursts: 100, burst: 5));
    }

    [Fact]
    public void Observe_AnExcursionLongerThanAnyBefore_IsEvidenceThatGrowsWithItsLength()
    {
        var feed = new Feed();
        feed.Bursts(bursts: 100, burst: 5);
        var tails = feed.Run(12, _ => true, _ => 1);
        Assert.All(tails[..5], p => Assert.Equal(1.0, p)); // as long as the usual bursts: nothing new
        Assert.True(tails[5] < 0.01, $"the 6th point of a 5-point-record series: p = {tails[5]}");
        // Longer is rarer, though not by e^(6 / 2.5): each point past the record also counts towards the series' rate
        // of running past it.
        Assert.True(tails[11] < tails[5], $"12 points: p = {tails[11]}, 6 points: p = {tails[5]}");
    }

    [Fact]
    public void Observe_OneOrdinaryPointInsideAnExcursion_DoesNotEndIt()
    {
        var feed = new Feed();
        feed.Bursts(bursts: 100, burst: 5);
        var tails = feed.Run(11, i => i != 4, _ => 1); // 4 off, 1 ordinary, 6 off
        Assert.True(tails[^1] < 0.01, $"p = {tails[^1]}");
    }

    [Fact]
    public void Observe_OffPointsOnAlternatingSides_AreNotOneExcursion()
    {
        var feed = new Feed();
        feed.Bursts(bursts: 100, burst: 5);
        var tails = feed.Run(30, _ => true, i => i / 3 % 2 == 0 ? 1 : -1);
        Assert.Equal(1.0, tails.Min());
    }

    [Fact]
    public void WriteRead_RoundTrips_AndScoresAlike()
    {
        var a = new Feed();
        a.Bursts(bursts: 50, burst: 4);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            a.Model.Write(writer);
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
            Assert.Equal(a.Model.Observe(true, 1, 2001 + i, true), b.Observe(true, 1, 2001 + i, true));
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
