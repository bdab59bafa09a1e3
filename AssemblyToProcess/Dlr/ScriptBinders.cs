using System;
using System.Collections.ObjectModel;
using System.Dynamic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.Dlr;

/// <summary>
/// The host's binder for static calls (a DynamicMetaObjectBinder): the target is the Type, the method is chosen by name
/// and by the arguments' run-time types, and the rule holds for that Type and those argument types.
/// </summary>
public sealed class ScriptInvokeBinder : InvokeMemberBinder
{
    public ScriptInvokeBinder(string name, int arity)
        : base(name, ignoreCase: false, new CallInfo(arity))
    {
    }

    public override DynamicMetaObject FallbackInvokeMember(DynamicMetaObject target, DynamicMetaObject[] args, DynamicMetaObject? errorSuggestion)
    {
        var type = (Type)target.Value!;
        var types = args.Select(a => a.LimitType).ToArray();
        var method = type.GetMethod(Name, BindingFlags.Public | BindingFlags.Static, types)
            ?? throw new MissingMethodException(type.FullName, Name);
        Expression call = Expression.Call(method, args.Select((a, i) => Expression.Convert(a.Expression, types[i])));
        call = method.ReturnType == typeof(void) ? Expression.Block(call, Expression.Constant(null)) : Expression.Convert(call, typeof(object));
        var restrictions = BindingRestrictions.GetInstanceRestriction(target.Expression, type)
            .Merge(BindingRestrictions.Combine(args.Select(a => new DynamicMetaObject(a.Expression, BindingRestrictions.GetTypeRestriction(a.Expression, a.LimitType))).ToList()));
        return new DynamicMetaObject(call, restrictions);
    }

    public override DynamicMetaObject FallbackInvoke(DynamicMetaObject target, DynamicMetaObject[] args, DynamicMetaObject? errorSuggestion) =>
        throw new NotSupportedException("the host invokes members by name only");
}

/// <summary>
/// The host's binder for constructors, a plain CallSiteBinder that writes its rule itself, and offers the host's ready-made
/// rules from BindDelegate when it has one.
/// </summary>
public sealed class ScriptNewBinder : CallSiteBinder
{
    private readonly ScriptHost _host;

    public ScriptNewBinder(ScriptHost host)
    {
        _host = host;
    }

    // if (args[0] == type && args[1] is T1 && args[2] is T2) return (object)new type((T1)args[1], (T2)args[2]);
    public override Expression Bind(object[] args, ReadOnlyCollection<ParameterExpression> parameters, LabelTarget returnLabel)
    {
        var type = (Type)args[0];
        var types = args.Skip(1).Select(a => a.GetType()).ToArray();
        var constructor = type.GetConstructor(types) ?? throw new MissingMethodException(type.FullName, ".ctor");
        var test = parameters.Skip(1).Select((p, i) => (Expression)Expression.TypeEqual(p, types[i]))
            .Aggregate((Expression)Expression.Equal(parameters[0], Expression.Constant(type, typeof(object))), Expression.AndAlso);
        var created = Expression.New(constructor, parameters.Skip(1).Select((p, i) => Expression.Convert(p, types[i])));
        return Expression.IfThen(test, Expression.Return(returnLabel, Expression.Convert(created, typeof(object))));
    }

    public override T? BindDelegate<T>(CallSite<T> site, object[] args) where T : class =>
        _host.Precompiled?.Invoke((Type)args[0]) as T;
}
