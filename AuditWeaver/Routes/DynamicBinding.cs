using System;
using System.Collections.Generic;
#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.Dynamic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using AuditWeaver.Weaving;

namespace AuditWeaver.Routes;

/// <summary>
/// The DLR binds members by name at run time and compiles the rule its binder returns, so no woven call site is on the
/// path. Three places put the rule through <see cref="ExpressionAuditor"/> (docs/coverage.md#dlr):
/// the framework's own CallSiteBinder.BindCore when System.Linq.Expressions is woven (--framework), which covers every
/// binder; the overrides of binder and meta-object methods in woven code, which return their rules through it; and, for
/// a binder whose binding code is neither, an <see cref="AuditedBinder"/> that stands in for it where woven code creates
/// the CallSite or DynamicExpression.
/// </summary>
internal static class DynamicBinding
{
    private const string WovenMarker = "<AuditWeaver>Sites";

    // Per inner binder, one stand-in per woven site: the DLR's per-binder rule cache is kept across the call sites that
    // site creates (a script host creates one per evaluation), and each event names its own caller.
    private static readonly ConditionalWeakTable<CallSiteBinder, Dictionary<(SiteTable?, int), AuditedBinder>> s_standIns = new();
    private static readonly Dictionary<Type, bool> s_selfAuditing = new();
    private static readonly Dictionary<Assembly, bool> s_woven = new();

    /// <summary>What a CallSite or DynamicExpression created at this woven site is given as its binder.</summary>
    internal static object? Binder(SiteTable? table, int site, object? value)
    {
        if (value is not CallSiteBinder binder || binder is AuditedBinder || SelfAuditing(binder.GetType()))
        {
            return value;
        }

        var standIns = s_standIns.GetValue(binder, _ => new Dictionary<(SiteTable?, int), AuditedBinder>());
        lock (standIns)
        {
            if (!standIns.TryGetValue((table, site), out var standIn))
            {
                standIn = new AuditedBinder(binder, table, site);
                standIns.Add((table, site), standIn);
            }

            return standIn;
        }
    }

    /// <summary>A rule (an Expression) or a meta-object's binding (a DynamicMetaObject), rewritten.</summary>
#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only rebuilds a DynamicMetaObject around a rewritten expression.")]
#endif
    internal static object? Rule(SiteTable? table, int site, object? value) => value switch
    {
        Expression expression => ExpressionAuditor.Rewrite(table, site, expression),
        DynamicMetaObject { Expression: { } expression } meta when ExpressionAuditor.Rewrite(table, site, expression) is Expression rewritten && rewritten != expression =>
            meta.HasValue ? new DynamicMetaObject(rewritten, meta.Restrictions, meta.Value!) : new DynamicMetaObject(rewritten, meta.Restrictions),
        _ => value,
    };

    /// <summary>
    /// A ready-made rule delegate (CallSiteBinder.BindDelegate) is kept when every method it runs is defined in a woven
    /// assembly, whose own call sites are audited; any other (a lambda compiled outside woven code, unwoven code) is
    /// dropped, and the DLR then binds through Bind, whose rule is rewritten.
    /// </summary>
    internal static object? KeptDelegate(object? value) =>
        value is Delegate rule && rule.GetInvocationList().All(d => d.Method.DeclaringType is { } type && IsWoven(type.Assembly)) ? value : null;

    /// <summary>Whether the binding code of this binder type is woven: every type between it and the framework's binder types is.</summary>
    private static bool SelfAuditing(Type binderType)
    {
        lock (s_selfAuditing)
        {
            if (!s_selfAuditing.TryGetValue(binderType, out var self))
            {
                var framework = typeof(CallSiteBinder).Assembly;
                self = IsWoven(framework);
                if (!self)
                {
                    var type = binderType;
                    while (type != null && type.Assembly != framework && IsWoven(type.Assembly))
                    {
                        type = type.BaseType;
                    }

                    self = type == null || type.Assembly == framework;
                }

                s_selfAuditing.Add(binderType, self);
            }

            return self;
        }
    }

#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Looks for the type the weaver adds to every woven module; a trimmed-away type means the module has no woven sites left.")]
#endif
    private static bool IsWoven(Assembly assembly)
    {
        lock (s_woven)
        {
            if (!s_woven.TryGetValue(assembly, out var woven))
            {
                woven = !assembly.IsDynamic && assembly.GetType(WovenMarker, throwOnError: false) != null;
                s_woven.Add(assembly, woven);
            }

            return woven;
        }
    }
}
