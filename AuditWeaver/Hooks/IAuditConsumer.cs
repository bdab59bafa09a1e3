namespace AuditWeaver.Hooks;

/// <summary>
/// Something inside the runtime, other than a user's hook, that consumes events: the event log, EventSource, metrics,
/// scoped captures, policies. Consumers see each event before the hooks, in the order they were added, and like hooks
/// they may throw to deny it (a policy logs first, then denies).
/// </summary>
internal interface IAuditConsumer
{
    /// <summary>
    /// True while the consumer wants events. Read only when <see cref="HookRegistry.Refresh"/> recomputes
    /// <see cref="Audit.IsEnabled"/>; a consumer whose activity changes calls Refresh.
    /// </summary>
    bool IsActive { get; }

    void OnEvent(AuditEvent auditEvent);
}
