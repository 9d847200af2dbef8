namespace Vigil.Detection.Tests;

public sealed class SnapshotTests
{
    public static TheoryData<string> Detectors() => [.. DetectorCatalog.Names];

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Restore_ThenContinue_GivesIdenticalResults(string name)
    {
        Assert.True(DetectorCatalog.TryCreate(name, out var factory));
        var (time, value) = Synthetic.Series(6000, TimeSpan.FromMinutes(5), amplitude: 20, noise: 2);
        value[4500] += 60;
        var original = factory();
        for (var i = 0; i < 3000; i++)
        {
            original.Update(time[i], value[i]);
        }
        var snapshot = DetectorSnapshot.Save(original);
        var restored = factory();
        DetectorSnapshot.Restore(restored, snapshot);
        for (var i = 3000; i < value.Length; i++)
        {
            Assert.Equal(original.Update(time[i], value[i]), restored.Update(time[i], value[i]));
        }
        Assert.Equal(DetectorSnapshot.Save(original), DetectorSnapshot.Save(restored));
    }

    [Fact]
    public void Restore_OtherDetector_Throws()
    {
        Assert.True(DetectorCatalog.TryCreate("robust", out var robust));
        Assert.True(DetectorCatalog.TryCreate(DetectorCatalog.Default, out var ensemble));
        var snapshot = DetectorSnapshot.Save(robust());
        Assert.Throws<InvalidDataException>(() => DetectorSnapshot.Restore(ensemble(), snapshot));
    }

    [Fact]
    public void Restore_Truncated_Throws()
    {
        Assert.True(DetectorCatalog.TryCreate(DetectorCatalog.Default, out var factory));
        var snapshot = DetectorSnapshot.Save(factory());
        Assert.Throws<InvalidDataException>(() => DetectorSnapshot.Restore(factory(), snapshot[..(snapshot.Length / 2)]));
    }

    [Fact]
    public void Restore_Garbage_Throws()
    {
        Assert.True(DetectorCatalog.TryCreate(DetectorCatalog.Default, out var factory));
        Assert.Throws<InvalidDataException>(() => DetectorSnapshot.Restore(factory(), [1, 2, 3, 4, 5, 6, 7, 8]));
    }
}
