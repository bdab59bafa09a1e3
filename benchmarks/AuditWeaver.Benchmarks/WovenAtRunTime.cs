extern alias plain;

using System;
using System.IO;
using System.Reflection;
using AuditWeaver.Fody.Engine;
using PlainSites = plain::AuditWeaver.Benchmarks.Workload.CallSites;

namespace AuditWeaver.Benchmarks;

/// <summary>
/// The plain workload woven in the benchmark process with the options of the caller's choice, renamed so that several
/// copies load side by side.
/// </summary>
internal static class WovenAtRunTime
{
    internal static Assembly Load(WeaverOptions options, string assemblyName, string folder)
    {
        var image = new ModuleImage(typeof(PlainSites).Assembly.Location);
        var module = image.Read();
        var result = new AuditWeavingEngine(options, ThrowingLog.Instance).Weave(module);
        if (result.Sites.Count == 0)
        {
            throw new InvalidOperationException("The workload has no audited call site; the benchmark would measure nothing.");
        }

        module.Assembly.Name.Name = assemblyName;
        module.Name = assemblyName + ".dll";
        var path = Path.Combine(folder, module.Name);
        using (var file = File.Create(path))
        {
            ModuleImage.Write(module, file);
        }

        return Assembly.LoadFrom(path);
    }

    /// <summary>The entry point of a static method with one string parameter returning bool, for a direct calli.</summary>
    internal static unsafe delegate*<string?, bool> EntryPoint(MethodInfo method) =>
        (delegate*<string?, bool>)method.MethodHandle.GetFunctionPointer();

    /// <summary>A public static method of the woven copy of the workload's CallSites class.</summary>
    internal static MethodInfo Method(Assembly assembly, string name)
    {
        var type = assembly.GetType(typeof(PlainSites).FullName!, throwOnError: true)!;
        return type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(type.FullName, name);
    }
}
