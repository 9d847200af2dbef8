using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests;

public sealed class ConventionTests
{
    [Fact]
    public void CorrelationAssembly_ReferencesOnlyCoreAndTheBcl()
    {
        var references = typeof(TopologyGraph).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Vigil.Core", references);
        Assert.All(references, name => Assert.True(
            name == "Vigil.Core" || name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
            $"Vigil.Correlation must stay a pure library, but references {name}"));
    }
}
