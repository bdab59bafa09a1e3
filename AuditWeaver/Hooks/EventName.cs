using System;

namespace AuditWeaver.Hooks;

/// <summary>Rules for event names: non-empty, no white space, category before the first dot.</summary>
internal static class EventName
{
    internal static void Validate(string? name, string parameterName)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("An audit event needs a name, such as 'myapp.login'.", parameterName);
        }

        foreach (var c in name!)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException(
                    "Audit event name '" + name + "' contains white space or a control character.", parameterName);
            }
        }
    }

    internal static string CategoryOf(string name)
    {
        var dot = name.IndexOf('.');
        return dot < 0 ? name : name.Substring(0, dot);
    }
}
