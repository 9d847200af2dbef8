namespace Vigil.Simulation.Generation;

/// <summary>One log line a service wrote.</summary>
/// <param name="Timestamp">When it was written.</param>
/// <param name="Service">The service (OTLP <c>service.name</c>).</param>
/// <param name="Host">The host it runs on (OTLP <c>host.name</c>).</param>
/// <param name="Severity">INFO, WARN or ERROR.</param>
/// <param name="Body">The message.</param>
public sealed record SimulatedLogLine(DateTimeOffset Timestamp, string Service, string Host, string Severity, string Body);
