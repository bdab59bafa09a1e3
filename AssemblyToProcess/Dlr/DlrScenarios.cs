using System;
using System.Diagnostics;
using System.IO;
using System.Linq.Expressions;
using System.Net.Sockets;
using Microsoft.CSharp.RuntimeBinder;

namespace AssemblyToProcess.Dlr;

/// <summary>
/// C# <c>dynamic</c>: each call below is bound at run time by Microsoft.CSharp's binders, through a CallSite the compiler
/// creates in this method, so no direct call to the member exists in the IL.
/// </summary>
public class DlrScenarios
{
    public void WriteText(dynamic path, dynamic text) => File.WriteAllText(path, text);

    public int Start(dynamic executable, dynamic arguments)
    {
        using dynamic process = Process.Start(executable, arguments);
        process.WaitForExit();
        return process.ExitCode;
    }

    public IDisposable Connect(dynamic host, dynamic port) => new TcpClient(host, port);

    public IDisposable ConnectLater(dynamic host, dynamic port)
    {
        dynamic client = new TcpClient();
        client.Connect(host, port);
        return client;
    }

    /// <summary>An expression tree with a DynamicExpression (C#'s binder) calling File.WriteAllText(path, text), compiled or interpreted.</summary>
    public Action<object, object> WriteTextThroughATree(bool interpret)
    {
        var path = Expression.Parameter(typeof(object), "path");
        var text = Expression.Parameter(typeof(object), "text");
        var binder = Binder.InvokeMember(
            CSharpBinderFlags.ResultDiscarded,
            nameof(File.WriteAllText),
            null,
            typeof(DlrScenarios),
            new[]
            {
                CSharpArgumentInfo.Create(CSharpArgumentInfoFlags.UseCompileTimeType | CSharpArgumentInfoFlags.IsStaticType, null),
                CSharpArgumentInfo.Create(CSharpArgumentInfoFlags.None, null),
                CSharpArgumentInfo.Create(CSharpArgumentInfoFlags.None, null),
            });
        var call = Expression.Dynamic(binder, typeof(object), Expression.Constant(typeof(File)), path, text);
        return Expression.Lambda<Action<object, object>>(call, path, text).Compile(interpret);
    }
}
