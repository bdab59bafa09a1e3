namespace AuditWeaver.Hooks;

/// <summary>
/// Something inside the runtime, other than a user's hook, that consumes events: the event log, EventSource, metrics,
/// scoped captures, policies. Consumers see each event before the hooks, in the order they were added, and like hooks
/// they may throw to deny it (a policy logs first, then denies).
/// </summary>
internal interface IAuditConsumer
{
    /// <summary>
    /// True while the consumer wants events. Read when <see cref="HookRegistry.Refresh"/> recomputes
    /// <see cref="Audit.IsEnabled"/> and the consumers events go to (and per event for a consumer that polls, see
    /// <see cref="CallsRefresh"/>); a consumer whose activity changes calls Refresh, unless CallsRefresh is false.
    /// </summary>
    bool IsActive { get; }

    /// <summary>
    /// True when the consumer calls <see cref="HookRegistry.Refresh"/> every time <see cref="IsActive"/> changes, so
    /// dispatch may skip it while it was inactive at the last refresh. False for a consumer nobody tells about its
    /// listeners (metrics and tracing poll): dispatch then offers it every event and it checks for itself; when it is the
    /// last consumer dispatched to, dispatch reads its <see cref="IsActive"/> on every event instead, so that must then be
    /// cheap and safe on any thread.
    /// </summary>
    bool CallsRefresh { get; }

    /// <summary>
    /// True when the consumer may hold on to an event after <see cref="OnEvent"/> returns or throws (a capture's list, a
    /// denial's exception). While such a consumer is dispatched to, every event is a fresh object; otherwise an event
    /// object may be reused on the thread once dispatch returns (see <see cref="HookInspection"/>).
    /// </summary>
    bool KeepsEvents { get; }

    /// <summary>
    /// One event. May arrive just after the consumer went inactive (a refresh races with dispatch, and consumers that
    /// poll get every event), so it checks its own state rather than trusting that it is active.
    /// </summary>
    void OnEvent(AuditEvent auditEvent);
}

/// <summary>
/// A consumer that keeps events in memory before writing them out (the event log). Whatever it holds must be written
/// before a denial's exception leaves the call site, so dispatch asks it to on every exception.
/// </summary>
internal interface IBufferedConsumer
{
    /// <summary>Writes everything held so far, on the calling thread, before returning. Never throws.</summary>
    void WritePending();
}
