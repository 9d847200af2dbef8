using Vigil.Server.Hosting;
using Vigil.Server.Notifications;
using Vigil.Server.Tests.Infrastructure;

namespace Vigil.Server.Tests.Notifications;

/// <summary>The <c>Notifications</c> and <c>Topology</c> sections of the YAML config file, as <c>vigil serve</c> reads it.</summary>
public sealed class NotificationsConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new("vigil-notify-config");

    [Fact]
    public void Load_NotificationsAndTopologySections_Bound()
    {
        var topology = _dir.Combine("topology.yaml");
        File.WriteAllText(topology, "entities:\n  - {id: service/a, kind: service}\n");
        var file = _dir.Combine("vigil.yaml");
        File.WriteAllText(file, $$"""
            Topology:
              File: {{topology}}
              RefreshInterval: 00:00:30
            Notifications:
              ExternalUrl: https://vigil.example.com/
              RepeatInterval: 02:00:00
              Receivers:
                - Name: slack-ops
                  Type: slack
                  Url: https://hooks.slack.com/services/T0/B0/x
                - Name: pager
                  Url: https://pager.example.com/hook
                  Headers:
                    Authorization: Bearer abc
              Routes:
                - Receiver: pager
                  MinSeverity: critical
                  Continue: true
                - Receiver: slack-ops
                  Match: '{team="ops"}'
              DefaultReceiver: slack-ops
            """);

        var options = ServerConfiguration.Load(file, new Dictionary<string, string?>());

        Assert.Equal(TimeSpan.FromSeconds(30), options.Topology.RefreshInterval);
        Assert.Equal(topology, options.Topology.File);
        var n = options.Notifications;
        Assert.Equal(TimeSpan.FromHours(2), n.RepeatInterval);
        Assert.Equal([("slack-ops", ReceiverType.Slack), ("pager", ReceiverType.Webhook)], n.Receivers.Select(r => (r.Name, r.Type)));
        Assert.Equal("Bearer abc", n.Receivers[1].Headers["Authorization"]);
        Assert.Equal([("pager", "critical", true), ("slack-ops", null, false)], n.Routes.Select(r => (r.Receiver, r.MinSeverity, r.Continue)));
        Assert.Equal("{team=\"ops\"}", n.Routes[1].Match);
        Assert.Equal("slack-ops", n.DefaultReceiver);
    }

    [Theory]
    [InlineData("Notifications:\n  Receivers:\n    - Name: x\n      Type: email\n      Url: http://a/\n", "Notifications:Receivers:0:Type")]
    [InlineData("Notifications:\n  Receivers:\n    - Name: x\n      Url: nowhere\n", "Notifications: Receivers:0:Url: \"nowhere\"")]
    [InlineData("Notifications:\n  Routes:\n    - Receiver: y\n", "Notifications: Routes:0:Receiver: \"y\" is not a receiver")]
    [InlineData("Topology:\n  RefreshInterval: 00:00:00.5\n", "Topology: RefreshInterval")]
    public void Load_BadSection_NamesTheSetting(string yaml, string named)
    {
        var file = _dir.Combine("bad.yaml");
        File.WriteAllText(file, yaml);

        var e = Assert.Throws<OptionsValidationException>(() => ServerConfiguration.Load(file, new Dictionary<string, string?>()));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
