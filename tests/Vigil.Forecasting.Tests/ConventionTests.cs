namespace Vigil.Forecasting.Tests;

/// <summary>Conventions of the architecture, checked by reflection.</summary>
public sealed class ConventionTests
{
    [Fact]
    public void ForecastingAssembly_ReferencesTheBclOnly()
    {
        var references = typeof(Forecaster).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => !name.StartsWith("System", StringComparison.Ordinal) && name != "netstandard" && name != "mscorlib")
            .ToArray();
        Assert.Empty(references);
    }

    [Fact]
    public void ForecastingAssembly_PublicTypesAreSealedOrStaticOrEnums()
    {
        var open = typeof(Forecaster).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName)
            .ToArray();
        Assert.Empty(open);
    }
}
