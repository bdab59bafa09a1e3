using System;
using System.Collections.Generic;
#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using AuditWeaver.Weaving;

namespace AuditWeaver.Routes;

/// <summary>
/// An expression tree compiled at run time calls members with no woven call site. Before Compile, calls, constructions
/// and property accesses of cataloged members are rewritten to raise the member's event first (with the same arguments,
/// each evaluated once), so the compiled delegate reaches an audited path. A DynamicExpression's binder gets the stand-in
/// <see cref="DynamicBinding"/> chooses, so the rules bound for it at run time are rewritten too. A tree may pass here
/// more than once (a rule rewritten by a woven binder and again by the woven framework): what was rewritten is kept as it is.
/// </summary>
internal sealed class ExpressionAuditor : ExpressionVisitor
{
    private static readonly ConditionalWeakTable<Expression, object> s_audited = new();

    private readonly SiteTable? _table;
    private readonly int _site;

    private ExpressionAuditor(SiteTable? table, int site)
    {
        _table = table;
        _site = site;
    }

    internal static object? Rewrite(SiteTable? table, int site, object? value) =>
        value is Expression expression ? new ExpressionAuditor(table, site).Visit(expression) : value;

    protected override Expression VisitBlock(BlockExpression node) =>
        s_audited.TryGetValue(node, out _) ? node : base.VisitBlock(node);

    protected override Expression VisitDynamic(DynamicExpression node)
    {
        var visited = (DynamicExpression)base.VisitDynamic(node);
        return DynamicBinding.Binder(_table, _site, visited.Binder) is CallSiteBinder binder && binder != visited.Binder
            ? Expression.MakeDynamic(visited.DelegateType, binder, visited.Arguments)
            : visited;
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        RouteFunctions.Memberguard(_table, _site, node.Method);
        var visited = (MethodCallExpression)base.VisitMethodCall(node);
        return Audited(visited.Method, visited.Object, visited.Arguments, (instance, arguments) => Expression.Call(instance, visited.Method, arguments)) ?? visited;
    }

    protected override Expression VisitNew(NewExpression node)
    {
        RouteFunctions.Memberguard(_table, _site, node.Constructor);
        var visited = (NewExpression)base.VisitNew(node);
        if (visited.Constructor == null || visited.Members != null)
        {
            return visited;
        }

        return Audited(visited.Constructor, null, visited.Arguments, (_, arguments) => Expression.New(visited.Constructor, arguments)) ?? visited;
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        // A compiled tree reads and writes fields without FieldInfo.GetValue/SetValue, so their guards run here.
        RouteFunctions.Fieldguard(_table, _site, node.Member);
        RouteFunctions.Memberguard(_table, _site, node.Member);
        var visited = (MemberExpression)base.VisitMember(node);
        if (visited.Member is PropertyInfo property && property.GetGetMethod(true) is { } getter)
        {
            return Audited(getter, visited.Expression, Array.Empty<Expression>(), (instance, _) => Expression.Property(instance, property)) ?? visited;
        }

        return visited;
    }

    protected override Expression VisitBinary(BinaryExpression node)
    {
        var visited = (BinaryExpression)base.VisitBinary(node);
        if (visited.NodeType == ExpressionType.Assign && visited.Left is MemberExpression { Member: PropertyInfo property } member && property.GetSetMethod(true) is { } setter)
        {
            return Audited(setter, member.Expression, new[] { visited.Right }, (instance, arguments) => Expression.Assign(Expression.Property(instance, property), arguments[0])) ?? visited;
        }

        return visited;
    }

    // { var t = target; var a0 = ...; TargetEvents.Reach(table, site, member, t, new object[] { a0, ... }); <original with t, a0, ...> }
#if NET8_0_OR_GREATER
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only builds an expression tree; compiling it is the caller's Compile.")]
#endif
    private Expression? Audited(MethodBase member, Expression? instance, IReadOnlyList<Expression> arguments, Func<Expression?, Expression[], Expression> rebuild)
    {
        if (TargetEvents.EntryOf(member) == null || member.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            return null;
        }

        var variables = new List<ParameterExpression>();
        var block = new List<Expression>();
        ParameterExpression? target = null;
        if (instance != null)
        {
            target = Expression.Variable(instance.Type, "target");
            variables.Add(target);
            block.Add(Expression.Assign(target, instance));
        }

        var values = arguments.Select((argument, i) => Expression.Variable(argument.Type, "a" + i)).ToArray();
        variables.AddRange(values);
        block.AddRange(arguments.Select((argument, i) => (Expression)Expression.Assign(values[i], argument)));
        block.Add(TargetEvents.ReachExpression(_table, _site, member, target ?? (Expression)Expression.Constant(null, typeof(object)), values));
        block.Add(rebuild(target, values.Cast<Expression>().ToArray()));
        var audited = Expression.Block(variables, block);
        s_audited.Add(audited, audited);
        return audited;
    }
}
