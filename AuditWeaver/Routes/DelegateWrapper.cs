using System;
#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.Linq;
using System.Linq.Expressions;
using AuditWeaver.Weaving;

namespace AuditWeaver.Routes;

/// <summary>
/// A delegate made by reflection over a cataloged member (Delegate.CreateDelegate(typeof(Func&lt;string, string&gt;),
/// typeof(File).GetMethod("ReadAllText"))) would call the member with no woven call site in between. It is replaced by
/// a delegate of the same type that raises the member's event on every invocation and then calls the original.
/// </summary>
internal static class DelegateWrapper
{
#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Invoke of a delegate type is kept by the trimmer for every delegate type in use.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Without dynamic code the expression is interpreted, which is what a reflection-made delegate costs anyway.")]
#endif
    internal static object? Wrap(SiteTable? table, int site, object? value)
    {
        if (value is not Delegate original)
        {
            return value;
        }

        // Delegate.CreateDelegate takes a MethodInfo or a method's name; the delegate it made says what it binds to.
        var targets = original.GetInvocationList();
        foreach (var single in targets)
        {
            RouteFunctions.Memberguard(table, site, single.Method);
        }

        if (targets.Length != 1 || TargetEvents.EntryOf(original.Method) == null)
        {
            return value;
        }

        var invoke = original.GetType().GetMethod("Invoke")!;
        var parameters = invoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
        if (parameters.Any(p => p.IsByRef || IsByRefLike(p.Type)))
        {
            // Expression trees cannot pass spans or by-ref parameters on: audit the member once, now, instead.
            TargetEvents.Reach(table, site, original.Method, original.Target, null);
            return value;
        }

        var reach = TargetEvents.ReachExpression(table, site, original.Method, Expression.Constant(original.Target, typeof(object)), parameters);
        var body = Expression.Block(reach, Expression.Invoke(Expression.Constant(original), parameters));
        return Expression.Lambda(original.GetType(), body, parameters).Compile();
    }

    internal static bool IsByRefLike(Type type) =>
        type.GetCustomAttributes(false).Any(a => a.GetType().FullName == "System.Runtime.CompilerServices.IsByRefLikeAttribute");
}
