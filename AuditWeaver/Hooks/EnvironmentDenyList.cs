using System;
using System.Linq;
using AuditWeaver.Policies;

namespace AuditWeaver.Hooks;

/// <summary>
/// AUDITWEAVER_DENY=<c>process.start,network.*</c>: events matching any pattern are refused with
/// <see cref="AuditDeniedException"/>, after the event log (when there is one) has written them and after a line on
/// standard error: a denial is never silent (PEP 551).
/// </summary>
internal sealed class EnvironmentDenyList : IAuditConsumer
{
    private readonly EventPattern[] _patterns;

    private EnvironmentDenyList(EventPattern[] patterns)
    {
        _patterns = patterns;
    }

    public bool IsActive => true;

    // Always active: there is no change to announce.
    public bool CallsRefresh => true;

    // A denial's exception carries the event.
    public bool KeepsEvents => true;

    /// <summary>The list in <paramref name="value"/> (patterns separated by commas, semicolons or spaces), or null when empty.</summary>
    internal static EnvironmentDenyList? Parse(string? value)
    {
        var patterns = (value ?? string.Empty)
            .Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new EventPattern(p))
            .ToArray();
        return patterns.Length == 0 ? null : new EnvironmentDenyList(patterns);
    }

    /// <summary>The pattern that denies <paramref name="auditEvent"/>, or null.</summary>
    internal EventPattern? Match(AuditEvent auditEvent) => Match(auditEvent.Name);

    /// <summary>The pattern that denies events named <paramref name="name"/>, or null.</summary>
    internal EventPattern? Match(string name) => _patterns.FirstOrDefault(p => p.Matches(name));

    public void OnEvent(AuditEvent auditEvent)
    {
        var pattern = Match(auditEvent);
        if (pattern == null)
        {
            return;
        }

        var reason = EnvironmentConsumers.DenyVariable + " lists '" + pattern + "'";
        Console.Error.WriteLine("audit: denied " + auditEvent.Name + ": " + reason);
        throw new AuditDeniedException(auditEvent, reason);
    }
}
