using Vigil.Ingest.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

public sealed class PrometheusNamingTests
{
    [Theory]
    [InlineData("http.server.duration", "s", "Distribution", "http_server_duration_seconds")]
    [InlineData("http.server.request.duration", "s", "Distribution", "http_server_request_duration_seconds")]
    [InlineData("system.network.io", "By", "Counter", "system_network_io_bytes_total")]
    [InlineData("requests", "{request}", "Counter", "requests_total")]
    [InlineData("requests_total", "", "Counter", "requests_total")]
    [InlineData("total.requests", "", "Counter", "requests_total")]
    [InlineData("throughput", "By/s", "Gauge", "throughput_bytes_per_second")]
    [InlineData("rate", "1/s", "Gauge", "rate_per_second")]
    [InlineData("cpu.utilization", "1", "Gauge", "cpu_utilization_ratio")]
    [InlineData("cpu.ratio", "1", "Gauge", "cpu_ratio")]
    [InlineData("disk.usage_bytes", "By", "Gauge", "disk_usage_bytes")]
    [InlineData("temp", "Cel", "Gauge", "temp_celsius")]
    [InlineData("load", "%", "Gauge", "load_percent")]
    [InlineData("odd", "furlongs/fortnight", "Gauge", "odd_furlongs_per_fortnight")]
    [InlineData("a..b__c", "", "Gauge", "a_b_c")]
    [InlineData("2xx.count", "", "Gauge", "_2xx_count")]
    [InlineData("ns:metric", "", "Gauge", "ns:metric")]
    [InlineData("métrique", "", "Gauge", "m_trique")]
    [InlineData("...", "", "Gauge", "")]
    public void MetricName_AsPrometheusOtlpReceiver(string name, string unit, string type, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.MetricName(name, unit, Enum.Parse<PrometheusMetricType>(type)));
    }

    [Theory]
    [InlineData("http.route", "http_route")]
    [InlineData("job", "job")]
    [InlineData("1st", "key_1st")]
    [InlineData("_private", "key_private")]
    [InlineData("__name__", "key__name__")]
    [InlineData("a-b c", "a_b_c")]
    [InlineData("", "")]
    public void LabelName_Sanitized(string key, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.LabelName(key));
    }

    [Theory]
    [InlineData(0.005, "0.005")]
    [InlineData(1, "1")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(2.5e6, "2500000")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(-1.5e-7, "-0.00000015")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void FormatFloat_LikeGoWithoutExponent(double value, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.FormatFloat(value));
    }
}
