using System;
using System.Collections.Generic;

namespace AuditWeaver.Policies;

/// <summary>
/// Builds an <see cref="AuditPolicy"/>: rules in order (the first that applies decides), a default, and where denials
/// are reported. Rules come from code (<see cref="Allow(string)"/>, <see cref="Deny(string)"/>) and, on .NET 8 and
/// later, from JSON (<c>AddJsonFile</c>); both can be mixed, in the order they are added.
/// </summary>
/// <example><code>
/// var policy = new AuditPolicyBuilder()
///     .Allow("file.*", when => when.PathUnder("/srv/app/data"))
///     .Deny("process.start", when => when.Executable("sh", "bash"))
///     .Allow("network.*", when => when.HostIn("api.example.com", "*.internal.example.com"))
///     .Allow("audit.*")
///     .DenyByDefault()
///     .OnDenied((e, reason) => logger.LogWarning("Denied {Event}: {Reason}", e, reason))
///     .Build();
/// Audit.AddHook(policy.Enforce);
/// </code></example>
public sealed partial class AuditPolicyBuilder
{
    private readonly List<PolicyRule> _rules = new();
    private bool _denyByDefault;
    private Action<AuditEvent, string>? _onDenied;

    /// <summary>Allows the events whose name matches <paramref name="eventPattern"/> (<c>*</c> and <c>?</c> are wildcards).</summary>
    /// <exception cref="ArgumentException">The pattern is empty or contains white space.</exception>
    public AuditPolicyBuilder Allow(string eventPattern) => Add(true, eventPattern, null);

    /// <summary>Allows the events whose name matches <paramref name="eventPattern"/> and whose arguments meet <paramref name="conditions"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is empty or contains white space, or a condition has no value.</exception>
    public AuditPolicyBuilder Allow(string eventPattern, Action<AuditRuleBuilder> conditions) => Add(true, eventPattern, conditions);

    /// <summary>Denies the events whose name matches <paramref name="eventPattern"/> (<c>*</c> and <c>?</c> are wildcards).</summary>
    /// <exception cref="ArgumentException">The pattern is empty or contains white space.</exception>
    public AuditPolicyBuilder Deny(string eventPattern) => Add(false, eventPattern, null);

    /// <summary>Denies the events whose name matches <paramref name="eventPattern"/> and whose arguments meet <paramref name="conditions"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is empty or contains white space, or a condition has no value.</exception>
    public AuditPolicyBuilder Deny(string eventPattern, Action<AuditRuleBuilder> conditions) => Add(false, eventPattern, conditions);

    /// <summary>
    /// Denies every event no rule allows. Remember <c>audit.addhook</c>: without <c>Allow("audit.addhook")</c> no hook
    /// can be added after the policy.
    /// </summary>
    public AuditPolicyBuilder DenyByDefault() => SetDefault(deny: true);

    /// <summary>
    /// Where denials are reported, with the event and the reason, before the operation fails. Without it they are
    /// written to standard error: a policy never denies silently.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
    public AuditPolicyBuilder OnDenied(Action<AuditEvent, string> log)
    {
        _onDenied = log ?? throw new ArgumentNullException(nameof(log));
        return this;
    }

    /// <summary>The policy, with the rules added so far; the builder can go on and build others.</summary>
    public AuditPolicy Build() => new(_rules.ToArray(), _denyByDefault, _onDenied ?? WriteToStandardError);

    internal AuditPolicyBuilder SetDefault(bool deny)
    {
        _denyByDefault = deny;
        return this;
    }

    internal AuditPolicyBuilder Add(bool allows, string eventPattern, Action<AuditRuleBuilder>? conditions)
    {
        var pattern = new EventPattern(eventPattern);
        var rule = new AuditRuleBuilder();
        conditions?.Invoke(rule);
        _rules.Add(new PolicyRule(allows, pattern, rule.Build()));
        return this;
    }

    private static void WriteToStandardError(AuditEvent auditEvent, string reason) =>
        Console.Error.WriteLine("audit: denied " + auditEvent + ": " + reason);
}
