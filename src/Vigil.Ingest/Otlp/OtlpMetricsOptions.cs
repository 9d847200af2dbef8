using System.Collections.Frozen;
using Vigil.Core.Series;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// How OTLP metrics become Prometheus series. Resource attributes name the producer (service, host, pod …); every
/// one promoted to a label multiplies nothing but widens every series of that resource, so only a documented
/// list is promoted by default (<see cref="DefaultPromotedResourceAttributes"/>). Data point attributes always
/// become labels. Validated when the decoder is built.
/// </summary>
public sealed record OtlpMetricsOptions
{
    /// <summary>
    /// The resource attributes promoted by default and the label each becomes:
    /// <c>service.name</c> → <c>service</c>, <c>service.namespace</c> → <c>namespace</c>,
    /// <c>service.instance.id</c> → <c>instance</c>, <c>host.name</c> → <c>host</c>,
    /// <c>deployment.environment</c> and <c>deployment.environment.name</c> → <c>env</c>,
    /// <c>k8s.namespace.name</c> → <c>k8s_namespace</c>, <c>k8s.pod.name</c> → <c>k8s_pod</c>,
    /// <c>k8s.container.name</c> → <c>k8s_container</c>, <c>k8s.node.name</c> → <c>k8s_node</c>,
    /// <c>k8s.deployment.name</c> → <c>k8s_deployment</c>, <c>cloud.region</c> → <c>cloud_region</c>,
    /// <c>cloud.availability_zone</c> → <c>cloud_zone</c>.
    /// </summary>
    public static FrozenDictionary<string, string> DefaultPromotedResourceAttributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["service.name"] = "service",
        ["service.namespace"] = "namespace",
        ["service.instance.id"] = "instance",
        ["host.name"] = "host",
        ["deployment.environment"] = "env",
        ["deployment.environment.name"] = "env",
        ["k8s.namespace.name"] = "k8s_namespace",
        ["k8s.pod.name"] = "k8s_pod",
        ["k8s.container.name"] = "k8s_container",
        ["k8s.node.name"] = "k8s_node",
        ["k8s.deployment.name"] = "k8s_deployment",
        ["cloud.region"] = "cloud_region",
        ["cloud.availability_zone"] = "cloud_zone",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Resource attribute → label name for the attributes promoted to labels (default: <see cref="DefaultPromotedResourceAttributes"/>).</summary>
    public IReadOnlyDictionary<string, string> PromotedResourceAttributes { get; init; } = DefaultPromotedResourceAttributes;

    /// <summary>
    /// Promote every resource attribute, those not in <see cref="PromotedResourceAttributes"/> under their sanitized
    /// name (<c>os.type</c> → <c>os_type</c>). Off by default: SDKs attach a dozen attributes (telemetry.sdk.*,
    /// process.*) that would widen every series.
    /// </summary>
    public bool PromoteAllResourceAttributes { get; init; }

    /// <summary>The defaults.</summary>
    public static OtlpMetricsOptions Default { get; } = new();

    /// <summary>Throws when a promoted label name is not a valid, non-reserved Prometheus label name.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(PromotedResourceAttributes, nameof(PromotedResourceAttributes));
        foreach (var (attribute, label) in PromotedResourceAttributes)
        {
            if (!LabelNames.IsValidLabelName(label) || label.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"{nameof(PromotedResourceAttributes)}: \"{attribute}\" maps to \"{label}\", which is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)",
                    nameof(PromotedResourceAttributes));
            }
        }
    }
}
