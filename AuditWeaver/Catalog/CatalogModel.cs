using System;
using System.Collections.Generic;

namespace AuditWeaver.Catalog;

/// <summary>An event the catalog defines: its name, argument schema and what it means.</summary>
internal sealed class CatalogEvent
{
    internal CatalogEvent(string name, IReadOnlyList<string> arguments, string description, int line)
    {
        Name = name;
        Category = CatalogCategories.CategoryOf(name);
        Arguments = arguments;
        Description = description;
        Line = line;
    }

    internal string Name { get; }

    // Cut once here: the runtime reads it for every event it raises on behalf of a member reached by reflection.
    internal string Category { get; }

    internal IReadOnlyList<string> Arguments { get; }

    internal string Description { get; }

    internal int Line { get; }
}

/// <summary>
/// A cataloged member: calls to it raise <see cref="Event"/> (unless it is null: a clause-only entry) with arguments
/// computed by <see cref="Arguments"/>, and run its <see cref="Clauses"/>.
/// </summary>
internal sealed class CatalogEntry
{
    internal CatalogEntry(string memberId, CatalogEvent? auditEvent, IReadOnlyList<CatalogExpression> arguments, IReadOnlyList<CatalogClause> clauses, int line, string? assembly = null)
    {
        MemberId = memberId;
        Assembly = assembly;
        Event = auditEvent;
        Arguments = arguments;
        Clauses = clauses;
        Line = line;
    }

    /// <summary>The documentation-comment ID of the member as IL references it.</summary>
    internal string MemberId { get; }

    /// <summary>
    /// For a package's member (<c>M:id in Assembly</c>), the simple name of the assembly that defines it: only members of
    /// that assembly match. Null for the framework's members, which are matched by ID alone.
    /// </summary>
    internal string? Assembly { get; }

    internal CatalogEvent? Event { get; }

    internal IReadOnlyList<CatalogExpression> Arguments { get; }

    internal IReadOnlyList<CatalogClause> Clauses { get; }

    internal int Line { get; }
}

/// <summary>When a clause's runtime function runs, relative to the event and the call.</summary>
internal enum ClauseKind
{
    /// <summary>Always, before anything else (even with no consumer): may throw to refuse, e.g. writes to the runtime's own fields.</summary>
    Guard,

    /// <summary>Always, before the call: replaces the value of <see cref="CatalogClause.Target"/> with the function's result.</summary>
    Before,

    /// <summary>Only while events are consumed, after the entry's own event: raises the event of what the call reaches (reflection).</summary>
    Follow,

    /// <summary>Always, after the call: replaces the call's result with the function's result ($result is the original).</summary>
    After,

    /// <summary>
    /// Not at call sites: methods of woven code that override the member return the function's result instead of their
    /// own ($result), e.g. a binder's rule rewritten before the DLR compiles it.
    /// </summary>
    Override,
}

/// <summary>
/// A clause of a catalog entry, after <c>;</c>: <c>guard fn(...)</c>, <c>before $0 = fn(...)</c>, <c>follow fn(...)</c>,
/// <c>after fn($result, ...)</c>, <c>override fn($result)</c>. The functions are the runtime's route functions (<c>RouteFunctions</c>).
/// </summary>
internal sealed class CatalogClause
{
    internal CatalogClause(ClauseKind kind, CatalogExpression? target, FunctionExpression function)
    {
        Kind = kind;
        Target = target;
        Function = function;
    }

    internal ClauseKind Kind { get; }

    /// <summary>For <see cref="ClauseKind.Before"/>, the parameter or receiver replaced.</summary>
    internal CatalogExpression? Target { get; }

    internal FunctionExpression Function { get; }

    public override string ToString() => Kind switch
    {
        ClauseKind.Before => "before " + Target + " = " + Function,
        _ => Kind.ToString().ToLowerInvariant() + " " + Function,
    };
}

/// <summary>
/// A member, or a pattern of members, deliberately not audited, with the reason. The same shape serves for an ignored
/// type (<c>ignore T:...</c>): one whose members take paths, URIs or endpoints but do no input or output of their own.
/// </summary>
internal sealed class CatalogExclusion
{
    internal CatalogExclusion(string pattern, string reason, int line)
    {
        Pattern = pattern;
        Reason = reason;
        Line = line;
    }

    /// <summary>A documentation-comment ID; <c>*</c> matches any run of characters.</summary>
    internal string Pattern { get; }

    internal string Reason { get; }

    internal int Line { get; }

    internal bool Matches(string memberId) => Wildcard.IsMatch(Pattern, memberId);
}

/// <summary>A type whose every public member must be cataloged or excluded (checked by the completeness test).</summary>
internal sealed class CatalogType
{
    internal CatalogType(string typeId, string category, int line)
    {
        TypeId = typeId;
        Category = category;
        Line = line;
    }

    internal string TypeId { get; }

    internal string Category { get; }

    internal int Line { get; }
}

/// <summary>Wildcard matching where <c>*</c> stands for any run of characters and everything else is literal.</summary>
internal static class Wildcard
{
    internal static bool IsMatch(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

/// <summary>A catalog line that does not parse or does not make sense.</summary>
internal sealed class CatalogException : Exception
{
    internal CatalogException(string source, int line, string message)
        : base(source + "(" + line + "): " + message)
    {
    }
}
