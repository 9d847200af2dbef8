namespace Vigil.Logs.Formats;

/// <summary>The format a line's header was read with.</summary>
public enum LineFormat
{
    /// <summary>No header was recognized: the whole line is the message.</summary>
    Plain = 0,

    /// <summary>A header described by a <see cref="LogFormat"/> (logparser's format syntax).</summary>
    Custom,

    /// <summary>Syslog as in RFC 5424: <c>&lt;PRI&gt;1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG</c>.</summary>
    Syslog5424,

    /// <summary>BSD syslog as in RFC 3164: <c>&lt;PRI&gt;Mmm dd hh:mm:ss HOST TAG[PID]: MSG</c>.</summary>
    Syslog3164,

    /// <summary>A JSON object per line with a message field (<c>msg</c>, <c>message</c>, …).</summary>
    Json,

    /// <summary>logfmt: <c>key=value</c> pairs with a <c>msg</c> or <c>message</c> key.</summary>
    Logfmt,
}
