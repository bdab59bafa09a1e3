using AuditWeaver.Weaving;

namespace AuditWeaver.Hooks;

/// <summary>
/// The records of events raised by <see cref="Audit.Raise"/>: name, category and argument count, validated and cut once
/// per name rather than once per event. A small table indexed by a cheap hash of the name; a miss (a new name, or two
/// names sharing a slot) validates the name and makes a record, so the table never grows and never locks.
/// </summary>
internal static class UserEvents
{
    private const int Slots = 256;
    private static readonly SiteRecord?[] s_records = new SiteRecord?[Slots];

    /// <summary>The record for <paramref name="name"/> with <paramref name="arity"/> arguments; throws if the name is not valid.</summary>
    internal static SiteRecord Record(string name, int arity, string parameterName)
    {
        if (string.IsNullOrEmpty(name))
        {
            EventName.Validate(name, parameterName);
        }

        var slot = (name.Length * 31 + name[name.Length - 1] + (arity * 7)) & (Slots - 1);
        var record = s_records[slot];
        if (record != null && record.Arity == arity && string.Equals(record.EventName, name, System.StringComparison.Ordinal))
        {
            return record;
        }

        EventName.Validate(name, parameterName);
        record = new SiteRecord(name, null, arity, null, null, null, null);
        _ = record.Category;
        s_records[slot] = record;
        return record;
    }
}
