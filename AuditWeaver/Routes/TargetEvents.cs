using System;
using System.Collections.Generic;
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
    private static readonly Dictionary<MethodBase, string> s_ids = new();

    /// <summary>The catalog entry of <paramref name="member"/>, when it is cataloged.</summary>
    internal static CatalogEntry? EntryOf(MethodBase? member)
    {
        if (member == null || member.DeclaringType == null)
        {
            return null;
        }

        string id;
        lock (s_ids)
        {
            if (!s_ids.TryGetValue(member, out id!))
            {
                id = RuntimeDocumentationId.For(member);
                s_ids[member] = id;
            }
        }

        return AuditCatalog.BuiltIn.TryGetEntry(id, out var entry) ? entry : null;
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

        Dispatch(table, site, entry.Event, CatalogInterpreter.Arguments(entry, receiver, arguments), entry.MemberId);
    }

    /// <summary>Raises <paramref name="definition"/> with the given arguments on behalf of a woven call site.</summary>
    internal static void RaiseAs(SiteTable? table, int site, CatalogEvent definition, object?[] arguments)
    {
        if (HookRegistry.IsEnabled && HookRegistry.CanDispatch)
        {
            Dispatch(table, site, definition, arguments, table?.Record(site)?.Api);
        }
    }

    private static void Dispatch(SiteTable? table, int site, CatalogEvent definition, object?[] arguments, string? api)
    {
        var where = table?.Record(site);
        HookRegistry.Dispatch(new AuditEvent(definition.Name, arguments, definition.Arguments, api, where?.Caller, where?.SourceFile, where?.Line));
    }
}
