using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.IO;
using System.Linq;
using System.Reflection;
using AuditWeaver.Catalog;
using AuditWeaver.Routes;

namespace AuditWeaver.Weaving;

/// <summary>
/// What the clauses of catalog entries call (docs/architecture.md): guards that refuse writes to the runtime's own
/// state, routes that raise the event of a member reached through reflection, and replacements that make delegates,
/// expression trees and loaded bytes go through an audited path. Each takes the woven call site first (null and -1 for
/// a site that raises no event of its own). Part of the binary contract with woven assemblies: members are only added.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[DebuggerStepThrough]
public static class RouteFunctions
{
    private static readonly Dictionary<string, Func<SiteTable?, int, object?[], object?>> s_byName = new(StringComparer.Ordinal)
    {
        ["fieldguard"] = (t, s, a) => { Fieldguard(t, s, a[0]); return null; },
        ["memberguard"] = (t, s, a) => { Memberguard(t, s, a[0]); return null; },
        ["verifypath"] = (t, s, a) => { Verifypath(t, s, a[0]); return null; },
    };

    /// <summary>Refuses reflection access to the fields of AuditWeaver itself (the hook list among them), whatever the hooks say.</summary>
    public static void Fieldguard(SiteTable? table, int site, object? field)
    {
        if (field is FieldInfo { DeclaringType: { } type } info && type.Assembly == typeof(Audit).Assembly)
        {
            throw new AuditDeniedException("Reflection on AuditWeaver's own field " + type.FullName + "." + info.Name + " is refused: audit hooks cannot be removed, replaced or read back.");
        }
    }

    /// <summary>
    /// Refuses reflection writes and calls into AuditWeaver's non-public members. Type.InvokeMember names its member
    /// instead of handing over a MemberInfo, so its entries pass the type and the binding flags as a pair
    /// (<c>array($this, $1)</c>): refused on AuditWeaver's types when the flags reach non-public members.
    /// </summary>
    public static void Memberguard(SiteTable? table, int site, object? member)
    {
        if (member is object?[] { Length: 2 } pair && pair[0] is Type owner && owner.Assembly == typeof(Audit).Assembly && pair[1] is BindingFlags flags && (flags & BindingFlags.NonPublic) != 0)
        {
            throw new AuditDeniedException("Type.InvokeMember with non-public binding flags on AuditWeaver's type " + owner.FullName + " is refused: audit hooks cannot be removed or replaced.");
        }

        if (member is MemberInfo { DeclaringType: { } type } info && type.Assembly == typeof(Audit).Assembly && !IsPublic(info))
        {
            throw new AuditDeniedException("Reflection on AuditWeaver's non-public member " + type.FullName + "." + info.Name + " is refused: audit hooks cannot be removed or replaced.");
        }
    }

    /// <summary>MethodBase.Invoke: raises the event of the invoked member when it is cataloged (file.open for File.Open).</summary>
    public static void Invoke(SiteTable? table, int site, object? method, object? target, object? arguments) =>
        TargetEvents.Reach(table, site, method as MethodBase, target, arguments as object?[]);

    /// <summary>Activator.CreateInstance: raises the event of the constructor the arguments select, when it is cataloged.</summary>
    public static void Createinstance(SiteTable? table, int site, object? type, object? arguments)
    {
        var values = arguments as object?[] ?? Array.Empty<object?>();
        if (type is Type created && Constructor(created, values) is { } constructor)
        {
            TargetEvents.Reach(table, site, constructor, null, values);
        }
    }

    /// <summary>Assembly.CreateInstance: raises the event of the constructor of the named type, when it is cataloged.</summary>
    public static void Createnamed(SiteTable? table, int site, object? assembly, object? typeName, object? arguments)
    {
        if (assembly is Assembly owner && typeName is string name && TypeNamed(owner, name) is { } type)
        {
            Createinstance(table, site, type, arguments);
        }
    }

    /// <summary>Raises a second event for the same call site (WebClient.DownloadFile also writes a file).</summary>
    public static void Second(SiteTable? table, int site, object? name, object? arguments)
    {
        if (name is string eventName && AuditCatalog.BuiltIn.TryGetEvent(eventName, out var definition))
        {
            TargetEvents.RaiseAs(table, site, definition, arguments as object?[] ?? Array.Empty<object?>());
        }
    }

    /// <summary>Type.InvokeMember: raises the event of the cataloged member of that name and arity, when there is one.</summary>
    public static void Invokemember(SiteTable? table, int site, object? type, object? name, object? target, object? arguments)
    {
        var values = arguments as object?[] ?? Array.Empty<object?>();
        if (type is Type owner && name is string member && Member(owner, member, values) is { } method)
        {
            TargetEvents.Reach(table, site, method, target, values);
        }
    }

    /// <summary>Delegate.DynamicInvoke: raises the event of the delegate's method when it is cataloged.</summary>
    public static void Dynamicinvoke(SiteTable? table, int site, object? @delegate, object? arguments)
    {
        if (@delegate is Delegate value)
        {
            foreach (var single in value.GetInvocationList())
            {
                TargetEvents.Reach(table, site, single.Method, single.Target, arguments as object?[]);
            }
        }
    }

    /// <summary>MethodInvoker/ConstructorInvoker.Invoke: raises the event of the member the invoker was created for.</summary>
    public static void Invokerinvoke(SiteTable? table, int site, object? invoker, object? target, object? arguments)
    {
        if (invoker != null && InvokerTable.MemberOf(invoker) is { } member)
        {
            TargetEvents.Reach(table, site, member, member is ConstructorInfo ? null : target, arguments as object?[]);
        }
    }

    /// <summary>MethodInvoker/ConstructorInvoker.Create: records which member the new invoker calls; returns the invoker.</summary>
    public static object? Remember(SiteTable? table, int site, object? invoker, object? method)
    {
        if (invoker != null && method is MethodBase member)
        {
            InvokerTable.Remember(invoker, member);
        }

        return invoker;
    }

    /// <summary>CreateDelegate: a delegate to a cataloged member becomes one that raises the member's event on each call.</summary>
    public static object? Auditdelegate(SiteTable? table, int site, object? @delegate) => DelegateWrapper.Wrap(table, site, @delegate);

    /// <summary>Compile: calls to cataloged members inside the expression tree raise their events when the delegate runs.</summary>
    public static object? Auditexpression(SiteTable? table, int site, object? expression) => ExpressionAuditor.Rewrite(table, site, expression);

    /// <summary>
    /// CallSite.Create, Expression.Dynamic and the like: a binder whose binding code is not woven is given a stand-in that
    /// rewrites each rule it binds, so the members it binds by name raise their events on every call.
    /// </summary>
    public static object? Auditbinder(SiteTable? table, int site, object? binder) => DynamicBinding.Binder(table, site, binder);

    /// <summary>
    /// CallSiteBinder.Bind and the binding methods woven binders and meta-objects override: the rule (an Expression or a
    /// DynamicMetaObject) is rewritten so that calls to cataloged members in it raise their events.
    /// </summary>
    public static object? Auditrule(SiteTable? table, int site, object? rule) => DynamicBinding.Rule(table, site, rule);

    /// <summary>CallSiteBinder.BindDelegate: a ready-made rule delegate is kept only when its code is woven (null makes the DLR bind through Bind).</summary>
    public static object? Ruledelegate(SiteTable? table, int site, object? rule) => DynamicBinding.KeptDelegate(rule);

    /// <summary>Assembly.Load(byte[]) and the like: the verifier checks a private copy, which is what gets loaded.</summary>
    public static object? Verifiedbytes(SiteTable? table, int site, object? bytes) => AssemblyVerification.VerifiedBytes(table, site, bytes);

    /// <summary>LoadFromStream: the stream is read, verified and replaced by a stream over the verified bytes.</summary>
    public static object? Verifiedstream(SiteTable? table, int site, object? stream) => AssemblyVerification.VerifiedStream(table, site, stream);

    /// <summary>Loads by path or name: the verifier is asked about the path (or name) before the load.</summary>
    public static void Verifypath(SiteTable? table, int site, object? path) => AssemblyVerification.VerifyPath(table, site, path);

    /// <summary>Runs a guard clause of a member reached indirectly (its woven equivalent calls the method directly).</summary>
    internal static void Run(SiteTable? table, int site, FunctionExpression function, object? receiver, object?[] arguments)
    {
        if (s_byName.TryGetValue(function.Function, out var implementation))
        {
            implementation(table, site, function.Arguments.Select(a => CatalogInterpreter.Evaluate(a, receiver, arguments)).ToArray());
        }
    }

#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Assembly.GetType on the same name is what Assembly.CreateInstance does; if the type was trimmed, both fail.")]
#endif
    private static Type? TypeNamed(Assembly assembly, string name)
    {
        try
        {
            return assembly.GetType(name);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or BadImageFormatException)
        {
            return null;
        }
    }

    private static bool IsPublic(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic && (method.DeclaringType?.IsPublic ?? false),
        PropertyInfo property => property.GetMethod?.IsPublic == true && (property.SetMethod == null || property.SetMethod.IsPublic) && (property.DeclaringType?.IsPublic ?? false),
        FieldInfo field => field.IsPublic,
        _ => false,
    };

#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Activator.CreateInstance on the same type needs the same constructors; if they were trimmed the call fails anyway.")]
#endif
    private static ConstructorInfo? Constructor(Type type, object?[] arguments) =>
        type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(c => Fits(c.GetParameters(), arguments));

#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "InvokeMember on the same type needs the same members; if they were trimmed the call fails anyway.")]
#endif
    private static MethodBase? Member(Type type, string name, object?[] arguments) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.Name == name || m.Name == "set_" + name || m.Name == "get_" + name)
            .FirstOrDefault(m => Fits(m.GetParameters(), arguments) && TargetEvents.EntryOf(m) != null);

    private static bool Fits(ParameterInfo[] parameters, object?[] arguments) =>
        parameters.Length == arguments.Length
        && parameters.Zip(arguments, (p, a) => a == null ? !p.ParameterType.IsValueType || Nullable.GetUnderlyingType(p.ParameterType) != null : p.ParameterType.IsInstanceOfType(a)).All(fit => fit);
}
