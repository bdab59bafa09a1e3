using System.Collections.Generic;
using System.Linq;

namespace AuditWeaver.Policies;

/// <summary>One rule: allow or deny the events whose name matches a pattern and whose arguments meet every condition.</summary>
internal sealed class PolicyRule
{
    private readonly EventPattern _pattern;
    private readonly IReadOnlyList<RuleCondition> _conditions;

    internal PolicyRule(bool allows, EventPattern pattern, IReadOnlyList<RuleCondition> conditions)
    {
        Allows = allows;
        _pattern = pattern;
        _conditions = conditions;
    }

    internal bool Allows { get; }

    internal bool AppliesTo(AuditEvent auditEvent) =>
        _pattern.Matches(auditEvent.Name) && _conditions.All(condition => Meets(condition, auditEvent));

    public override string ToString()
    {
        var text = (Allows ? "allow " : "deny ") + _pattern;
        return _conditions.Count == 0 ? text : text + " where " + string.Join(" and ", _conditions.Select(c => c.Describe()));
    }

    // Allow needs every value inside (and at least one value); deny needs just one: the safe reading either way.
    private bool Meets(RuleCondition condition, AuditEvent auditEvent)
    {
        var values = condition.ValuesOf(auditEvent).ToList();
        return Allows ? values.Count > 0 && values.All(condition.Matches) : values.Any(condition.Matches);
    }
}
