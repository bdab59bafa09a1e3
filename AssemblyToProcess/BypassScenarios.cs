using System;
using System.ComponentModel;
using System.IO;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using AuditWeaver;

namespace AssemblyToProcess;

/// <summary>
/// One scenario per indirect route to an audited member: each reaches File.ReadAllText, File.Delete or a constructor
/// without a plain call to it, and the tests assert the route is audited (or, where it cannot be, reported at weave time).
/// </summary>
public unsafe partial class BypassScenarios
{
    public string MethodGroup(string path)
    {
        Func<string, string> read = File.ReadAllText;
        return read(path);
    }

    public string FunctionPointer(string path)
    {
        delegate*<string, string> read = &File.ReadAllText;
        return read(path);
    }

    public void InstanceMethodGroup(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        Action delete = info.Delete;
        delete();
    }

    public string ReflectionInvoke(string path) =>
        (string)typeof(File).GetMethod(nameof(File.ReadAllText), new[] { typeof(string) })!.Invoke(null, new object[] { path })!;

    public Func<string, string> ReflectionDelegate() =>
        (Func<string, string>)Delegate.CreateDelegate(typeof(Func<string, string>), typeof(File).GetMethod(nameof(File.ReadAllText), new[] { typeof(string) })!);

    public Func<string, string> GenericReflectionDelegate() =>
        typeof(File).GetMethod(nameof(File.ReadAllText), new[] { typeof(string) })!.CreateDelegate<Func<string, string>>();

    public object? DynamicInvoke(Delegate target, string path) => target.DynamicInvoke(path);

    public void ActivatorCreatesAFileStream(string path)
    {
        using var stream = (FileStream)Activator.CreateInstance(typeof(FileStream), path, FileMode.CreateNew)!;
    }

    public void InvokeMemberDeletes(string path) =>
        typeof(File).InvokeMember(nameof(File.Delete), BindingFlags.InvokeMethod | BindingFlags.Public | BindingFlags.Static, null, null, new object[] { path });

    public string MethodInvokerReads(string path)
    {
        var invoker = MethodInvoker.Create(typeof(File).GetMethod(nameof(File.ReadAllText), new[] { typeof(string) })!);
        return (string)invoker.Invoke(null, path)!;
    }

    public string PropertyGetterByReflection(string path) =>
        typeof(FileInfo).GetProperty(nameof(FileInfo.Length))!.GetValue(new FileInfo(path))!.ToString()!;

    public Func<string, string> CompiledExpression()
    {
        Expression<Func<string, string>> read = p => File.ReadAllText(p);
        return read.Compile();
    }

    public Func<string, bool> CompiledLambdaExpression()
    {
        var parameter = Expression.Parameter(typeof(string), "p");
        var call = Expression.Call(typeof(File).GetMethod(nameof(File.Exists), new[] { typeof(string) })!, parameter);
        LambdaExpression lambda = Expression.Lambda(typeof(Func<string, bool>), call, parameter);
        return (Func<string, bool>)lambda.Compile();
    }

    public void DynamicCall(string path)
    {
        dynamic info = new FileInfo(path);
        info.Delete();
    }

    public bool PointerFromAHandle(string path)
    {
        var pointer = (delegate*<string, bool>)typeof(File).GetMethod(nameof(File.Exists), new[] { typeof(string) })!.MethodHandle.GetFunctionPointer();
        return pointer(path);
    }

    public int PInvoke() => getpid();

    public int LibraryImport() => GetParentProcessId();

    public int UnmanagedPointer()
    {
        var library = NativeLibrary.Load("libc.so.6");
        var pid = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "getpid");
        return pid();
    }

    public void UserFieldThroughUnsafeAccessor(Counter counter) => Count(counter) = 42;

    public object? AuditWeaverFieldThroughUnsafeAccessor(AuditEvent auditEvent) => FirstArgument(auditEvent);

    public void ClearHooksThroughReflection() =>
        typeof(Audit).Assembly.GetType("AuditWeaver.Hooks.HookRegistry")!.GetField("s_hooks", BindingFlags.NonPublic | BindingFlags.Static)!.SetValue(null, null);

    public object? ReadHooksThroughReflection() =>
        typeof(Audit).Assembly.GetType("AuditWeaver.Hooks.HookRegistry")!.GetField("s_hooks", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null);

    public void SetUserFieldThroughReflection(Counter counter) =>
        typeof(Counter).GetField("_count", BindingFlags.NonPublic | BindingFlags.Instance)!.SetValue(counter, 7);

    public object Uninitialized() => RuntimeHelpers.GetUninitializedObject(typeof(FileInfo));

#pragma warning disable SYSLIB0050 // FormatterServices is obsolete, and still creates objects without a constructor
    public object UninitializedThroughFormatterServices() => FormatterServices.GetUninitializedObject(typeof(FileInfo));

    public object SafeUninitializedThroughFormatterServices() => FormatterServices.GetSafeUninitializedObject(typeof(FileInfo));
#pragma warning restore SYSLIB0050

    public object? CreateWithLicenseContext(Type type, object[] arguments) => LicenseManager.CreateWithContext(type, null!, arguments);

    public object? CreateThroughTypeDescriptor(Type type, object[] arguments) =>
        TypeDescriptor.CreateInstance(null, type, Array.ConvertAll(arguments, a => a.GetType()), arguments);

    public IDisposable CreateDispatchProxy() => (IDisposable)DispatchProxy.Create(typeof(IDisposable), typeof(NothingProxy));

    public void ThroughTheBaseType(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        info.Delete();
    }

    // A binder handed to code elsewhere, which creates the call site: only that code can be woven to audit it (AW0001).
    public System.Runtime.CompilerServices.CallSiteBinder EscapingBinder() =>
        Microsoft.CSharp.RuntimeBinder.Binder.GetMember(
            Microsoft.CSharp.RuntimeBinder.CSharpBinderFlags.None,
            "Length",
            typeof(BypassScenarios),
            new[] { Microsoft.CSharp.RuntimeBinder.CSharpArgumentInfo.Create(Microsoft.CSharp.RuntimeBinder.CSharpArgumentInfoFlags.None, null) });

    [DllImport("libc", EntryPoint = "getpid")]
    private static extern int getpid();

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_count")]
    private static extern ref int Count(Counter counter);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_a0")]
    private static extern ref object? FirstArgument(AuditEvent auditEvent);
}

public class NothingProxy : DispatchProxy
{
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => null;
}

public class Counter
{
    private int _count;

    public int Value => _count;

    public void Increment() => _count++;
}
