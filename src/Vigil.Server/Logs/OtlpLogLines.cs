using Vigil.Engine.Logs;
using Vigil.Ingest.Otlp;
using Vigil.Logs.Formats;

namespace Vigil.Server.Logs;

/// <summary>How an OTLP log record becomes a line of its source's shard (the <c>/v1/logs</c> receiver's mapping).</summary>
public static class OtlpLogLines
{
    /// <summary>
    /// The record as a line of its <c>service.name</c>: the body is the message, the raw line is the severity text and
    /// the body, the level is read from the severity text.
    /// </summary>
    /// <param name="record">A decoded record.</param>
    /// <param name="arrivedMs">When it arrived (Unix ms): per-minute counts go by arrival, not by the sender's clock.</param>
    public static SourcedLogLine ToLine(OtlpLogRecord record, long arrivedMs)
    {
        var raw = record.SeverityText.Length > 0 ? record.SeverityText + " " + record.Body : record.Body;
        return new SourcedLogLine(record.Service, new LogLine(arrivedMs, record.Body, raw, LogSeverities.Parse(record.SeverityText)));
    }
}
