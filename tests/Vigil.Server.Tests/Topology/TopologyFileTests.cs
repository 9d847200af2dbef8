using Vigil.Core.Topology;
using Vigil.Server.Topology;

namespace Vigil.Server.Tests.Topology;

public sealed class TopologyFileTests
{
    [Fact]
    public void TryParse_WellFormed_EntitiesEdgesAndLabels()
    {
        const string yaml = """
            entities:
              - id: service/checkout
                kind: service
                labels: {team: shop, tier: "1"}
              - id: db/orders
                kind: database
            edges:
              - from: service/checkout
                to: db/orders
                kind: depends-on
              - {from: service/checkout, to: service/payments}
            """;

        Assert.True(TopologyFile.TryParse(yaml, "topology.yaml", out var document, out var error), error);
        Assert.True(document.TryConvert(out var entities, out var edges, out error), error);

        Assert.Equal([new Entity("service/checkout", EntityKind.Service) { Labels = Core.Series.Labels.From("team", "shop", "tier", "1") }, new Entity("db/orders", EntityKind.Database)], entities);
        Assert.Equal([new TopologyEdge("service/checkout", "db/orders", EdgeKind.DependsOn), new TopologyEdge("service/checkout", "service/payments", EdgeKind.Calls)], edges);
    }

    [Theory]
    [InlineData("entities:\n  - id: a\n    kind: servce\n", "topology.yaml", "line 2: entities[0].kind: \"servce\" is not one of")]
    [InlineData("entities:\n  - id: a\n  - kind: host\n", "topology.yaml", "line 3: entities[1].id: required")]
    [InlineData("edges:\n  - from: a\n    to: a\n", "topology.yaml", "line 2: edges[0]: an edge from \"a\" to itself")]
    [InlineData("edges:\n  - from: a\n    too: b\n", "topology.yaml:3", "unknown field \"too\"")]
    [InlineData("entities:\n  - id: a\n    labels: {bad-name: x}\n", "topology.yaml", "line 2: entities[0].labels: \"bad-name\" is not a valid label name")]
    [InlineData("entities:\n  - id: a\n  - id: a\n", "topology.yaml", "line 3: entities[1].id: \"a\" is declared twice")]
    [InlineData("nodes: []\n", "topology.yaml:1", "unknown key \"nodes\"")]
    [InlineData("entities: [\n  {id: a\n", "topology.yaml:", "")]
    [InlineData("entities:\n  - id: a\n    source: inferred\n", "topology.yaml", "line 2: entities[0].source: \"inferred\" cannot be written")]
    public void TryParse_Bad_ErrorNamesLineAndField(string yaml, string expectedPrefix, string expected)
    {
        var ok = TopologyFile.TryParse(yaml, "topology.yaml", out var document, out var error);
        if (ok)
        {
            ok = document!.TryConvert(out _, out _, out error);
            error = "topology.yaml: " + error;
        }

        Assert.False(ok);
        Assert.StartsWith(expectedPrefix, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OptionsWithBadFile_NamesFileAndLine()
    {
        using var dir = new Infrastructure.TempDirectory("vigil-topology");
        var path = dir.Combine("topology.yaml");
        File.WriteAllText(path, "entities:\n  - id: a\n    kind: dragon\n");
        var options = new TopologyOptions { File = path };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains($"File: {path}: line 2: entities[0].kind: \"dragon\"", e.Message, StringComparison.Ordinal);
    }
}
