using System.Reflection;
using Vigil.Logs.Mining;

namespace Vigil.Logs.Tests;

/// <summary>Conventions as tests: the algorithm library stays BCL-only and its public classes are sealed or static.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly Library = typeof(TemplateMiner).Assembly;

    [Fact]
    public void VigilLogs_ReferencesOnlyTheBaseClassLibrary()
    {
        var references = Library.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
            $"Vigil.Logs references {name}"));
    }

    [Fact]
    public void VigilLogs_PublicClassesAreSealedOrStatic()
    {
        var open = Library.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(open);
    }
}
