namespace Vigil.Detection.Tests;

public sealed class DetectorCatalogTests
{
    [Theory]
    [InlineData("vigil")]
    [InlineData("robust")]
    [InlineData("seasonal")]
    [InlineData("spectral")]
    [InlineData("contextual")]
    public void Update_Spike_ScoresHighestAfterWarmUp(string name)
    {
        Assert.True(DetectorCatalog.TryCreate(name, out var factory));
        var (t, v) = Synthetic.Series(4000, TimeSpan.FromMinutes(5), amplitude: 20, noise: 1);
        v[3000] += 30;
        var scores = Synthetic.Run(factory(), t, v);
        var spike = scores[3000..3003].Max();
        var before = scores[1500..3000].Max();
        Assert.True(spike > before, $"{name}: spike {spike:F3}, normal points up to {before:F3}");
    }

    [Fact]
    public void Update_LevelShift_CusumScoresHighestAfterWarmUp()
    {
        Assert.True(DetectorCatalog.TryCreate("cusum", out var factory));
        var (t, v) = Synthetic.Series(4000, TimeSpan.FromMinutes(5), amplitude: 0, noise: 1);
        for (var i = 3000; i < v.Length; i++)
        {
            v[i] += 2; // two sigma: invisible point by point, plain as a sum
        }
        var scores = Synthetic.Run(factory(), t, v);
        Assert.True(scores[3000..3040].Max() > scores[1000..3000].Max());
    }

    [Fact]
    public void TryCreate_UnknownName_ReturnsFalse() => Assert.False(DetectorCatalog.TryCreate("nope", out _));

    [Fact]
    public void Assembly_DependsOnTheBclOnly()
    {
        // Algorithms are pure libraries (docs: ARCHITECTURE.md): no hosting, web, Orleans or I/O frameworks.
        var references = typeof(DetectorCatalog).Assembly.GetReferencedAssemblies();
        Assert.All(references, r => Assert.True(
            r.Name is not null && (r.Name.StartsWith("System", StringComparison.Ordinal) || r.Name == "netstandard"),
            $"Vigil.Detection references {r.Name}"));
    }
}
