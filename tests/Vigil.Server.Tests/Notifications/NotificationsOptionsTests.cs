using Vigil.Core.Series;
using Vigil.Server.Hosting;
using Vigil.Server.Notifications;
using Vigil.Server.Notifications.Route;

namespace Vigil.Server.Tests.Notifications;

public sealed class NotificationsOptionsTests
{
    private static NotificationsOptions Valid()
    {
        var options = new NotificationsOptions();
        options.Receivers.Add(new ReceiverOptions { Name = "a", Url = "http://127.0.0.1:1/a" });
        options.Receivers.Add(new ReceiverOptions { Name = "b", Type = ReceiverType.Slack, Url = "https://hooks.slack.com/services/x" });
        return options;
    }

    private static IncidentNotification N(int severity, params string[] labels) => new()
    {
        IncidentId = "i", Status = IncidentStatus.Firing, Title = "t", Severity = severity, StartedAt = DateTimeOffset.UnixEpoch, Labels = Labels.From(labels),
    };

    [Theory]
    [InlineData("Receivers:2:Name: \"a\" is used twice")]
    [InlineData("Receivers:2:Url: \"ftp://x\" is not an absolute http(s) URL")]
    [InlineData("Routes:0:Receiver: \"nobody\" is not a receiver")]
    [InlineData("Routes:0:Match: ")]
    [InlineData("Routes:0:MinSeverity: \"huge\" is not a band")]
    [InlineData("DefaultReceiver: \"zed\" is not a receiver")]
    [InlineData("MaxBackoff: ")]
    [InlineData("QueueCapacity: 0")]
    public void Validate_Bad_NamesTheSetting(string expected)
    {
        var options = Valid();
        switch (expected.Split(':')[0])
        {
            case "Receivers" when expected.Contains("twice", StringComparison.Ordinal):
                options.Receivers.Add(new ReceiverOptions { Name = "a", Url = "http://x/" });
                break;
            case "Receivers":
                options.Receivers.Add(new ReceiverOptions { Name = "c", Url = "ftp://x" });
                break;
            case "Routes" when expected.Contains("Receiver", StringComparison.Ordinal):
                options.Routes.Add(new RouteOptions { Receiver = "nobody" });
                break;
            case "Routes" when expected.Contains("Match", StringComparison.Ordinal):
                options.Routes.Add(new RouteOptions { Receiver = "a", Match = "{team=" });
                break;
            case "Routes":
                options.Routes.Add(new RouteOptions { Receiver = "a", MinSeverity = "huge" });
                break;
            case "DefaultReceiver":
                options.DefaultReceiver = "zed";
                break;
            case "MaxBackoff":
                options.MaxBackoff = TimeSpan.FromMilliseconds(1);
                break;
            default:
                options.QueueCapacity = 0;
                break;
        }

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerOptions_BadNotifications_ListedUnderTheSection()
    {
        var options = new ServerOptions();
        options.Notifications.Routes.Add(new RouteOptions { Receiver = "ghost" });

        var e = Assert.Throws<OptionsValidationException>(options.Validate);

        Assert.Contains(e.Errors, m => m.StartsWith("Notifications: Routes:0:Receiver: \"ghost\" is not a receiver", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_FirstMatchStops_ContinueGoesOn_DefaultWhenNone()
    {
        var options = Valid();
        options.Routes.Add(new RouteOptions { Receiver = "a", Match = "{team=~\"ops|sre\"}", MinSeverity = "50", Continue = true });
        options.Routes.Add(new RouteOptions { Receiver = "b", Match = "{env=\"prod\"}" });
        options.Routes.Add(new RouteOptions { Receiver = "a", Match = "{env=\"prod\"}" });
        options.DefaultReceiver = "b";
        var router = new NotificationRouter(options);

        Assert.Equal(["a", "b"], router.Route(N(60, "team", "sre", "env", "prod")));
        Assert.Equal(["b"], router.Route(N(40, "team", "sre", "env", "prod")));
        Assert.Equal(["a"], router.Route(N(80, "team", "ops")));
        Assert.Equal(["b"], router.Route(N(80, "team", "dev")));
    }

    [Fact]
    public void Route_MinSeverityBand_UsesItsLowerBound()
    {
        var options = Valid();
        options.Routes.Add(new RouteOptions { Receiver = "b", MinSeverity = "critical" });
        var router = new NotificationRouter(options);

        Assert.Empty(router.Route(N(74)));
        Assert.Equal(["b"], router.Route(N(75)));
    }
}
