using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace AssemblyToProcess.Dlr;

/// <summary>
/// A small script host of the kind dynamic languages and shells on .NET are: it runs one line, <c>Type.Method(args)</c>
/// or <c>Type.new(args)</c>, binding the member by name at run time through its own binders and a CallSite, as such a
/// host does for <c>[System.IO.File]::WriteAllText(...)</c>. Arguments are "strings" and integers.
/// </summary>
public sealed class ScriptHost
{
    /// <summary>A ready-made rule the constructor binder offers from BindDelegate (null: none).</summary>
    public Func<Type, Delegate?>? Precompiled { get; set; }

    /// <summary>The binder of the last CallSite the host created, as the DLR holds it.</summary>
    public CallSiteBinder? LastBinder { get; private set; }

    public object? Run(string line)
    {
        var open = line.IndexOf('(');
        var callee = line.Substring(0, open).Trim();
        var dot = callee.LastIndexOf('.');
        var type = TypeNamed(callee.Substring(0, dot)) ?? throw new ArgumentException("unknown type in: " + line);
        var member = callee.Substring(dot + 1);
        var arguments = Arguments(line.Substring(open + 1, line.LastIndexOf(')') - open - 1));
        return member == "new"
            ? Construct(type, arguments)
            : Invoke(type, member, arguments);
    }

    /// <summary>Runs a two-argument call through a binder the host was given (a library's binder, not woven).</summary>
    public object? RunWith(CallSiteBinder binder, object? first, object? second)
    {
        var site = CallSite<Func<CallSite, object?, object?, object?>>.Create(binder);
        LastBinder = site.Binder;
        return site.Target(site, first, second);
    }

    private object? Invoke(Type type, string member, object?[] arguments)
    {
        var binder = new ScriptInvokeBinder(member, arguments.Length);
        switch (arguments.Length)
        {
            case 1:
                var one = CallSite<Func<CallSite, object, object?, object?>>.Create(binder);
                LastBinder = one.Binder;
                return one.Target(one, type, arguments[0]);
            case 2:
                var two = CallSite<Func<CallSite, object, object?, object?, object?>>.Create(binder);
                LastBinder = two.Binder;
                return two.Target(two, type, arguments[0], arguments[1]);
            default:
                throw new ArgumentException("the host takes one or two arguments");
        }
    }

    private object? Construct(Type type, object?[] arguments)
    {
        if (arguments.Length != 2)
        {
            throw new ArgumentException("the host constructs with two arguments");
        }

        // CallSite.Create(Type, binder): the form a host uses when it picks the delegate type at run time.
        var site = (CallSite<Func<CallSite, object, object?, object?, object?>>)CallSite.Create(typeof(Func<CallSite, object, object?, object?, object?>), new ScriptNewBinder(this));
        LastBinder = site.Binder;
        return site.Target(site, type, arguments[0], arguments[1]);
    }

    private static Type? TypeNamed(string name)
    {
        if (Type.GetType(name) is { } found)
        {
            return found;
        }

        // System.Net.Sockets.TcpClient lives in System.Net.Sockets: try the namespace's prefixes as assembly names.
        for (var end = name.LastIndexOf('.'); end > 0; end = name.LastIndexOf('.', end - 1))
        {
            if (Type.GetType(name + ", " + name.Substring(0, end)) is { } type)
            {
                return type;
            }
        }

        return null;
    }

    private static object?[] Arguments(string text)
    {
        var values = new List<object?>();
        foreach (var part in text.Split(','))
        {
            var value = part.Trim();
            if (value.Length == 0)
            {
                continue;
            }

            values.Add(value.StartsWith('"') ? value.Trim('"') : int.Parse(value, CultureInfo.InvariantCulture));
        }

        return values.ToArray();
    }
}
