using System;
using System.IO;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AuditWeaver;

namespace AssemblyToProcess;

/// <summary>
/// Woven code that tries to switch auditing off from inside the process: each method reaches the runtime's private state
/// (the hook list, the enabled flag, the dispatch set, the verifier) or loads an unwoven copy of code by one route. The
/// tests say, per route, whether it is refused whatever the hooks say or only audited.
/// </summary>
public static partial class TamperingScenarios
{
    private const BindingFlags PrivateStatic = BindingFlags.NonPublic | BindingFlags.Static;

    public static void SetField(string typeName, string field, object? value) =>
        Runtime(typeName).GetField(field, PrivateStatic)!.SetValue(null, value);

    public static object? GetField(string typeName, string field) =>
        Runtime(typeName).GetField(field, PrivateStatic)!.GetValue(null);

    public static void SetFieldByInvokeMember(string typeName, string field, object? value) =>
        Runtime(typeName).InvokeMember(field, BindingFlags.SetField | PrivateStatic, null, null, new[] { value });

    public static object? GetFieldByInvokeMember(string typeName, string field) =>
        Runtime(typeName).InvokeMember(field, BindingFlags.GetField | PrivateStatic, null, null, null);

    public static void SetEventArgumentsByInvokeMember(AuditEvent auditEvent, object? value) =>
        typeof(AuditEvent).InvokeMember("_arguments", BindingFlags.SetField | BindingFlags.NonPublic | BindingFlags.Instance, null, auditEvent, new[] { value });

    public static void CallByInvokeMember(string typeName, string method) =>
        Runtime(typeName).InvokeMember(method, BindingFlags.InvokeMethod | PrivateStatic, null, null, null);

    public static void CallByMethodInfo(string typeName, string method) =>
        Runtime(typeName).GetMethod(method, PrivateStatic, Type.EmptyTypes)!.Invoke(null, null);

    public static void CallByMethodInvoker(string typeName, string method) =>
        MethodInvoker.Create(Runtime(typeName).GetMethod(method, PrivateStatic, Type.EmptyTypes)!).Invoke(null);

    public static void CallByCreateDelegateOnMethodInfo(string typeName, string method) =>
        Runtime(typeName).GetMethod(method, PrivateStatic, Type.EmptyTypes)!.CreateDelegate<Action>()();

    public static void CallByDelegateCreateDelegate(string typeName, string method) =>
        ((Action)Delegate.CreateDelegate(typeof(Action), Runtime(typeName).GetMethod(method, PrivateStatic, Type.EmptyTypes)!))();

    public static void CallByDelegateCreateDelegateByName(string typeName, string method) =>
        ((Action)Delegate.CreateDelegate(typeof(Action), Runtime(typeName), method))();

    public static object CreateInternalInstance(string typeName) =>
        Activator.CreateInstance(Runtime(typeName), nonPublic: true)!;

    public static void SetFieldByExpression(string typeName, string field, bool value)
    {
        var assign = Expression.Assign(Expression.Field(null, Runtime(typeName).GetField(field, PrivateStatic)!), Expression.Constant(value));
        Expression.Lambda<Action>(assign).Compile()();
    }

    public static void ClearVerifierByUnsafeAccessor() => Verifier(null) = null;

    public static Assembly LoadFrom(string path) => Assembly.LoadFrom(path);

    public static Assembly LoadIntoContext(string path) => new AssemblyLoadContext("copy-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromAssemblyPath(path);

    public static Assembly LoadBytes(string path) => Assembly.Load(File.ReadAllBytes(path));

    private static Type Runtime(string typeName) => typeof(Audit).Assembly.GetType(typeName, throwOnError: true)!;

    // .NET 10 names an inaccessible target type by string, so the accessor's own signature mentions only object.
    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_verifier")]
    private static extern ref Func<AssemblyLoadRequest, bool>? Verifier([UnsafeAccessorType("AuditWeaver.Routes.AssemblyVerification, AuditWeaver")] object? owner);
}
