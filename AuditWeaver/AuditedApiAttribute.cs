using System;

namespace AuditWeaver;

/// <summary>
/// Makes every woven call site of this method raise <see cref="EventName"/> before the call, with the method's parameters
/// as arguments (named after them). The event's category is the part of the name before its first dot.
/// </summary>
/// <example><c>[AuditedApi("acme.db.execute")] public void Execute(string sql)</c></example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
public sealed class AuditedApiAttribute : Attribute
{
    /// <summary>Creates the attribute for the given event name, such as <c>acme.db.execute</c>.</summary>
    public AuditedApiAttribute(string eventName)
    {
        EventName = eventName;
    }

    /// <summary>The event name, <c>category.action</c>.</summary>
    public string EventName { get; }
}
