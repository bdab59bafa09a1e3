using System;
using System.Collections.Generic;
using System.Linq;

namespace AuditWeaver.Policies;

/// <summary>
/// Hosts (the <c>host</c> argument, and the host of a <c>uri</c> argument) in a list. <c>*.example.com</c> matches
/// every subdomain of example.com; names compare without regard to case.
/// </summary>
internal sealed class HostInCondition : RuleCondition
{
    internal HostInCondition(IEnumerable<string> hosts)
        : base("host in", hosts)
    {
    }

    internal override IEnumerable<string> ValuesOf(AuditEvent auditEvent)
    {
        // A connect to several addresses reports them as one comma-separated argument.
        foreach (var host in EventArguments.Named(auditEvent, "host").SelectMany(h => h.Split(',')))
        {
            yield return WithoutPort(host.Trim());
        }

        foreach (var uri in EventArguments.Named(auditEvent, "uri"))
        {
            yield return Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.IdnHost : uri;
        }
    }

    internal override bool Matches(string value) => Accepted.Any(host => host.StartsWith("*.", StringComparison.Ordinal)
        ? value.EndsWith(host.Substring(1), StringComparison.OrdinalIgnoreCase)
        : string.Equals(value, host, StringComparison.OrdinalIgnoreCase));

    // Endpoint text is host:port or [v6-address]:port; a bare IPv6 address has several colons and no port.
    private static string WithoutPort(string host)
    {
        if (host.StartsWith("[", StringComparison.Ordinal))
        {
            var close = host.IndexOf(']');
            return close > 0 ? host.Substring(1, close - 1) : host;
        }

        var colon = host.IndexOf(':');
        return colon > 0 && colon == host.LastIndexOf(':') ? host.Substring(0, colon) : host;
    }
}
