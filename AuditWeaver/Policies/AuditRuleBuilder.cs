using System;
using System.Collections.Generic;

namespace AuditWeaver.Policies;

/// <summary>
/// The conditions of one rule of an <see cref="AuditPolicyBuilder"/>, all of which must hold for the rule to apply.
/// Within one condition any listed value matches. An allow rule applies only when every such argument of the event
/// matches (a copy from an allowed folder to another folder is not allowed); a deny rule applies when any one does.
/// </summary>
public sealed class AuditRuleBuilder
{
    private readonly List<RuleCondition> _conditions = new();

    internal AuditRuleBuilder()
    {
    }

    /// <summary>
    /// The event's paths (arguments <c>path</c>, <c>source</c>, <c>destination</c>, <c>backup</c>, <c>target</c>,
    /// <c>archive</c>) are inside one of <paramref name="folders"/>. Relative folders are resolved against the current
    /// directory now; <c>..</c> is resolved; symbolic links are not followed.
    /// </summary>
    /// <exception cref="ArgumentException">No folder is given, or one is empty.</exception>
    public AuditRuleBuilder PathUnder(params string[] folders) => Add(new PathUnderCondition(Checked(folders, nameof(folders))));

    /// <summary>
    /// The event's hosts (argument <c>host</c>, and the host of argument <c>uri</c>) are in <paramref name="hosts"/>,
    /// compared without regard to case; <c>*.example.com</c> stands for every subdomain of example.com.
    /// </summary>
    /// <exception cref="ArgumentException">No host is given, or one is empty.</exception>
    public AuditRuleBuilder HostIn(params string[] hosts) => Add(new HostInCondition(Checked(hosts, nameof(hosts))));

    /// <summary>
    /// The started process's <c>executable</c> has one of <paramref name="names"/> as file name, with or without
    /// extension (<c>sh</c> matches <c>/bin/sh</c>); a name with a directory in it must match the full path.
    /// </summary>
    /// <exception cref="ArgumentException">No name is given, or one is empty.</exception>
    public AuditRuleBuilder Executable(params string[] names) => Add(new ExecutableCondition(Checked(names, nameof(names))));

    internal IReadOnlyList<RuleCondition> Build() => _conditions.ToArray();

    private static string[] Checked(string[]? values, string parameterName)
    {
        if (values == null || values.Length == 0)
        {
            throw new ArgumentException("A condition needs at least one value.", parameterName);
        }

        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("A condition's values cannot be null or empty.", parameterName);
            }
        }

        return values;
    }

    private AuditRuleBuilder Add(RuleCondition condition)
    {
        _conditions.Add(condition);
        return this;
    }
}
