using Vigil.Detection.Robust;

namespace Vigil.Detection.Tests.Robust;

public sealed class HourlyLevelModelTests
{
    private const int PerHour = 12; // 5-minute points
    private const int Days = 6;

    // An idle 5-minute series (0.1 with a little jitter) with a lone 5-point burst to ~90 every 8–15 hours.
    private static double[] Idle(Random random)
    {
        var v = new double[(Days + 1) * 24 * PerHour];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = 0.1 + (0.02 * random.NextDouble());
        }
        for (var at = 50; at < Days * 24 * PerHour; at += 100 + random.Next(80))
        {
            Burst(v, at, 5, random);
        }
        return v;
    }

    private static void Burst(double[] v, int at, int points, Random random)
    {
        for (var k = 0; k < points; k++)
        {
            v[at + k] = 85 + (10 * random.NextDouble());
        }
    }

    /// <summary>Runs the model with the robust model's median and scale, as the ensemble does; the largest surprise
    /// before <paramref name="from"/> and from it on.</summary>
    private static (double Before, double After) Run(HourlyLevelModel model, double[] v, int from)
    {
        var robust = new RobustModel(64);
        double before = 0, after = 0;
        for (var i = 0; i < v.Length; i++)
        {
            var r = robust.Observe(v[i]);
            if (!r.Ready)
            {
                continue;
            }
            var s = model.Observe(Synthetic.Start.AddMinutes(5 * i).Ticks, v[i], r.Expected, r.Scale);
            if (s.Ready)
            {
                if (i < from)
                {
                    before = Math.Max(before, s.Value);
                }
                else
                {
                    after = Math.Max(after, s.Value);
                }
            }
        }
        return (before, after);
    }

    [Fact]
    public void Observe_IdleSeriesBusyForHours_StandsOutAgainstEveryEarlierLevel()
    {
        var random = new Random(3);
        var v = Idle(random);
        // Day 7 from 08:00: a 3-point burst every 30 minutes for six hours, each burst like the lone ones before.
        var at = (Days * 24 * PerHour) + (8 * PerHour);
        for (var b = at; b < at + (6 * PerHour); b += 6)
        {
            Burst(v, b, 3, random);
        }

        var (before, after) = Run(new HourlyLevelModel(), v, at);

        Assert.True(before > 0, "the model never judged a level");
        Assert.True(after > 100 * before, $"busy hours {after:F1} against earlier levels up to {before:F2}");
    }

    [Fact]
    public void Observe_OneBusyHour_DoesNotMakeALevel()
    {
        var random = new Random(4);
        var v = Idle(random);
        var at = (Days * 24 * PerHour) + (8 * PerHour);
        for (var b = at; b < at + PerHour; b += 6)
        {
            Burst(v, b, 3, random);
        }

        var (before, after) = Run(new HourlyLevelModel(), v, at);

        Assert.True(after <= before, $"one busy hour {after:F2} against earlier levels up to {before:F2}");
    }

    [Fact]
    public void WriteRead_RoundTrip_GivesIdenticalSurprises()
    {
        var random = new Random(5);
        var v = Idle(random);
        var robust = new RobustModel(64);
        var a = new HourlyLevelModel();
        var split = 4 * 24 * PerHour;
        var centres = new (double Centre, double Scale)[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            var r = robust.Observe(v[i]);
            centres[i] = (r.Expected, Math.Max(r.Scale, 0.01));
        }
        for (var i = 0; i < split; i++)
        {
            a.Observe(Synthetic.Start.AddMinutes(5 * i).Ticks, v[i], centres[i].Centre, centres[i].Scale);
        }
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            a.Write(writer);
        }
        Assert.Equal(a.StateBytes, stream.Length);
        stream.Position = 0;
        var b = new HourlyLevelModel();
        using (var reader = new BinaryReader(stream))
        {
            b.Read(reader);
        }
        var judged = 0;
        for (var i = split; i < v.Length; i++)
        {
            var ticks = Synthetic.Start.AddMinutes(5 * i).Ticks;
            var sa = a.Observe(ticks, v[i], centres[i].Centre, centres[i].Scale);
            Assert.Equal(sa, b.Observe(ticks, v[i], centres[i].Centre, centres[i].Scale));
            judged += sa.Ready ? 1 : 0;
        }
        Assert.True(judged >= 24, $"only {judged} levels judged after the round trip");
    }
}
