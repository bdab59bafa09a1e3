using System;
using Microsoft.Extensions.Logging;

namespace AuditWeaver.Extensions.Logging;

/// <summary>How <c>AddAuditLogging</c> writes audit events.</summary>
public sealed class AuditLoggingOptions
{
    /// <summary>The level of every audit entry. Default: <see cref="LogLevel.Information"/>.</summary>
    public LogLevel Level { get; set; } = LogLevel.Information;

    /// <summary>The logger category, which logging filters select by. Default: <c>AuditWeaver</c>.</summary>
    public string CategoryName { get; set; } = "AuditWeaver";

    /// <summary>Which events to write; null (the default) writes every one.</summary>
    public Func<AuditEvent, bool>? Filter { get; set; }
}
