using Vigil.Server.Hosting;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Incidents;

/// <summary>A server whose incidents resolve one second after their signals end, checked every 200 ms, and whose
/// transient pause is one second: a lone critical alert opens its incident a second after it fired.</summary>
public sealed class IncidentsServerFixture : VigilServerFixture
{
    protected override void Configure(ServerOptions options)
    {
        options.Correlation.QuietPeriod = TimeSpan.FromSeconds(1);
        options.Correlation.TransientPause = TimeSpan.FromSeconds(1);
        options.Correlation.TickInterval = TimeSpan.FromMilliseconds(200);
        options.Correlation.Rules.Add(new Vigil.Server.Incidents.CorrelationRuleOptions
        {
            Name = "nodes-by-cluster", Match = "{alertname=\"NodeDown\"}", GroupBy = ["cluster"], Window = TimeSpan.FromMinutes(10),
        });
    }
}
