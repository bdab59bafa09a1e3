using System;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Tracing;
using AuditWeaver.Hooks;

namespace AuditWeaver.Diagnostics;

/// <summary>
/// The <c>AuditWeaver</c> EventSource: every audit event, for EventListeners in the process and for EventPipe/ETW
/// sessions outside it (<c>dotnet-trace collect --providers AuditWeaver</c>). It is a consumer that is active only while
/// a listener or session has enabled it, so a process nobody traces pays nothing at its call sites.
/// </summary>
[EventSource(Name = SourceName)]
internal sealed class AuditEventSource : EventSource, IAuditConsumer
{
    internal const string SourceName = "AuditWeaver";

    internal const int RaisedEventId = 1;

    private AuditEventSource()
    {
    }

    internal static AuditEventSource Log { get; } = new();

    bool IAuditConsumer.IsActive => IsEnabled();

    // OnEventCommand refreshes on every enable and disable.
    bool IAuditConsumer.CallsRefresh => true;

    // The payload is strings copied out of the event.
    bool IAuditConsumer.KeepsEvents => false;

    void IAuditConsumer.OnEvent(AuditEvent auditEvent)
    {
        // Enabling is per level and keyword; the consumer flag only says that some session is listening.
        if (IsEnabled(EventLevel.Informational, EventKeywords.All))
        {
            Raised(
                auditEvent.Name,
                auditEvent.Category,
                auditEvent.FormatArguments(),
                auditEvent.Api ?? string.Empty,
                auditEvent.Caller ?? string.Empty,
                auditEvent.SourceFile ?? string.Empty,
                auditEvent.Line ?? 0);
        }
    }

    /// <summary>One audit event. Unknown API, caller and source file are empty; an unknown line is 0.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The payload is strings and an int, which need no reflection.")]
    [Event(RaisedEventId, Level = EventLevel.Informational, Message = "{0}({2}) api={3} caller={4}")]
    public unsafe void Raised(string name, string category, string arguments, string api, string caller, string sourceFile, int line)
    {
        // WriteEventCore rather than WriteEvent(params object[]): no boxing, and no reflection the trimmer cannot see.
        fixed (char* namePointer = name)
        fixed (char* categoryPointer = category)
        fixed (char* argumentsPointer = arguments)
        fixed (char* apiPointer = api)
        fixed (char* callerPointer = caller)
        fixed (char* sourceFilePointer = sourceFile)
        {
            var data = stackalloc EventData[7];
            SetString(ref data[0], namePointer, name);
            SetString(ref data[1], categoryPointer, category);
            SetString(ref data[2], argumentsPointer, arguments);
            SetString(ref data[3], apiPointer, api);
            SetString(ref data[4], callerPointer, caller);
            SetString(ref data[5], sourceFilePointer, sourceFile);
            data[6].DataPointer = (IntPtr)(&line);
            data[6].Size = sizeof(int);
            WriteEventCore(RaisedEventId, 7, data);
        }
    }

    /// <summary>A session enabled or disabled the source: woven call sites must start or stop raising events.</summary>
    protected override void OnEventCommand(EventCommandEventArgs command) => HookRegistry.Refresh();

    private static unsafe void SetString(ref EventData data, char* pointer, string value)
    {
        data.DataPointer = (IntPtr)pointer;
        data.Size = (value.Length + 1) * sizeof(char);
    }
}
