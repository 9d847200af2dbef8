using Vigil.Core.Topology;
using Vigil.Correlation.Topology;
using Vigil.Testing;

namespace Vigil.Correlation.Tests.Topology;

public sealed class AdjacencyMatrixCsvTests
{
    [Fact]
    public void Parse_Matrix_RowCallsColumn()
    {
        var graph = AdjacencyMatrixCsv.Parse(new StringReader(",a,b,\"c,d\"\na,0,1.0,0\nb,0,0,1\n\"c,d\",0,0,0\n"));
        Assert.Equal([new TopologyEdge("a", "b"), new TopologyEdge("b", "c,d")], graph.Edges);
        Assert.Equal(3, graph.Entities.Length);
    }

    [Fact]
    public void Parse_NotANumber_SaysLineAndColumn()
    {
        var e = Assert.Throws<FormatException>(() => AdjacencyMatrixCsv.Parse(new StringReader(",a,b\na,0,x\n")));
        Assert.Contains("line 2, column 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RowTooShort_Throws()
    {
        var e = Assert.Throws<FormatException>(() => AdjacencyMatrixCsv.Parse(new StringReader(",a,b\na,0\n")));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PetShopGraph_HasPetSiteCallingPetSearch()
    {
        var path = Path.Combine(SharedData.RequireDirectory("datasets/petshop"), "low_traffic", "graph.csv");
        using var reader = File.OpenText(path);
        var graph = AdjacencyMatrixCsv.Parse(reader);
        Assert.Equal(42, graph.Entities.Length);
        Assert.Contains(new TopologyEdge("PetSite", "PetSearch_AWS::ECS::Fargate"), graph.Edges);
        Assert.Contains("PetSearch_AWS::ECS::Fargate", graph.TransitiveDependenciesOf("PetSite").Keys);
    }
}
