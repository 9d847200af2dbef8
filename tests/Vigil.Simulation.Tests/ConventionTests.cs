using Vigil.Simulation.Generation;

namespace Vigil.Simulation.Tests;

public sealed class ConventionTests
{
    [Fact]
    public void SimulationAssembly_ReferencesOnlyCoreAndTheBcl()
    {
        var references = typeof(FleetSimulator).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Vigil.Core", references);
        Assert.All(references, name => Assert.True(
            name == "Vigil.Core" || name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
            $"Vigil.Simulation must stay a pure library, but references {name}"));
    }
}
