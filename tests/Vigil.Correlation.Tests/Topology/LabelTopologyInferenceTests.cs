using Vigil.Core.Series;
using Vigil.Core.Topology;
using Vigil.Correlation.Topology;

namespace Vigil.Correlation.Tests.Topology;

public sealed class LabelTopologyInferenceTests
{
    private static LabelTopologyInference Infer(params Labels[] sets)
    {
        var inference = new LabelTopologyInference();
        foreach (var labels in sets)
        {
            inference.Add(labels);
        }
        return inference;
    }

    [Fact]
    public void Add_PrometheusJobAndInstance_ServiceRunsOnHostWithoutPort()
    {
        var inference = Infer(Labels.From("__name__", "up", "job", "checkout", "instance", "web-1:9100"));

        Assert.Equal([new Entity("host/web-1", EntityKind.Host), new Entity("service/checkout", EntityKind.Service)], inference.Entities);
        Assert.Equal([new TopologyEdge("service/checkout", "host/web-1", EdgeKind.RunsOn)], inference.Edges);
    }

    [Fact]
    public void Add_OtlpKubernetesAttributes_ChainServiceContainerPodNodeAndNamespace()
    {
        // As the OTLP mapper promotes service.name, k8s.container.name, k8s.pod.name, k8s.node.name, k8s.namespace.name.
        var inference = Infer(Labels.From("__name__", "http_server_duration_seconds_count", "service", "cart", "k8s_container", "app",
            "k8s_pod", "cart-7f9", "k8s_node", "node-3", "k8s_namespace", "shop"));

        Assert.Equal(
            [
                new TopologyEdge("container/shop/cart-7f9/app", "pod/shop/cart-7f9", EdgeKind.RunsOn),
                new TopologyEdge("pod/shop/cart-7f9", "host/node-3", EdgeKind.RunsOn),
                new TopologyEdge("pod/shop/cart-7f9", "namespace/shop", EdgeKind.PartOf),
                new TopologyEdge("service/cart", "container/shop/cart-7f9/app", EdgeKind.RunsOn),
            ],
            inference.Edges);
        Assert.Equal(EntityKind.Pod, inference.Entities.Single(e => e.Id == "pod/shop/cart-7f9").Kind);
        Assert.Equal(EntityKind.Namespace, inference.Entities.Single(e => e.Id == "namespace/shop").Kind);
        Assert.Equal(EntityKind.Container, inference.Entities.Single(e => e.Id == "container/shop/cart-7f9/app").Kind);
    }

    [Theory]
    [InlineData("peer_service", "payments")]
    [InlineData("server_address", "payments:8443")]
    [InlineData("destination_service", "payments")]
    public void Add_ClientMetricWithPeer_CallsEdge(string label, string value)
    {
        var inference = Infer(Labels.From("__name__", "http_client_duration_seconds_count", "service", "checkout", label, value));

        Assert.Equal([new TopologyEdge("service/checkout", "service/payments", EdgeKind.Calls)], inference.Edges);
        Assert.Contains(new Entity("service/payments", EntityKind.Service), inference.Entities);
    }

    [Fact]
    public void Add_PeerIsItself_NoSelfEdge()
    {
        var inference = Infer(Labels.From("service", "checkout", "peer_service", "checkout"));

        Assert.Empty(inference.Edges);
    }

    [Fact]
    public void Add_SeriesOfOneTargetTwice_CountedOnceAndSameResult()
    {
        var a = Labels.From("__name__", "up", "job", "api", "instance", "[::1]:9100");
        var b = Labels.From("__name__", "process_cpu_seconds_total", "job", "api", "instance", "[::1]:9100");

        var inference = Infer(a, b, a);

        Assert.Equal(1, inference.LabelSets);
        Assert.Equal([new TopologyEdge("service/api", "host/::1", EdgeKind.RunsOn)], inference.Edges);
    }

    [Fact]
    public void Add_NoTopologyLabels_Ignored()
    {
        var inference = Infer(Labels.From("__name__", "temperature", "room", "kitchen"));

        Assert.Empty(inference.Entities);
        Assert.Equal(0, inference.LabelSets);
    }

    [Fact]
    public void EntityIdsOf_SeriesLabels_MostSpecificFirst()
    {
        var ids = LabelTopologyInference.EntityIdsOf(Labels.From("service", "cart", "pod", "cart-1", "namespace", "shop", "host", "n1"));

        Assert.Equal(["pod/shop/cart-1", "service/cart", "host/n1"], ids);
    }

    [Fact]
    public void Inferred_GraphOfPods_NamespaceIsNoDependency()
    {
        var inference = Infer(
            Labels.From("service", "cart", "pod", "cart-1", "namespace", "shop"),
            Labels.From("service", "ads", "pod", "ads-1", "namespace", "shop"));
        var graph = TopologyGraph.Create(inference.Entities, inference.Edges);

        Assert.Contains(graph.Edges, e => e.Kind == EdgeKind.PartOf);
        Assert.DoesNotContain("namespace/shop", graph.TransitiveDependenciesOf("service/cart").Keys);
        Assert.Null(graph.Distance("pod/shop/cart-1", "pod/shop/ads-1"));
    }
}
