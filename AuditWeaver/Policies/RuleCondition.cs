using System.Collections.Generic;
using System.Linq;

namespace AuditWeaver.Policies;

/// <summary>
/// A condition on some of an event's arguments (its paths, its hosts, its executable) against a list of accepted
/// values. A rule asks it about each such argument: an allow rule applies when every one matches, a deny rule when any
/// one does, so that an operation touching one allowed and one forbidden place is never allowed by accident.
/// </summary>
internal abstract class RuleCondition
{
    private readonly string _label;

    protected RuleCondition(string label, IEnumerable<string> accepted)
    {
        _label = label;
        Accepted = accepted.ToArray();
    }

    protected IReadOnlyList<string> Accepted { get; }

    /// <summary>The event's values this condition looks at; none when the event has no such argument.</summary>
    internal abstract IEnumerable<string> ValuesOf(AuditEvent auditEvent);

    internal abstract bool Matches(string value);

    /// <summary>For denial reasons: <c>path under /srv/app/</c>.</summary>
    internal string Describe() => _label + " " + string.Join(", ", Accepted);
}
