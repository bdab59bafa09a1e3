using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AuditWeaver.Catalog;
using AuditWeaver.Hooks;
using AuditWeaver.Weaving;

namespace AuditWeaver.Routes;

/// <summary>
/// Raises the event of a cataloged member that is reached indirectly (through reflection, a delegate made by reflection,
/// or an expression tree), as if its call site had been woven: file.open for a reflected File.Open. The event carries
/// the member's own ID as its API and the caller and source line of the indirect call site.
/// </summary>
internal static class TargetEvents
{
    // Looked up once per member, found or not: reflection routes ask again for every call they follow.
    private static readonly Dictionary<MethodBase, CatalogEntry?> s_entries = new();
    private static readonly MethodInfo s_reach = typeof(TargetEvents).GetMethod(nameof(Reach), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly PropertyInfo s_isEnabled = typeof(Audit).GetProperty(nameof(Audit.IsEnabled))!;

    /// <summary>The catalog entry of <paramref name="member"/>, when it is cataloged.</summary>
    internal static CatalogEntry? EntryOf(MethodBase? member)
    {
        if (member == null || member.DeclaringType == null)
        {
            return null;
        }

        lock (s_entries)
        {
            if (!s_entries.TryGetValue(member, out var entry))
            {
                // An override the catalog does not name (an internal subclass's, reached by reflection on the object's
                // own type) answers to the member it overrides, as a call through the base does in IL.
                entry = Cataloged(member)
                    ?? (member is MethodInfo method && method.GetBaseDefinition() is var declared && declared != method ? Cataloged(declared) : null);
                s_entries[member] = entry;
            }

            return entry;
        }
    }

    private static CatalogEntry? Cataloged(MethodBase member) =>
        AuditCatalog.BuiltIn.TryGetEntry(RuntimeDocumentationId.For(member), member.Module.Assembly.GetName().Name, out var entry) ? entry : null;

    /// <summary>
    /// The expression <c>TargetEvents.Reach(table, site, member, target, new object[] { arguments... })</c>, for code the
    /// runtime builds around a member reached indirectly (wrapped delegates, rewritten expression trees).
    /// </summary>
#if NET8_0_OR_GREATER
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "An object[] of known element type; without dynamic code the expression is interpreted, as the callers' own trees are.")]
#endif
    internal static System.Linq.Expressions.Expression ReachExpression(SiteTable? table, int site, MethodBase member, System.Linq.Expressions.Expression target, IEnumerable<System.Linq.Expressions.Expression> arguments)
    {
        var reach = System.Linq.Expressions.Expression.Call(
            s_reach,
            System.Linq.Expressions.Expression.Constant(table, typeof(SiteTable)),
            System.Linq.Expressions.Expression.Constant(site),
            System.Linq.Expressions.Expression.Constant(member, typeof(MethodBase)),
            System.Linq.Expressions.Expression.Convert(target, typeof(object)),
            System.Linq.Expressions.Expression.NewArrayInit(typeof(object), arguments.Select(a => System.Linq.Expressions.Expression.Convert(a, typeof(object)))));

        // As at a woven call site: with nothing consuming events, no arguments are boxed and no entry is looked up,
        // unless the member has guards, which always run.
        return EntryOf(member)?.Clauses.Any(c => c.Kind == ClauseKind.Guard) == true
            ? reach
            : System.Linq.Expressions.Expression.IfThen(System.Linq.Expressions.Expression.Property(null, s_isEnabled), reach);
    }

    /// <summary>Runs the member's guards (always) and raises its event (when events are consumed).</summary>
    internal static void Reach(SiteTable? table, int site, MethodBase? member, object? receiver, object?[]? arguments)
    {
        var entry = EntryOf(member);
        if (entry == null)
        {
            return;
        }

        arguments ??= Array.Empty<object?>();
        foreach (var clause in entry.Clauses)
        {
            if (clause.Kind == ClauseKind.Guard)
            {
                RouteFunctions.Run(table, site, clause.Function, receiver, arguments);
            }
        }

        if (entry.Event == null || !HookRegistry.IsEnabled || !HookRegistry.CanDispatch)
        {
            return;
        }

        Dispatch(table?.Record(site), entry.Event, CatalogInterpreter.Arguments(entry, receiver, arguments), entry.MemberId);
    }

    /// <summary>Raises <paramref name="definition"/> with the given arguments on behalf of a woven call site.</summary>
    internal static void RaiseAs(SiteTable? table, int site, CatalogEvent definition, object?[] arguments)
    {
        if (HookRegistry.IsEnabled && HookRegistry.CanDispatch)
        {
            var where = table?.Record(site);
            Dispatch(where, definition, arguments, where?.Api);
        }
    }

    // The event's own schema and API, with the caller and line of the woven site it is raised for: a record of its own
    // (the member reached varies from call to call).
    private static void Dispatch(SiteRecord? where, CatalogEvent definition, object?[] arguments, string? api) =>
        HookRegistry.Dispatch(AuditEvent.FromArray(
            new SiteRecord(definition.Name, definition.Arguments, api, where?.Caller, where?.SourceFile, where?.Line),
            arguments));
}
