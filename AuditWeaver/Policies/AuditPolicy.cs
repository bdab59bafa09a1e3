using System;
using System.Collections.Generic;

namespace AuditWeaver.Policies;

/// <summary>
/// Rules that allow or deny audit events, built by <see cref="AuditPolicyBuilder"/>. The first rule that applies to an
/// event decides; when none does, the default decides (allow, unless the policy denies by default). Install it as a
/// hook with <c>Audit.AddHook(policy.Enforce)</c>. Immutable and thread-safe.
/// </summary>
public sealed class AuditPolicy
{
    private readonly IReadOnlyList<PolicyRule> _rules;
    private readonly bool _denyByDefault;
    private readonly Action<AuditEvent, string> _onDenied;

    internal AuditPolicy(IReadOnlyList<PolicyRule> rules, bool denyByDefault, Action<AuditEvent, string> onDenied)
    {
        _rules = rules;
        _denyByDefault = denyByDefault;
        _onDenied = onDenied;
    }

    /// <summary>Whether the rules allow <paramref name="auditEvent"/>; nothing is logged or thrown.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="auditEvent"/> is null.</exception>
    public bool IsAllowed(AuditEvent auditEvent) => Allows(Decide(auditEvent));

    /// <summary>
    /// The hook: returns when the rules allow <paramref name="auditEvent"/>; otherwise reports the denial (to the
    /// <see cref="AuditPolicyBuilder.OnDenied"/> callback, or standard error) and then throws, so that a denial is
    /// never silent (PEP 551).
    /// </summary>
    /// <exception cref="AuditDeniedException">The rules deny the event; its message names the deciding rule.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="auditEvent"/> is null.</exception>
    public void Enforce(AuditEvent auditEvent)
    {
        var rule = Decide(auditEvent);
        if (!Allows(rule))
        {
            var reason = Reason(rule);
            _onDenied(auditEvent, reason);
            throw new AuditDeniedException(auditEvent, reason);
        }
    }

    // The index of the first rule that applies, or -1 when none does and the default decides. Only a denial needs the
    // reason in words (Reason), so allowed events never build it.
    private int Decide(AuditEvent auditEvent)
    {
        if (auditEvent == null)
        {
            throw new ArgumentNullException(nameof(auditEvent));
        }

        for (var i = 0; i < _rules.Count; i++)
        {
            if (_rules[i].AppliesTo(auditEvent))
            {
                return i;
            }
        }

        return -1;
    }

    private bool Allows(int rule) => rule < 0 ? !_denyByDefault : _rules[rule].Allows;

    // For a denial: without a deciding rule, only the deny-by-default policy denies.
    private string Reason(int rule) =>
        rule >= 0 ? "rule " + (rule + 1) + " (" + _rules[rule] + ")" : "no rule allows it and the policy denies by default";
}
