using Vigil.Detection.Robust;

namespace Vigil.Detection.Tests.Robust;

public sealed class SaturationModelTests
{
    [Fact]
    public void Observe_ValueOnAnExtremeHitBefore_IsPinnedOnlyAfterEnoughHits()
    {
        var model = new SaturationModel();
        Assert.False(model.Observe(30, hits: 3));
        Assert.False(model.Observe(100, hits: 3)); // a new top
        Assert.False(model.Observe(50, hits: 3));
        Assert.False(model.Observe(100, hits: 3)); // one earlier hit
        Assert.False(model.Observe(100, hits: 3)); // two
        Assert.True(model.Observe(100, hits: 3)); // three earlier points sat on it: a ceiling
        Assert.False(model.Observe(99.999, hits: 3)); // near the ceiling is not on it
        Assert.False(model.Observe(100.5, hits: 3)); // above it is a new top, counted afresh
        Assert.False(model.Observe(100, hits: 3));
    }

    [Fact]
    public void Observe_Floor_IsPinnedLikeACeiling()
    {
        var model = new SaturationModel();
        model.Observe(5, hits: 2);
        model.Observe(0, hits: 2);
        model.Observe(0, hits: 2);
        Assert.True(model.Observe(0, hits: 2));
        Assert.False(model.Observe(-1, hits: 2));
    }

    [Fact]
    public void WriteRead_RoundTrips()
    {
        var model = new SaturationModel();
        foreach (var x in new[] { 1.0, 7, 7, 3, 7 })
        {
            model.Observe(x, hits: 3);
        }
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            model.Write(writer);
        }
        Assert.Equal(SaturationModel.StateBytes, stream.Length);
        stream.Position = 0;
        var copy = new SaturationModel();
        using (var reader = new BinaryReader(stream))
        {
            copy.Read(reader);
        }
        Assert.True(copy.Observe(7, hits: 3));
        Assert.True(model.Observe(7, hits: 3));
    }
}
