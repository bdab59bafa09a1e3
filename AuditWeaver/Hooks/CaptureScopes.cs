using System.Threading;

namespace AuditWeaver.Hooks;

/// <summary>
/// The consumer behind <see cref="Audit.Capture()"/>: it hands each event to the captures open in the async flow that
/// raised it (innermost first, then the ones around it). Active only while at least one capture is open anywhere.
/// </summary>
internal sealed class CaptureScopes : IAuditConsumer
{
    // Tasks and awaits inherit the flow's innermost capture; each capture links to the one it was opened inside.
    private static readonly AsyncLocal<AuditCapture?> s_current = new();
    private static int s_open;

    private CaptureScopes()
    {
    }

    internal static CaptureScopes Instance { get; } = new();

    public bool IsActive => Volatile.Read(ref s_open) > 0;

    public bool CallsRefresh => true;

    // A capture keeps every event it records, and a capture's denial carries its event.
    public bool KeepsEvents => true;

    internal static AuditCapture? Current => s_current.Value;

    public void OnEvent(AuditEvent auditEvent)
    {
        var innermost = s_current.Value;
        for (var capture = innermost; capture != null; capture = capture.Outer)
        {
            capture.Record(auditEvent);
        }

        // Every capture records the event before any of them denies it: a denial is never silent.
        for (var capture = innermost; capture != null; capture = capture.Outer)
        {
            capture.DenyIfAsked(auditEvent);
        }
    }

    internal static void Open(AuditCapture capture)
    {
        s_current.Value = capture;
        Interlocked.Increment(ref s_open);

        // Every open refreshes, not only the first: when two flows open at once, the second must not raise events before
        // the first one's refresh has put the captures among the consumers events go to.
        HookRegistry.Refresh();
    }

    internal static void Close(AuditCapture capture)
    {
        // Only the flow that opened the capture has it as current; elsewhere the closed capture just stops recording.
        if (s_current.Value == capture)
        {
            s_current.Value = capture.Outer;
        }

        if (Interlocked.Decrement(ref s_open) == 0)
        {
            HookRegistry.Refresh();
        }
    }
}
